// A team: contacts with their reachability, constituency, RFC 2350 text, PGP key, and (for the
// node's users) the history of changes.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get } from '../lib/api.js';
import { session, isAdmin } from '../lib/session.js';
import { t, formatDateTime } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Field, fieldErrors } from '../components/ui.js';

// [field, label, direction]: codes, addresses and numbers are written left to right in every
// language (a phone number in an Arabic page must not have its groups reversed); the name
// takes the direction of its own script.
const EDITABLE = [
  ['name', 'directory.team', 'auto'], ['country', 'directory.country', 'ltr'], ['email', 'directory.email', 'ltr'],
  ['phone', 'directory.phone', 'ltr'], ['emergency_phone', 'directory.emergency_phone', 'ltr'],
  ['time_zone', 'directory.time_zone', 'ltr'], ['business_hours', 'directory.hours', 'ltr'], ['website', 'directory.website', 'ltr'],
];

// Administrators edit the team's record: the whole record goes back (PUT), changed where the
// form says; the server validates it and names the field it refuses. Every change is in the
// history below.
function EditTeam({ team, reload }) {
  const [errors, setErrors] = useState({});
  const [saved, setSaved] = useState(false);
  async function submit(event) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget));
    const record = { ...team };
    for (const [key] of EDITABLE) {
      if (form[key]) record[key] = form[key];
      else delete record[key];
    }
    try {
      await api('PUT', '/api/v1/teams/' + encodeURIComponent(team.short_name || team.id), record);
      setErrors({});
      setSaved(true);
      reload();
    } catch (e) {
      setSaved(false);
      setErrors(fieldErrors(e));
    }
  }
  return html`<${Section} title=${t('directory.edit')}>
    <form class="filters" onSubmit=${submit} data-testid="edit-team">
      ${EDITABLE.map(([key, label, dir]) => html`<${Field} id=${'e-' + key} label=${t(label)} error=${errors[key]}>
        <input id=${'e-' + key} name=${key} dir=${dir} value=${team[key] || ''} /><//>`)}
      <button type="submit">${t('admin.save')}</button>
    </form>
    ${errors[''] && html`<p class="error" role="alert">${errors['']}</p>`}
    ${saved && html`<p class="ok" role="status">${t('directory.saved')}</p>`}
  <//>`;
}

// A reachability state ("unchecked", "verified", ...) in the reader's language.
const stateName = (state) => t('directory.state.' + state);

export default function Team({ params }) {
  const ref = encodeURIComponent(params.ref);
  const [data, error, reload] = useLoad(async () => {
    const team = await get('/api/v1/teams/' + ref);
    const node = session.value?.node_user;
    const history = node ? await get('/api/v1/teams/' + ref + '/history').catch(() => null) : null;
    const status = node ? await get('/api/v1/contacts/status').catch(() => null) : null;
    const checks = node ? await get('/api/v1/teams/' + ref + '/checks').catch(() => null) : null;
    return { team, history, status, checks };
  }, [params.ref]);
  if (error) return html`<h1>${params.ref}</h1><${ErrorMessage} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const { team, history, status, checks } = data;
  // Reachability checks of this team's contacts: the latest state per address.
  const reach = {};
  for (const s of status?.contacts || []) if (s.team === team.short_name || s.team_id === team.id) reach[s.email] = s;
  const c = team.constituency || {};
  return html`
    <h1 data-testid="team-name">${team.name}</h1>
    <dl class="props card">
      <dt>${t('directory.short_name')}</dt><dd>${team.short_name}</dd>
      <dt>${t('directory.country')}</dt><dd data-testid="team-country">${team.country}</dd>
      <dt>${t('directory.type')}</dt><dd>${team.type}</dd>
      <dt>${t('directory.host')}</dt><dd>${team.host_organisation || '—'}</dd>
      <dt>${t('directory.website')}</dt><dd>${team.website ? html`<a href=${team.website} rel="noopener noreferrer">${team.website}</a>` : '—'}</dd>
      <dt>${t('directory.email')}</dt><dd>${team.email || '—'}</dd>
      <dt>${t('directory.phone')}</dt><dd>${team.phone || '—'}</dd>
      <dt>${t('directory.emergency_phone')}</dt><dd>${team.emergency_phone || '—'}</dd>
      <dt>${t('directory.time_zone')}</dt><dd>${team.time_zone || '—'}</dd>
      <dt>${t('directory.hours')}</dt><dd>${team.business_hours || '—'}</dd>
      <dt>${t('directory.memberships')}</dt><dd>${(team.memberships || []).map((m) => m.name).join(', ') || '—'}</dd>
    </dl>
    <${Section} title=${t('directory.contacts')}>
      <${Table} columns=${[
        { key: 'name', label: t('directory.contact') },
        { key: 'role', label: t('directory.role') },
        { key: 'email', label: t('directory.email') },
        { key: '24x7', label: t('directory.always'), render: (x) => (x['24x7'] ? t('common.yes') : t('common.no')) },
        { key: 'languages', label: t('directory.languages'), render: (x) => (x.languages || []).join(', ') },
        { key: 'status', label: t('directory.reachability'), render: (x) => (reach[x.email] ? stateName(reach[x.email].state) : '—') },
        { key: 'checked', label: t('directory.last_check'), render: (x) => {
          const r = reach[x.email];
          if (!r?.issued) return '—';
          return [formatDateTime(r.issued), r.acknowledged && `✓ ${formatDateTime(r.acknowledged)}`, r.delivery_error].filter(Boolean).join(' · ');
        } },
      ]} rows=${team.contacts || []} />
    <//>
    <${Section} title=${t('directory.constituency')}>
      <p>${c.description || '—'}</p>
      <dl class="props">
        <dt>${t('directory.countries')}</dt><dd>${(c.countries || []).join(', ') || '—'}</dd>
        <dt>${t('directory.domains')}</dt><dd>${(c.domains || []).join(', ') || '—'}</dd>
        <dt>${t('directory.networks')}</dt><dd class="mono">${(c.prefixes || []).join(', ') || '—'}</dd>
        <dt>ASN</dt><dd>${(c.asns || []).join(', ') || '—'}</dd>
      </dl>
    <//>
    ${team.rfc2350 && html`<${Section} title="RFC 2350"><pre>${team.rfc2350}</pre><//>`}
    ${team.pgp_key && html`<${Section} title=${t('directory.pgp')}><pre>${team.pgp_key.armored || team.pgp_key.fingerprint || JSON.stringify(team.pgp_key)}</pre><//>`}
    ${checks && html`<${Section} title=${t('directory.checks')}>
      <div data-testid="checks"><${Table} empty=${t('directory.no_checks')} columns=${[
        { key: 'email', label: t('directory.email') },
        { key: 'state', label: t('directory.reachability'), render: (k) => stateName(k.state) },
        { key: 'issued', label: t('directory.check_sent'), render: (k) => formatDateTime(k.issued) },
        { key: 'deadline', label: t('directory.check_deadline'), render: (k) => formatDateTime(k.deadline) },
        { key: 'acknowledged', label: t('directory.check_acknowledged'), render: (k) => (k.acknowledged ? formatDateTime(k.acknowledged) : '—') },
        { key: 'delivery_error', label: t('directory.delivery_error'), render: (k) => k.delivery_error || '—' },
      ]} rows=${checks.checks.map((k, i) => ({ ...k, id: k.email + k.issued + i }))} /></div>
    <//>`}
    ${isAdmin.value && html`<${EditTeam} team=${team} reload=${reload} />`}
    ${history && html`<${Section} title=${t('directory.history')}>
      <${Table} columns=${[
        { key: 'at', label: t('common.when'), render: (h) => formatDateTime(h.at) },
        { key: 'actor', label: t('common.who') },
        { key: 'action', label: t('common.what') },
      ]} rows=${history.history} />
    <//>`}`;
}
