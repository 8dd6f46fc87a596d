// Federation: each peer's state, last success and error; the sharing groups and the node's
// policy defaults.
import { html } from '../lib/html.js';
import { get, query } from '../lib/api.js';
import { t, formatNumber, formatDateTime } from '../lib/i18n.js';
import { useLoad, Loading, ErrorMessage, Section, Table } from '../components/ui.js';
import { Chart } from '../components/chart.js';

// Objects each peer sent, per day, over the last 30 days.
function Received({ rows }) {
  if (!rows.length) return html`<p class="muted" data-testid="nothing-received">${t('federation.nothing_received')}</p>`;
  const days = [...new Set(rows.map((r) => r.day))].sort();
  const peers = [...new Set(rows.map((r) => r.peer))].sort();
  const series = peers.map((peer) => ({
    name: peer, type: 'bar', stack: 'received',
    data: days.map((day) => rows.filter((r) => r.day === day && r.peer === peer).reduce((n, r) => n + r.count, 0)),
  }));
  return html`<${Chart} label=${t('federation.received_over_time')} summary=${rows.map((r) => `${r.day} ${r.peer}: ${r.count}`).join(', ')}
    option=${{ tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { top: 10, left: 50, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: days }, yAxis: { type: 'value' }, series }} />`;
}

export default function Federation() {
  const [data, error] = useLoad(async () => {
    const [peers, groups, stats] = await Promise.all([
      get('/api/v1/peers').catch((e) => (e.status === 403 ? { peers: [] } : Promise.reject(e))),
      get('/api/v1/objects' + query({ type: 'grouping', limit: 100 })),
      get('/api/v1/objects/stats'),
    ]);
    return { peers, groups, stats };
  }, []);
  if (error) return html`<h1>${t('page.federation')}</h1><${ErrorMessage} error=${error} />`;
  if (!data) return html`<h1>${t('page.federation')}</h1><${Loading} />`;
  return html`
    <h1>${t('page.federation')}</h1>
    <${Section} title=${t('federation.peers')}>
      <${Table} empty=${t('federation.no_peers')} columns=${[
        { key: 'name', label: t('federation.peer') },
        { key: 'url', label: 'URL', render: (p) => html`<code class="id">${p.url}</code>` },
        { key: 'state', label: t('federation.state'), render: (p) => (p.paused ? t('federation.paused') : p.failures ? t('federation.failing') : t('federation.active')) },
        { key: 'last_success', label: t('federation.last_success'), render: (p) => formatDateTime(p.last_success) || t('common.never') },
        { key: 'lag', label: t('federation.lag'), render: (p) => (p.lag_seconds === null ? '—' : formatNumber(Math.round(p.lag_seconds)) + ' s') },
        { key: 'received', label: t('federation.received'), render: (p) => formatNumber(p.received) },
        { key: 'last_error', label: t('federation.last_error'), render: (p) => p.last_error || '—' },
        { key: 'next_attempt', label: t('federation.next_attempt'), render: (p) => formatDateTime(p.next_attempt) || '—' },
      ]} rows=${data.peers.peers} />
    <//>
    <${Section} title=${t('federation.received_over_time')}>
      <${Received} rows=${data.stats.received_by_day} />
    <//>
    <${Section} title=${t('federation.groups')}>
      <${Table} empty=${t('federation.no_groups')} columns=${[
        { key: 'name', label: t('objects.name'), render: (g) => html`<a href=${'/objects/' + encodeURIComponent(g.id)}>${g.name}</a>` },
        { key: 'tlp', label: 'TLP' },
        { key: 'distribution', label: t('federation.distribution') },
      ]} rows=${data.groups.objects} />
    <//>`;
}
