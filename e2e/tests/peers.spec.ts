import { SEED, expect, expectAccessible, snap, test } from './fixtures';

const peersUrl = `/accounts/${SEED.accountId}/peers`;

test.describe('Peers', () => {
  test('an account-less link (/peers?q=…) opens that page of the account last shown', async ({ page }) => {
    await page.goto('/peers?q=ns1');
    await expect(page).toHaveURL(`${peersUrl}?q=ns1`);
    await expect(page.getByRole('textbox', { name: /search/i })).toHaveValue('ns1');
    await expect(page.getByRole('table', { name: 'Peers' }).getByRole('row').filter({ hasText: 'ns1-primary' })).toBeVisible();

    await page.goto(`/accounts/${SEED.secondAccountId}/zones`);
    await expect(page.getByRole('heading', { level: 1, name: 'Zones' })).toBeVisible();
    await page.goto('/tsigs');
    await expect(page).toHaveURL(`/accounts/${SEED.secondAccountId}/tsigs`);
    await expect(page.getByRole('heading', { level: 1, name: /TSIG/ })).toBeVisible();
  });

  test('lists the seeded peers with their TSIG key by name', async ({ page }) => {
    await page.goto(peersUrl);
    await expect(page.getByRole('status').filter({ hasText: 'Sandbox — nothing reaches Cloudflare' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Peers' });
    const ns1 = table.getByRole('row').filter({ hasText: 'ns1-primary' });
    await expect(ns1).toContainText('192.0.2.10');
    await expect(ns1).toContainText('transfer-key');
    await snap(page, 'peers');
    await expectAccessible(page);
  });

  test('create, edit and delete a peer', async ({ page }) => {
    await page.goto(peersUrl);
    await page.getByRole('button', { name: 'Add peer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add peer' });
    await dialog.getByLabel('Name').fill('e2e-peer');
    await dialog.getByLabel('IP address').fill('192.0.2.123');
    await dialog.getByLabel('Port').fill('5300');
    await dialog.getByLabel('IXFR').check();
    await dialog.getByRole('textbox', { name: 'TSIG key' }).click();
    await page.getByRole('option', { name: /transfer-key/ }).click();
    await snap(page, 'peer-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Peer e2e-peer added')).toBeVisible();
    await expect(dialog).toBeHidden();

    const row = page.getByRole('table', { name: 'Peers' }).getByRole('row').filter({ hasText: 'e2e-peer' });
    await expect(row).toContainText('192.0.2.123');
    await expect(row).toContainText('5300');
    await expect(row).toContainText('transfer-key');

    // The peer survives a reload: it is in the sandbox, not only in the page.
    await page.reload();
    await expect(row).toContainText('192.0.2.123');

    await row.getByRole('button', { name: 'Edit e2e-peer' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit peer e2e-peer' });
    await expect(edit.getByLabel('IP address')).toHaveValue('192.0.2.123');
    await edit.getByLabel('IP address').fill('2001:db8::123');
    await edit.getByRole('textbox', { name: 'TSIG key' }).click();
    await page.getByRole('option', { name: 'None' }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText('2001:db8::123');
    await expect(row).not.toContainText('transfer-key');

    await row.getByRole('button', { name: 'Delete e2e-peer' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete peer e2e-peer/ });
    await confirm.getByRole('button', { name: 'Delete peer' }).click();
    await expect(page.getByText('Peer e2e-peer deleted')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Peers' }).getByRole('row').filter({ hasText: 'e2e-peer' })).toHaveCount(0);
  });

  test('a bad value is refused on its field and what was typed is kept', async ({ page }) => {
    await page.goto(peersUrl);
    await page.getByRole('button', { name: 'Add peer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add peer' });
    await dialog.getByLabel('Name').fill('typo-peer');
    await dialog.getByLabel('IP address').fill('192.0.2.300');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(/IPv4 or IPv6 address/)).toBeVisible();
    await expect(dialog.getByLabel('Name')).toHaveValue('typo-peer');
    await expect(dialog.getByLabel('IP address')).toHaveValue('192.0.2.300');
  });

  test('finds the zones that use each peer; the delete dialog names them', async ({ page }) => {
    await page.goto(peersUrl);
    const table = page.getByRole('table', { name: 'Peers' });
    await expect(table.getByRole('row').filter({ hasText: 'hidden-primary' })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: 'Zones' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Find zones using peers' }).click();
    const summary = page.getByRole('region', { name: 'Zones using each peer' });
    await expect(summary).toContainText(/Read the transfer configuration of all \d+ zones \(\d+ calls to Cloudflare\)/);
    const hidden = table.getByRole('row').filter({ hasText: 'hidden-primary' });
    await expect(hidden.getByRole('link', { name: 'mail.example.net' })).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: 'decommissioned-ns' })).toContainText('No zone');
    await snap(page, 'peers-zones');
    await expectAccessible(page);

    // The dialog uses the same answer (no second look-up) and says what a delete would break.
    await hidden.getByRole('button', { name: 'Delete hidden-primary' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete peer hidden-primary/ });
    await expect(confirm.getByRole('status', { name: 'Zones using this peer' })).toContainText(
      /Used by \d+ zones?: .*mail\.example\.net \(primary\).*Remove the peer from those zones first/,
    );
    await confirm.getByRole('button', { name: 'Cancel' }).click();

    // A zone link opens the zone.
    await hidden.getByRole('link', { name: 'mail.example.net' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'mail.example.net' })).toBeVisible();
  });

  test('deleting a peer still linked to a zone is refused with the reason', async ({ page }) => {
    await page.goto(peersUrl);
    const row = page.getByRole('table', { name: 'Peers' }).getByRole('row').filter({ hasText: 'hidden-primary' });
    await row.getByRole('button', { name: 'Delete hidden-primary' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete peer hidden-primary/ });
    await confirm.getByRole('button', { name: 'Delete peer' }).click();
    await expect(confirm.getByText(/shop\.example\.org|still|linked|in use/i).first()).toBeVisible();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toBeVisible();
  });

  test('the search survives a reload through the URL', async ({ page }) => {
    await page.goto(peersUrl);
    await page.getByRole('textbox', { name: 'Search peers' }).fill('secondary');
    await expect(page).toHaveURL(/q=secondary/);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Search peers' })).toHaveValue('secondary');
    await expect(page.getByTestId('row-count')).toHaveText(/^2 of \d+ peers$/);
  });
});
