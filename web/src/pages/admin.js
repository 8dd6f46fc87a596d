// Administration (the node's administrators): organisations, users, tokens, collections and
// their grants, and the sharing policy's defaults. Secrets made here (one-time passwords, token
// secrets) are shown once.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get } from '../lib/api.js';
import { t, formatDateTime, formatNumber } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Field, fieldErrors } from '../components/ui.js';

const ROLES = ['admin', 'analyst', 'reader', 'peer'];

// A form whose fields go to `submit`; the server's message shows next to the field it names.
function useForm(submit, after) {
  const [errors, setErrors] = useState({});
  const [shown, setShown] = useState(null);
  async function onSubmit(event) {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      const result = await submit(Object.fromEntries(new FormData(form)));
      setErrors({});
      setShown(result);
      form.reset();
      after();
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  }
  return { errors, shown, onSubmit, setShown };
}

function Secret({ label, value, testid }) {
  if (!value) return null;
  return html`<p class="ok" role="status">${label}: <code class="id" data-testid=${testid}>${value}</code> <span class="muted">${t('admin.shown_once')}</span></p>`;
}

function Users({ data, reload }) {
  const add = useForm((f) => api('POST', '/api/v1/users', f), reload);
  const [reset, setReset] = useState(null);
  const [error, setError] = useState(null);
  async function act(fn) {
    try {
      await fn();
      setError(null);
      reload();
    } catch (e) {
      setError(e);
    }
  }
  return html`<${Section} title=${t('admin.users')}>
    <${ErrorMessage} error=${error} />
    <${Secret} label=${t('admin.one_time_password_for', { name: reset?.name || add.shown?.name })} value=${reset?.one_time_password || add.shown?.one_time_password} testid="one-time-password" />
    <${Table} columns=${[
      { key: 'name', label: t('signin.user') },
      { key: 'organisation', label: t('account.organisation') },
      { key: 'role', label: t('account.role'), render: (u) => html`<label class="sr" for=${'role-' + u.name}>${t('account.role')}</label>
        <select id=${'role-' + u.name} value=${u.role} onChange=${(e) => act(() => api('PATCH', '/api/v1/users/' + encodeURIComponent(u.name), { role: e.currentTarget.value }))}>
          ${ROLES.map((r) => html`<option value=${r}>${t('role.' + r)}</option>`)}</select>` },
      { key: 'disabled', label: t('admin.state'), render: (u) => (u.disabled ? t('admin.disabled') : t('admin.active')) },
      { key: 'actions', label: t('admin.actions'), render: (u) => html`<div class="row">
        <button type="button" class="secondary" onClick=${() => act(() => api('PATCH', '/api/v1/users/' + encodeURIComponent(u.name), { disabled: !u.disabled }))}>
          ${u.disabled ? t('admin.enable') : t('admin.disable')}</button>
        ${u.role !== 'peer' && html`<button type="button" class="secondary" onClick=${() => act(async () => setReset(await api('POST', '/api/v1/users/' + encodeURIComponent(u.name) + '/password-reset')))}>
          ${t('admin.reset_password')}</button>`}</div>` },
    ]} rows=${data.users.users} />
    <h3>${t('admin.add_user')}</h3>
    <form class="filters" onSubmit=${add.onSubmit} data-testid="add-user">
      <${Field} id="u-name" label=${t('signin.user')} error=${add.errors.name}><input id="u-name" name="name" /><//>
      <${Field} id="u-org" label=${t('account.organisation')} error=${add.errors.organisation}>
        <select id="u-org" name="organisation">${data.orgs.organisations.map((o) => html`<option value=${o.name}>${o.name}</option>`)}</select>
      <//>
      <${Field} id="u-role" label=${t('account.role')} error=${add.errors.role}>
        <select id="u-role" name="role" value="analyst">${ROLES.map((r) => html`<option value=${r}>${t('role.' + r)}</option>`)}</select>
      <//>
      <button type="submit">${t('admin.add')}</button>
    </form>
    ${add.errors[''] && html`<p class="error" role="alert">${add.errors['']}</p>`}
  <//>`;
}

function Organisations({ data, reload }) {
  const add = useForm((f) => api('POST', '/api/v1/organisations', f), reload);
  return html`<${Section} title=${t('admin.organisations')}>
    <${Table} columns=${[
      { key: 'name', label: t('objects.name') },
      { key: 'identity_id', label: 'STIX', render: (o) => html`<code class="id">${o.identity_id}</code>` },
      { key: 'users', label: t('admin.users'), render: (o) => formatNumber(o.users) },
      { key: 'created', label: t('admin.created'), render: (o) => formatDateTime(o.created) },
    ]} rows=${data.orgs.organisations} />
    <form class="filters" onSubmit=${add.onSubmit}>
      <${Field} id="o-name" label=${t('admin.new_organisation')} error=${add.errors.name}><input id="o-name" name="name" /><//>
      <button type="submit">${t('admin.add')}</button>
    </form>
  <//>`;
}

function Tokens({ data, reload }) {
  const add = useForm((f) => api('POST', '/api/v1/tokens', { user: f.user, name: f.name, ...(f.expires_days ? { expires_days: Number(f.expires_days) } : {}) }), reload);
  const [error, setError] = useState(null);
  return html`<${Section} title=${t('admin.tokens')}>
    <${ErrorMessage} error=${error} />
    <${Secret} label=${t('admin.new_token')} value=${add.shown?.secret} testid="token-secret" />
    <${Table} columns=${[
      { key: 'id', label: 'id', render: (x) => html`<code>${x.id}</code>` },
      { key: 'user', label: t('signin.user') },
      { key: 'name', label: t('objects.name') },
      { key: 'created', label: t('admin.created'), render: (x) => formatDateTime(x.created) },
      { key: 'expires', label: t('admin.expires'), render: (x) => formatDateTime(x.expires) || t('common.never') },
      { key: 'revoked', label: t('admin.state'), render: (x) => (x.revoked ? t('admin.revoked') : html`<button type="button" class="secondary"
          onClick=${async () => { try { await api('DELETE', '/api/v1/tokens/' + encodeURIComponent(x.id)); reload(); } catch (e) { setError(e); } }}>${t('admin.revoke')}</button>`) },
    ]} rows=${data.tokens.tokens} />
    <form class="filters" onSubmit=${add.onSubmit}>
      <${Field} id="t-user" label=${t('signin.user')} error=${add.errors.user}>
        <select id="t-user" name="user">${data.users.users.map((u) => html`<option value=${u.name}>${u.name}</option>`)}</select>
      <//>
      <${Field} id="t-name" label=${t('admin.token_name')} error=${add.errors.name}><input id="t-name" name="name" /><//>
      <${Field} id="t-days" label=${t('admin.expires_days')} error=${add.errors.expires_days}><input id="t-days" name="expires_days" type="number" min="1" max="3650" /><//>
      <button type="submit">${t('admin.create_token')}</button>
    </form>
  <//>`;
}

function Collections({ data, reload }) {
  const add = useForm((f) => api('POST', '/api/v1/collections', f), reload);
  const grant = useForm((f) => api('PUT', `/api/v1/collections/${encodeURIComponent(f.collection)}/grants/${encodeURIComponent(f.organisation)}`,
    { read: f.read === 'on', write: f.write === 'on' }), reload);
  return html`<${Section} title=${t('admin.collections')}>
    <${Table} columns=${[
      { key: 'title', label: t('admin.title') },
      { key: 'id', label: 'id', render: (x) => html`<code class="id">${x.id}</code>` },
      { key: 'objects', label: t('overview.objects'), render: (x) => formatNumber(x.objects) },
      { key: 'grants', label: t('admin.grants'), render: (x) => x.grants.map((g) => `${g.organisation} (${[g.read && t('admin.read'), g.write && t('admin.write')].filter(Boolean).join(', ') || '—'})`).join('; ') },
    ]} rows=${data.collections.collections} />
    <form class="filters" onSubmit=${add.onSubmit}>
      <${Field} id="c-title" label=${t('admin.title')} error=${add.errors.title}><input id="c-title" name="title" /><//>
      <${Field} id="c-desc" label=${t('vuln.description')}><input id="c-desc" name="description" /><//>
      <button type="submit">${t('admin.add_collection')}</button>
    </form>
    <form class="filters" onSubmit=${grant.onSubmit}>
      <${Field} id="g-col" label=${t('admin.collection')}>
        <select id="g-col" name="collection">${data.collections.collections.map((x) => html`<option value=${x.id}>${x.title}</option>`)}</select>
      <//>
      <${Field} id="g-org" label=${t('account.organisation')}>
        <select id="g-org" name="organisation">${data.orgs.organisations.map((o) => html`<option value=${o.name}>${o.name}</option>`)}</select>
      <//>
      <label class="row"><input type="checkbox" name="read" /> ${t('admin.read')}</label>
      <label class="row"><input type="checkbox" name="write" /> ${t('admin.write')}</label>
      <button type="submit">${t('admin.grant')}</button>
    </form>
    ${grant.errors[''] && html`<p class="error" role="alert">${grant.errors['']}</p>`}
  <//>`;
}

function Policy({ data, reload }) {
  const save = useForm((f) => api('PUT', '/api/v1/policy', f), reload);
  const tlps = ['clear', 'green', 'amber', 'amber+strict', 'red'];
  const current = data.policy.default_tlp.replace('TLP:', '').toLowerCase();
  return html`<${Section} title=${t('admin.policy')}>
    <p data-testid="policy-defaults">${t('admin.policy_now', { tlp: data.policy.default_tlp, distribution: data.policy.default_distribution })}</p>
    <form class="filters" onSubmit=${save.onSubmit}>
      <${Field} id="p-tlp" label=${t('admin.default_tlp')} error=${save.errors.default_tlp}>
        <select id="p-tlp" name="default_tlp" value=${current}>${tlps.map((x) => html`<option value=${x}>TLP:${x.toUpperCase()}</option>`)}</select>
      <//>
      <${Field} id="p-dist" label=${t('admin.default_distribution')} error=${save.errors.default_distribution}>
        <input id="p-dist" name="default_distribution" value=${data.policy.default_distribution} />
      <//>
      <button type="submit">${t('admin.save')}</button>
    </form>
  <//>`;
}

export default function Admin() {
  const [data, error, reload] = useLoad(async () => {
    const [orgs, users, tokens, collections, policy] = await Promise.all([
      get('/api/v1/organisations'), get('/api/v1/users'), get('/api/v1/tokens'), get('/api/v1/collections'), get('/api/v1/policy'),
    ]);
    return { orgs, users, tokens, collections, policy };
  }, []);
  if (error) return html`<h1>${t('page.admin')}</h1><${ErrorMessage} error=${error} />`;
  if (!data) return html`<h1>${t('page.admin')}</h1><${Loading} />`;
  return html`
    <h1>${t('page.admin')}</h1>
    <${Users} data=${data} reload=${reload} />
    <${Organisations} data=${data} reload=${reload} />
    <${Tokens} data=${data} reload=${reload} />
    <${Collections} data=${data} reload=${reload} />
    <${Policy} data=${data} reload=${reload} />`;
}
