// What every browser test shares: a Concord node of its own (a fresh store with the demo data,
// on a free loopback port, stopped when the test ends), Debian's Chromium driven by
// playwright-core, signing in, and screenshots saved as test artefacts.
import { spawn, execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(new URL(import.meta.url).pathname);
export const repo = path.resolve(here, '../..');
export const concord = process.env.CONCORD_BIN || path.join(repo, 'build/concord');
export const artefacts = process.env.CONCORD_ARTEFACTS || path.join(repo, 'build/console-screenshots');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
export const languages = fs.readdirSync(path.join(repo, 'web/src/i18n')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
export const catalogue = (code) => JSON.parse(fs.readFileSync(path.join(repo, 'web/src/i18n', code + '.json'), 'utf8'));

export const PASSWORD = 'correct horse battery staple';

// Runs `concord serve` until it listens: {child, url, output()}.
async function serve(args) {
  const child = spawn(concord, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('concord did not start:\n' + output)), 60000);
    const read = (chunk) => {
      output += chunk;
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`concord exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// Starts `concord serve` with the demo data on a free port; resolves once it listens. `setup`
// (given the node, to run CLI commands) runs between the first start, which creates the store,
// and the start the test uses.
export async function startNode({ demo = true, setup } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-console-'));
  const db = path.join(dir, 'concord.db');
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--dns', '127.0.0.1:0'];
  if (demo) args.push('--demo', path.join(repo, 'data/demo'));
  let run = await serve(args);
  const first = run.output();
  const node = {
    db,
    dir,
    firstStart: first,
    oneTimePassword: /one-time password (\S+)/.exec(first)?.[1],
    // Runs a concord command against this node's store.
    cli(argv, input) {
      return execFileSync(concord, ['--db', db, ...argv], { input, encoding: 'utf8' });
    },
    addUser(name, role, org = 'This node') {
      this.cli(['user', 'add', name, '--org', org, '--role', role, '--password-stdin'], PASSWORD + '\n');
    },
    async stop() {
      await stopChild(run.child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  if (setup) {
    await stopChild(run.child);
    await setup(node);
    run = await serve(args);
  }
  node.url = run.url;
  node.output = run.output;
  node.dnsPort = Number(/DNSBL on 127\.0\.0\.1 port (\d+)/.exec(run.output())[1]);
  return node;
}

// One DNS query over UDP (type A, class IN) to the node's DNSBL; resolves to the answer's
// RCODE (0: listed, 3: NXDOMAIN).
export function dnsQuery(port, name) {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')]));
  const id = Math.floor(Math.random() * 65536);
  const header = Buffer.from([id >> 8, id & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  const query = Buffer.concat([header, ...labels, Buffer.from([0, 0, 1, 0, 1])]);
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.close(); reject(new Error('no DNS answer for ' + name)); }, 5000);
    socket.on('message', (answer) => {
      if (answer.readUInt16BE(0) !== id) return;
      clearTimeout(timer);
      socket.close();
      resolve(answer[3] & 15);
    });
    socket.send(query, port, '127.0.0.1');
  });
}

// Chromium with a fresh profile (playwright makes a temporary one). Each user of a test gets
// its own context: its own cookies, so signing in as one never signs in as another.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    newContext: () => browser.newContext({ viewport: { width: 1366, height: 900 } }),
    close: () => browser.close(),
  };
}

// A page in a context of its own that records any script error, dialog or CSP violation it
// sees in `problems`.
export async function newPage(browser, problems = []) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('close', () => context.close().catch(() => {}));
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('dialog', async (d) => {
    problems.push('dialog: ' + d.message());
    await d.dismiss();
  });
  page.on('console', (m) => {
    // The browser logs every 4xx answer, which the pages expect and show (a form's validation,
    // signed out, forbidden); anything else it logs as an error (a 5xx, a CSP violation) is one.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push('console: ' + m.text());
  });
  return page;
}

export async function signIn(page, url, user, password = PASSWORD) {
  await page.goto(url + '/');
  await page.fill('#user', user);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav[aria-label]');
}

export async function setLanguage(page, code) {
  await page.selectOption('#language', code);
  await page.waitForFunction((c) => document.documentElement.lang === c, code);
}

export async function screenshot(page, name) {
  fs.mkdirSync(artefacts, { recursive: true });
  await page.screenshot({ path: path.join(artefacts, name + '.png'), fullPage: true });
}

// axe-core in the page: the WCAG 2.1 A and AA rules. Returns the violations.
const axeSource = fs.readFileSync(path.join(repo, 'web/node_modules/axe-core/axe.min.js'), 'utf8');
export async function axe(page) {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
}
