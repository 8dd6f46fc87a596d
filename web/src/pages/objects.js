// Objects: the searchable table over the whole store. The URL holds the query (shareable); the
// server pages by keyset and the table renders only the rows in view, so millions of objects
// scroll like a hundred.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { get, query } from '../lib/api.js';
import { navigate } from '../lib/router.js';
import { t, formatDateTime } from '../lib/i18n.js';
import { session, canWrite } from '../lib/session.js';
import { ErrorMessage, Field, Tlp, Table, Section } from '../components/ui.js';

// Upload a bundle with a progress bar (XMLHttpRequest reports upload progress; fetch does not),
// then what was added and every object refused, with its reason.
function Import() {
  const [progress, setProgress] = useState(null);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  function submit(event) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('bundle');
    if (!file || !file.size) return;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/objects/import');
    xhr.setRequestHeader('X-CSRF-Token', session.value?.csrf_token || '');
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((100 * e.loaded) / e.total));
    xhr.onload = () => {
      setProgress(null);
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (body && 'read' in body) {
        setResult(body);
        setError(body.error ? { message: body.error } : null);
      } else {
        setResult(null);
        setError({ message: body?.error?.message || `HTTP ${xhr.status}` });
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setError({ message: t('common.error') });
    };
    setResult(null);
    setError(null);
    setProgress(0);
    xhr.send(file);
  }
  return html`<${Section} title=${t('objects.import')}>
    <form class="filters" onSubmit=${submit}>
      <${Field} id="bundle" label=${t('objects.import_file')} hint=${t('objects.import_hint')}>
        <input id="bundle" name="bundle" type="file" accept=".json,.jsonl,application/json" aria-describedby="bundle-hint" />
      <//>
      <button type="submit" disabled=${progress !== null}>${t('objects.import_button')}</button>
      ${progress !== null && html`<progress max="100" value=${progress} aria-label=${t('objects.import')}>${progress}%</progress>`}
    </form>
    <${ErrorMessage} error=${error} />
    ${result && html`<p role="status" data-testid="import-result">${t('objects.import_result', { read: result.read, added: result.added, unchanged: result.unchanged, rejected: result.rejected })}</p>
      ${result.problems.length > 0 && html`<${Table} columns=${[{ key: 'problem', label: t('objects.import_problem') }]}
        rows=${result.problems.map((p, i) => ({ id: i, problem: p }))} />`}`}
  <//>`;
}

const FILTERS = ['q', 'type', 'tlp', 'label', 'created_by', 'added_after', 'added_before', 'revoked', 'sort'];
const TYPES = ['indicator', 'malware', 'attack-pattern', 'threat-actor', 'intrusion-set', 'campaign', 'tool', 'vulnerability',
  'report', 'identity', 'relationship', 'sighting', 'observed-data', 'course-of-action', 'infrastructure', 'ipv4-addr', 'domain-name', 'url'];
const ROW_HEIGHT = 37;
const PAGE = 100;

function paramsOf(q) {
  const out = {};
  for (const k of FILTERS) if (q.get(k)) out[k] = q.get(k);
  return out;
}

export default function Objects({ query: urlQuery }) {
  const filters = paramsOf(urlQuery);
  const key = JSON.stringify(filters);
  const [rows, setRows] = useState([]);
  const [next, setNext] = useState(undefined); // undefined: first page not loaded; null: no more
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [selected, setSelected] = useState(new Set());
  const box = useRef(null);
  const generation = useRef(0);

  async function load(after) {
    const mine = generation.current;
    setLoading(true);
    try {
      const page = await get('/api/v1/objects' + query({ ...filters, limit: PAGE, after }));
      if (mine !== generation.current) return;
      setRows((r) => (after ? r.concat(page.objects) : page.objects));
      setNext(page.next);
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }
  useEffect(() => {
    generation.current++;
    setRows([]);
    setNext(undefined);
    setSelected(new Set());
    if (box.current) box.current.scrollTop = 0;
    setScrollTop(0);
    load();
  }, [key]);

  // Rows in view (plus a margin); the next server page loads as the end comes into view.
  const height = box.current?.clientHeight || 600;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 10);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + 10);
  useEffect(() => {
    if (next && !loading && last >= rows.length - 20) load(next);
  }, [last, rows.length, next, loading]);

  function submit(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const out = {};
    for (const k of FILTERS) if (form.get(k)) out[k] = form.get(k);
    navigate('/objects' + query(out));
  }
  function toggle(id) {
    const s = new Set(selected);
    if (s.has(id)) s.delete(id);
    else s.add(id);
    setSelected(s);
  }
  const exportHref = '/api/v1/objects/export' + query({ id: [...selected] });

  return html`
    <h1>${t('page.objects')}</h1>
    <form class="card filters" role="search" onSubmit=${submit}>
      <${Field} id="f-q" label=${t('objects.search')} hint=${t('objects.search_hint')}>
        <input id="f-q" name="q" type="search" value=${filters.q || ''} size="32" aria-describedby="f-q-hint" />
      <//>
      <${Field} id="f-type" label=${t('objects.type')}>
        <select id="f-type" name="type" value=${filters.type || ''}>
          <option value="">${t('common.any')}</option>
          ${TYPES.map((ty) => html`<option value=${ty}>${ty}</option>`)}
        </select>
      <//>
      <${Field} id="f-tlp" label="TLP">
        <select id="f-tlp" name="tlp" value=${filters.tlp || ''}>
          <option value="">${t('common.any')}</option>
          ${['clear', 'green', 'amber', 'amber+strict', 'red'].map((v) => html`<option value=${v}>TLP:${v.toUpperCase()}</option>`)}
        </select>
      <//>
      <${Field} id="f-label" label=${t('objects.label')}><input id="f-label" name="label" value=${filters.label || ''} /><//>
      <${Field} id="f-added-after" label=${t('objects.added_after')}><input id="f-added-after" name="added_after" type="date" value=${filters.added_after || ''} /><//>
      <${Field} id="f-added-before" label=${t('objects.added_before')}><input id="f-added-before" name="added_before" type="date" value=${filters.added_before || ''} /><//>
      <${Field} id="f-revoked" label=${t('objects.revoked')}>
        <select id="f-revoked" name="revoked" value=${filters.revoked || ''}>
          <option value="">${t('common.any')}</option>
          <option value="false">${t('common.no')}</option>
          <option value="true">${t('common.yes')}</option>
        </select>
      <//>
      <${Field} id="f-sort" label=${t('objects.sort')}>
        <select id="f-sort" name="sort" value=${filters.sort || 'added'}>
          <option value="added">${t('objects.sort_added')}</option>
          <option value="modified">${t('objects.sort_modified')}</option>
        </select>
      <//>
      <button type="submit">${t('objects.search_button')}</button>
    </form>
    <${ErrorMessage} error=${error} />
    <div class="row">
      <p class="muted" role="status" data-testid="objects-status">${loading && !rows.length ? t('common.loading') :
        t(next ? 'objects.shown_more' : 'objects.shown', { n: rows.length })}</p>
      ${selected.size ? html`<a href=${exportHref} download="concord-bundle.json" data-testid="export">${t('objects.export_selected', { n: selected.size })}</a>`
        : html`<span class="muted">${t('objects.select_to_export')}</span>`}
    </div>
    ${canWrite.value && html`<${Import} />`}
    <div class="virtual" ref=${box} onScroll=${(e) => setScrollTop(e.currentTarget.scrollTop)} tabindex="0" aria-label=${t('page.objects')}>
      <table data-testid="objects-table">
        <colgroup><col class="c-select" /><col /><col class="c-type" /><col class="c-tlp" /><col class="c-date" /><col class="c-date" /></colgroup>
        <thead><tr>
          <th scope="col"><span class="sr">${t('objects.select')}</span></th>
          <th scope="col">${t('objects.name')}</th><th scope="col">${t('objects.type')}</th><th scope="col">TLP</th>
          <th scope="col">${t('objects.modified')}</th><th scope="col">${t('objects.added')}</th>
        </tr></thead>
        <tbody>
          ${first > 0 && html`<tr aria-hidden="true" style=${{ height: first * ROW_HEIGHT + 'px' }}><td colspan="6"></td></tr>`}
          ${rows.slice(first, last).map((o) => html`<tr key=${o.id}>
            <td><input type="checkbox" checked=${selected.has(o.id)} onChange=${() => toggle(o.id)} aria-label=${t('objects.select_one', { name: o.name || o.id })} /></td>
            <td><a href=${'/objects/' + encodeURIComponent(o.id)}>${o.name || o.id}</a>${o.revoked ? html` <span class="badge bad">${t('objects.revoked')}</span>` : ''}</td>
            <td><code>${o.type}</code></td>
            <td><${Tlp} value=${o.tlp} /></td>
            <td>${formatDateTime(o.modified)}</td>
            <td>${formatDateTime(o.date_added)}</td>
          </tr>`)}
          ${last < rows.length && html`<tr aria-hidden="true" style=${{ height: (rows.length - last) * ROW_HEIGHT + 'px' }}><td colspan="6"></td></tr>`}
        </tbody>
      </table>
    </div>`;
}
