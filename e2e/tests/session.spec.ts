import { test as base } from '@playwright/test';
import { ADMIN_PASSWORD } from '../constants';
import { SEED, createUser, expect, expectAccessible, signIn, snap, test, csrfHeaders } from './fixtures';

const peersUrl = `/accounts/${SEED.accountId}/peers?q=ns1`;


base.describe('Session (signed out)', () => {
  base('an unauthenticated visit goes to sign in, then back to the page asked for', async ({ page }) => {
    await page.goto(peersUrl);
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faccounts%2F/);
    await expect(page.getByRole('heading', { name: 'Sign in to Secondary DNS' })).toBeVisible();
    await expect(page.getByText('Your session ended')).toHaveCount(0);
    await snap(page, 'sign-in');
    await expectAccessible(page);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`${peersUrl.replace('?', '\\?')}$`));
    await expect(page.getByRole('table', { name: 'Peers' })).toBeVisible();
  });

  base('a wrong password says so and keeps the username', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
    await expect(page.getByLabel('Username')).toHaveValue('admin');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await snap(page, 'sign-in-wrong-password');
    await expectAccessible(page);
  });
});

test.describe('Session (signed in)', () => {
  test('a mistyped address says so inside the dashboard, navigation and all', async ({ page }) => {
    await page.goto('/zonez/cdn.example.net');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('link', { name: /Zones/ })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await expect(page).toHaveURL(new RegExp(`/accounts/${SEED.accountId}/zones$`));
  });

  test('sign out ends the session', async ({ page }) => {
    await page.goto(`/accounts/${SEED.accountId}/zones`);
    await page.getByRole('button', { name: /^admin/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    expect((await page.request.get('/auth/me')).status()).toBe(401);
    await page.goto(`/accounts/${SEED.accountId}/zones`);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
  });

  test('an expired session shows a notice and returns to where the user was', async ({ browser, page }) => {
    await createUser(page, 'e2e-expiry', 'expiry-password-0123', 'viewer');
    const context = await browser.newContext();
    const viewer = await context.newPage();
    await signIn(viewer, 'e2e-expiry', 'expiry-password-0123');
    await viewer.goto(`/accounts/${SEED.accountId}/peers`);
    await expect(viewer.getByRole('table', { name: 'Peers' })).toBeVisible();

    // The session ends on the server side (here: the cookie is gone), then the user moves on in the app.
    await context.clearCookies();
    await viewer.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(viewer).toHaveURL(/\/sign-in\?next=%2Faudit/);
    await expect(viewer.getByRole('status').filter({ hasText: 'Your session ended' })).toHaveText(
      'Your session ended. Sign in again to continue.',
    );
    await snap(viewer, 'sign-in-expired');
    await expectAccessible(viewer);
    await viewer.getByLabel('Username').fill('e2e-expiry');
    await viewer.getByLabel('Password').fill('expiry-password-0123');
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await expect(viewer).toHaveURL(/\/audit$/);
    await expect(viewer.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await context.close();
  });

  test('changing your own password ends the session and says so', async ({ browser, page }) => {
    await createUser(page, 'e2e-password', 'first-password-0123', 'viewer');
    const context = await browser.newContext();
    const viewer = await context.newPage();
    await signIn(viewer, 'e2e-password', 'first-password-0123');
    await viewer.goto(`/accounts/${SEED.accountId}/zones`);
    await viewer.getByRole('button', { name: /^e2e-password/ }).click();
    await viewer.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = viewer.getByRole('dialog', { name: 'Change password' });
    await dialog.getByLabel('Current password').fill('first-password-0123');
    await dialog.getByLabel('New password', { exact: true }).fill('short');
    await dialog.getByLabel('Repeat new password').fill('different');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect(dialog.getByText('New password must be at least 12 characters')).toBeVisible();
    await expect(dialog.getByText('Repeat new password does not match the new password')).toBeVisible();
    await dialog.getByLabel('New password', { exact: true }).fill('second-password-0123');
    await dialog.getByLabel('Repeat new password').fill('second-password-0123');
    // Escape by mistake does not drop what was typed.
    await viewer.keyboard.press('Escape');
    const ask = dialog.getByRole('alert').filter({ hasText: 'Discard what you typed?' });
    await expect(ask).toBeVisible();
    // A second Escape means Keep editing (focus is on it), and focus goes back to where it was.
    await expect(dialog.getByRole('button', { name: 'Keep editing' })).toBeFocused();
    await viewer.keyboard.press('Escape');
    await expect(ask).toBeHidden();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Repeat new password')).toBeFocused();
    await expect(dialog.getByLabel('Repeat new password')).toHaveValue('second-password-0123');
    await snap(viewer, 'change-password');
    await expectAccessible(viewer);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect(viewer).toHaveURL(/\/sign-in/);
    await expect(viewer.getByRole('status').filter({ hasText: 'password was changed' })).toBeVisible();
    await viewer.getByLabel('Username').fill('e2e-password');
    await viewer.getByLabel('Password').fill('second-password-0123');
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await expect(viewer).toHaveURL(/\/zones$/);
    await expect(viewer.getByRole("heading", { name: "Zones", level: 1 })).toBeVisible();
    await context.close();
  });
});
