import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:8800';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const r = await page.request.post(base + '/auth/login', { data: { username: 'admin', password: 'admin-password-0123' } });
console.log('login', r.status());
const paths = process.argv.slice(2);
for (const p of paths) {
  await page.goto(base + p);
  await page.waitForTimeout(2500);
  const name = p.replace(/[^a-z0-9]+/gi, '_');
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
  console.log(p, page.url());
}
await browser.close();
