// bench/console: the console and its search API on a store of 1,000,000 objects (the ingest
// benchmark's generator, bench/synthetic_corpus) plus the demo.
//  - In headless Chromium (Debian's, as the browser tests run it): from navigation to the
//    overview's charts drawn, and to the objects table's first rows, cold (a new browser
//    profile: nothing cached) and warm (the same page again).
//  - The search API: ten typical queries, each for 5 s with 8 concurrent keep-alive clients
//    (wrk): requests/s, p50, p99. In the same run nginx serves the same response bodies as
//    files to the same wrk: the ceiling for those bytes on this machine; the ratio is printed.
//  - The first page's compressed size (the 300 KB budget), from the build's budget.json.
//
//   node bench/console/console_bench.mjs --concord build/concord [--objects 1000000] [--seconds 5]
import { execFileSync, execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launch } from '../../web/testing/harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf('--' + name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const concord = path.resolve(arg('concord', path.join(repo, 'build/concord')));
const objects = Number(arg('objects', 1000000));
const seconds = Number(arg('seconds', 5));
const build = path.dirname(concord);
const dir = fs.mkdtempSync(path.join(arg('dir', os.tmpdir()), 'concord-console-bench-'));
const db = path.join(dir, 'concord.db');
const PASSWORD = 'benchmark password 1';

function log(...a) {
  console.log(...a);
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function serve() {
  const port = await freePort();
  const child = spawn(concord, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--demo', path.join(repo, 'data/demo')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const t0 = Date.now();
  while (!/Listening on/.test(out)) {
    if (child.exitCode !== null || Date.now() - t0 > 120000) throw new Error('serve did not start:\n' + out);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: `http://127.0.0.1:${port}`, port, output: () => out };
}
async function stop(child) {
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// 1. The store: the demo (first start), then the corpus imported.
log(`bench/console: ${objects.toLocaleString('en')} synthetic indicators + the demo, in ${dir}`);
const corpus = path.join(dir, 'corpus.jsonl');
execSync(`${path.join(build, 'bench/synthetic_corpus')} ${objects} > ${corpus}`);
let node = await serve();
const token = /Admin API token \(shown once, store it now\): (\S+)/.exec(node.output())[1];
await stop(node.child);
let t = Date.now();
execFileSync(concord, ['--db', db, 'import', corpus], { stdio: 'ignore' });
const importSeconds = (Date.now() - t) / 1000;
execFileSync(concord, ['--db', db, 'user', 'add', 'bench', '--org', 'This node', '--role', 'analyst', '--password-stdin'], { input: PASSWORD + '\n' });
fs.rmSync(corpus);
node = await serve();
const auth = { Authorization: `Bearer ${token}` };
const getJson = async (p) => (await fetch(node.url + p, { headers: auth })).json();

// 2. The search index and counts follow the writes (serve indexes in the background).
t = Date.now();
const expected = objects + 2084; // the corpus and the demo's objects
for (;;) {
  const stats = await getJson('/api/v1/objects/stats');
  if (stats.total >= expected) break;
  await new Promise((r) => setTimeout(r, 1000));
}
const indexSeconds = (Date.now() - t) / 1000;
log(`import ${importSeconds.toFixed(1)} s; search index and counts caught up ${indexSeconds.toFixed(1)} s after start`);

// 3. The browser.
const browser = await launch();
async function timings() {
  const context = await browser.browser.newContext({ viewport: { width: 1366, height: 900 } });
  // Signed in through the API, so that the first page load finds nothing cached.
  const signed = await context.request.post(node.url + '/api/v1/session', { data: { user: 'bench', password: PASSWORD } });
  if (!signed.ok()) throw new Error('sign-in failed: ' + signed.status());
  const page = await context.newPage();
  const measure = async (url, ready) => {
    const start = Date.now();
    await page.goto(node.url + url);
    await page.waitForFunction(ready, null, { timeout: 60000 });
    return Date.now() - start;
  };
  const chartsDrawn = () => document.querySelectorAll('.chart[data-drawn="1"]').length >= 2;
  const firstRows = () => document.querySelectorAll('[data-testid=objects-table] tbody tr').length > 0;
  const r = {
    overview_cold: await measure('/', chartsDrawn),
    objects_cold: await measure('/objects', firstRows),
    overview_warm: await measure('/', chartsDrawn),
    objects_warm: await measure('/objects', firstRows),
  };
  await context.close();
  return r;
}
const runs = [await timings(), await timings(), await timings()];
const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
await browser.close();

// 4. The API under 8 clients, and nginx serving the same bodies.
// Values from the corpus (bench/synthetic.h: the first indicator is an IPv4 address, the third a
// domain), found by their author.
const corpusAuthor = 'identity--6f4c1d2e-3b5a-4c7d-8e9f-0a1b2c3d4e5f';
const sample = await getJson(`/api/v1/objects?created_by=${corpusAuthor}&limit=3&order=asc`);
const someId = sample.objects[0].id;
const detail = await getJson('/api/v1/objects/' + someId);
const ip = /'([0-9.]+)'/.exec(detail.object.pattern)[1];
const domain = /'([^']+)'/.exec((await getJson('/api/v1/objects/' + sample.objects[2].id)).object.pattern)[1];
let cursor = '';
for (let i = 0; i < 200; i++) cursor = (await getJson('/api/v1/objects?type=indicator&limit=50' + (cursor ? '&after=' + cursor : ''))).next;
const today = new Date().toISOString().slice(0, 10);
const queries = [
  ['by value (an address)', `/api/v1/objects?q=${ip}`],
  ['by value (a domain)', `/api/v1/objects?q=${domain}`],
  ['type + TLP', '/api/v1/objects?type=indicator&tlp=green&limit=50'],
  ['free text', '/api/v1/objects?q=infrastructure+4242&limit=50'],
  ['date range', `/api/v1/objects?added_after=${today}&limit=50`],
  ['label', '/api/v1/objects?label=botnet&limit=50'],
  ['sorted by modified', '/api/v1/objects?sort=modified&limit=50'],
  ['deep page (page 201)', `/api/v1/objects?type=indicator&limit=50&after=${cursor}`],
  ['counts for the overview', '/api/v1/objects/stats'],
  ['one object', `/api/v1/objects/${someId}`],
];

function wrk(url, headers = []) {
  const out = execFileSync('wrk', ['-t', '2', '-c', '8', '-d', `${seconds}s`, '--latency', ...headers.flatMap((h) => ['-H', h]), url], { encoding: 'utf8' });
  const ms = (s) => {
    const m = /([\d.]+)(us|ms|s)/.exec(s);
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
    p50: ms(/\s50%\s+(\S+)/.exec(out)[1]),
    p99: ms(/\s99%\s+(\S+)/.exec(out)[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] || 0),
  };
}

// The bodies first, then each query on Concord and at once on nginx (same conditions for both).
const www = path.join(dir, 'www');
fs.mkdirSync(www);
const results = [];
for (const [i, [name, q]] of queries.entries()) {
  const body = await (await fetch(node.url + q, { headers: auth })).text();
  fs.writeFileSync(path.join(www, `q${i}.json`), body);
  results.push({ name, query: q, bytes: body.length });
}
const nginxPort = await freePort();
const conf = path.join(dir, 'nginx.conf');
fs.writeFileSync(conf, `worker_processes 2;\ndaemon off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/nginx.err;\nevents { worker_connections 1024; }\n` +
  `http { access_log off; keepalive_requests 1000000; default_type application/json;\n server { listen 127.0.0.1:${nginxPort}; root ${www}; } }\n`);
const nginx = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
for (const [i, r] of results.entries()) {
  r.concord = wrk(node.url + r.query, [`Authorization: Bearer ${token}`]);
  r.nginx = wrk(`http://127.0.0.1:${nginxPort}/q${i}.json`);
}
nginx.kill('SIGTERM');
await stop(node.child);

// 5. Report.
const budget = JSON.parse(fs.readFileSync(path.join(build, 'console/budget.json'), 'utf8'));
log('');
log(`browser (median of 3 fresh profiles)          cold ms   warm ms   target`);
log(`overview: navigation -> charts drawn       ${String(median('overview_cold')).padStart(9)} ${String(median('overview_warm')).padStart(9)}   < 1000`);
log(`objects: navigation -> first rows          ${String(median('objects_cold')).padStart(9)} ${String(median('objects_warm')).padStart(9)}   < 1000`);
log(`first page: ${(budget.first_page_gzip_bytes / 1024).toFixed(1)} KB gzip (JS + CSS + catalogue + overview; budget 300 KB)`);
log('');
log('query (8 clients)              concord req/s  p50 ms  p99 ms | nginx req/s  p50 ms  p99 ms | ratio');
for (const r of results) {
  const c = r.concord;
  const n = r.nginx;
  log(`${r.name.padEnd(30)} ${c.rps.toFixed(0).padStart(13)} ${c.p50.toFixed(2).padStart(7)} ${c.p99.toFixed(2).padStart(7)} | ` +
    `${n.rps.toFixed(0).padStart(11)} ${n.p50.toFixed(2).padStart(7)} ${n.p99.toFixed(2).padStart(7)} | ${(c.rps / n.rps).toFixed(2)}` +
    (c.non2xx ? `  (${c.non2xx} non-2xx!)` : ''));
}
const worstP99 = Math.max(...results.map((r) => r.concord.p99));
const worstRatio = Math.min(...results.map((r) => r.concord.rps / r.nginx.rps));
log(`\nworst p99 ${worstP99.toFixed(2)} ms (target < 100); lowest ratio to nginx ${worstRatio.toFixed(2)} (target >= 0.3)`);
fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ objects, importSeconds, indexSeconds, runs, results, budget }, null, 1));
log(`results: ${path.join(dir, 'results.json')}`);
if (!arg('keep')) fs.rmSync(db, { force: true });
