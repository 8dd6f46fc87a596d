// A chart: a labelled figure whose drawing loads with ECharts on demand. `data-drawn` is set
// once drawn (what the browser tests and the benchmark wait for). The numbers are also in the
// figure's text alternative (`summary`), so the chart is never the only way to read them.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../lib/html.js';
import { language, languages } from '../lib/i18n.js';

export function Chart({ option, label, summary, className = 'chart' }) {
  const ref = useRef(null);
  useEffect(() => {
    let live = true;
    const el = ref.current;
    import('./charts.js').then((charts) => {
      if (!live || !el) return;
      const rtl = languages.find((l) => l.code === language.value)?.dir === 'rtl';
      charts.draw(el, option, rtl);
      el.dataset.drawn = '1';
    });
    return () => {
      live = false;
    };
  }, [JSON.stringify(option), language.value]);
  useEffect(() => () => import('./charts.js').then((charts) => ref.current && charts.dispose(ref.current)), []);
  return html`<figure class="chart-figure">
    <div ref=${ref} class=${className} role="img" aria-label=${label + (summary ? ': ' + summary : '')}></div>
  </figure>`;
}
