// What happened in your organisation's incidents (derived by the node from their audit logs):
// newest first, unread marked, each with its incident; and how your organisation is told
// outside the console: mail (encrypted to your team's OpenPGP key when the directory has it) and
// webhooks signed with HMAC-SHA256.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get } from '../lib/api.js';
import { canWrite } from '../lib/session.js';
import { t, formatDateTime, formatNumber } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Field, Tlp, fieldErrors } from '../components/ui.js';

function Subscriptions() {
  const [data, error, reload] = useLoad(() => get('/api/v1/notifications/subscriptions'), []);
  const [channel, setChannel] = useState('mail');
  const [errors, setErrors] = useState({});
  async function add(event) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    try {
      await api('POST', '/api/v1/notifications/subscriptions', { channel, target: f.get('target'), secret: f.get('secret') || '' });
      setErrors({});
      event.target.reset();
      reload();
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  }
  async function remove(id) {
    await api('DELETE', '/api/v1/notifications/subscriptions/' + id);
    reload();
  }
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  return html`<${Section} title=${t('notify.subscriptions')}>
    <${Table} columns=${[
      { key: 'channel', label: t('notify.channel'), render: (s) => t('notify.' + s.channel) },
      { key: 'target', label: t('notify.target'), render: (s) => html`<code>${s.target}</code>` },
      { key: 'created', label: t('notify.since'), render: (s) => formatDateTime(s.created) },
      { key: 'remove', label: '', render: (s) => canWrite.value && html`<button type="button" onClick=${() => remove(s.id)}>${t('notify.remove')}</button>` },
    ]} rows=${data.subscriptions} empty=${t('notify.no_subscriptions')} />
    ${canWrite.value && html`<form class="filters" onSubmit=${add} data-testid="subscribe">
      <${Field} id="s-channel" label=${t('notify.channel')}>
        <select id="s-channel" value=${channel} onChange=${(e) => setChannel(e.currentTarget.value)}>
          <option value="mail">${t('notify.mail')}</option><option value="webhook">${t('notify.webhook')}</option>
        </select>
      <//>
      <${Field} id="s-target" label=${t(channel === 'mail' ? 'notify.address' : 'notify.url')} error=${errors.target}>
        <input id="s-target" name="target" size="34" required type=${channel === 'mail' ? 'email' : 'url'} />
      <//>
      ${channel === 'webhook' && html`<${Field} id="s-secret" label=${t('notify.secret')} error=${errors.secret}><input id="s-secret" name="secret" type="password" minlength="16" required autocomplete="off" /><//>`}
      <button type="submit">${t('notify.subscribe')}</button>
      ${errors[''] && html`<p class="error" role="alert">${errors['']}</p>`}
    </form>`}
  <//>`;
}

export default function Notifications() {
  const [data, error, reload] = useLoad(() => get('/api/v1/notifications?limit=200'), []);
  async function markAll() {
    await api('POST', '/api/v1/notifications/read', {});
    reload();
  }
  return html`
    <h1>${t('page.notifications')}</h1>
    ${error && html`<${ErrorMessage} error=${error} />`}
    ${!data && !error && html`<${Loading} />`}
    ${data && html`<${Section} title=${t('notify.recent')}>
      <p data-testid="unread">${t('notify.unread', { n: formatNumber(data.unread) })}
        ${data.unread > 0 && html` <button type="button" onClick=${markAll}>${t('notify.mark_all')}</button>`}</p>
      <div data-testid="notifications">
        <${Table} columns=${[
          { key: 'at', label: t('notify.col_at'), render: (n) => formatDateTime(n.at) },
          { key: 'kind', label: t('notify.col_kind'), render: (n) => html`${t('notify.kind.' + n.kind)}${n.read ? '' : html` <span class="badge">${t('notify.new')}</span>`}` },
          { key: 'title', label: t('notify.col_incident'), render: (n) => html`<a href=${'/incidents/' + encodeURIComponent(n.incident)}>${n.title || n.incident}</a>` },
          { key: 'summary', label: t('notify.col_summary') },
          { key: 'tlp', label: 'TLP', render: (n) => html`<${Tlp} value=${n.tlp} />` },
        ]} rows=${data.notifications} />
      </div>
    <//>`}
    <${Subscriptions} />`;
}
