import { SEED, csrfHeaders, expect, expectAccessible, snap, test } from './fixtures';

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
    // Escape by mistake: the form asks before it loses what was typed.
    await page.keyboard.press('Escape');
    await expect(dialog.getByRole('alert')).toContainText('Discard what you typed?');
    await dialog.getByRole('button', { name: 'Keep editing' }).click();
    await expect(dialog.getByLabel('Name')).toHaveValue('e2e-peer');
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
      /Used by \d+ zones?: .*mail\.example\.net \(as its primary\).*Remove the peer from those zones first/,
    );
    await confirm.getByRole('button', { name: 'Cancel' }).click();

    // The edit form, before Save: a new address names the zones it touches and what their primary must do (Cancel drops it).
    await hidden.getByRole('button', { name: 'Edit hidden-primary' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit peer hidden-primary' });
    await edit.getByLabel('IP address').fill('198.51.100.77');
    const impact = edit.getByRole('region', { name: /^Saving changes the transfers of 2 zones/ });
    await expect(impact.getByRole('link', { name: 'mail.example.net' })).toBeVisible();
    await expect(impact).toContainText('Cloudflare asks 198.51.100.77 port 5353 for their SOA serial and transfers (AXFR/IXFR) instead of 198.51.100.20 port 5353');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await expect(edit).toBeHidden();

    // After a primary's outage: which of its zones are behind? Its zones menu → Force AXFR → Check serials.
    await hidden.getByRole('button', { name: /all zones of hidden-primary/ }).click();
    await page.getByRole('group', { name: 'Zones of hidden-primary' }).getByRole('button', { name: /^Force AXFR on its 2 zones/ }).click();
    const force = page.getByRole('dialog', { name: 'Force AXFR on the zones of hidden-primary' });
    await force.getByRole('button', { name: 'Check serials' }).click();
    // Both have changes on the primary that Cloudflare has not pulled (this file runs before any Force on them).
    await force.getByRole('button', { name: 'Select behind (2)' }).click();
    await expect(force.getByRole('checkbox', { name: /mail\.example\.net/ })).toBeChecked();
    await expect(force.getByRole('checkbox', { name: /shop\.example\.org/ })).toBeChecked();
    await expect(force.getByText('Cloudflare behind', { exact: true })).toHaveCount(2);
    await expect(force.getByRole('button', { name: 'Force AXFR on 2 zones' })).toBeEnabled();
    await snap(page, 'peer-zones-serials');
    await force.getByRole('button', { name: 'Cancel' }).click();

    // A zone link opens the zone.
    await hidden.getByRole('link', { name: 'mail.example.net' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'mail.example.net' })).toBeVisible();
  });

  test('decommission a primary: replace it in its zones, then delete it', async ({ page }) => {
    // The Staging account: staging.example.com pulls from staging-primary; a new primary is ready to take over.
    const created = await page.request.post(`/api/accounts/${SEED.secondAccountId}/secondary_dns/peers`, {
      data: { name: 'e2e-new-primary', ip: '198.51.100.201', port: 53 },
      headers: await csrfHeaders(page),
    });
    expect(created.status()).toBe(200);

    await page.goto(`/accounts/${SEED.secondAccountId}/peers`);
    const table = page.getByRole('table', { name: 'Peers' });
    const old = table.getByRole('row').filter({ hasText: 'staging-primary' });
    await expect(old).toBeVisible();
    await old.getByRole('button', { name: 'Delete staging-primary' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete peer staging-primary/ });
    // A small account, the budget not low: the dialog looks by itself (ADR 012).
    await expect(confirm.getByRole('status', { name: 'Zones using this peer' })).toContainText(
      'Used by 1 zone: staging.example.com (as its primary).',
    );
    await expect(confirm.getByRole('button', { name: 'Check which zones use it' })).toHaveCount(0);
    await confirm.getByRole('button', { name: 'Replace it in these zones…' }).click();

    const replace = page.getByRole('dialog', { name: 'Replace staging-primary in its zones' });
    await replace.getByRole('textbox', { name: 'Replace with' }).click();
    await page.getByRole('option', { name: /^e2e-new-primary/ }).click();
    await expect(replace.getByRole('list', { name: 'Zones to change' })).toContainText(
      'staging.example.com · primary · will changestaging-primary → e2e-new-primary',
    );
    await snap(page, 'peer-replace');
    await replace.getByRole('button', { name: 'Change 1 zone' }).click();
    await expect(replace.getByRole('status')).toHaveText('Done: 1 changed, 0 failed, 0 not sent.');
    await replace.getByRole('button', { name: 'Done' }).click();

    // The look-up ran again: the old primary is free, the new one has the zone; the zone page says so too.
    await expect(old).toContainText('No zone');
    const fresh = table.getByRole('row').filter({ hasText: 'e2e-new-primary' });
    await expect(fresh.getByRole('link', { name: 'staging.example.com' })).toBeVisible();

    // The new primary's zones, from its cell: have Cloudflare pull them from it now.
    await fresh.getByRole('button', { name: 'All zones of e2e-new-primary' }).click();
    const menu = page.getByRole('group', { name: 'Zones of e2e-new-primary' });
    await menu.getByRole('button', { name: 'Force AXFR on its zone…' }).click();
    const force = page.getByRole('dialog', { name: 'Force AXFR on the zones of e2e-new-primary' });
    await force.getByRole('button', { name: 'Select all (1)' }).click();
    await force.getByRole('textbox', { name: /Reason/ }).fill('CHG-17: primary moved');
    await force.getByRole('button', { name: 'Force AXFR on 1 zone' }).click();
    await expect(force.getByRole('status')).toHaveText('Done: 1 requested, 0 failed, 0 not sent.');
    await force.getByRole('button', { name: 'Done' }).click();

    await old.getByRole('button', { name: 'Delete staging-primary' }).click();
    const again = page.getByRole('dialog', { name: /Delete peer staging-primary/ });
    await expect(again.getByRole('status', { name: 'Zones using this peer' })).toContainText('Not used by any of the 2 zones.');
    await again.getByRole('button', { name: 'Delete peer' }).click();
    await expect(page.getByText('Peer staging-primary deleted')).toBeVisible();

    await fresh.getByRole('link', { name: 'staging.example.com' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'staging.example.com' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'e2e-new-primary' })).toBeVisible();
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
