import { launch, newPage, signIn, screenshot, axe } from '/work/main/web/testing/harness.mjs';
const url = 'http://127.0.0.1:18080';
const b = await launch(); const close = b.close;
const problems = [];
const page = await newPage(b, problems);
await signIn(page, url, 'alice', 'analyst-password-1');
for (const p of process.argv.slice(2)) {
  await page.goto(url + p);
  await page.waitForTimeout(1500);
  const name = 'dev' + p.replace(/[^a-z0-9]+/gi, '_');
  await screenshot(page, name);
  console.log(p, 'axe:', JSON.stringify(await axe(page)));
}
console.log('problems', problems);
await close();
