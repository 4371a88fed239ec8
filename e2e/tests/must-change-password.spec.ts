/**
 * A password an admin set is replaced by its user at their first sign-in: the admin creates a user on the Users page
 * (marked "Must change password"); the user signs in, sees only "Choose your password" (the page they asked for
 * waits), chooses one, and lands on the zones page signed in with it; the Users page no longer marks them.
 */
import { SEED, expect, expectAccessible, snap, test, csrfHeaders } from './fixtures';

const ADMIN_SET = 'set-by-the-admin-0123';
const OWN = 'chosen-by-the-user-0123';

test('a user an admin created chooses their own password at first sign-in, then sees the zones page', async ({ browser, page }) => {
  // Fresh each run (the test server's state is shared by the specs, and kept across a retry).
  const username = `e2e-newcomer-${Date.now()}`;

  // 1. The admin creates the user on the Users page; the box is on by default.
  await page.goto('/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN_SET);
  await expect(dialog.getByRole('checkbox', { name: 'Must choose their own password at the next sign-in' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`User ${username} added`)).toBeVisible();
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: username });
  await expect(row).toContainText('Must change password');

  // 2. The user signs in, in a browser of their own, on the way to the zones page.
  const context = await browser.newContext();
  const newcomer = await context.newPage();
  const zonesUrl = `/accounts/${SEED.accountId}/zones`;
  await newcomer.goto(zonesUrl);
  await expect(newcomer).toHaveURL(/\/sign-in\?next=/);
  await newcomer.getByLabel('Username').fill(username);
  await newcomer.getByLabel('Password').fill(ADMIN_SET);
  await newcomer.getByRole('button', { name: 'Sign in' }).click();

  // 3. Only "Choose your password": no navigation, no zones; the BFF refuses the zones list too.
  await expect(newcomer.getByRole('heading', { name: 'Choose your password', level: 1 })).toBeVisible();
  await expect(newcomer.getByText(/An administrator set the password you signed in with/)).toBeVisible();
  await expect(newcomer.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  await expect(newcomer.getByRole('heading', { name: 'Zones', level: 1 })).toHaveCount(0);
  const refused = await newcomer.request.get(`/api/accounts/${SEED.accountId}/secondary_dns/peers`);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).errors[0]).toMatchObject({ code: 10002, message: expect.stringContaining('Choose your own password first') });
  await snap(newcomer, 'choose-password');
  await expectAccessible(newcomer);

  // The admin's password again is no choice; what was typed stays.
  const form = newcomer.getByRole('form', { name: 'Choose your password' });
  await form.getByLabel('Current password').fill(ADMIN_SET);
  await form.getByLabel('New password', { exact: true }).fill(ADMIN_SET);
  await form.getByLabel('Repeat new password').fill(ADMIN_SET);
  await form.getByRole('button', { name: 'Save my password' }).click();
  await expect(form.getByText('New password is your current password; choose another one')).toBeVisible();
  await expect(form.getByLabel('Current password')).toHaveValue(ADMIN_SET);

  // 4. Their own password: signed in again with it, on the zones page they asked for.
  await form.getByLabel('New password', { exact: true }).fill(OWN);
  await form.getByLabel('Repeat new password').fill(OWN);
  await form.getByRole('button', { name: 'Save my password' }).click();
  await expect(newcomer.getByRole('heading', { name: 'Zones', level: 1 })).toBeVisible();
  await expect(newcomer).toHaveURL(new RegExp(`${zonesUrl}$`));
  await expect(newcomer.getByRole('button', { name: new RegExp(`^${username}`) })).toBeVisible();
  expect((await newcomer.request.get(`/api/accounts/${SEED.accountId}/secondary_dns/peers`)).status()).toBe(200);
  await context.close();

  // 5. The admin's list no longer marks them; the change is the usual auth.password in the audit log.
  await page.reload();
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('Must change password');
  const audit = await page.request.get(`/api/audit?user=${username}&operation=auth.password&outcome=success`, {
    headers: await csrfHeaders(page),
  });
  expect((await audit.json()).result).toHaveLength(1);
});
