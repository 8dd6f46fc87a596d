// Early warning: paste or upload a log and see what matched (which indicator, which field);
// how many indicators are active and what could not be indexed.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get, query } from '../lib/api.js';
import { t, formatNumber, formatDateTime } from '../lib/i18n.js';
import { useLoad, ErrorMessage, Section, Table, Field } from '../components/ui.js';

export default function EarlyWarning() {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [sightings] = useLoad(() => get('/api/v1/objects' + query({ type: 'sighting', limit: 50 })), []);
  async function submit(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    const body = file && file.size ? file : form.get('log');
    setBusy(true);
    try {
      setResult(await api('POST', '/api/v1/match' + query({ format: form.get('format') }), body));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const ind = result?.indicators;
  return html`
    <h1>${t('page.early_warning')}</h1>
    <${Section} title=${t('ew.match_a_log')}>
      <form onSubmit=${submit}>
        <${Field} id="log" label=${t('ew.paste')} hint=${t('ew.paste_hint')}>
          <textarea id="log" name="log" rows="8" aria-describedby="log-hint"></textarea>
        <//>
        <div class="filters">
          <${Field} id="file" label=${t('ew.upload')}><input id="file" name="file" type="file" /><//>
          <${Field} id="format" label=${t('ew.format')}>
            <select id="format" name="format">
              ${['auto', 'text', 'json', 'zeek', 'csv'].map((f) => html`<option value=${f}>${f}</option>`)}
            </select>
          <//>
          <button type="submit" disabled=${busy}>${t('ew.match')}</button>
        </div>
      </form>
      <${ErrorMessage} error=${error} />
    <//>
    ${result && html`<${Section} title=${t('ew.matches', { n: formatNumber(result.matches.length) })}>
      <p role="status" data-testid="match-summary">${t('ew.summary', { lines: formatNumber(result.lines), records: formatNumber(result.records), bad: formatNumber(result.bad_line_count) })}</p>
      <${Table} columns=${[
        { key: 'line', label: t('ew.line') },
        { key: 'indicator', label: t('ew.indicator'), render: (m) => html`<a href=${'/objects/' + encodeURIComponent(m.indicator.id)}>${m.indicator.name || m.indicator.id}</a>` },
        { key: 'field', label: t('ew.field'), render: (m) => m.matched.map((x) => html`<code>${x.field}</code> `) },
        { key: 'value', label: t('ew.value'), render: (m) => m.matched.map((x) => html`<code class="id">${x.log_value}</code> `) },
      ]} rows=${result.matches} empty=${t('ew.no_matches')} />
      <h2>${t('ew.indicators')}</h2>
      <dl class="stats">
        <div><dt>${t('ew.indexed')}</dt><dd>${formatNumber(ind.indexed)}</dd></div>
        <div><dt>${t('ew.evaluated')}</dt><dd>${formatNumber(ind.evaluated)}</dd></div>
        <div><dt>${t('ew.not_indexable')}</dt><dd>${formatNumber(ind.not_indexable)}</dd></div>
        <div><dt>${t('ew.invalid')}</dt><dd>${formatNumber(ind.invalid)}</dd></div>
      </dl>
      ${result.bad_lines.length > 0 && html`<h2>${t('ew.bad_lines')}</h2>
        <${Table} columns=${[{ key: 'line', label: t('ew.line') }, { key: 'error', label: t('common.error') }]} rows=${result.bad_lines} />`}
    <//>`}
    <${Section} title=${t('ew.sightings')}>
      <${Table} columns=${[
        { key: 'name', label: t('objects.name'), render: (o) => html`<a href=${'/objects/' + encodeURIComponent(o.id)}>${o.name || o.id}</a>` },
        { key: 'modified', label: t('objects.modified'), render: (o) => formatDateTime(o.modified) },
      ]} rows=${sightings?.objects || []} empty=${t('object.no_sightings')} />
    <//>`;
}
