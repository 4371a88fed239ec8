import { SEED, expect, expectAccessible, snap, test } from './fixtures';

const aclsUrl = `/accounts/${SEED.accountId}/acls`;

test.describe('ACLs', () => {
  test('lists the seeded ACLs with family and size, and explains ACLs and Cloudflare’s transfer addresses', async ({
    page,
  }) => {
    await page.goto(aclsUrl);
    const table = page.getByRole('table', { name: 'ACLs' });
    const office = table.getByRole('row').filter({ hasText: '192.0.2.0/24' });
    await expect(office).toContainText('IPv4');
    await expect(office).toContainText('256 addresses');
    await expect(table.getByRole('row').filter({ hasText: '2001:db8:53::/64' })).toContainText('IPv6');
    await expect(page.getByText('What ACLs do')).toBeVisible();
    await expect(page.getByText('104.30.167.163', { exact: true })).toBeVisible();
    await expect(page.getByText('2a09:bac0:1000:c47::/64', { exact: true })).toBeVisible();
    // Worded for the date: "stop working on" before 1 December 2026, "stopped working on" after.
    await expect(page.getByText(/(stop|stopped) working on 1 December 2026/)).toBeVisible();
    await snap(page, 'acls');
    await expectAccessible(page);
  });

  test('create, edit and delete an ACL', async ({ page }) => {
    await page.goto(aclsUrl);
    await page.getByRole('button', { name: 'Add ACL' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add ACL' });
    await dialog.getByLabel(/^Name/).fill('e2e-acl');
    await dialog.getByLabel(/^IP range/).fill('192.0.2.48/28');
    await expect(dialog.getByText('IPv4, 16 addresses (192.0.2.48 – 192.0.2.63).')).toBeVisible();
    await snap(page, 'acl-form');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('ACL e2e-acl added')).toBeVisible();
    await expect(dialog).toBeHidden();

    const table = page.getByRole('table', { name: 'ACLs' });
    const row = table.getByRole('row').filter({ hasText: 'e2e-acl' });
    await expect(row).toContainText('192.0.2.48/28');
    await expect(row).toContainText('16 addresses');

    await row.getByRole('button', { name: 'Edit e2e-acl' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit ACL e2e-acl' });
    await expect(edit.getByLabel(/^IP range/)).toHaveValue('192.0.2.48/28');
    await edit.getByLabel(/^IP range/).fill('2001:db8:e2e::/64');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('ACL e2e-acl saved')).toBeVisible();
    await expect(edit).toBeHidden();
    await expect(row).toContainText('2001:db8:e2e::/64');
    await expect(row).toContainText('IPv6');

    await row.getByRole('button', { name: 'Delete e2e-acl' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete ACL e2e-acl?' });
    await expect(confirm).toContainText('2001:db8:e2e::/64');
    await confirm.getByRole('button', { name: 'Delete ACL' }).click();
    await expect(page.getByText('ACL e2e-acl deleted')).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: 'e2e-acl' })).toHaveCount(0);
  });

  test('a /23 is explained before submit and refused, keeping what was typed', async ({ page }) => {
    await page.goto(aclsUrl);
    await page.getByRole('button', { name: 'Add ACL' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add ACL' });
    await expect(dialog.getByText(/IPv4 ranges can be at most \/24 \(256 addresses\); IPv6 at most \/64/).first()).toBeVisible();
    await dialog.getByLabel(/^Name/).fill('too-wide');
    await dialog.getByLabel(/^IP range/).fill('192.0.2.0/23');
    await expect(dialog.getByTestId('acl-range-hint')).toContainText('512 addresses: wider than Cloudflare allows');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(/\/23 is too wide/)).toBeVisible();
    await expect(dialog.getByLabel(/^IP range/)).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel(/^IP range/)).toHaveValue('192.0.2.0/23');
    await expect(dialog.getByLabel(/^Name/)).toHaveValue('too-wide');
    await snap(page, 'acl-form-too-wide');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('table', { name: 'ACLs' }).getByRole('row').filter({ hasText: 'too-wide' })).toHaveCount(0);
  });

  test('the search survives a reload through the URL', async ({ page }) => {
    await page.goto(aclsUrl);
    await page.getByRole('textbox', { name: 'Search ACLs' }).fill('2001:db8');
    await expect(page).toHaveURL(/q=2001/);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Search ACLs' })).toHaveValue('2001:db8');
    await expect(page.getByTestId('row-count')).toHaveText(/^1 of \d+ ACLs$/);
  });
});
