// Overview: what arrived and how it is shared, what matched, how federation and the DNSBL are
// doing, and where the directory reaches.
import { html } from '../lib/html.js';
import { get } from '../lib/api.js';
import { session } from '../lib/session.js';
import { t, formatNumber, formatDateTime } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Tlp } from '../components/ui.js';
import { Chart } from '../components/chart.js';
import { WorldMap } from '../components/world_map.js';

const tlpColours = { 'TLP:CLEAR': '#9aa5b1', 'TLP:GREEN': '#2e9e44', 'TLP:AMBER': '#e0a100', 'TLP:AMBER+STRICT': '#b36b00', 'TLP:RED': '#c62828' };

// Node-only resources answer 403 to others: show nothing rather than an error.
const optional = (path) => get(path).catch((e) => (e.status === 403 ? null : Promise.reject(e)));

function AddedPerDay({ stats }) {
  const days = [...new Set(stats.by_day.map((d) => d.day))].sort();
  const types = Object.entries(stats.by_type).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k]) => k);
  const series = types.map((type) => ({
    name: type,
    type: 'bar',
    stack: 'added',
    data: days.map((day) => stats.by_day.filter((d) => d.day === day && d.type === type).reduce((n, d) => n + d.count, 0)),
  }));
  const summary = days.map((day) => `${day}: ${formatNumber(stats.by_day.filter((d) => d.day === day).reduce((n, d) => n + d.count, 0))}`).join(', ');
  return html`<${Chart} label=${t('overview.added_per_day')} summary=${summary}
    option=${{ tooltip: { trigger: 'axis' }, legend: { type: 'scroll', bottom: 0 }, grid: { top: 10, left: 50, right: 20, bottom: 50 },
      xAxis: { type: 'category', data: days }, yAxis: { type: 'value' }, series }} />`;
}

function TlpMix({ stats }) {
  const data = Object.entries(stats.by_tlp).map(([name, value]) => ({ name, value, itemStyle: { color: tlpColours[name] } }));
  const summary = data.map((d) => `${d.name}: ${formatNumber(d.value)}`).join(', ');
  return html`<${Chart} label=${t('overview.tlp_mix')} summary=${summary}
    option=${{ tooltip: { trigger: 'item' }, legend: { top: 0 }, series: [{ type: 'pie', radius: ['30%', '55%'], center: ['50%', '58%'], data, label: { formatter: '{c}' } }] }} />`;
}

function Sightings({ stats }) {
  const rows = stats.by_day.filter((d) => d.type === 'sighting');
  if (!rows.length) return html`<p class="muted" data-testid="no-sightings">${t('overview.no_sightings')}</p>`;
  return html`<${Chart} label=${t('overview.sightings')} summary=${rows.map((r) => `${r.day}: ${r.count}`).join(', ')}
    option=${{ tooltip: { trigger: 'axis' }, grid: { top: 10, left: 50, right: 20, bottom: 30 }, xAxis: { type: 'category', data: rows.map((r) => r.day) },
      yAxis: { type: 'value' }, series: [{ type: 'line', name: 'sighting', data: rows.map((r) => r.count) }] }} />`;
}

export default function Overview() {
  const [data, error] = useLoad(async () => {
    const [stats, latest, peers, zones, teams] = await Promise.all([
      get('/api/v1/objects/stats'),
      get('/api/v1/objects?limit=10'),
      optional('/api/v1/peers'),
      optional('/api/v1/dns/zones'),
      get('/api/v1/teams'),
    ]);
    return { stats, latest, peers, zones, teams };
  }, []);
  if (error) return html`<h1>${t('page.overview')}</h1><${ErrorMessage} error=${error} />`;
  if (!data) return html`<h1>${t('page.overview')}</h1><${Loading} />`;
  const { stats, latest, peers, zones, teams } = data;
  const countries = {};
  for (const team of teams.teams) if (team.country) countries[team.country] = (countries[team.country] || 0) + 1;
  return html`
    <h1>${t('page.overview')}</h1>
    <p class="muted">${t('overview.period', { from: formatDateTime(stats.from), to: formatDateTime(stats.to) })}</p>
    <section class="card" aria-labelledby="totals">
      <h2 id="totals">${t('overview.totals')}</h2>
      <dl class="stats">
        <div><dt>${t('overview.objects')}</dt><dd data-testid="total-objects">${formatNumber(stats.total)}</dd></div>
        <div><dt>${t('overview.indicators')}</dt><dd data-testid="total-indicators">${formatNumber(stats.by_type.indicator || 0)}</dd></div>
        <div><dt>${t('overview.sightings_total')}</dt><dd>${formatNumber(stats.by_type.sighting || 0)}</dd></div>
        <div><dt>${t('overview.teams')}</dt><dd data-testid="total-teams">${formatNumber(teams.teams.length)}</dd></div>
        <div><dt>${t('overview.countries')}</dt><dd>${formatNumber(Object.keys(countries).length)}</dd></div>
      </dl>
    </section>
    <div class="grid">
      <${Section} title=${t('overview.added_per_day')}><${AddedPerDay} stats=${stats} /><//>
      <${Section} title=${t('overview.tlp_mix')}><${TlpMix} stats=${stats} /><//>
      <${Section} title=${t('overview.sightings')}><${Sightings} stats=${stats} /><//>

    </div>
    <${Section} title=${t('overview.coverage')}>
        <${WorldMap} counts=${countries} label=${t('overview.coverage')} name=${t('overview.teams')} />
        <details><summary>${t('overview.coverage_table')}</summary>
        <${Table} columns=${[
          { key: 'country', label: t('directory.country') },
          { key: 'teams', label: t('overview.teams'), render: (r) => formatNumber(r.teams) },
        ]} rows=${Object.entries(countries).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([country, n]) => ({ id: country, country, teams: n }))} />
        </details>
      <//>
    <${Section} title=${t('overview.latest')}>
      <${Table} columns=${[
        { key: 'name', label: t('objects.name'), render: (o) => html`<a href=${'/objects/' + encodeURIComponent(o.id)}>${o.name || o.id}</a>` },
        { key: 'type', label: t('objects.type') },
        { key: 'tlp', label: 'TLP', render: (o) => html`<${Tlp} value=${o.tlp} />` },
        { key: 'date_added', label: t('objects.added'), render: (o) => formatDateTime(o.date_added) },
      ]} rows=${latest.objects} />
    <//>
    <div class="grid">
      ${peers && html`<${Section} title=${t('overview.federation')}>
        <${Table} empty=${t('federation.no_peers')} columns=${[
          { key: 'name', label: t('federation.peer') },
          { key: 'last_success', label: t('federation.last_success'), render: (p) => formatDateTime(p.last_success) || t('common.never') },
          { key: 'lag', label: t('federation.lag'), render: (p) => (p.lag_seconds === null ? '—' : formatNumber(Math.round(p.lag_seconds)) + ' s') },
          { key: 'last_error', label: t('federation.last_error'), render: (p) => p.last_error || '—' },
        ]} rows=${peers.peers} />
      <//>`}
      ${zones && html`<${Section} title=${t('overview.dnsbl')}>
        <${Table} empty=${t('spam.no_zones')} columns=${[
          { key: 'origin', label: t('spam.zone') },
          { key: 'source', label: t('spam.source') },
          { key: 'answered', label: t('spam.queries_answered'), render: (z) => (z.queries ? formatNumber(z.queries.answered) : '—') },
          { key: 'listed', label: t('spam.queries_listed'), render: (z) => (z.queries ? formatNumber(z.queries.listed) : '—') },
        ]} rows=${zones.zones.map((z) => ({ ...z, id: z.origin }))} />
      <//>`}
    </div>`;
}
