// Countries coloured by a count (teams per country): ECharts' map series over the bundled world
// outline, both loaded on demand. The same numbers are the figure's text alternative, and the
// pages that show a map also show them as a table.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../lib/html.js';
import { language } from '../lib/i18n.js';

export function WorldMap({ counts, label, name }) {
  const ref = useRef(null);
  const key = JSON.stringify(counts);
  useEffect(() => {
    let live = true;
    Promise.all([import('./charts.js'), import('virtual:world')]).then(([charts, world]) => {
      if (!live || !ref.current) return;
      charts.registerMap('world', world.default);
      const max = Math.max(1, ...Object.values(counts));
      charts.draw(ref.current, {
        tooltip: { trigger: 'item', formatter: (p) => `${p.name}: ${p.value || 0}` },
        visualMap: { min: 0, max, left: 'left', bottom: 10, calculable: false, inRange: { color: ['#dbe7f3', '#0b5cad'] }, text: [String(max), '0'] },
        series: [{ type: 'map', map: 'world', name, nameProperty: 'code', roam: false, left: 70, right: 10, top: 10, bottom: 10, emphasis: { label: { show: false } },
          data: Object.entries(counts).map(([code, value]) => ({ name: code, value })) }],
      });
      ref.current.dataset.drawn = '1';
    });
    return () => {
      live = false;
    };
  }, [key, language.value]);
  const summary = Object.entries(counts).map(([c, n]) => `${c}: ${n}`).join(', ');
  return html`<figure class="chart-figure"><div ref=${ref} class="map" role="img" aria-label=${label + ': ' + summary}></div></figure>`;
}
