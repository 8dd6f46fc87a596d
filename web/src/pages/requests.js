// Assistance requests: the inbox (what other teams asked of your organisation) and the outbox
// (what it asked), each with its deadlines, overdue ones marked, and the next step for whoever's
// turn it is (the recipient acknowledges, accepts or declines, reports and completes; the
// requester may cancel).
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get, query } from '../lib/api.js';
import { navigate } from '../lib/router.js';
import { session, canWrite } from '../lib/session.js';
import { t, formatDateTime } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section } from '../components/ui.js';

export const ACTIONS = ['take-down', 'block', 'identify', 'notify-victim', 'preserve-logs', 'analyse-sample', 'share-information', 'other'];
export const SEVERITIES = ['critical', 'high', 'medium', 'low'];

// What the caller's organisation may report next on a request in `state`.
function nextSteps(r, mine) {
  if (['declined', 'completed', 'cancelled'].includes(r.state)) return [];
  if (r.recipient === mine) {
    if (r.state === 'sent') return ['acknowledged', 'accepted', 'declined'];
    if (r.state === 'acknowledged') return ['accepted', 'declined'];
    if (r.state === 'accepted') return ['progress', 'completed'];
  }
  if (r.requester === mine) return ['cancelled'];
  return [];
}

function Deadline({ at, overdue }) {
  return html`<span class=${overdue ? 'badge bad' : ''}>${formatDateTime(at)}${overdue ? ' · ' + t('request.overdue') : ''}</span>`;
}

// One request as a table row, with the buttons of its next steps (a reason or an outcome is
// asked for where the step needs one).
export function RequestRow({ request: r, reload, showIncident = false }) {
  const [error, setError] = useState(null);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState('successful');
  const mine = session.value?.organisation_identity;
  async function report(kind) {
    const body = { kind };
    if (note) body.text = note;
    if (kind === 'completed') body.outcome = outcome;
    try {
      await api('POST', '/api/v1/requests/' + encodeURIComponent(r.id) + '/updates', body);
      setError(null);
      setNote('');
      reload();
    } catch (e) {
      setError(e);
    }
  }
  const steps = canWrite.value ? nextSteps(r, mine) : [];
  return html`<tr data-testid="request-row" data-state=${r.state}>
    ${showIncident && html`<td><a href=${'/incidents/' + encodeURIComponent(r.incident)}>${t('request.incident')}</a></td>`}
    <td>${r.requester_name}</td>
    <td>${r.recipient_name}</td>
    <td>${t('action.' + r.action)} (${t('severity.' + r.severity)})${r.text ? html`<br /><small>${r.text}</small>` : ''}</td>
    <td data-testid="request-state">${t('state.' + r.state)}${r.recipient_reference ? html` <small>(${r.recipient_reference})</small>` : ''}</td>
    <td><${Deadline} at=${r.acknowledge_by} overdue=${r.acknowledge_overdue} /></td>
    <td><${Deadline} at=${r.complete_by} overdue=${r.overdue} /></td>
    <td>${steps.length > 0 && html`<input class="note" aria-label=${t('request.note')} placeholder=${t('request.note')} value=${note} onInput=${(e) => setNote(e.currentTarget.value)} />`}
      ${steps.includes('completed') && html`<select aria-label=${t('request.outcome')} value=${outcome} onChange=${(e) => setOutcome(e.currentTarget.value)}>
        ${['successful', 'partial', 'failed'].map((o) => html`<option value=${o}>${t('result.' + o)}</option>`)}</select>`}
      ${steps.map((k) => html`<button type="button" class="secondary" data-step=${k} onClick=${() => report(k)}>${t('step.' + k)}</button> `)}
      <${ErrorMessage} error=${error} /></td>
  </tr>`;
}

export default function Requests({ query: urlQuery }) {
  const box = urlQuery.get('box') === 'outbox' ? 'outbox' : 'inbox';
  const [data, error, reload] = useLoad(() => get('/api/v1/requests' + query({ box })), [box]);
  return html`
    <h1>${t('page.requests')}</h1>
    <div class="filters" role="group" aria-label=${t('page.requests')}>
      ${['inbox', 'outbox'].map((b) => html`<button type="button" class=${b === box ? '' : 'secondary'} aria-pressed=${b === box}
        onClick=${() => navigate('/requests' + query({ box: b }), { replace: true })}>${t('request.' + b)}</button>`)}
    </div>
    <${Section} title=${t('request.' + box)}>
      ${error ? html`<${ErrorMessage} error=${error} />` : !data ? html`<${Loading} />` : data.requests.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : html`
        <div class="table-wrap"><table data-testid="requests">
          <thead><tr><th scope="col">${t('request.incident')}</th><th scope="col">${t('request.from')}</th><th scope="col">${t('request.to')}</th>
            <th scope="col">${t('request.action')}</th><th scope="col">${t('request.state')}</th><th scope="col">${t('request.ack_by')}</th>
            <th scope="col">${t('request.complete_by')}</th><th scope="col">${t('request.next')}</th></tr></thead>
          <tbody>${data.requests.map((r) => html`<${RequestRow} key=${r.id} request=${r} reload=${reload} showIncident=${true} />`)}</tbody>
        </table></div>`}
    <//>`;
}
