// Small building blocks every page uses.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatNumber } from '../lib/i18n.js';

// Loads data for a page: [data, error, reload]. `deps` re-run it (a changed query).
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return [state.data, state.error, () => setTick((n) => n + 1), state.loading];
}

export function Loading() {
  return html`<p class="muted" role="status">${t('common.loading')}</p>`;
}

export function ErrorMessage({ error }) {
  if (!error) return null;
  return html`<p class="error" role="alert">${error.message || String(error)}</p>`;
}

// A labelled form field; `error` (the server's message for this field) is shown under it and
// announced.
export function Field({ id, label, error, hint, children }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children}
    ${hint && html`<small id=${id + '-hint'} class="muted">${hint}</small>`}
    ${error && html`<small id=${id + '-error'} class="field-error" role="alert">${error}</small>`}
  </div>`;
}

// The server's answer to a form: {field: message}, or {"": message} for the form as a whole.
export function fieldErrors(error) {
  if (!error) return {};
  return { [error.field || '']: error.message };
}

const tlpClass = { 'TLP:CLEAR': 'clear', 'TLP:GREEN': 'green', 'TLP:AMBER': 'amber', 'TLP:AMBER+STRICT': 'amber', 'TLP:RED': 'red' };
export function Tlp({ value }) {
  if (!value) return html`<span class="muted">—</span>`;
  return html`<span class=${'tlp tlp-' + (tlpClass[value] || 'none')}>${value}</span>`;
}

export function Count({ n }) {
  return html`<span class="count">${formatNumber(n)}</span>`;
}

// A table of rows with a header; `columns`: [{key, label, render?}]. Stored strings are text.
export function Table({ columns, rows, caption, empty }) {
  if (!rows?.length) return html`<p class="muted">${empty || t('common.none')}</p>`;
  return html`<div class="table-wrap"><table>
    ${caption && html`<caption>${caption}</caption>`}
    <thead><tr>${columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
    <tbody>
      ${rows.map((r, i) => html`<tr key=${r.id || i}>${columns.map((c) => html`<td>${c.render ? c.render(r) : r[c.key]}</td>`)}</tr>`)}
    </tbody>
  </table></div>`;
}

export function Section({ title, children, id }) {
  const hid = id || 's-' + title.replace(/\W+/g, '-').toLowerCase();
  return html`<section class="card" aria-labelledby=${hid}><h2 id=${hid}>${title}</h2>${children}</section>`;
}
