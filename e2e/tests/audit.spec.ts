import { SEED, expect, expectAccessible, snap, test, csrfHeaders } from './fixtures';

test.describe('Audit log', () => {
  test('filters live in the URL, survive reload, and the CSV link carries them', async ({ page }) => {
    // A failure to find: a peer create the BFF refuses (400: no name).
    const refused = await page.request.post(`/api/accounts/${SEED.accountId}/secondary_dns/peers`, {
      data: { ip: '192.0.2.77' },
      headers: await csrfHeaders(page),
    });
    expect(refused.status()).toBe(400);

    await page.goto('/audit');
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
    await expect(page.getByText('you see the entries of every user')).toBeVisible();
    const log = page.getByRole('table', { name: 'Audit log' });
    await expect(log.getByRole('row').filter({ hasText: 'auth.login' }).first()).toContainText('Success');
    await snap(page, 'audit');
    await expectAccessible(page);

    // Outcome and operation apply at once; the user field with "Apply filters".
    const filters = page.getByRole('search', { name: 'Audit filters' });
    await filters.getByRole('textbox', { name: 'Outcome' }).click();
    await page.getByRole('option', { name: 'Failure' }).click();
    await expect(page).toHaveURL(/outcome=failure/);
    await filters.getByRole('textbox', { name: 'Operation' }).fill('peers.create');
    await page.getByRole('option', { name: /Create peer/ }).click();
    await expect(page).toHaveURL(/operation=peers\.create/);
    await filters.getByLabel('User').fill('admin');
    await filters.getByLabel('Since').fill('2020-01-01T00:00');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/user=admin/);
    await expect(page).toHaveURL(/since=20(19|20)-/);

    const row = log.getByRole('row').filter({ hasText: 'peers.create' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Failure');
    await expect(row).toContainText('400');
    await expect(log.getByRole('row').filter({ hasText: 'auth.login' })).toHaveCount(0);

    // Reload: same filters, same rows.
    const url = page.url();
    await page.reload();
    expect(page.url()).toBe(url);
    await expect(filters.getByLabel('User')).toHaveValue('admin');
    await expect(filters.getByRole('textbox', { name: 'Outcome' })).toHaveValue('Failure');
    await expect(filters.getByRole('textbox', { name: 'Operation' })).toHaveValue(/Create peer/);
    await expect(filters.getByLabel('Since')).toHaveValue(/^20(19|20)-/);
    await expect(row).toHaveCount(1);

    // The CSV link has the same filters, and the BFF answers it with those rows.
    const csv = page.getByRole('link', { name: 'Export CSV' });
    const href = (await csv.getAttribute('href')) ?? '';
    const query = new URL(href, page.url()).searchParams;
    const pageQuery = new URL(page.url()).searchParams;
    expect(href.startsWith('/api/audit.csv?')).toBe(true);
    for (const key of ['user', 'operation', 'outcome', 'since']) expect(query.get(key)).toBe(pageQuery.get(key));
    const download = await page.request.get(href);
    expect(download.status()).toBe(200);
    const text = await download.text();
    expect(text.split('\r\n')[0]).toContain('operation');
    expect(text).toContain('peers.create');
    expect(text).not.toContain('auth.login');

    // The entry in full: the body as sent and the error codes.
    await row.getByRole('button', { name: /Details of entry/ }).click();
    const drawer = page.getByRole('dialog', { name: /Audit entry/ });
    await expect(drawer).toContainText('192.0.2.77');
    await expect(drawer).toContainText('1001');
    await page.waitForTimeout(400); // the drawer slides in
    await snap(page, 'audit-entry');
    await expectAccessible(page);
    await drawer.getByRole('button', { name: 'Close' }).click();

    // Clear filters.
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/audit$/);
  });

  test('says what each change changed: before → after of an edit, what a delete removed', async ({ page }) => {
    // An ACL of its own, changed and deleted through the pages an admin uses.
    await page.goto(`/accounts/${SEED.accountId}/acls`);
    await page.getByRole('button', { name: 'Add ACL' }).click();
    const add = page.getByRole('dialog', { name: 'Add ACL' });
    await add.getByLabel(/^Name/).fill('audit-e2e');
    await add.getByLabel(/^IP range/).fill('198.51.100.0/28');
    await add.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('ACL audit-e2e added')).toBeVisible();
    const row = page.getByRole('table', { name: 'ACLs' }).getByRole('row').filter({ hasText: 'audit-e2e' });
    await row.getByRole('button', { name: 'Edit audit-e2e' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit ACL audit-e2e' });
    await edit.getByLabel(/^IP range/).fill('198.51.100.0/27');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('ACL audit-e2e saved')).toBeVisible();

    // Its history, from its edit form (in a new tab: the form stays): only the entries about it.
    await row.getByRole('button', { name: 'Edit audit-e2e' }).click();
    const form = page.getByRole('dialog', { name: 'Edit ACL audit-e2e' });
    const [tab] = await Promise.all([page.waitForEvent('popup'), form.getByRole('link', { name: /History in the audit log/ }).click()]);
    await expect(tab).toHaveURL(/\/audit\?resource=[0-9a-f]{32}$/);
    await expect(tab.getByText('Only the entries about')).toContainText('ACL audit-e2e');
    const history = tab.getByRole('table', { name: 'Audit log' });
    await expect(history.getByRole('row').filter({ hasText: 'acls.update' })).toHaveCount(1);
    await expect(history.getByRole('row').filter({ hasText: 'acls.create' })).toHaveCount(1);
    await expect(history.getByRole('row').filter({ hasText: 'auth.login' })).toHaveCount(0);
    await snap(tab, 'audit-resource-history');
    await tab.close();
    await form.getByRole('button', { name: 'Cancel' }).click();
    await row.getByRole('button', { name: 'Delete audit-e2e' }).click();
    await page.getByRole('dialog', { name: 'Delete ACL audit-e2e?' }).getByRole('button', { name: 'Delete ACL' }).click();
    await expect(page.getByText('ACL audit-e2e deleted')).toBeVisible();

    await page.goto('/audit');
    const log = page.getByRole('table', { name: 'Audit log' });
    const updated = log.getByRole('row').filter({ hasText: 'acls.update' }).filter({ hasText: 'audit-e2e' }).first();
    await expect(updated).toContainText('IP range 198.51.100.0/28 → 198.51.100.0/27');
    // The delete had no body: the entry is named by what it deleted, and says what that was.
    const deleted = log.getByRole('row').filter({ hasText: 'acls.delete' }).filter({ hasText: 'audit-e2e' }).first();
    await expect(deleted).toContainText('ACL audit-e2e');
    await expect(deleted).toContainText('was: Name audit-e2e; IP range 198.51.100.0/27');

    await updated.getByRole('button', { name: /Details of entry/ }).click();
    const drawer = page.getByRole('dialog', { name: /Audit entry/ });
    const changes = drawer.getByRole('table', { name: 'Changes' });
    await expect(changes.getByRole('row').nth(1)).toHaveText('IP range198.51.100.0/28198.51.100.0/27');
    await page.waitForTimeout(400); // the drawer slides in
    await snap(page, 'audit-entry-changes');
    await expectAccessible(page);
    await drawer.getByRole('button', { name: 'Close' }).click();

    // The deleted ACL, created again from its entry (after a confirmation listing what it had).
    await deleted.getByRole('button', { name: /Details of entry/ }).click();
    await expect(drawer.getByRole('table', { name: 'Changes' })).toContainText('198.51.100.0/27');
    await drawer.getByRole('button', { name: 'Create it again' }).click();
    const confirm = page.getByRole('dialog', { name: 'Create it again?' });
    await expect(confirm.getByRole('table', { name: 'Values to put back' })).toContainText('198.51.100.0/27');
    await snap(page, 'audit-restore');
    await confirm.getByRole('button', { name: 'Create it again' }).click();
    await expect(page.getByText('Created again')).toBeVisible();
    await expect(log.getByRole('row').filter({ hasText: 'acls.create' }).filter({ hasText: 'audit-e2e' })).toHaveCount(2);

    await page.goto(`/accounts/${SEED.accountId}/acls`);
    const back = page.getByRole('table', { name: 'ACLs' }).getByRole('row').filter({ hasText: 'audit-e2e' });
    await expect(back).toContainText('198.51.100.0/27');
    // Leave the seeded ACLs as they were for the specs after this one.
    await back.getByRole('button', { name: 'Delete audit-e2e' }).click();
    await page.getByRole('dialog', { name: 'Delete ACL audit-e2e?' }).getByRole('button', { name: 'Delete ACL' }).click();
    await expect(page.getByText('ACL audit-e2e deleted')).toBeVisible();
  });
});
