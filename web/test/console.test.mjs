// The console in a real browser (Debian's Chromium) against a real node with the demo data:
// what each page shows, who may do what, inert stored strings, every language, and axe-core.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startNode, launch, newPage, signIn, setLanguage, screenshot, axe, languages, catalogue, dnsQuery, PASSWORD, repo as repoDir } from '../testing/harness.mjs';

const XSS = '<img src=x onerror=alert(1)>';

let node;
let browser;
// The demo incidents (made in setup): ours, with an overdue request to PARTNER-CERT, and one of
// PARTNER-CERT's, whose request waits in our inbox.
let incidentUrl;

before(async () => {
  node = await startNode({
    setup: (n) => {
      n.addUser('ana', 'analyst');
      n.addUser('rita', 'reader');
      n.cli(['dns', 'zone', 'add', 'bl.demo.example', '--source', 'manual']);
      // Two reachability checks of the demo team's contacts through a relay that is not there:
      // both undeliverable, kept with their reason.
      for (let i = 0; i < 2; ++i) {
        try {
          n.cli(['contact', 'check', '--team', 'DEMO-CSIRT', '--smtp', '127.0.0.1:9']);
        } catch {
          // exits 1 when a challenge could not be delivered (all of them, here)
        }
      }
      fs.writeFileSync(path.join(n.dir, 'token'), 'concord_not-a-real-token\n');
      n.cli(['peer', 'add', 'CERT-PEER', '--url', 'http://127.0.0.1:9/taxii2/api/', '--token-file', path.join(n.dir, 'token')]);
      // A stored string that would be markup if the console ever rendered HTML.
      const bundle = {
        type: 'bundle',
        id: 'bundle--6a6fd3a6-8d1a-4c3f-9a0b-1f2e3d4c5b6a',
        objects: [{
          type: 'indicator', spec_version: '2.1', id: 'indicator--0c6e7b0a-5a5e-4f4e-9a39-2b6f4c1d2e3f',
          created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: XSS,
          description: XSS, pattern: "[domain-name:value = 'xss.example']", pattern_type: 'stix', valid_from: '2026-01-01T00:00:00Z',
        }],
      };
      fs.writeFileSync(path.join(n.dir, 'xss.json'), JSON.stringify(bundle));
      n.cli(['import', path.join(n.dir, 'xss.json')]);
      // Cross-border incidents: a partner organisation, an incident of ours about an address in
      // DEMO-CSIRT's constituency with a request whose deadline passes before the tests look,
      // and an incident of the partner's that asks us for help.
      n.cli(['org', 'add', 'PARTNER-CERT']);
      n.cli(['import', path.join(repoDir, 'data/samples/c2-indicator.json')]);
      const ours = n.cli(['incident', 'open', '--name', 'C2 server at 198.51.100.7', '--class', 'malicious-code', '--type', 'c2-server',
        '--participant', 'PARTNER-CERT', '--criticality', '70', '--link', 'indicator--0c9a3c8e-5b7e-4b1e-9d52-6f0a1e2b3c4d']).split(' ')[0];
      incidentUrl = '/incidents/' + ours;
      n.cli(['request', 'send', ours, '--to', 'PARTNER-CERT', '--action', 'take-down', '--severity', 'critical', '--deadline', '1s',
        '--text', 'Please take 198.51.100.7 down']);
      const theirs = n.cli(['incident', 'open', '--as', 'PARTNER-CERT', '--name', 'Phishing kit on a shared host', '--class', 'fraud',
        '--type', 'phishing', '--participant', 'This node', '--criticality', '40']).split(' ')[0];
      n.cli(['request', 'send', theirs, '--as', 'PARTNER-CERT', '--to', 'This node', '--action', 'preserve-logs', '--severity', 'high',
        '--text', 'Keep the web server logs of 203.0.113.9']);
      // A CVE record with its CVSS scores (Log4Shell, as CVE JSON 5).
      try {
        n.cli(['import', path.join(repoDir, 'tests/data/cve/CVE-2021-44228.json')]);
      } catch {
        // concord import exits 1 when a stated score differs from the computed one (reported).
      }
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await node?.stop();
});

// Opens a page and waits until it is no longer loading.
async function open(page, url) {
  await page.goto(node.url + url);
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('main [role=status]')?.textContent.match(/…|\.\.\./), null, { timeout: 15000 }).catch(() => {});
}

describe('first start', () => {
  it('the admin signs in with the printed one-time password and must choose a password', async () => {
    assert.ok(node.oneTimePassword, 'serve prints a one-time password at first start:\n' + node.firstStart);
    const problems = [];
    const page = await newPage(browser, problems);
    await page.goto(node.url + '/');
    await page.fill('#user', 'admin');
    await page.fill('#password', node.oneTimePassword);
    await page.click('button[type=submit]');
    await page.waitForSelector('#new_password');
    await screenshot(page, 'choose-password-en');
    // The server refuses everything else until then.
    const refused = await page.evaluate(async () => (await fetch('/api/v1/objects')).status);
    assert.equal(refused, 403);
    await page.fill('#current_password', node.oneTimePassword);
    await page.fill('#new_password', 'short');
    await page.fill('#repeat', 'short');
    await page.click('button[type=submit]');
    await page.waitForSelector('#new_password-error');
    assert.match(await page.textContent('#new_password-error'), /12/);
    await page.fill('#new_password', PASSWORD);
    await page.fill('#repeat', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav[aria-label]');
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe('every page on the demo data', () => {
  let page;
  const problems = [];
  before(async () => {
    page = await newPage(browser, problems);
    await signIn(page, node.url, 'admin');
  });
  after(() => assert.deepEqual(problems, []));

  it('overview: totals, charts drawn, latest objects', async () => {
    await open(page, '/');
    await page.waitForSelector('[data-testid=total-indicators]');
    assert.equal(await page.textContent('[data-testid=total-indicators]'), '45'); // 43 demo + the XSS one + the C2 indicator of the incidents
    assert.equal(await page.textContent('[data-testid=total-teams]'), '22');
    await page.waitForSelector('.chart[data-drawn="1"] svg');
    // The world map: teams per country (FR has one), drawn from the bundled outlines.
    await page.waitForSelector('.map[data-drawn="1"] svg');
    assert.match(await page.getAttribute('.map', 'aria-label'), /FR: 1/);
    assert.match(await page.textContent('main'), /TLP:GREEN/);
    assert.match(await page.textContent('main'), /CERT-PEER/);
    assert.match(await page.textContent('main'), /bl\.demo\.example/);
    await screenshot(page, 'overview-en');
  });

  it('objects: free text and an observable value find what they should', async () => {
    await open(page, '/objects?q=poison+ivy');
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    assert.match(await page.textContent('[data-testid=objects-table]'), /Poison Ivy: Assessing Damage and Extracting Intelligence/);
    // An address inside 223.166.0.0/15 finds the indicator whose pattern names that network.
    await page.fill('#f-q', '223.166.1.1');
    await page.click('form[role=search] button[type=submit]');
    await page.waitForFunction(() => /HTRAN Hop Point Accessor/.test(document.querySelector('[data-testid=objects-table]')?.textContent));
    assert.match(page.url(), /q=223\.166\.1\.1/); // the URL holds the query
    await open(page, '/objects');
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    await screenshot(page, 'objects-en');
  });

  it('objects: scrolling loads the next server page', async () => {
    await open(page, '/objects?type=relationship');
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    assert.match(await page.textContent('[data-testid=objects-status]'), /^100 /);
    await page.evaluate(() => { const box = document.querySelector('.virtual'); box.scrollTop = box.scrollHeight; });
    await page.waitForFunction(() => /^200 /.test(document.querySelector('[data-testid=objects-status]').textContent));
    // Only the rows in view are in the document.
    assert.ok((await page.$$('[data-testid=objects-table] tbody tr')).length < 120);
  });

  it('objects: import by upload reports what was added and what was refused, and why', async () => {
    await open(page, '/objects');
    const bundle = {
      type: 'bundle',
      id: 'bundle--0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      objects: [
        { type: 'malware', spec_version: '2.1', id: 'malware--1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a', created: '2026-02-01T00:00:00.000Z',
          modified: '2026-02-01T00:00:00.000Z', name: 'Uploaded in the console', is_family: false },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', created: '2026-02-01T00:00:00.000Z',
          modified: '2026-02-01T00:00:00.000Z', pattern: "[ipv4-addr:value = '198.51.100.1'", pattern_type: 'stix', valid_from: '2026-02-01T00:00:00Z' },
      ],
    };
    await page.setInputFiles('#bundle', { name: 'upload.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
    await page.click('text=Upload');
    await page.waitForSelector('[data-testid=import-result]');
    assert.match(await page.textContent('[data-testid=import-result]'), /2 read: 1 added, 0 already stored, 1 refused/);
    assert.match(await page.textContent('main'), /indicator--2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b/);
    assert.match(await page.textContent('main'), /pattern/);
  });

  it('object: a known relationship, versions, who may see it', async () => {
    await open(page, '/objects?q=223.166.1.1');
    await page.click('text=HTRAN Hop Point Accessor');
    await page.waitForSelector('[data-testid=object-name]');
    assert.equal(await page.textContent('[data-testid=object-name]'), 'HTRAN Hop Point Accessor');
    await page.click('#tab-relationships');
    await page.waitForSelector('.graph[data-drawn="1"]');
    assert.match(await page.textContent('#tab-panel'), /indicates/);
    assert.match(await page.textContent('#tab-panel'), /HUC Packet Transmit Tool \(HTRAN\)/);
    await screenshot(page, 'object-en');
    await page.click('#tab-sharing');
    assert.match(await page.textContent('#tab-panel'), /never public/);
    await page.click('#tab-versions');
    assert.match(await page.textContent('#tab-panel'), /1 versions/);
  });

  it('early warning: a pasted log line matches the indicator', async () => {
    await open(page, '/early-warning');
    await page.fill('#log', '2026-12-03T10:00:00Z connection from 223.166.5.5 to 10.0.0.1');
    await page.click('main form button[type=submit]');
    await page.waitForSelector('[data-testid=match-summary]');
    assert.match(await page.textContent('main'), /HTRAN Hop Point Accessor/);
    await screenshot(page, 'early-warning-en');
  });

  it('directory: teams, who is responsible, a team page', async () => {
    await open(page, '/directory');
    assert.match(await page.textContent('main'), /French Government CERT/);
    await page.fill('#who-q', '198.51.100.7');
    await page.click('text=Look up');
    await page.waitForSelector('[data-testid=who-answer]');
    assert.match(await page.textContent('[data-testid=who-answer]'), /Concord demonstration CSIRT/);
    await screenshot(page, 'directory-en');
    await open(page, '/directory/CERT-FR');
    assert.equal(await page.textContent('[data-testid=team-name]'), 'French Government CERT');
    assert.equal(await page.textContent('[data-testid=team-country]'), 'FR');
    await open(page, '/directory/DEMO-CSIRT');
    assert.match(await page.textContent('main'), /duty@demo-csirt\.example/);
    // Reachability: the latest state per contact, and every check with its reason.
    assert.match(await page.textContent('main'), /undeliverable/);
    const checks = await page.locator('[data-testid=checks] tbody tr').allTextContents();
    const contacts = (await page.locator('section:has(h2:text-is("Contacts")) tbody tr').count());
    assert.equal(checks.length, 2 * contacts, checks.join('\n'));
    for (const row of checks) assert.match(row, /@demo-csirt\.example.*undeliverable.*127\.0\.0\.1:9/);
    assert.match(await page.textContent('main'), /team\.add/); // the history
    // An administrator edits the record: a bad country is refused next to its field; a good
    // change is saved and appears in the history.
    await page.fill('#e-country', 'ZZ');
    await page.click('[data-testid=edit-team] button[type=submit]');
    await page.waitForSelector('#e-country-error');
    assert.match(await page.textContent('#e-country-error'), /ISO 3166/);
    await page.fill('#e-country', 'AZ');
    await page.fill('#e-phone', '+994 12 555 02 00');
    await page.click('[data-testid=edit-team] button[type=submit]');
    await page.waitForFunction(() => /team\.edit/.test(document.querySelector('main').textContent));
    assert.match(await page.textContent('main'), /\+994 12 555 02 00/);
    await screenshot(page, 'team-en');
  });

  it('vulnerabilities: records and the CVSS calculator both ways', async () => {
    await open(page, '/vulnerabilities');
    assert.match(await page.textContent('main'), /CVE-2012-0158/);
    // Log4Shell with its highest score and vector.
    assert.match(await page.textContent('main'), /CVE-2021-44228[^]*10 Critical CVSS:3\.1\/AV:N\/AC:L\/PR:N\/UI:N\/S:C\/C:H\/I:H\/A:H/);
    await page.waitForFunction(() => /9\.8/.test(document.querySelector('[data-testid=cvss-score]')?.textContent || ''));
    assert.equal(await page.textContent('[data-testid=cvss-vector]'), 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    await page.check('input[name=m-AV][value=P]');
    await page.waitForFunction(() => /AV:P/.test(document.querySelector('[data-testid=cvss-vector]').textContent));
    await page.waitForFunction(() => /6\.8/.test(document.querySelector('[data-testid=cvss-score]').textContent));
    await page.fill('#cvss-paste', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
    await page.click('text=Read the vector');
    await page.waitForFunction(() => /9\.3/.test(document.querySelector('[data-testid=cvss-score]').textContent));
    assert.ok(await page.isChecked('input[name=m-AT][value=N]'));
    await screenshot(page, 'vulnerabilities-en');
  });

  it('spam and DNSBL: zone, a listing added and removed, the queries each zone answered', async () => {
    // Three queries for an address nobody listed: answered, not listed.
    for (let i = 0; i < 3; ++i) assert.equal(await dnsQuery(node.dnsPort, '66.2.0.192.bl.demo.example'), 3);
    await open(page, '/spam');
    assert.match(await page.textContent('main'), /bl\.demo\.example/);
    await page.fill('#l-entry', '192.0.2.66');
    await page.fill('#l-reason', 'spam run seen by the demo');
    await page.click('[data-testid=add-listing] button[type=submit]');
    await page.waitForFunction(() => /192\.0\.2\.66/.test(document.querySelector('main').textContent));
    // The listing is served within the zones' refresh interval; count what is asked meanwhile.
    let asked = 3;
    let rcode = 3;
    for (let tries = 0; rcode !== 0 && tries < 100; ++tries) {
      if (tries > 0) await new Promise((r) => setTimeout(r, 100));
      rcode = await dnsQuery(node.dnsPort, '66.2.0.192.bl.demo.example');
      ++asked;
    }
    assert.equal(rcode, 0, 'the listing never became visible over DNS');
    await open(page, '/spam');
    const row = page.locator('tr', { hasText: 'bl.demo.example' }).first();
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 4), ['bl.demo.example', 'manual', String(asked), '1']);
    await screenshot(page, 'spam-en');
    await page.click('text=Remove');
    await page.waitForFunction(() => !/192\.0\.2\.66/.test(document.querySelector('main').textContent));
  });

  it('incidents: the list sorted by any column with its overdue badge, the page, a task, and a request acknowledged from the inbox', async () => {
    await open(page, '/incidents');
    await page.waitForSelector('[data-testid=incidents]');
    assert.match(await page.textContent('[data-testid=incident-total]'), /2/);
    const names = async () => (await page.locator('[data-testid=incidents] tbody tr td:first-child').allTextContents());
    await page.click('button[data-sort=name]');
    await page.waitForFunction(() => /sort=name/.test(location.search));
    await page.waitForFunction(() => document.querySelector('[data-testid=incidents] tbody tr td')?.textContent === 'C2 server at 198.51.100.7');
    assert.deepEqual(await names(), ['C2 server at 198.51.100.7', 'Phishing kit on a shared host']);
    await page.click('button[data-sort=name]');
    await page.waitForFunction(() => document.querySelector('[data-testid=incidents] tbody tr td')?.textContent === 'Phishing kit on a shared host');
    await page.click('button[data-sort=criticality]');
    await page.waitForFunction(() => document.querySelector('[data-testid=incidents] tbody tr td')?.textContent === 'Phishing kit on a shared host');
    // Our request's one-second deadline has passed: the row says so.
    const ours = page.locator('[data-testid=incidents] tr', { hasText: 'C2 server at 198.51.100.7' });
    assert.match(await ours.textContent(), /1 overdue/);
    assert.match(await ours.textContent(), /PARTNER|This node/);
    await screenshot(page, 'incidents-en');

    await open(page, incidentUrl);
    assert.equal(await page.textContent('[data-testid=incident-name]'), 'C2 server at 198.51.100.7');
    assert.equal(await page.textContent('[data-testid=participants]'), 'PARTNER-CERT');
    await page.waitForSelector('[data-testid=suggestions]');
    assert.match(await page.textContent('[data-testid=suggestions]'), /198\.51\.100\.7 is in DEMO-CSIRT's constituency/);
    await page.waitForSelector('[data-testid=audit-state].ok');
    const request = page.locator('[data-testid=incident-requests] [data-testid=request-row]');
    assert.match(await request.textContent(), /Take down \(critical\)[^]*Sent[^]*overdue/);
    await page.fill('#t-name', 'Confirm the take-down with the hoster');
    await page.click('[data-testid=add-task] button[type=submit]');
    await page.waitForFunction(() => /Confirm the take-down with the hoster/.test(document.querySelector('main').textContent));
    await page.click('text=Mark as Open');
    await page.waitForFunction(() => document.querySelector('[data-testid=incident-status]')?.textContent === 'Open');
    // Both changes are in the timeline and the chain, which verifies again.
    await page.waitForFunction(() => /verifies \(4 entries\)/.test(document.querySelector('[data-testid=audit-state]')?.textContent || ''));
    await screenshot(page, 'incident-en');

    await open(page, '/requests');
    const inbox = page.locator('[data-testid=requests] [data-testid=request-row]');
    await inbox.first().waitFor();
    assert.match(await inbox.first().textContent(), /PARTNER-CERT[^]*This node[^]*Preserve logs \(high\)[^]*Keep the web server logs of 203\.0\.113\.9[^]*Sent/);
    await inbox.first().locator('input.note').fill('REF-2026-17');
    await inbox.first().locator('button[data-step=acknowledged]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=request-state]')?.textContent.startsWith('Acknowledged'));
    await screenshot(page, 'requests-en');
    await page.click('button[aria-pressed=false]');
    await page.waitForFunction(() => /box=outbox/.test(location.search));
    await page.waitForFunction(() => /overdue/.test(document.querySelector('[data-testid=requests]')?.textContent || ''));
  });

  it('incidents: an IODEF document imported from the console, and the incident downloaded as IODEF and as STIX', async () => {
    await open(page, '/incidents');
    await page.setInputFiles('#i-iodef', repoDir + '/data/samples/rfc7970-campaign.xml');
    await page.click('[data-testid=import-iodef] button[type=submit]');
    await page.waitForSelector('[data-testid=import-result]');
    assert.match(await page.textContent('[data-testid=import-result]'), /Incidents opened: 1[^]*Summarizes the Indicators of Compromise for the Orange Giraffe campaign/);
    await page.waitForFunction(() => /Orange Giraffe/.test(document.querySelector('[data-testid=incidents]')?.textContent || ''));
    await screenshot(page, 'incidents-import-en');
    await setLanguage(page, 'ar');
    await screenshot(page, 'incidents-import-ar');
    await setLanguage(page, 'en');
    await page.click('[data-testid=import-result] a');
    await page.waitForSelector('[data-testid=export-iodef]');
    assert.equal(await page.textContent('[data-testid=incident-name]'), 'Summarizes the Indicators of Compromise for the Orange Giraffe campaign of the Aggressive Butterfly crime gang.');
    const download = (testid) => page.evaluate(async (id) => {
      const response = await fetch(document.querySelector(`[data-testid=${id}]`).getAttribute('href'));
      return [response.status, response.headers.get('content-type'), await response.text()];
    }, testid);
    const [status, type, xml] = await download('export-iodef');
    assert.equal(status, 200);
    assert.match(type, /application\/xml/);
    assert.match(xml, /<IncidentID name="csirt.example.com">897923<\/IncidentID>/);
    assert.match(xml, /<ThreatActorID>TA-12-AGGRESSIVE-BUTTERFLY<\/ThreatActorID>/);
    assert.match(xml, /oimireik79msd\.example\.org/);
    const [, , stix] = await download('export-stix');
    const bundle = JSON.parse(stix);
    assert.deepEqual(bundle.objects.map((o) => o.type).sort(), ['campaign', 'incident', 'indicator', 'threat-actor', 'x-concord-audit-log']);
    await screenshot(page, 'incident-iodef-en');
    // A document that is not valid IODEF: the node says where and why, and opens nothing.
    await open(page, '/incidents');
    await page.setInputFiles('#i-iodef', { name: 'empty.xml', mimeType: 'application/xml', buffer: Buffer.from('<IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0"/>') });
    await page.click('[data-testid=import-iodef] button[type=submit]');
    await page.waitForFunction(() => /line 1: Element 'IODEF-Document': Missing child element/.test(document.querySelector('main').textContent));
  });

  it('notifications: what happened in our incidents, read, and a signed webhook subscribed', async () => {
    await open(page, '/notifications');
    await page.waitForSelector('[data-testid=notifications] table');
    assert.match(await page.textContent('[data-testid=notifications]'),
      /Request received[^]*Phishing kit on a shared host[^]*PARTNER-CERT asks This node: preserve-logs \(high\): Keep the web server logs of 203\.0\.113\.9/);
    // Our request to PARTNER-CERT missed both its deadlines (one second): told once each.
    const missed = (await page.textContent('[data-testid=notifications]')).match(/Deadline missed/g) || [];
    assert.equal(missed.length, 2);
    assert.match(await page.textContent('[data-testid=notifications]'),
      /Deadline missed[^]*C2 server at 198\.51\.100\.7[^]*PARTNER-CERT did not (complete|acknowledge) your request \(take-down, critical\) by its deadline/);
    assert.match(await page.textContent('[data-testid=unread]'), /Unread: [1-9]/);
    await screenshot(page, 'notifications-en');
    await page.click('text=Mark all as read');
    await page.waitForFunction(() => /Unread: 0/.test(document.querySelector('[data-testid=unread]').textContent));
    await page.selectOption('#s-channel', 'webhook');
    await page.fill('#s-target', 'http://127.0.0.1:5432/');
    await page.fill('#s-secret', 'a-webhook-key-0123456789');
    await page.click('[data-testid=subscribe] button[type=submit]');
    await page.waitForFunction(() => /an https URL/.test(document.querySelector('[data-testid=subscribe]').textContent));
    await page.fill('#s-target', 'https://soc.example.org/concord');
    await page.click('[data-testid=subscribe] button[type=submit]');
    await page.waitForFunction(() => /https:\/\/soc\.example\.org\/concord/.test(document.querySelector('main').textContent));
    await setLanguage(page, 'ar');
    await screenshot(page, 'notifications-ar');
    await setLanguage(page, 'en');
  });

  it('federation: the peer and its state', async () => {
    await open(page, '/federation');
    assert.match(await page.textContent('main'), /CERT-PEER/);
    assert.match(await page.textContent('main'), /127\.0\.0\.1:9/);
    await page.waitForSelector('[data-testid=nothing-received]'); // the demo received nothing yet
    await screenshot(page, 'federation-en');
  });

  it('administration: users, one-time password, token shown once, policy', async () => {
    await open(page, '/admin');
    assert.match(await page.textContent('main'), /rita/);
    assert.match(await page.textContent('[data-testid=policy-defaults]'), /TLP:AMBER/);
    await page.fill('#u-name', 'newcomer');
    await page.selectOption('#u-role', 'reader');
    await page.click('[data-testid=add-user] button[type=submit]');
    await page.waitForSelector('[data-testid=one-time-password]');
    const otp = await page.textContent('[data-testid=one-time-password]');
    assert.match(otp, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    // A duplicate is refused next to the field.
    await page.fill('#u-name', 'newcomer');
    await page.click('[data-testid=add-user] button[type=submit]');
    await page.waitForSelector('#u-name-error');
    await page.fill('#t-name', 'nightly export');
    await page.click('text=Create token');
    await page.waitForFunction(() => /^concord_/.test(document.querySelector('[data-testid=token-secret]')?.textContent || ''));
    await screenshot(page, 'admin-en');
  });

  it('account: change one\'s password needs the current one', async () => {
    await open(page, '/account');
    await page.fill('#current_password', 'not my password');
    await page.fill('#new_password', 'another long password');
    await page.fill('#repeat', 'another long password');
    await page.click('main button[type=submit]');
    await page.waitForSelector('#current_password-error');
  });
});

describe('roles and sessions', () => {
  it('a reader sees no admin actions and the server refuses them', async () => {
    const problems = [];
    const page = await newPage(browser, problems);
    await signIn(page, node.url, 'rita');
    assert.equal(await page.$('nav a[href="/admin"]'), null);
    await open(page, '/admin');
    assert.match(await page.textContent('main h1'), /does not allow/);
    const status = await page.evaluate(async () => {
      const who = await (await fetch('/api/v1/session')).json();
      const r = await fetch('/api/v1/users', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': who.csrf_token }, body: '{"name":"x"}' });
      return r.status;
    });
    assert.equal(status, 403);
    await open(page, '/spam');
    assert.equal(await page.$('[data-testid=add-listing]'), null);
    await page.close();
  });

  it('a state-changing request without the CSRF token is refused', async () => {
    const page = await newPage(browser);
    await signIn(page, node.url, 'ana');
    const result = await page.evaluate(async () => {
      const body = JSON.stringify({ language: 'fr' });
      const without = await fetch('/api/v1/account/preferences', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body });
      const who = await (await fetch('/api/v1/session')).json();
      const withToken = await fetch('/api/v1/account/preferences', { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': who.csrf_token }, body });
      return [without.status, withToken.status];
    });
    assert.deepEqual(result, [403, 200]);
    await page.close();
  });

  it('an ended session is sent to sign-in', async () => {
    const page = await newPage(browser);
    await signIn(page, node.url, 'ana');
    node.cli(['user', 'reset-password', 'ana']); // ends every session of the user
    await open(page, '/objects').catch(() => {});
    await page.waitForSelector('#password');
    assert.match(await page.textContent('h1'), /Sign in|Se connecter/);
    await page.close();
  });
});

describe('stored strings are text', () => {
  it('the XSS object renders inert in the table, the object page and the search box', async () => {
    const problems = [];
    const page = await newPage(browser, problems);
    await signIn(page, node.url, 'admin');
    await open(page, '/objects?q=' + encodeURIComponent(XSS));
    assert.equal(await page.inputValue('#f-q'), XSS);
    await open(page, '/objects?type=indicator');
    await page.waitForSelector('[data-testid=objects-table] tbody tr');
    assert.ok((await page.textContent('[data-testid=objects-table]')).includes(XSS));
    await page.click(`text=${XSS}`);
    await page.waitForSelector('[data-testid=object-name]');
    assert.equal(await page.textContent('[data-testid=object-name]'), XSS);
    assert.equal(await page.$('main img'), null);
    await page.waitForTimeout(300);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe('languages', () => {
  it('every catalogue has exactly the keys of the English one', () => {
    const keys = Object.keys(catalogue('en')).sort();
    assert.equal(languages.length, 8);
    for (const code of languages) {
      const c = catalogue(code);
      assert.deepEqual(Object.keys(c).sort(), keys, `${code}.json`);
      for (const k of keys) assert.ok(c[k].trim(), `${code}.json: ${k} is empty`);
    }
  });

  const pages = ['/', '/objects', '/incidents', '/requests', '/notifications', '/early-warning', '/directory', '/directory/DEMO-CSIRT', '/vulnerabilities', '/spam', '/federation', '/admin', '/account'];
  it('every page in every language: no untranslated key; Arabic right to left; axe in English and Arabic', async () => {
    const problems = [];
    const page = await newPage(browser, problems);
    await signIn(page, node.url, 'admin');
    const objectUrl = '/objects/indicator--031778a4-057f-48e6-9db9-c8d72b81ccd5';
    for (const code of languages) {
      await open(page, '/');
      await setLanguage(page, code);
      for (const url of [...pages, objectUrl, incidentUrl]) {
        await open(page, url);
        await page.waitForTimeout(150);
        const text = await page.textContent('body');
        assert.ok(!text.includes('⟦'), `${code} ${url}: untranslated ${text.match(/⟦[^⟧]*⟧/)?.[0]}`);
        assert.equal(await page.getAttribute('html', 'dir'), code === 'ar' ? 'rtl' : 'ltr', `${code} ${url}`);
        assert.equal(await page.getAttribute('html', 'lang'), code);
        if (code === 'en' || code === 'ar') {
          const violations = await axe(page);
          assert.deepEqual(violations, [], `${code} ${url}`);
          if (code === 'ar') await screenshot(page, 'ar' + (url === '/' ? '-overview' : url.replace(/\//g, '-').replace(/-indicator--.*/, '-object').replace(/-incident--.*/, '-incident')));
        }
      }
    }
    // The sign-in page too.
    const signInPage = await newPage(browser);
    await signInPage.goto(node.url + '/');
    await signInPage.waitForSelector('#user');
    assert.deepEqual(await axe(signInPage), []);
    await screenshot(signInPage, 'signin-en');
    await setLanguage(page, 'en');
    assert.deepEqual(problems, []);
  });
});
