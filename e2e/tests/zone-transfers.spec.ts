import type { Page } from '@playwright/test';
import { SEED, expect, expectAccessible, snap, test, csrfHeaders } from './fixtures';

const zoneUrl = (zoneId: string) => `/accounts/${SEED.accountId}/zones/${zoneId}`;

/** Deletes the account's ACLs called `name` through the API; how many there were. */
async function removeAcl(page: Page, name: string): Promise<number> {
  const base = `/api/accounts/${SEED.accountId}/secondary_dns/acls`;
  const headers = await csrfHeaders(page);
  const list = (await (await page.request.get(base)).json()) as { result: { id: string; name: string }[] };
  const matching = list.result.filter((acl) => acl.name === name);
  for (const acl of matching) {
    const response = await page.request.delete(`${base}/${acl.id}`, { headers });
    expect(response.status()).toBe(200);
  }
  return matching.length;
}

test.describe('Zone transfers', () => {
  test('set up, edit and delete a secondary (incoming) configuration', async ({ page }) => {
    await page.goto(zoneUrl(SEED.zones.legacyExampleOrg));
    await expect(page.getByRole('heading', { level: 1, name: 'legacy.example.org' })).toBeVisible();
    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    await expect(panel).toContainText('Not configured');
    await expect(page.getByRole('region', { name: 'Primary (outgoing)' })).toContainText('Not available');
    await snap(page, 'zone-unconfigured');
    await expectAccessible(page);

    await panel.getByRole('button', { name: 'Set up secondary' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up secondary for legacy.example.org' });
    await expect(dialog.getByLabel('Name')).toHaveValue('legacy.example.org.');
    await dialog.getByRole('textbox', { name: 'Primaries' }).click();
    await page.getByRole('option', { name: /hidden-primary/ }).click();
    await page.keyboard.press('Escape'); // closes the dropdown, not the dialog
    await dialog.getByRole('group', { name: 'Auto refresh presets' }).getByRole('button', { name: '1 hour' }).click();
    await expect(dialog).toContainText('every 1 hour');
    await snap(page, 'incoming-form');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Secondary for legacy.example.org set up')).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(panel).toContainText('Configured');
    await expect(panel).toContainText('every 1 hour');
    await expect(panel.getByRole('link', { name: 'hidden-primary' })).toBeVisible();
    await expect(panel.getByTestId('incoming-serial')).toHaveText('2023121501');

    await panel.getByRole('button', { name: 'Edit secondary' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit secondary for legacy.example.org' });
    await edit.getByLabel('Auto refresh (seconds)').fill('21600');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(panel).toContainText('every 6 hours');
    await page.reload();
    await expect(panel).toContainText('every 6 hours');

    await panel.getByRole('button', { name: 'Delete secondary' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete the secondary configuration of legacy\.example\.org/ });
    const remove = confirm.getByRole('button', { name: 'Delete configuration' });
    await expect(remove).toBeDisabled();
    await confirm.getByLabel('Type legacy.example.org to confirm').fill('legacy.example.org');
    await remove.click();
    await expect(page.getByText('Secondary configuration of legacy.example.org deleted')).toBeVisible();
    await expect(panel).toContainText('Not configured');
    await expect(panel.getByRole('button', { name: 'Set up secondary' })).toBeVisible();
  });

  test('a server-side refusal lands on its field and what was typed is kept', async ({ page }) => {
    // A colleague deletes a peer while this form has it picked: Cloudflare refuses the save, nothing typed is lost.
    const peers = `/api/accounts/${SEED.accountId}/secondary_dns/peers`;
    const headers = await csrfHeaders(page);
    const created = await page.request.post(peers, { data: { name: 'e2e-vanishing', ip: '192.0.2.77' }, headers });
    expect(created.status()).toBe(200);
    const peerId = ((await created.json()) as { result: { id: string } }).result.id;

    await page.goto(zoneUrl(SEED.zones.legacyExampleOrg));
    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    await panel.getByRole('button', { name: 'Set up secondary' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up secondary for legacy.example.org' });
    await expect(dialog.getByLabel('Name')).toHaveAttribute('readonly');
    await dialog.getByRole('textbox', { name: 'Primaries' }).click();
    await page.getByRole('option', { name: /e2e-vanishing/ }).click();
    await page.keyboard.press('Escape'); // closes the dropdown, not the dialog
    await dialog.getByLabel('Auto refresh (seconds)').fill('2h');
    expect((await page.request.delete(`${peers}/${peerId}`, { headers })).status()).toBe(200);

    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(/Peer 1 \(e2e-vanishing\): peer .* does not exist/)).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: 'Primaries' })).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByLabel('Auto refresh (seconds)')).toHaveValue('2h');
    await expect(dialog).toContainText('e2e-vanishing');
    await snap(page, 'incoming-form-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(panel).toContainText('Not configured');
  });

  test('set up, edit and delete a primary (outgoing) configuration', async ({ page }) => {
    await page.goto(zoneUrl(SEED.zones.corpExample));
    const panel = page.getByRole('region', { name: 'Primary (outgoing)' });
    await expect(panel).toContainText('Not configured');
    await expect(page.getByRole('region', { name: 'Secondary (incoming)' })).toContainText('Not available');

    await panel.getByRole('button', { name: 'Set up primary' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up primary for corp.example' });
    await expect(dialog.getByLabel('Name')).toHaveValue('corp.example.');
    await dialog.getByRole('textbox', { name: 'Secondaries to NOTIFY' }).click();
    await page.getByRole('option', { name: /secondary-a/ }).click();
    await page.keyboard.press('Escape'); // closes the dropdown, not the dialog
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Primary for corp.example set up')).toBeVisible();
    await expect(panel).toContainText('Disabled');
    await expect(panel.getByRole('link', { name: 'secondary-a' })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Force NOTIFY' })).toBeDisabled();
    await expect(panel.getByRole('button', { name: 'Enable transfers' })).toBeVisible();

    await panel.getByRole('button', { name: 'Edit primary' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit primary for corp.example' });
    await edit.getByRole('textbox', { name: 'Secondaries to NOTIFY' }).click();
    await page.getByRole('option', { name: /secondary-b/ }).click();
    await page.keyboard.press('Escape'); // closes the dropdown, not the dialog
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(panel.getByRole('link', { name: 'secondary-b' })).toBeVisible();

    await panel.getByRole('button', { name: 'Delete primary' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete the primary configuration of corp\.example/ });
    await confirm.getByLabel('Type corp.example to confirm').fill('corp.example');
    await confirm.getByRole('button', { name: 'Delete configuration' }).click();
    await expect(page.getByText('Primary configuration of corp.example deleted')).toBeVisible();
    await expect(panel).toContainText('Not configured');
  });

  test('Force AXFR on example.net shows that the serial moved', async ({ page }) => {
    await page.goto(zoneUrl(SEED.zones.exampleNet));
    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    await expect(panel.getByTestId('incoming-serial')).toHaveText('2024061201');
    await expect(panel).toContainText('every 1 day');
    await expect(panel.getByRole('link', { name: 'ns1-primary' })).toBeVisible();
    await expect(panel.getByRole('link', { name: 'ns2-primary' })).toBeVisible();
    await snap(page, 'zone-secondary');
    await expectAccessible(page);

    await panel.getByRole('button', { name: 'Force AXFR' }).click();
    const dialog = page.getByRole('dialog', { name: 'Force AXFR for example.net?' });
    await expect(dialog).toContainText('full transfer (AXFR)');
    await expect(dialog).toContainText('does not report the outcome');
    await dialog.getByLabel('Reason (ticket or note)').fill('E2E-42 serial behind');
    await snap(page, 'force-axfr-confirm');
    await dialog.getByRole('button', { name: 'Force AXFR' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByRole('status').filter({ hasText: 'Force AXFR' })).toContainText('Serial 2024061201 → 2024061203');
    await expect(panel.getByTestId('incoming-serial')).toHaveText('2024061203');
    await snap(page, 'zone-secondary-after-axfr');
  });

  test('Force NOTIFY on example.com (enabled)', async ({ page }) => {
    await page.goto(zoneUrl(SEED.zones.exampleCom));
    const panel = page.getByRole('region', { name: 'Primary (outgoing)' });
    await expect(panel).toContainText('Enabled');
    await expect(panel.getByRole('link', { name: 'secondary-a' })).toBeVisible();
    await snap(page, 'zone-primary');
    await expectAccessible(page);

    await panel.getByRole('button', { name: 'Force NOTIFY' }).click();
    const dialog = page.getByRole('dialog', { name: 'Force NOTIFY for example.com?' });
    await expect(dialog).toContainText('secondary-a');
    await dialog.getByRole('button', { name: 'Force NOTIFY' }).click();
    await expect(page.getByText('Force NOTIFY requested for example.com')).toBeVisible();
    await expect(panel.getByRole('status').filter({ hasText: 'Force NOTIFY' })).toContainText('Cloudflare accepted the NOTIFY');
  });

  test('the serial check finds the secondaries of status.example.org behind; Force NOTIFY brings them in sync', async ({ page }) => {
    await page.goto(zoneUrl(SEED.zones.statusExampleOrg));
    const panel = page.getByRole('region', { name: 'Primary (outgoing)' });
    await panel.getByRole('button', { name: 'Ask the secondaries' }).click();
    const serials = panel.getByRole('table', { name: 'Serials of the secondaries' });
    await expect(serials.getByRole('row')).toHaveCount(3);
    for (const name of ['secondary-a', 'secondary-b']) {
      const row = serials.getByRole('row').filter({ hasText: name });
      await expect(row).toContainText('Secondary behind');
      await expect(row).toContainText('use Force NOTIFY');
    }
    await expect(panel.getByText(/0 of 2 secondaries in sync; 2 behind Cloudflare's/)).toBeVisible();
    await snap(page, 'zone-serial-check-outgoing');
    await expectAccessible(page);

    await panel.getByRole('button', { name: 'Force NOTIFY' }).click();
    await page.getByRole('dialog', { name: 'Force NOTIFY for status.example.org?' }).getByRole('button', { name: 'Force NOTIFY' }).click();
    await expect(panel.getByText('both secondaries in sync', { exact: false })).toBeVisible();
    await expect(serials.getByText('In sync')).toHaveCount(2);
  });

  test('enable and disable outgoing transfers on docs.example.com, keyboard only', async ({ page }) => {
    await page.goto(zoneUrl(SEED.zones.docsExampleCom));
    const panel = page.getByRole('region', { name: 'Primary (outgoing)' });
    await expect(panel).toContainText('Disabled');
    const notify = panel.getByRole('button', { name: 'Force NOTIFY' });
    await expect(notify).toBeDisabled();
    await expect(notify).toHaveAccessibleDescription(/Outgoing transfers are disabled, so a NOTIFY gets the secondaries no transfer/);

    await panel.getByRole('button', { name: 'Enable transfers', exact: true }).focus();
    await page.keyboard.press('Enter');
    const enable = page.getByRole('dialog', { name: 'Enable outgoing transfers for docs.example.com?' });
    await expect(enable).toContainText('sends them a NOTIFY');
    await expect(enable.getByLabel('Reason (ticket or note)')).toBeFocused();
    await page.keyboard.type('E2E enable');
    await enable.getByRole('button', { name: 'Enable transfers' }).focus();
    await page.keyboard.press('Enter');
    await expect(enable).toBeHidden();
    await expect(panel).toContainText('Enabled');
    await expect(notify).toBeEnabled();

    await panel.getByRole('button', { name: 'Disable transfers', exact: true }).focus();
    await page.keyboard.press('Enter');
    const disable = page.getByRole('dialog', { name: 'Disable outgoing transfers for docs.example.com?' });
    await expect(disable).toContainText('clears the IXFR backlog');
    await disable.getByRole('button', { name: 'Disable transfers' }).focus();
    await page.keyboard.press('Enter');
    await expect(disable).toBeHidden();
    await expect(panel).toContainText('Disabled');
    await expect(notify).toBeDisabled();
  });

  test('Force NOTIFY while disabled is unavailable (it would transfer nothing), and the dashboard says why before asking', async ({ page }) => {
    await page.goto(zoneUrl(SEED.zones.euExampleCom));
    const panel = page.getByRole('region', { name: 'Primary (outgoing)' });
    await expect(panel).toContainText('Disabled');
    await expect(panel).toContainText('Force NOTIFY is unavailable');
    await expect(panel.getByRole('button', { name: 'Force NOTIFY' })).toBeDisabled();
  });

  test('the setup check finds secondaries outside every ACL, follows a new ACL, and writes the BIND excerpt', async ({ page }) => {
    await removeAcl(page, 'secondary-a'); // a retry starts from the seed too
    await page.goto(zoneUrl(SEED.zones.exampleCom));
    const panel = page.getByRole('region', { name: 'Primary (outgoing)' });
    const results = panel.getByRole('list', { name: 'Setup check results' });
    // Opens by itself: something is wrong.
    await expect(results).toContainText('secondary-a (203.0.113.53) and secondary-b (2001:db8:20::53) are in no ACL');
    await expect(panel).toContainText('Setup check · 1 warning');
    await expect(results).toContainText('Transfers are signed with TSIG key notify-key.example.com.');
    const snippet = panel.getByTestId('server-excerpt');
    await expect(snippet).toContainText('primaries { 172.65.64.6 key "notify-key.example.com."; };');
    await expect(snippet).toContainText('type secondary;');
    await expect(snippet).not.toContainText('********'); // never a secret, not even the mask
    await snap(page, 'zone-setup-check-primary');
    await expectAccessible(page);

    // An ACL for secondary-a: the check follows (same cache entry as the ACLs page).
    await page.goto(`/accounts/${SEED.accountId}/acls`);
    await page.getByRole('button', { name: 'Add ACL' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add ACL' });
    await dialog.getByLabel(/^Name/).fill('secondary-a');
    await dialog.getByLabel(/^IP range/).fill('203.0.113.53/32');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('ACL secondary-a added')).toBeVisible();
    await page.getByRole('link', { name: 'Zones' }).first().click();
    await page.getByRole('link', { name: 'example.com', exact: true }).click();
    await expect(results).toContainText('secondary-b (2001:db8:20::53) is in no ACL');
    await expect(results).not.toContainText('secondary-a (203.0.113.53)');

    expect(await removeAcl(page, 'secondary-a')).toBe(1); // leave the seed as it was for the other tests
  });

  test('the setup check of a secondary zone: its primaries, the key, and what the primaries must allow', async ({ page }) => {
    await page.goto(zoneUrl(SEED.zones.cdnExampleNet));
    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    // Until 1 December 2026 the older ranges are a warning (open); afterwards a note (closed): open it if needed.
    const control = panel.getByRole('button', { name: /^Setup check/ });
    if ((await control.getAttribute('aria-expanded')) !== 'true') await control.click();
    const results = panel.getByRole('list', { name: 'Setup check results' });
    await expect(results).toContainText('Every primary has an address');
    await expect(results).toContainText('ns1-primary 192.0.2.10 and ns2-primary 2001:db8:10::53');
    await expect(results).toContainText(/older transfer ranges|transfers only from/);
    await expect(panel.getByText('104.30.167.163', { exact: true })).toBeVisible();
    await expect(panel.getByText('172.65.30.82', { exact: true })).toBeVisible();
    const snippet = panel.getByTestId('server-excerpt');
    await expect(snippet).toContainText('zone "cdn.example.net" {');
    await expect(snippet).toContainText(/also-notify \{\s+172\.65\.30\.82;\s+172\.65\.50\.145;/);
    await expect(snippet).toContainText(/allow-transfer \{ key "[^"]+"; \};/);
    await snap(page, 'zone-setup-check-secondary');
    await expectAccessible(page);

    // The same for NSD (or Knot DNS): the choice is remembered, and the Copy button copies that excerpt.
    await panel.getByText('NSD', { exact: true }).click();
    await expect(panel.getByText('NSD excerpt (nsd.conf)')).toBeVisible();
    await expect(snippet).toContainText(/provide-xfr: 0\.0\.0\.0\/0 \S+/);
    await expect(snippet).toContainText('notify: 172.65.30.82 NOKEY');
    await page.reload();
    if ((await control.getAttribute('aria-expanded')) !== 'true') await control.click();
    await expect(panel.getByText('NSD excerpt (nsd.conf)')).toBeVisible();
  });

  test('Check serials on the zones list: which zones are behind, Force AXFR with them picked, the same check on the zone page', async ({ page }) => {
    await page.goto(`/accounts/${SEED.accountId}/zones`);
    const table = page.getByRole('table', { name: 'Zones' });
    await expect(table.getByRole('columnheader', { name: 'Serials' })).toHaveCount(0);
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(row('legacy.example.org')).toContainText('Not configured');
    await page.getByRole('button', { name: 'Check serials' }).click();

    const summary = page.getByRole('region', { name: 'Zone serials' });
    await expect(summary.getByRole('status')).toContainText(/\d+ zones checked: .*where Cloudflare is behind/);
    // mail.example.net has changes Cloudflare has not pulled; cdn.example.net is current.
    await expect(row('mail.example.net')).toContainText('Cloudflare behind');
    await expect(row('cdn.example.net')).toContainText('In sync');
    await expect(row('eu.example.com')).toContainText('No secondaries');
    await expect(summary.getByRole('link', { name: 'eu.example.com' })).toBeVisible();
    await expect(row('legacy.example.org').getByText('Not configured: nobody to ask')).toBeAttached();
    await snap(page, 'zones-serial-check');
    await expectAccessible(page);

    await summary.getByRole('button', { name: /Force AXFR on \d+ zones? behind/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Force AXFR where Cloudflare is behind' });
    await expect(dialog.getByRole('checkbox', { name: /mail\.example\.net/ })).toBeChecked();
    await expect(dialog.getByRole('button', { name: /^Force AXFR on \d+ zones?$/ })).toBeEnabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click(); // the next test forces it from the zone page

    // The zone page shows the check made from the list, with its time, without asking again.
    const asked = page.waitForRequest(/\/serials\?/, { timeout: 1500 }).then(() => true, () => false);
    await row('mail.example.net').getByRole('link', { name: 'mail.example.net', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    await expect(panel.getByText(/^Asked (just now|\d+ seconds? ago): the primary is ahead of Cloudflare's copy/)).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Ask the primaries again' })).toBeVisible();
    expect(await asked).toBe(false);
  });

  test('a stale zone: Overdue in the zones list, the setup check says why, the serial check shows the primary ahead, Force AXFR brings it in sync', async ({ page }) => {
    await page.goto(`/accounts/${SEED.accountId}/zones`);
    const table = page.getByRole('table', { name: 'Zones' });
    const mail = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'mail.example.net', exact: true }) });
    await expect(mail.getByText('Overdue')).toBeVisible();
    await expect(mail).toContainText('last checked 3 days ago, refresh every 1 day');
    const exampleNet = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'example.net', exact: true }) });
    await expect(exampleNet).toContainText('Configured');
    await expect(exampleNet.getByText('Overdue')).toHaveCount(0);
    await snap(page, 'zones-overdue');

    await mail.getByRole('link', { name: 'mail.example.net', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    const results = panel.getByRole('list', { name: 'Setup check results' });
    await expect(results).toContainText('Last checked 3 days ago: more than twice the refresh interval');
    await expect(results).toContainText('Transfers are not signed (no TSIG key)');
    await expect(panel.getByTestId('server-excerpt')).toContainText(
      /allow-transfer \{\s+104\.30\.167\.163;\s+104\.30\.167\.173;\s+2a09:bac0:1000:c47::\/64;\s+\};/,
    );

    // The serial check: the primary has changes Cloudflare has not pulled.
    await panel.getByRole('button', { name: 'Ask the primaries' }).click();
    const serials = panel.getByRole('table', { name: 'Serials of the primaries' });
    const primary = serials.getByRole('row').filter({ hasText: 'hidden-primary' });
    await expect(primary).toContainText('198.51.100.20:5353');
    await expect(primary).toContainText('2024040401');
    await expect(primary).toContainText('Cloudflare behind');
    await expect(primary).toContainText("ahead of Cloudflare's copy (2024040102)");
    await expect(panel.getByText(/emulated nameserver/)).toBeVisible();
    await snap(page, 'zone-serial-check-stale');
    await expectAccessible(page);

    await panel.getByRole('button', { name: 'Force AXFR' }).click();
    const dialog = page.getByRole('dialog', { name: 'Force AXFR for mail.example.net?' });
    await dialog.getByLabel('Reason (ticket or note)').fill('E2E-43 zone stale');
    await dialog.getByRole('button', { name: 'Force AXFR' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByRole('status').filter({ hasText: 'Force AXFR' })).toContainText('Serial 2024040102 → 2024040401');
    await expect(panel.getByRole('button', { name: /^Setup check/ })).toBeVisible();
    await expect(panel.getByText(/more than twice the refresh interval/)).toHaveCount(0);
    // Cloudflare's serial moved, so the primaries were asked again by themselves.
    await expect(primary).toContainText('In sync');
    await expect(panel.getByText(/the primary is in sync/)).toBeVisible();
    // Who forced it, when and why, for the next person who opens the zone.
    const recent = page.getByRole('region', { name: 'Recent actions' }).getByRole('table', { name: 'Recent actions on this zone' });
    const latest = recent.getByRole('row').nth(1);
    await expect(latest).toContainText('Force AXFR');
    await expect(latest).toContainText('admin');
    await expect(latest).toContainText('Success');
    await expect(latest).toContainText('E2E-43 zone stale');
    await expect(latest).toContainText(/just now|seconds? ago/);
    // What the Force moved, as the dashboard's own reads saw it (kept beside the audit entry: ADR 018).
    await expect(latest).toContainText(/Afterwards: serial 2024040102 → 2024040401, seen \d+ s later/, { timeout: 15_000 });
    await snap(page, 'zone-recent-actions');

    // All of it, as text for the customer's ticket.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy summary for a ticket' }).click();
    await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    const summary = await page.evaluate(() => navigator.clipboard.readText());
    expect(summary).toContain(`Zone mail.example.net (${SEED.zones.mailExampleNet}), Cloudflare type secondary`);
    expect(summary).toContain("Secondary (incoming): Cloudflare's serial 2024040401");
    expect(summary).toContain('Primaries: hidden-primary 198.51.100.20:5353');
    expect(summary).toContain("hidden-primary: Serial 2024040401, the same as Cloudflare's.");
    expect(summary).toMatch(/admin \(admin\): Force AXFR, success \(HTTP 200\), reason "E2E-43 zone stale"; afterwards: serial 2024040102 → 2024040401/);

    // The whole story in the audit log, found by the zone's name as a person types it.
    await page.goto('/audit');
    await page.getByRole('textbox', { name: 'Zone', exact: true }).fill('Mail.Example.NET.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/zone=Mail\.Example\.NET\./);
    const audit = page.getByRole('table', { name: /audit/i });
    await expect(audit.getByRole('row').filter({ hasText: 'E2E-43 zone stale' })).toContainText('Force AXFR');
    await expect(audit.getByRole('row').filter({ hasText: 'E2E-43 zone stale' })).toContainText('Afterwards: serial 2024040102 → 2024040401');
    await expect(audit.getByRole('row').filter({ hasText: 'Zone ' }).filter({ hasNotText: 'mail.example.net' })).toHaveCount(0);
    await page.goBack();

    await page.getByRole('link', { name: 'Zones', exact: true }).first().click();
    await expect(mail).toContainText('2024040401');
    await expect(mail.getByText('Overdue')).toHaveCount(0);
  });
});
