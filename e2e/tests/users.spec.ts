import { expect, expectAccessible, snap, test, csrfHeaders } from './fixtures';

const PASSWORD = 'users-spec-password-0123';

test.describe('Users', () => {
  test('an admin creates, edits, disables, enables and deletes a user', async ({ page }) => {
    await page.goto('/users');
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
    const table = page.getByRole('table', { name: 'Users' });
    await expect(table.getByRole('row').filter({ hasText: 'admin' }).first()).toContainText('You');
    await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' })).toBeVisible();

    // Create, with the role descriptions and the password generator.
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Username').fill('e2e-support');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Password', exact: true })).toHaveValue(/^.{20}$/);
    await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await dialog.getByRole('textbox', { name: 'Role' }).click();
    await expect(page.getByRole('option', { name: /Operator.*Force AXFR/ })).toBeVisible();
    await page.getByRole('option', { name: /^Operator/ }).click();
    await expect(dialog.getByText('Viewer + Force AXFR and Force NOTIFY (support staff).')).toBeVisible();
    await snap(page, 'user-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('User e2e-support added')).toBeVisible();
    await expect(dialog).toBeHidden();
    const row = table.getByRole('row').filter({ hasText: 'e2e-support' });
    await expect(row).toContainText('Operator');
    await expect(row).toContainText('Enabled');
    await expect(row).toContainText('Never');

    // A taken username is refused on its field.
    await page.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByLabel('Username').fill('e2e-support');
    await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('e2e-support is taken')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Edit: role → viewer.
    await row.getByRole('button', { name: 'Edit e2e-support' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit user e2e-support' });
    await expect(edit.getByLabel('Username')).toHaveValue('e2e-support');
    await edit.getByRole('textbox', { name: 'Role' }).click();
    await page.getByRole('option', { name: /^Viewer/ }).click();
    // A stand-in for three days: their access ends then (the end of that day, UTC).
    const inThreeDays = new Date(Date.now() + 3 * 24 * 60 * 60_000).toISOString().slice(0, 10);
    await edit.getByLabel('Access until').fill(inThreeDays);
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('User e2e-support saved')).toBeVisible();
    await expect(row).toContainText('Viewer');
    await expect(row).toContainText(/Access ends in \d days/);
    await row.getByRole('button', { name: 'Edit e2e-support' }).click();
    await expect(edit.getByLabel('Access until')).toHaveValue(inThreeDays);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await expect(edit).toBeHidden();

    // Disable: the user can no longer sign in.
    await row.getByRole('button', { name: 'Edit e2e-support' }).click();
    await edit.getByRole('switch', { name: 'Enabled' }).uncheck({ force: true });
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText('Disabled');
    const refused = await page.request.post('/auth/login', { data: { username: 'e2e-support', password: PASSWORD } });
    expect(refused.status()).toBe(401);

    // Enable again.
    await row.getByRole('button', { name: 'Edit e2e-support' }).click();
    await edit.getByRole('switch', { name: 'Enabled' }).check({ force: true });
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText('Enabled');
    await dismissToasts(page);
    await snap(page, 'users');
    await expectAccessible(page);

    // Delete.
    await row.getByRole('button', { name: 'Delete e2e-support' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete user e2e-support/ });
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await expect(page.getByText('User e2e-support deleted')).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: 'e2e-support' })).toHaveCount(0);
  });

  test('the last admin cannot demote themselves: warned first, then refused on the Role field', async ({ page }) => {
    await page.goto('/users');
    const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: 'You' });
    await row.getByRole('button', { name: 'Edit admin' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit user admin' });
    await edit.getByRole('textbox', { name: 'Role' }).click();
    await page.getByRole('option', { name: /^Operator/ }).click();
    await expect(edit.getByText('This is your own account')).toBeVisible();
    await expect(edit.getByText(/taking away your own admin role/)).toBeVisible();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit.getByText(/Cannot demote the last enabled admin/)).toBeVisible();
    await snap(page, 'user-form-last-admin');
    await expectAccessible(page);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    // Still an admin.
    await expect(page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: 'You' })).toContainText('Admin');
  });

  test('a non-admin does not see Users in the navigation and gets a clear page at its URL', async ({ browser, page }) => {
    const create = await page.request.post('/api/users', {
      data: { username: 'e2e-viewer', password: PASSWORD, role: 'viewer', must_change_password: false },
      headers: await csrfHeaders(page),
    });
    expect(create.status()).toBe(200);

    const context = await browser.newContext();
    const viewer = await context.newPage();
    const login = await viewer.request.post('/auth/login', { data: { username: 'e2e-viewer', password: PASSWORD } });
    expect(login.status()).toBe(200);
    await viewer.goto('/audit');
    const nav = viewer.getByRole('navigation', { name: 'Sections' });
    await expect(nav.getByRole('link', { name: 'Audit log' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
    await viewer.goto('/users');
    await expect(viewer.getByText('Only admins can manage users')).toBeVisible();
    await expect(viewer.getByRole('table', { name: 'Users' })).toHaveCount(0);
    await snap(viewer, 'users-not-admin');
    await expectAccessible(viewer);
    await context.close();
  });
});

test('an admin sees who is signed in and signs a user out everywhere (a lost laptop)', async ({ browser, page }) => {
  const create = await page.request.post('/api/users', {
    data: { username: 'e2e-laptop', password: PASSWORD, role: 'operator', must_change_password: false },
    headers: await csrfHeaders(page),
  });
  expect(create.status()).toBe(200);
  const context = await browser.newContext();
  const laptop = await context.newPage();
  expect((await laptop.request.post('/auth/login', { data: { username: 'e2e-laptop', password: PASSWORD } })).status()).toBe(200);
  await laptop.goto('/audit');
  await expect(laptop.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();

  await page.goto('/users');
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: 'e2e-laptop' });
  await expect(row).toContainText('1 session');
  await expect(row).toContainText(/used (just now|\d+ seconds? ago)/);
  await row.getByRole('button', { name: 'Sign e2e-laptop out everywhere' }).click();
  const confirm = page.getByRole('dialog', { name: 'Sign e2e-laptop out everywhere?' });
  await expect(confirm).toContainText('can sign in again with the password');
  await snap(page, 'users-sign-out-everywhere');
  await confirm.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByText('e2e-laptop signed out')).toBeVisible();
  await expect(row).toContainText('No');
  await expect(row.getByRole('button', { name: 'Sign e2e-laptop out everywhere' })).toHaveAttribute('aria-disabled', 'true');

  // The laptop's next request finds its session gone.
  expect((await laptop.request.get('/auth/me')).status()).toBe(401);
  await laptop.reload();
  await expect(laptop.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await context.close();
});

/** Toasts fade in and out (axe reads their colours mid-animation): close them before an accessibility check. */
async function dismissToasts(page: import('@playwright/test').Page) {
  const close = page.getByRole('button', { name: 'Dismiss notification' });
  for (let i = 0; i < 10 && (await close.count()) > 0; i++) {
    await close.first().click();
    await page.waitForTimeout(250);
  }
  await expect(close).toHaveCount(0);
}
