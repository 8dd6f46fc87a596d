// Spam and DNSBL: zones, manual listings and delistings (add, remove, expiry), the reputation
// of sources, and reports (upload one; the latest received).
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get } from '../lib/api.js';
import { isAdmin, canWrite } from '../lib/session.js';
import { t, formatDateTime, formatNumber } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Field, fieldErrors } from '../components/ui.js';

function AddListing({ zones, reload }) {
  const [errors, setErrors] = useState({});
  async function submit(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = Object.fromEntries(new FormData(form));
    try {
      await api('POST', '/api/v1/dns/listings', {
        zone: f.zone, entry: f.entry, reason: f.reason, delist: f.delist === 'on',
        ...(f.expires ? { expires: new Date(f.expires + 'T00:00:00Z').toISOString() } : {}),
      });
      setErrors({});
      form.reset();
      reload();
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  }
  return html`<form class="filters" onSubmit=${submit} data-testid="add-listing">
    <${Field} id="l-zone" label=${t('spam.zone')}>
      <select id="l-zone" name="zone">${zones.map((z) => html`<option value=${z.origin}>${z.origin}</option>`)}</select>
    <//>
    <${Field} id="l-entry" label=${t('spam.entry')} error=${errors.entry}><input id="l-entry" name="entry" /><//>
    <${Field} id="l-reason" label=${t('spam.reason')}><input id="l-reason" name="reason" /><//>
    <${Field} id="l-expires" label=${t('admin.expires')}><input id="l-expires" name="expires" type="date" /><//>
    <label class="row"><input type="checkbox" name="delist" /> ${t('spam.delist')}</label>
    <button type="submit">${t('spam.add_listing')}</button>
    ${errors[''] && html`<p class="error" role="alert">${errors['']}</p>`}
  </form>`;
}

function UploadReport({ reload }) {
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  async function submit(event) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('report');
    if (!file || !file.size) return;
    try {
      setResult(await api('POST', '/api/v1/spam/reports', file));
      setError(null);
      reload();
    } catch (e) {
      setError(e);
    }
  }
  return html`<form class="filters" onSubmit=${submit}>
    <${Field} id="report" label=${t('spam.upload')} hint=${t('spam.upload_hint')}><input id="report" name="report" type="file" aria-describedby="report-hint" /><//>
    <button type="submit">${t('spam.send')}</button>
    <${ErrorMessage} error=${error} />
    ${result && html`<p role="status" class="ok">${t('spam.received', { id: result.id, ip: result.source_ip || '—' })}</p>`}
  </form>`;
}

export default function Spam() {
  const [data, error, reload] = useLoad(async () => {
    const [zones, listings, reputation, reports] = await Promise.all([
      get('/api/v1/dns/zones'), get('/api/v1/dns/listings'), get('/api/v1/spam/reputation'), get('/api/v1/spam/reports'),
    ]);
    return { zones, listings, reputation, reports };
  }, []);
  if (error) return html`<h1>${t('page.spam')}</h1><${ErrorMessage} error=${error} />`;
  if (!data) return html`<h1>${t('page.spam')}</h1><${Loading} />`;
  const { zones, listings, reputation, reports } = data;
  return html`
    <h1>${t('page.spam')}</h1>
    <${Section} title=${t('spam.zones')}>
      <${Table} empty=${t('spam.no_zones')} columns=${[
        { key: 'origin', label: t('spam.zone') },
        { key: 'source', label: t('spam.source') },
        { key: 'answered', label: t('spam.queries_answered'), render: (z) => (z.queries ? formatNumber(z.queries.answered) : '—') },
        { key: 'listed', label: t('spam.queries_listed'), render: (z) => (z.queries ? formatNumber(z.queries.listed) : '—') },
        { key: 'settings', label: t('spam.settings'), render: (z) => html`<code>${JSON.stringify(z.settings)}</code>` },
      ]} rows=${zones.zones.map((z) => ({ ...z, id: z.origin }))} />
      <p class="muted">${t('spam.queries_since_start')}</p>
    <//>
    <${Section} title=${t('spam.listings')}>
      <${Table} empty=${t('spam.no_listings')} columns=${[
        { key: 'zone', label: t('spam.zone') },
        { key: 'entry', label: t('spam.entry'), render: (l) => html`<code class="id">${l.entry}</code>` },
        { key: 'delist', label: t('spam.kind'), render: (l) => (l.delist ? t('spam.delist') : t('spam.list')) },
        { key: 'reason', label: t('spam.reason') },
        { key: 'expires', label: t('admin.expires'), render: (l) => (l.expires ? formatDateTime(l.expires) + (l.expired ? ' (' + t('spam.expired') + ')' : '') : t('common.never')) },
        { key: 'actor', label: t('common.who') },
        ...(isAdmin.value ? [{ key: 'remove', label: t('admin.actions'), render: (l) => html`<button type="button" class="secondary"
          onClick=${async () => { await api('DELETE', '/api/v1/dns/listings/' + l.id); reload(); }}>${t('spam.remove')}</button>` }] : []),
      ]} rows=${listings.listings} />
      ${isAdmin.value && zones.zones.length > 0 && html`<${AddListing} zones=${zones.zones} reload=${reload} />`}
    <//>
    <${Section} title=${t('spam.reputation')}>
      <p class="muted">${t('spam.reputation_rule', { days: reputation.half_life_days, threshold: reputation.threshold })}</p>
      <${Table} empty=${t('common.none')} columns=${[
        { key: 'source', label: t('spam.source_ip'), render: (s) => html`<code class="id">${s.source || s.ip || s.network}</code>` },
        { key: 'score', label: t('spam.score'), render: (s) => formatNumber(Math.round((s.score ?? 0) * 100) / 100) },
        { key: 'reports', label: t('spam.reports'), render: (s) => formatNumber(s.reports ?? s.count ?? 0) },
        { key: 'listed', label: t('spam.listed'), render: (s) => (s.listed ? t('common.yes') : t('common.no')) },
      ]} rows=${reputation.sources} />
    <//>
    <${Section} title=${t('spam.reports')}>
      ${canWrite.value && html`<${UploadReport} reload=${reload} />`}
      <${Table} empty=${t('common.none')} columns=${[
        { key: 'received_at', label: t('spam.received_at'), render: (r) => formatDateTime(r.received_at) },
        { key: 'format', label: t('ew.format') },
        { key: 'feedback_type', label: t('spam.feedback') },
        { key: 'source_ip', label: t('spam.source_ip'), render: (r) => html`<code class="id">${r.source_ip}</code>` },
        { key: 'sender_domain', label: t('spam.sender_domain') },
        { key: 'reporter', label: t('spam.reporter') },
      ]} rows=${reports.reports} />
    <//>`;
}
