/**
 * The dashboard with an API token against an emulated Cloudflare (playwright.config.ts: the sandbox run alone, and a
 * server pointed at it as at Cloudflare). When Cloudflare fails, the header says so to everyone — since when, how,
 * and what the user who met it was told — and once Cloudflare answers again, it says that too.
 */
import { SANDBOX_TOKEN, sandboxURL, tokenBaseURL } from '../constants';
import { SEED, expect, expectAccessible, signIn, snap, test } from './fixtures';

const auth = { authorization: `Bearer ${SANDBOX_TOKEN}` };

test.use({ baseURL: tokenBaseURL });

test.afterEach(async ({ request }) => {
  await request.delete(`${sandboxURL}/__sandbox/faults`, { headers: auth });
});

test("Cloudflare failing: the header's badge, since when and how; answering again: it says so", async ({ page, request }) => {
  await signIn(page);
  // The Users page (it reads nothing of Cloudflare's: the zones list is not in the dashboard's read cache below).
  await page.goto('/users');
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  // Running with a token (LIVE, not SANDBOX), and nothing wrong with Cloudflare.
  await expect(page.getByRole('banner').getByText('Live', { exact: true })).toBeVisible();
  const budget = page.getByTestId('rate-budget');
  await expect(budget).toBeVisible();
  await expect(page.getByTestId('cloudflare-health-badge')).toHaveCount(0);

  // Cloudflare starts answering 502 to every read.
  const added = await request.post(`${sandboxURL}/__sandbox/faults`, {
    headers: auth,
    data: { match: { method: 'GET' }, status: 502 },
  });
  expect(added.status()).toBe(200);
  await page.goto(`/accounts/${SEED.accountId}/zones`);
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load zones' });
  await expect(alert).toContainText('Cloudflare answered with a server error (HTTP 502)');

  // The error itself says it is not only this request.
  await expect(page.getByTestId('cloudflare-failing-note')).toContainText(
    /Not only this request: Cloudflare is failing for everyone using this dashboard \(the last \d+ calls failed/,
  );

  // The header tells everyone, without waiting for its next poll.
  const badge = page.getByTestId('cloudflare-health-badge');
  await expect(badge).toHaveText('Cloudflare failing');
  await badge.click();
  const health = page.getByTestId('cloudflare-health');
  await expect(health).toHaveAttribute('data-state', 'failing');
  await expect(health).toContainText(/Cloudflare is failing: the last \d+ calls from this dashboard failed(, the first .* ago)?\./);
  await expect(health).toContainText('this is not about your request');
  await expect(page.getByTestId('cloudflare-health-failed')).toContainText(/\d+ × server error \(HTTP 5xx\)/);
  await expect(page.getByTestId('cloudflare-health-last-failure')).toContainText(/Last failure.*: List (zones|accounts)/);
  await expect(page.getByTestId('cloudflare-health-last-failure')).toContainText('HTTP 502');
  await snap(page, 'cloudflare-failing');
  await expectAccessible(page);
  await page.keyboard.press('Escape');

  // Cloudflare answers again: the zones are listed, and the header says the failures are over.
  await request.delete(`${sandboxURL}/__sandbox/faults`, { headers: auth });
  await page.reload();
  await expect(page.getByRole('table', { name: 'Zones' })).toBeVisible();
  await expect(badge).toHaveText('Cloudflare errors');
  await badge.click();
  await expect(health).toHaveAttribute('data-state', 'errors');
  await expect(health).toContainText(/\d+ of \d+ calls in the last 5 minutes failed; Cloudflare is answering again\./);
  // The yellow badge's words are readable too (axe found them at 4.3:1 once).
  await badge.click();
  await expect(health).toBeHidden();
  await expectAccessible(page);
});

test('a Force while Cloudflare is failing: the confirmation warns, and the failure is shown whole in the dialog', async ({ page, request }) => {
  await signIn(page);
  await page.goto(`/accounts/${SEED.accountId}/zones/${SEED.zones.exampleNet}`);
  await expect(page.getByRole('button', { name: 'Force AXFR' })).toBeVisible();

  // Cloudflare fails everything; reloading the configuration meets it (the page keeps what it shows).
  for (const method of ['GET', 'POST']) {
    const added = await request.post(`${sandboxURL}/__sandbox/faults`, { headers: auth, data: { match: { method }, status: 502 } });
    expect(added.status()).toBe(200);
  }
  // (The configuration just read may still be in the dashboard's read cache for a few seconds: reload until it asks.)
  await expect(async () => {
    await page.getByRole('button', { name: 'Reload Secondary (incoming)' }).click();
    await expect(page.getByTestId('cloudflare-health-badge')).toHaveText('Cloudflare failing', { timeout: 2000 });
  }).toPass({ timeout: 30_000, intervals: [1000] });

  await page.getByRole('button', { name: 'Force AXFR' }).click();
  const dialog = page.getByRole('dialog', { name: 'Force AXFR for example.net?' });
  await expect(dialog.getByTestId('cloudflare-failing-warning')).toContainText(
    /Cloudflare is failing right now \(the last \d+ calls from this dashboard failed.*\): this is likely to fail too\. It is sent once, not retried\./,
  );
  await dialog.getByRole('button', { name: 'Force AXFR' }).click();
  const failed = dialog.getByRole('alert').filter({ hasText: 'It did not work' });
  await expect(failed).toContainText('/secondary_dns/force_axfr');
  // The long path wraps inside the alert instead of running out of the dialog.
  const overflow = await failed.evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, 'cloudflare-failing-force');
  await expectAccessible(page);
});
