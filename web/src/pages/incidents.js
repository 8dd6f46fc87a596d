// Incidents: those your organisation owns or takes part in, filtered and sorted on any column
// (the URL holds both), with their open and overdue requests; and a form to open one.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get, query } from '../lib/api.js';
import { navigate } from '../lib/router.js';
import { canWrite } from '../lib/session.js';
import { t, formatDateTime, formatNumber } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Field, Tlp, fieldErrors } from '../components/ui.js';

export const STATUSES = ['new', 'open', 'closed'];
const COLUMNS = ['name', 'status', 'rsit_class', 'criticality', 'owner', 'created', 'modified'];

// The SLA badge of a row: how many of its requests are overdue, else how many are open.
export function RequestBadge({ open, overdue }) {
  if (overdue > 0) return html`<span class="badge bad" data-testid="overdue-badge">${t('incident.overdue_count', { n: formatNumber(overdue) })}</span>`;
  if (open > 0) return html`<span class="badge">${t('incident.open_count', { n: formatNumber(open) })}</span>`;
  return html`<span class="muted">—</span>`;
}

function OpenIncident({ partners, rsit }) {
  const [errors, setErrors] = useState({});
  const [klass, setKlass] = useState(rsit[0].id);
  async function submit(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    try {
      const made = await api('POST', '/api/v1/incidents', {
        name: f.get('name'), description: f.get('description') || '', rsit_class: f.get('rsit_class'),
        rsit_type: f.get('rsit_type'), tlp: f.get('tlp'), participants: f.getAll('participants'),
      });
      navigate('/incidents/' + encodeURIComponent(made.id));
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  }
  const types = rsit.find((c) => c.id === klass)?.types || [];
  return html`<${Section} title=${t('incident.open_title')}>
    <form class="filters" onSubmit=${submit} data-testid="open-incident">
      <${Field} id="i-name" label=${t('incident.name')} error=${errors.name}><input id="i-name" name="name" size="40" required /><//>
      <${Field} id="i-class" label=${t('incident.class')} error=${errors.rsit_class}>
        <select id="i-class" name="rsit_class" value=${klass} onChange=${(e) => setKlass(e.currentTarget.value)}>
          ${rsit.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
        </select>
      <//>
      <${Field} id="i-type" label=${t('incident.type')} error=${errors.rsit_type}>
        <select id="i-type" name="rsit_type">${types.map((ty) => html`<option value=${ty.id}>${ty.name}</option>`)}</select>
      <//>
      <${Field} id="i-tlp" label=${t('incident.tlp')} error=${errors.tlp}>
        <select id="i-tlp" name="tlp">${['clear', 'green', 'amber', 'amber+strict', 'red'].map((l) => html`<option value=${l} selected=${l === 'amber'}>TLP:${l.toUpperCase()}</option>`)}</select>
      <//>
      <${Field} id="i-participants" label=${t('incident.participants')} error=${errors.participants}>
        <select id="i-participants" name="participants" multiple size="3">
          ${partners.filter((p) => !p.yours).map((p) => html`<option value=${p.identity}>${p.name}</option>`)}
        </select>
      <//>
      <${Field} id="i-description" label=${t('incident.description')} error=${errors.description}><textarea id="i-description" name="description" rows="2" cols="40"></textarea><//>
      <button type="submit">${t('incident.open')}</button>
      ${errors[''] && html`<p class="error" role="alert">${errors['']}</p>`}
    </form>
  <//>`;
}

// An IODEF v2 document (RFC 7970) from another team's tool: validated by the node against the
// RFC's schema, opened as incidents of your organisation; what was not kept is listed.
function ImportIodef({ reload }) {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  async function submit(event) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('document');
    if (!file || !file.size) return;
    try {
      setResult(await api('POST', '/api/v1/incidents/iodef', file));
      setError(null);
      reload();
    } catch (e) {
      setError(e);
      setResult(null);
    }
  }
  return html`<${Section} title=${t('incident.import_title')}>
    <form class="filters" onSubmit=${submit} data-testid="import-iodef">
      <${Field} id="i-iodef" label=${t('incident.import_file')}><input id="i-iodef" name="document" type="file" accept=".xml,application/xml,text/xml" required /><//>
      <button type="submit">${t('incident.import')}</button>
    </form>
    ${error && html`<${ErrorMessage} error=${error} />`}
    ${result && html`<div data-testid="import-result">
      <p>${t('incident.imported', { n: formatNumber(result.incidents.length) })}</p>
      <ul>${result.incidents.map((i) => html`<li key=${i.id}><a href=${'/incidents/' + encodeURIComponent(i.id)}>${i.name}</a></li>`)}</ul>
      ${result.skipped.length > 0 && html`<p>${t('incident.not_kept')}</p><ul>${result.skipped.map((s) => html`<li>${s}</li>`)}</ul>`}
    </div>`}
  <//>`;
}

export default function Incidents({ query: urlQuery }) {
  const filters = { status: urlQuery.get('status') || '', class: urlQuery.get('class') || '', q: urlQuery.get('q') || '' };
  const sort = urlQuery.get('sort') || 'modified';
  const order = urlQuery.get('order') || 'desc';
  const [data, error, reload] = useLoad(() => get('/api/v1/incidents' + query({ ...filters, sort, order, limit: 200 })), [urlQuery.toString()]);
  const [partners] = useLoad(() => get('/api/v1/partners'), []);
  const [taxonomy] = useLoad(() => get('/api/v1/taxonomies/rsit'), []);
  const rsit = taxonomy?.classes || [];
  function go(changes) {
    navigate('/incidents' + query({ ...filters, sort, order, ...changes }), { replace: true });
  }
  function filter(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    go({ status: f.get('status'), class: f.get('class'), q: f.get('q') });
  }
  // A column header sorts by its column; again, the other way round.
  const header = (column) => {
    const active = sort === column;
    const next = active && order === 'asc' ? 'desc' : 'asc';
    return html`<th scope="col" aria-sort=${active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="link" data-sort=${column} onClick=${() => go({ sort: column, order: next })}>
        ${t('incident.col_' + column)}${active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
      </button></th>`;
  };
  return html`
    <h1>${t('page.incidents')}</h1>
    <p><a href="/requests">${t('page.requests')}</a></p>
    <${Section} title=${t('incident.list')}>
      <form class="filters" onSubmit=${filter}>
        <${Field} id="f-status" label=${t('incident.status')}>
          <select id="f-status" name="status" value=${filters.status}>
            <option value="">${t('incident.any')}</option>
            ${STATUSES.map((s) => html`<option value=${s}>${t('status.' + s)}</option>`)}
          </select>
        <//>
        <${Field} id="f-class" label=${t('incident.class')}>
          <select id="f-class" name="class" value=${filters.class}>
            <option value="">${t('incident.any')}</option>
            ${rsit.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
          </select>
        <//>
        <${Field} id="f-q" label=${t('incident.search')}><input id="f-q" name="q" value=${filters.q} /><//>
        <button type="submit" class="secondary">${t('incident.filter')}</button>
      </form>
      ${error ? html`<${ErrorMessage} error=${error} />` : !data ? html`<${Loading} />` : html`
        <p class="muted" data-testid="incident-total">${data.total === undefined
          ? t(data.more ? 'incident.total_more' : 'incident.total', { n: formatNumber(data.incidents.length) })
          : t(data.total > 10000 ? 'incident.total_more' : 'incident.total', { n: formatNumber(Math.min(data.total, 10000)) })}</p>
        ${data.incidents.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : html`<div class="table-wrap"><table data-testid="incidents">
          <thead><tr>${COLUMNS.map(header)}<th scope="col">${t('incident.tlp')}</th><th scope="col">${t('incident.requests')}</th></tr></thead>
          <tbody>${data.incidents.map((i) => html`<tr key=${i.id}>
            <td><a href=${'/incidents/' + encodeURIComponent(i.id)}>${i.name}</a></td>
            <td>${t('status.' + i.investigation_status)}</td>
            <td>${i.rsit_class} / ${i.rsit_type}</td>
            <td>${i.criticality ?? '—'}</td>
            <td>${i.owner_name}</td>
            <td>${formatDateTime(i.created)}</td>
            <td>${formatDateTime(i.modified)}</td>
            <td><${Tlp} value=${i.tlp} /></td>
            <td><${RequestBadge} open=${i.open_requests} overdue=${i.overdue_requests} /></td>
          </tr>`)}</tbody>
        </table></div>`}`}
    <//>
    ${canWrite.value && partners && rsit.length > 0 && html`<${OpenIncident} partners=${partners.partners} rsit=${rsit} />`}
    ${canWrite.value && html`<${ImportIodef} reload=${reload} />`}`;
}
