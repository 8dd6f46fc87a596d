// One object: its properties, raw JSON, versions with a diff, its neighbourhood as a graph,
// markings, sightings, and who may see it (the sharing policy's decision, with its rule).
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { get } from '../lib/api.js';
import { t, formatDateTime } from '../lib/i18n.js';
import { diffLines } from '../lib/diff.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Tlp } from '../components/ui.js';
import { Chart } from '../components/chart.js';

const TABS = ['properties', 'json', 'versions', 'relationships', 'sightings', 'sharing'];

function show(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function Properties({ object }) {
  return html`<dl class="props" data-testid="properties">
    ${Object.entries(object).map(([k, v]) => html`<dt>${k}</dt><dd>${k.endsWith('_ref') && typeof v === 'string'
      ? html`<a class="id" href=${'/objects/' + encodeURIComponent(v)}>${v}</a>` : html`<span class="mono">${show(v)}</span>`}</dd>`)}
  </dl>`;
}

function Versions({ versions }) {
  const [a, setA] = useState(Math.max(0, versions.length - 2));
  const [b, setB] = useState(versions.length - 1);
  const text = (i) => JSON.stringify(versions[i].object, null, 2);
  const diff = diffLines(text(a), text(b));
  const pick = (id, value, set, label) => html`<label for=${id}>${label}</label>
    <select id=${id} value=${value} onChange=${(e) => set(Number(e.currentTarget.value))}>
      ${versions.map((v, i) => html`<option value=${i}>${formatDateTime(v.modified)}</option>`)}
    </select>`;
  return html`<div>
    <p>${t('object.version_count', { n: versions.length })}</p>
    <div class="row">${pick('v-a', a, setA, t('object.compare'))} ${pick('v-b', b, setB, t('object.with'))}</div>
    <pre data-testid="diff">${diff.map((d) => html`<span class=${d.op === '+' ? 'diff-add' : d.op === '-' ? 'diff-del' : ''}>${d.op} ${d.line}\n</span>`)}</pre>
  </div>`;
}

function Neighbourhood({ data }) {
  const id = data.object.id;
  const nodes = new Map([[id, { id, name: data.summary.name || id, category: 0, symbolSize: 28 }]]);
  const links = [];
  for (const r of data.relationships) {
    nodes.set(r.other_id, { id: r.other_id, name: r.other?.name || r.other_id, category: 1, symbolSize: 18 });
    links.push(r.direction === 'out' ? { source: id, target: r.other_id, value: r.relationship_type } : { source: r.other_id, target: id, value: r.relationship_type });
  }
  const option = {
    tooltip: {},
    series: [{ type: 'graph', layout: 'force', roam: true, label: { show: true, position: 'right', width: 160, overflow: 'truncate' },
      force: { repulsion: 220, edgeLength: 110 }, edgeSymbol: ['none', 'arrow'], edgeLabel: { show: true, formatter: (p) => p.data.value, fontSize: 10 },
      categories: [{ name: 'this' }, { name: 'related' }], data: [...nodes.values()], links }],
  };
  return html`<${Chart} className="graph" label=${t('object.graph')} summary=${data.relationships.map((r) => `${r.relationship_type} ${r.other?.name || r.other_id}`).join(', ')} option=${option} />`;
}

export default function ObjectPage({ params }) {
  const [tab, setTab] = useState('properties');
  const [data, error] = useLoad(() => get('/api/v1/objects/' + encodeURIComponent(params.id)), [params.id]);
  if (error) return html`<h1>${params.id}</h1><${ErrorMessage} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const s = data.summary;
  const other = (r) => (r.other ? html`<a href=${'/objects/' + encodeURIComponent(r.other_id)}>${r.other.name || r.other_id}</a> <code>${r.other.type}</code>`
    : html`<span class="id mono">${r.other_id}</span>`);
  return html`
    <h1 data-testid="object-name">${s.name || s.id}</h1>
    <p class="row"><code class="id">${s.id}</code> <${Tlp} value=${s.tlp} /> <span class="badge">${s.distribution}</span>
      ${s.revoked && html`<span class="badge bad">${t('objects.revoked')}</span>`}
      <a href=${'/api/v1/objects/export?id=' + encodeURIComponent(s.id)} download=${s.id + '.json'}>${t('object.download')}</a></p>
    <div class="tabs" role="tablist">
      ${TABS.filter((k) => k !== 'sharing' || data.who_may_see).map((k) => html`<button type="button" role="tab" id=${'tab-' + k} aria-selected=${tab === k ? 'true' : 'false'}
        aria-controls="tab-panel" onClick=${() => setTab(k)}>${t('object.tab_' + k)}</button>`)}
    </div>
    <div id="tab-panel" role="tabpanel" aria-labelledby=${'tab-' + tab} class="card">
      ${tab === 'properties' && html`<${Properties} object=${data.object} />
        <h2>${t('object.markings')}</h2>
        <${Table} columns=${[{ key: 'id', label: 'id', render: (m) => html`<code class="id">${m.id}</code>` }, { key: 'tlp', label: 'TLP' }]} rows=${data.markings} empty=${t('object.no_markings')} />`}
      ${tab === 'json' && html`<pre data-testid="raw-json">${JSON.stringify(data.object, null, 2)}</pre>`}
      ${tab === 'versions' && html`<${Versions} versions=${data.versions} />`}
      ${tab === 'relationships' && html`
        <${Neighbourhood} data=${data} />
        <h2>${t('object.relationships')}</h2>
        <${Table} data-testid="relationships" columns=${[
          { key: 'direction', label: t('object.direction'), render: (r) => t('object.' + r.direction) },
          { key: 'relationship_type', label: t('object.relationship_type') },
          { key: 'other', label: t('object.other_end'), render: other },
        ]} rows=${data.relationships} empty=${t('object.no_relationships')} />
        <h2>${t('object.refers_to')}</h2>
        <${Table} columns=${[{ key: 'property', label: t('object.property') }, { key: 'other', label: t('object.other_end'), render: other }]}
          rows=${data.refers_to} />
        <h2>${t('object.referred_by')}</h2>
        <${Table} columns=${[
          { key: 'name', label: t('objects.name'), render: (o) => html`<a href=${'/objects/' + encodeURIComponent(o.id)}>${o.name || o.id}</a>` },
          { key: 'type', label: t('objects.type') },
        ]} rows=${data.referred_by} />`}
      ${tab === 'sightings' && html`<${Table} columns=${[
          { key: 'id', label: 'id', render: (x) => html`<a class="id" href=${'/objects/' + encodeURIComponent(x.id)}>${x.id}</a>` },
          { key: 'count', label: t('object.count') },
          { key: 'first_seen', label: t('object.first_seen'), render: (x) => formatDateTime(x.first_seen) },
          { key: 'last_seen', label: t('object.last_seen'), render: (x) => formatDateTime(x.last_seen) },
        ]} rows=${data.sightings} empty=${t('object.no_sightings')} />`}
      ${tab === 'sharing' && html`<${Table} columns=${[
          { key: 'kind', label: t('object.recipient_kind'), render: (w) => t('object.kind_' + w.kind) },
          { key: 'name', label: t('object.recipient'), render: (w) => w.name || t('object.kind_public') },
          { key: 'release', label: t('object.may_see'), render: (w) => html`<span class=${'badge ' + (w.release ? 'good' : 'bad')}>${w.release ? t('common.yes') : t('common.no')}</span>` },
          { key: 'rule', label: t('object.rule') },
        ]} rows=${data.who_may_see} />`}
    </div>`;
}
