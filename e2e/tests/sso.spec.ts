/**
 * Single sign-on in Chromium (docs/decisions/021-single-sign-on.md), with a real OpenID Connect provider on
 * 127.0.0.1 (apps/bff/test/test-idp.mjs): "Sign in with Example SSO" → the provider's login page → back on the page
 * the user was going to, signed in with the role of their groups; the admin's Users page marks them SSO. Someone in
 * none of the groups comes back to the sign-in page told why. (The BFF tests cover an admins group.)
 */
import type { Page } from '@playwright/test';
import { SEED, expect, expectAccessible, snap, test } from './fixtures';

async function throughProvider(page: Page, login: string) {
  // The provider's development login page: any login, any password.
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
}

test('a member of the operators group signs in through the provider and lands where they were going, as operator', async ({ browser, page: admin }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/accounts/${SEED.accountId}/peers`);
  await expect(page.getByRole('link', { name: 'Sign in with Example SSO' })).toBeVisible();
  await expectAccessible(page);
  await snap(page, 'sign-in-sso');
  await page.getByRole('link', { name: 'Sign in with Example SSO' }).click();
  await throughProvider(page, 'sso-operator');
  await expect(page.getByRole('heading', { name: 'Peers', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/accounts/${SEED.accountId}/peers$`));
  await expect(page.getByRole('button', { name: /sso-operator operator/ })).toBeVisible();
  await context.close();

  // The (password) admin's Users page marks them.
  await admin.goto('/users');
  const row = admin.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: 'sso-operator' });
  await expect(row.getByText('SSO', { exact: true })).toBeVisible();
});

test('someone in none of the groups is sent back to the sign-in page, told why', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Sign in with Example SSO' }).click();
  await throughProvider(page, `outsider-${Date.now()}`);
  await expect(page.getByRole('alert')).toContainText('none of your groups may use this dashboard');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await context.close();
});

test("Sign out ends the provider's session too (OIDC_SIGN_OUT=provider): back on the sign-in page, the provider asks for a login again", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Sign in with Example SSO' }).click();
  await throughProvider(page, 'sso-viewer');
  await expect(page.getByRole('button', { name: /sso-viewer viewer/ })).toBeVisible();

  await page.getByRole('button', { name: /sso-viewer viewer/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  // The provider's own page asks; yes.
  await page.locator('button[name="logout"][value="yes"]').click();
  await expect(page).toHaveURL(/\/sign-in\?state=signed_out$/);
  await expect(page.getByRole('status').filter({ hasText: 'You are signed out of this dashboard and of Example SSO.' })).toBeVisible();
  await expectAccessible(page);
  await snap(page, 'signed-out-at-provider');

  // Signed out there too: the provider shows its login page instead of signing straight back in.
  await page.getByRole('link', { name: 'Sign in with Example SSO' }).click();
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await context.close();
});
