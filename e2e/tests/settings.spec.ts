/**
 * Settings (admins): how the dashboard is set up, read from the running server — this e2e server's own environment
 * (sandbox mode, single sign-on with sign-out at the provider, the serial watch off) — with each variable named, and
 * no secret on the page.
 */
import { SEED, expect, expectAccessible, signIn, snap, test } from './fixtures';
import { ADMIN_PASSWORD, IDP_CLIENT, tokenBaseURL } from '../constants';

test('an admin reads how the dashboard is set up, from the navbar', async ({ page }) => {
  await page.goto(`/accounts/${SEED.accountId}/zones`);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

  const cloudflare = page.getByRole('region', { name: 'Cloudflare' });
  await expect(cloudflare.getByRole('row', { name: /API token/ })).toContainText('not set: the built-in sandbox answers instead of Cloudflare');
  const sso = page.getByRole('region', { name: 'Single sign-on' });
  await expect(sso.getByRole('row', { name: /Button/ })).toContainText('Sign in with Example SSO');
  await expect(sso.getByRole('row', { name: /Sign out ends/ })).toContainText('the dashboard’s and the provider’s session');
  await expect(sso.getByRole('row', { name: /Client secret/ })).toContainText('set');
  await expect(page.getByRole('region', { name: 'Serial checks' }).getByRole('row', { name: /^Serial watch SERIAL_WATCH_MINUTES/ })).toContainText('off');

  // No secret on the page.
  const text = await page.locator('main').innerText();
  expect(text).not.toContain(IDP_CLIENT.secret);
  expect(text).not.toContain(ADMIN_PASSWORD);

  await expectAccessible(page);
  await snap(page, 'settings');
});

test.describe('with an API token and a webhook that refuses', () => {
  test.use({ baseURL: tokenBaseURL });

  test("Send a test message: sent now, and the webhook's refusal said beside it and in its deliveries", async ({ page }) => {
    await signIn(page);
    await page.goto('/settings');
    const row = page.getByRole('region', { name: 'Notifications' }).getByRole('row', { name: /Cloudflare’s API starts failing/ });
    await expect(row).toContainText('(path not shown)');
    await row.getByRole('button', { name: 'Send a test message' }).click();
    await expect(row.getByRole('status')).toHaveText(/^Not taken: refused with HTTP 4\d\d\.$/);
    // Its deliveries' line counts it, in red (the latest was not taken).
    await expect(row).toContainText(/not taken, the last at .+ UTC \(refused with HTTP 4\d\d\)/);
    await expectAccessible(page);
  });
});
