// Bundles the console for `concord serve`: node build.mjs OUT_DIR
//   OUT_DIR/index.html            the one page (no inline script: the CSP forbids it)
//   OUT_DIR/assets/NAME.HASH.js   entry, pages and catalogues, split so each loads on demand
//   OUT_DIR/assets/NAME.HASH.css
//   every text file also as .gz and .br, served when the browser accepts them
//   OUT_DIR/budget.json           what the first page loads, compressed (the 300 KB budget)
// File names carry a content hash, so the server lets browsers keep them for a year.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const here = path.dirname(new URL(import.meta.url).pathname);
const out = path.resolve(process.argv[2] || path.join(here, 'dist'));
const budgetBytes = 300 * 1024;

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'assets'), { recursive: true });

// virtual:languages: every catalogue in src/i18n, by its code, native name and direction, so
// adding a language is adding one file.
const languagesPlugin = {
  name: 'languages',
  setup(build) {
    build.onResolve({ filter: /^virtual:languages$/ }, (a) => ({ path: a.path, namespace: 'languages' }));
    build.onLoad({ filter: /.*/, namespace: 'languages' }, () => {
      const dir = path.join(here, 'src', 'i18n');
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
      const list = files.map((f) => {
        const c = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
        return { code: f.slice(0, -5), name: c['meta.name'], dir: c['meta.dir'] === 'rtl' ? 'rtl' : 'ltr' };
      });
      return { contents: `export default ${JSON.stringify(list)};`, loader: 'js', watchDirs: [dir] };
    });
  },
};

// virtual:world: the world's countries as GeoJSON (world-atlas, Natural Earth 1:110m), each
// feature with its ISO alpha-2 code (`properties.code`), coordinates rounded to 0.01°.
// Converted here, at build time, so that the browser receives a ready map.
const worldPlugin = {
  name: 'world',
  setup(build) {
    build.onResolve({ filter: /^virtual:world$/ }, (a) => ({ path: a.path, namespace: 'world' }));
    build.onLoad({ filter: /.*/, namespace: 'world' }, async () => {
      const { feature } = await import('topojson-client');
      const topology = JSON.parse(fs.readFileSync(path.join(here, 'node_modules/world-atlas/countries-110m.json'), 'utf8'));
      const numeric = JSON.parse(fs.readFileSync(path.join(here, 'src/data/iso-3166-numeric.json'), 'utf8'));
      const alpha2 = Object.fromEntries(Object.entries(numeric).map(([a, n]) => [n, a]));
      const world = feature(topology, topology.objects.countries);
      const round = (c) => (typeof c[0] === 'number' ? c.map((x) => Math.round(x * 100) / 100) : c.map(round));
      for (const f of world.features) {
        f.properties = { code: alpha2[f.id] || '', name: f.properties.name };
        f.geometry.coordinates = round(f.geometry.coordinates);
        delete f.id;
      }
      return { contents: `export default ${JSON.stringify(world)};`, loader: 'js' };
    });
  },
};

const result = await esbuild.build({
  plugins: [languagesPlugin, worldPlugin],
  absWorkingDir: here,
  entryPoints: ['src/main.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: process.env.CONCORD_WEB_DEBUG ? false : true,
  sourcemap: false,
  target: 'es2020',
  outdir: path.join(out, 'assets'),
  entryNames: '[name].[hash]',
  chunkNames: '[name].[hash]',
  assetNames: '[name].[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const outputs = result.metafile.outputs;
const rel = (p) => '/' + path.relative(out, path.resolve(here, p)).split(path.sep).join('/');
const [entryJs, entry] = Object.entries(outputs).find(([, o]) => o.entryPoint === 'src/main.js');
const css = entry.cssBundle;

fs.writeFileSync(
  path.join(out, 'index.html'),
  `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Concord</title>
<link rel="icon" href="data:,">
${css ? `<link rel="stylesheet" href="${rel(css)}">` : ''}
<script type="module" src="${rel(entryJs)}"></script>
</head>
<body>
<div id="app"></div>
<noscript>Concord's console needs JavaScript.</noscript>
</body>
</html>
`,
);

// Pre-compressed variants of every text file.
const compressed = new Map();
for (const file of walk(out)) {
  if (!/\.(js|css|html|json|svg)$/.test(file)) continue;
  const bytes = fs.readFileSync(file);
  const gz = zlib.gzipSync(bytes, { level: 9 });
  const br = zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  fs.writeFileSync(file + '.gz', gz);
  fs.writeFileSync(file + '.br', br);
  compressed.set(file, { raw: bytes.length, gzip: gz.length, brotli: br.length });
}

// The first page: the entry, what it imports statically, its CSS, the English catalogue and
// the overview page (with its static imports): what a browser must load before it shows
// anything. Charts load on demand and are not counted.
const firstPage = new Set();
const add = (file) => {
  if (firstPage.has(file)) return;
  firstPage.add(file);
  for (const imp of outputs[file].imports || []) if (imp.kind === 'import-statement') add(imp.path);
  if (outputs[file].cssBundle) firstPage.add(outputs[file].cssBundle);
};
add(entryJs);
for (const [file, o] of Object.entries(outputs)) {
  const inputs = Object.keys(o.inputs || {});
  if (inputs.some((i) => i === 'src/i18n/en.json' || i === 'src/pages/overview.js')) add(file);
}
let total = 0;
const files = [];
for (const file of firstPage) {
  const size = compressed.get(path.resolve(here, file))?.gzip ?? 0;
  total += size;
  files.push({ file: rel(file), gzip: size });
}
fs.writeFileSync(
  path.join(out, 'budget.json'),
  JSON.stringify({ first_page_gzip_bytes: total, budget_bytes: budgetBytes, files }, null, 1) + '\n',
);
console.log(`console: ${Object.keys(outputs).length} files in ${out}; first page ${(total / 1024).toFixed(1)} KB gzip (budget ${budgetBytes / 1024} KB)`);
if (total > budgetBytes) {
  console.error(`console: the first page is over its budget: ${total} > ${budgetBytes} bytes`);
  process.exit(1);
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}
