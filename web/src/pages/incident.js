// One incident: what it is and who takes part, who the directory says is responsible, its
// tasks, the assistance requests your organisation sent or received (deadlines, state, the next
// step for whoever's turn it is), its timeline and whether its audit chain verifies.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get } from '../lib/api.js';
import { canWrite } from '../lib/session.js';
import { t, formatDateTime } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Field, Tlp, fieldErrors } from '../components/ui.js';
import { STATUSES } from './incidents.js';
import { RequestRow, ACTIONS, SEVERITIES } from './requests.js';

function Header({ incident, reload }) {
  const [error, setError] = useState(null);
  async function setStatus(status) {
    try {
      await api('PATCH', '/api/v1/incidents/' + encodeURIComponent(incident.id), { investigation_status: status });
      setError(null);
      reload();
    } catch (e) {
      setError(e);
    }
  }
  const owned = !incident.received;
  return html`<${Section} title=${t('incident.summary')}>
    <dl class="props" data-testid="incident-facts">
      <dt>${t('incident.col_status')}</dt><dd data-testid="incident-status">${t('status.' + incident.investigation_status)}</dd>
      <dt>${t('incident.determination')}</dt><dd>${incident.determination}</dd>
      <dt>${t('incident.col_rsit_class')}</dt><dd>${incident.rsit_class} / ${incident.rsit_type}</dd>
      <dt>${t('incident.col_owner')}</dt><dd>${incident.owner_name}</dd>
      <dt>${t('incident.participants')}</dt><dd data-testid="participants">${incident.participant_names.join(', ') || '—'}</dd>
      <dt>${t('incident.tlp')}</dt><dd><${Tlp} value=${incident.tlp} /> ${incident.pap}</dd>
      <dt>${t('incident.col_created')}</dt><dd>${formatDateTime(incident.created)}</dd>
      <dt>${t('incident.col_modified')}</dt><dd>${formatDateTime(incident.modified)}</dd>
    </dl>
    ${incident.description && html`<p>${incident.description}</p>`}
    ${owned && canWrite.value && html`<div class="filters">
      ${STATUSES.filter((s) => s !== incident.investigation_status).map((s) => html`<button type="button" class="secondary" onClick=${() => setStatus(s)}>${t('incident.set_status', { status: t('status.' + s) })}</button>`)}
    </div>`}
    <${ErrorMessage} error=${error} />
  <//>`;
}

function Suggestions({ id }) {
  const [data, error] = useLoad(() => get('/api/v1/incidents/' + encodeURIComponent(id) + '/suggestions'), [id]);
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (!data || data.suggestions.length === 0) return null;
  return html`<${Section} title=${t('incident.suggestions')}>
    <ul data-testid="suggestions">${data.suggestions.map((s) => html`<li>
      ${t('incident.suggestion', { value: s.value, team: s.team })}${s.participant ? ' · ' + t('incident.already') : ''}</li>`)}</ul>
  <//>`;
}

function AddTask({ id, reload }) {
  const [errors, setErrors] = useState({});
  async function submit(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    try {
      await api('POST', '/api/v1/incidents/' + encodeURIComponent(id) + '/tasks', {
        name: f.get('name'), ...(f.get('due') ? { due: new Date(f.get('due') + 'T00:00:00Z').toISOString() } : {}),
      });
      setErrors({});
      form.reset();
      reload();
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  }
  return html`<form class="filters" onSubmit=${submit} data-testid="add-task">
    <${Field} id="t-name" label=${t('incident.task_name')} error=${errors.name}><input id="t-name" name="name" size="40" /><//>
    <${Field} id="t-due" label=${t('incident.due')} error=${errors.due}><input id="t-due" name="due" type="date" /><//>
    <button type="submit">${t('incident.add_task')}</button>
    ${errors[''] && html`<p class="error" role="alert">${errors['']}</p>`}
  </form>`;
}

function SendRequest({ incident, reload }) {
  const [errors, setErrors] = useState({});
  const others = incident.participants.map((p, i) => ({ id: p, name: incident.participant_names[i] }));
  if (incident.received) others.unshift({ id: incident.owner, name: incident.owner_name });
  async function submit(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    try {
      await api('POST', '/api/v1/incidents/' + encodeURIComponent(incident.id) + '/requests', {
        recipient: f.get('recipient'), action: f.get('action'), severity: f.get('severity'), text: f.get('text'),
        ...(f.get('deadline') ? { deadline: new Date(f.get('deadline')).toISOString() } : {}),
      });
      setErrors({});
      form.reset();
      reload();
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  }
  if (others.length === 0) return html`<p class="muted">${t('request.no_participant')}</p>`;
  return html`<form class="filters" onSubmit=${submit} data-testid="send-request">
    <${Field} id="r-to" label=${t('request.to')} error=${errors.recipient}>
      <select id="r-to" name="recipient">${others.map((o) => html`<option value=${o.id}>${o.name}</option>`)}</select>
    <//>
    <${Field} id="r-action" label=${t('request.action')} error=${errors.action}>
      <select id="r-action" name="action">${ACTIONS.map((a) => html`<option value=${a}>${t('action.' + a)}</option>`)}</select>
    <//>
    <${Field} id="r-severity" label=${t('request.severity')} error=${errors.severity}>
      <select id="r-severity" name="severity">${SEVERITIES.map((s) => html`<option value=${s} selected=${s === 'medium'}>${t('severity.' + s)}</option>`)}</select>
    <//>
    <${Field} id="r-text" label=${t('request.text')} error=${errors.text}><input id="r-text" name="text" size="40" /><//>
    <${Field} id="r-deadline" label=${t('request.deadline')} error=${errors.deadline}><input id="r-deadline" name="deadline" type="datetime-local" /><//>
    <button type="submit">${t('request.send')}</button>
    ${errors[''] && html`<p class="error" role="alert">${errors['']}</p>`}
  </form>`;
}

// `entries`: how many the timeline shows, so the chain is verified again after every change.
function Audit({ id, entries }) {
  const [data, error] = useLoad(() => get('/api/v1/incidents/' + encodeURIComponent(id) + '/audit'), [id, entries]);
  if (error) return html`<${ErrorMessage} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  return html`<p data-testid="audit-state" class=${data.verified ? 'ok' : 'error'}>
    ${data.verified ? t('incident.audit_ok', { n: data.entries.length }) : t('incident.audit_broken')}</p>
    ${data.problems.map((p) => html`<p class="error">${p.seq}: ${p.problem}</p>`)}`;
}

export default function IncidentPage({ params }) {
  const [data, error, reload] = useLoad(() => get('/api/v1/incidents/' + encodeURIComponent(params.id)), [params.id]);
  if (error) return html`<h1>${t('page.incident')}</h1><${ErrorMessage} error=${error} />`;
  if (!data) return html`<h1>${t('page.incident')}</h1><${Loading} />`;
  const i = data.incident;
  return html`
    <h1 data-testid="incident-name">${i.name}</h1>
    <p><a href="/incidents">${t('page.incidents')}</a>${' · '}<a data-testid="export-iodef" href=${'/api/v1/incidents/' + encodeURIComponent(i.id) + '/iodef'} download>${t('incident.export_iodef')}</a>${' · '}<a data-testid="export-stix" href=${'/api/v1/incidents/' + encodeURIComponent(i.id) + '/bundle'} download>${t('incident.export_stix')}</a></p>
    <${Header} incident=${i} reload=${reload} />
    <${Suggestions} id=${i.id} />
    <${Section} title=${t('incident.tasks')}>
      <${Table} columns=${[
        { key: 'name', label: t('incident.task_name') },
        { key: 'outcome', label: t('incident.outcome'), render: (tk) => t('outcome.' + tk.outcome) },
        { key: 'due', label: t('incident.due'), render: (tk) => formatDateTime(tk.due) || '—' },
      ]} rows=${data.tasks} />
      ${canWrite.value && html`<${AddTask} id=${i.id} reload=${reload} />`}
    <//>
    <${Section} title=${t('incident.requests')}>
      ${data.requests.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : html`<div class="table-wrap"><table data-testid="incident-requests">
        <thead><tr><th scope="col">${t('request.from')}</th><th scope="col">${t('request.to')}</th><th scope="col">${t('request.action')}</th>
          <th scope="col">${t('request.state')}</th><th scope="col">${t('request.ack_by')}</th><th scope="col">${t('request.complete_by')}</th><th scope="col">${t('request.next')}</th></tr></thead>
        <tbody>${data.requests.map((r) => html`<${RequestRow} key=${r.id} request=${r} reload=${reload} />`)}</tbody>
      </table></div>`}
      ${canWrite.value && html`<${SendRequest} incident=${i} reload=${reload} />`}
    <//>
    <${Section} title=${t('incident.timeline')}>
      <${Table} columns=${[
        { key: 'at', label: t('timeline.at'), render: (e) => formatDateTime(e.at) },
        { key: 'actor', label: t('timeline.actor') },
        { key: 'action', label: t('timeline.action') },
        { key: 'subject', label: t('timeline.subject'), render: (e) => html`<code class="id">${e.subject}</code>` },
      ]} rows=${data.timeline.map((e, n) => ({ ...e, id: n }))} />
      <${Audit} id=${i.id} entries=${data.timeline.length} />
    <//>`;
}
