// Vulnerabilities: the stored records with their scores, and a CVSS calculator for v2.0, v3.0,
// v3.1 and v4.0 (choose metrics: the vector and the node's scores update at once; paste a
// vector: the metrics are selected).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, get } from '../lib/api.js';
import { t } from '../lib/i18n.js';
import { versions, vectorOf, parseVector, defaults } from '../lib/cvss.js';
import { useLoad, Loading, ErrorMessage, Section, Table, Field } from '../components/ui.js';

function Calculator() {
  const [version, setVersion] = useState('3.1');
  const [choices, setChoices] = useState(defaults('3.1'));
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState('');
  const [result, setResult] = useState(null);
  const vector = vectorOf(version, choices);
  useEffect(() => {
    let live = true;
    api('POST', '/api/v1/cvss', { vectors: [vector] }).then((r) => live && setResult(r.results[0]), (e) => live && setResult({ error: e.message }));
    return () => {
      live = false;
    };
  }, [vector]);
  function paste(event) {
    event.preventDefault();
    const parsed = parseVector(pasted);
    if (!parsed) {
      setPasteError(t('cvss.bad_vector'));
      return;
    }
    setPasteError('');
    setVersion(parsed.version);
    setChoices({ ...defaults(parsed.version), ...parsed.choices });
  }
  return html`<${Section} title=${t('cvss.calculator')}>
    <div class="filters">
      <${Field} id="cvss-version" label=${t('cvss.version')}>
        <select id="cvss-version" value=${version} onChange=${(e) => { const v = e.currentTarget.value; setVersion(v); setChoices(defaults(v)); }}>
          ${Object.keys(versions).map((v) => html`<option value=${v}>CVSS ${v}</option>`)}
        </select>
      <//>
    </div>
    <form class="filters" onSubmit=${paste}>
      <${Field} id="cvss-paste" label=${t('cvss.paste')} error=${pasteError}>
        <input id="cvss-paste" class="mono" size="60" value=${pasted} onInput=${(e) => setPasted(e.currentTarget.value)} />
      <//>
      <button type="submit" class="secondary">${t('cvss.read')}</button>
    </form>
    <div class="grid">
      ${versions[version].metrics.map(([key, name, values]) => html`<fieldset class="card">
        <legend>${name} (${key})</legend>
        ${Object.entries(values).map(([value, label]) => html`<label class="row">
          <input type="radio" name=${'m-' + key} value=${value} checked=${choices[key] === value}
            onChange=${() => setChoices({ ...choices, [key]: value })} /> ${label} (${value})</label>`)}
      </fieldset>`)}
    </div>
    <p>${t('cvss.vector')}: <code data-testid="cvss-vector" class="id">${vector}</code></p>
    ${result && (result.error ? html`<p class="error" role="alert">${result.error}</p>` : html`<p role="status" data-testid="cvss-score">
      ${t('cvss.score')}: <strong>${result.score}</strong> (${result.severity})${result.nomenclature ? ' · ' + result.nomenclature : ''}</p>`)}
  <//>`;
}

// Concord's CVE extension (src/vulnerability/record.h): the scored CVSS entries of a record.
const CVE_EXTENSION = 'extension-definition--fba5393a-c840-565a-b723-0db7ce34f0d5';
function highest(v) {
  const scored = (v.extensions?.[CVE_EXTENSION]?.cvss || []).filter((c) => typeof c.score === 'number');
  if (!scored.length) return null;
  return scored.reduce((a, b) => (b.score > a.score ? b : a));
}

export default function Vulnerabilities() {
  const [data, error] = useLoad(() => get('/api/v1/vulnerabilities'), []);
  return html`
    <h1>${t('page.vulnerabilities')}</h1>
    <${Section} title=${t('vuln.records')}>
      ${error ? html`<${ErrorMessage} error=${error} />` : !data ? html`<${Loading} />` : html`<${Table} columns=${[
        { key: 'name', label: t('objects.name'), render: (v) => html`<a href=${'/objects/' + encodeURIComponent(v.id)}>${v.name}</a>` },
        { key: 'description', label: t('vuln.description') },
        { key: 'score', label: t('cvss.score'), render: (v) => {
          const best = highest(v);
          return best ? html`<strong>${best.score}</strong> ${best.severity} <code class="id">${best.vector}</code>` : '—';
        } },
      ]} rows=${data.vulnerabilities} />`}
    <//>
    <${Calculator} />`;
}
