// Directory: teams (table, by country), "who is responsible for…", and links to each team.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { get, query } from '../lib/api.js';
import { navigate } from '../lib/router.js';
import { t, formatNumber } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Field } from '../components/ui.js';
import { WorldMap } from '../components/world_map.js';

function WhoIsResponsible() {
  const [answer, setAnswer] = useState(null);
  const [error, setError] = useState(null);
  async function submit(event) {
    event.preventDefault();
    const q = new FormData(event.currentTarget).get('q');
    try {
      setAnswer(await get('/api/v1/lookup' + query({ q })));
      setError(null);
    } catch (e) {
      setError(e);
      setAnswer(null);
    }
  }
  return html`<${Section} title=${t('directory.who')}>
    <form class="filters" onSubmit=${submit}>
      <${Field} id="who-q" label=${t('directory.who_label')} hint=${t('directory.who_hint')}>
        <input id="who-q" name="q" required aria-describedby="who-q-hint" />
      <//>
      <button type="submit">${t('directory.who_button')}</button>
    </form>
    <${ErrorMessage} error=${error} />
    ${answer && answer.answers.map((a) => html`<div data-testid="who-answer">
      <p><strong>${a.query}</strong> — ${a.reason || t('directory.nobody')}</p>
      <${Table} columns=${[
        { key: 'name', label: t('directory.team'), render: (x) => html`<a href=${'/directory/' + encodeURIComponent(x.short_name || x.id)}>${x.name}</a>` },
        { key: 'country', label: t('directory.country') },
        { key: 'email', label: t('directory.email') },
        { key: 'phone', label: t('directory.phone') },
        { key: 'local_time', label: t('directory.local_time') },
        { key: 'note', label: t('directory.hours') },
      ]} rows=${a.teams} empty=${t('directory.nobody')} />
    </div>`)}
  <//>`;
}

export default function Directory({ query: q }) {
  const country = q.get('country') || '';
  const [data, error] = useLoad(() => get('/api/v1/teams'), []);
  if (error) return html`<h1>${t('page.directory')}</h1><${ErrorMessage} error=${error} />`;
  if (!data) return html`<h1>${t('page.directory')}</h1><${Loading} />`;
  const countries = {};
  for (const team of data.teams) countries[team.country || '—'] = (countries[team.country || '—'] || 0) + 1;
  const teams = data.teams.filter((x) => !country || x.country === country);
  return html`
    <h1>${t('page.directory')}</h1>
    <${WhoIsResponsible} />
    <${Section} title=${t('overview.coverage')} id="coverage">
      <${WorldMap} counts=${Object.fromEntries(Object.entries(countries).filter(([c]) => c !== '—'))} label=${t('overview.coverage')} name=${t('overview.teams')} />
    <//>
    <${Section} title=${t('directory.teams_count', { n: formatNumber(teams.length) })} id="teams">
      <div class="filters">
        <${Field} id="country" label=${t('directory.country')}>
          <select id="country" value=${country} onChange=${(e) => navigate('/directory' + query({ country: e.currentTarget.value }))}>
            <option value="">${t('common.any')}</option>
            ${Object.keys(countries).sort().map((c) => html`<option value=${c}>${c} (${countries[c]})</option>`)}
          </select>
        <//>
      </div>
      <${Table} columns=${[
        { key: 'short_name', label: t('directory.short_name'), render: (x) => html`<a href=${'/directory/' + encodeURIComponent(x.short_name || x.id)}>${x.short_name || x.id}</a>` },
        { key: 'name', label: t('directory.team') },
        { key: 'country', label: t('directory.country') },
        { key: 'type', label: t('directory.type') },
        { key: 'memberships', label: t('directory.memberships'), render: (x) => (x.memberships || []).map((m) => m.name).join(', ') },
      ]} rows=${teams} />
    <//>`;
}
