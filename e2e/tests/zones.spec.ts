import { SEED, csrfHeaders, expect, expectAccessible, snap, test } from './fixtures';

const zonesUrl = `/accounts/${SEED.accountId}/zones`;
const SECONDARY_IDS = new Set<string>([
  SEED.zones.exampleNet,
  SEED.zones.shopExampleOrg,
  SEED.zones.mailExampleNet,
  SEED.zones.cdnExampleNet,
  SEED.zones.legacyExampleOrg,
]);

test.describe('Zones', () => {
  test('lists the seeded zones with whether each is secondary or primary, one call per row', async ({ page }) => {
    const perRow: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (/^\/api\/zones\/[0-9a-f]{32}\//.test(path)) perRow.push(path);
    });
    await page.goto(zonesUrl);
    const table = page.getByRole('table', { name: 'Zones' });
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

    await expect(page.getByTestId('row-count')).toHaveText('12 zones');
    await expect(row('example.net')).toContainText('secondary');
    await expect(row('example.net').getByTestId('incoming-example.net')).toContainText('Configured');
    await expect(row('legacy.example.org').getByTestId('incoming-legacy.example.org')).toContainText('Not configured');
    await expect(row('legacy.example.org')).toContainText('pending');
    await expect(row('example.com')).toContainText('full');
    await expect(row('example.com').getByTestId('outgoing-example.com')).toContainText('Enabled');
    await expect(row('docs.example.com').getByTestId('outgoing-docs.example.com')).toContainText('Disabled');
    await expect(row('example.org').getByTestId('outgoing-example.org')).toContainText('Not configured');
    await snap(page, 'zones');
    await expectAccessible(page);

    // Only the side the zone's type allows, at most once per zone: incoming for secondary zones, status for the rest.
    expect(perRow.length).toBeLessThanOrEqual(12);
    expect(new Set(perRow).size).toBe(perRow.length);
    for (const path of perRow) {
      const zoneId = path.split('/')[3] ?? '';
      expect(path).toBe(
        SECONDARY_IDS.has(zoneId)
          ? `/api/zones/${zoneId}/secondary_dns/incoming`
          : `/api/zones/${zoneId}/secondary_dns/outgoing/status`,
      );
    }

    // Opening a zone reuses what the list loaded: no second status call for example.com.
    await row('example.com').getByRole('link', { name: 'example.com', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'example.com' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Primary (outgoing)' })).toContainText('Enabled');
    expect(perRow.filter((path) => path.endsWith(`${SEED.zones.exampleCom}/secondary_dns/outgoing/status`))).toHaveLength(1);
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Zones' }).click();
    await expect(page).toHaveURL(new RegExp(`${zonesUrl}$`));
  });

  test('search by name is done by Cloudflare and survives a reload through the URL', async ({ page }) => {
    await page.goto(zonesUrl);
    const search = page.getByRole('textbox', { name: 'Search zones' });
    const listCall = page.waitForRequest((request) => request.url().includes('name=contains%3Ashop'));
    await search.fill('shop');
    await listCall;
    await expect(page).toHaveURL(/q=shop/);
    const table = page.getByRole('table', { name: 'Zones' });
    await expect(page.getByTestId('row-count')).toHaveText('1 zone matching');
    await expect(table.getByRole('link', { name: 'shop.example.org' })).toBeVisible();

    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Search zones' })).toHaveValue('shop');
    await expect(page.getByTestId('row-count')).toHaveText('1 zone matching');
    await expect(table.getByRole('row')).toHaveCount(2);

    await search.fill('no-such-zone');
    await expect(page.getByText('No zone name contains “no-such-zone”.')).toBeVisible();
    await page.getByRole('button', { name: 'Show all zones' }).click();
    await expect(page.getByTestId('row-count')).toHaveText('12 zones');
    await expect(page).not.toHaveURL(/q=/);
  });

  test('pages through the zones, with page and page size in the URL', async ({ page }) => {
    await page.goto(zonesUrl);
    await page.getByRole('textbox', { name: 'Per page' }).click();
    await page.getByRole('option', { name: '10', exact: true }).click();
    await expect(page).toHaveURL(/per_page=10/);
    await expect(page.getByTestId('row-count')).toHaveText('1–10 of 12 zones');
    await page.getByRole('button', { name: 'Page 2' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByTestId('row-count')).toHaveText('11–12 of 12 zones');
    const table = page.getByRole('table', { name: 'Zones' });
    await expect(table.getByRole('link', { name: 'status.example.org' })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('row-count')).toHaveText('11–12 of 12 zones');
    await expect(page.getByRole('button', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
  });

  test('an unknown zone shows a not-found page', async ({ page }) => {
    await page.goto(`${zonesUrl}/ffffffffffffffffffffffffffffffff`);
    await expect(page.getByRole('heading', { level: 1, name: 'Zone not found' })).toBeVisible();
    // A well-formed id may be a zone deleted since: what the dashboard recorded about it is still shown.
    await expect(page.getByText('Nobody has changed or forced anything on this zone through this dashboard yet.')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Back to zones' }).click();
    await expect(page.getByRole('table', { name: 'Zones' })).toBeVisible();
  });

  test("a zone's name in the address opens its page, and an unknown name says so", async ({ page }) => {
    // As support staff type it from a ticket: no account, any case, a trailing dot.
    await page.goto('/zones/CDN.example.net.');
    await expect(page).toHaveURL(new RegExp(`${zonesUrl}/${SEED.zones.cdnExampleNet}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'cdn.example.net' })).toBeVisible();
    await page.goto(`${zonesUrl}/no-such.example.net`);
    await expect(page.getByRole('heading', { level: 1, name: 'Zone not found' })).toBeVisible();
    await expect(page.getByText('No account the dashboard can see has a zone named no-such.example.net.')).toBeVisible();
    await expectAccessible(page);
  });

  test("a zone of another account opens under its own account, by ID or by name, with its primary named", async ({ page }) => {
    const lists: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/zones') lists.push(url.search);
    });
    // Example Corp is the account shown; staging.example.com is the Staging account's.
    await page.goto(zonesUrl);
    await expect(page.getByTestId('row-count')).toHaveText('12 zones');
    lists.length = 0;
    await page.goto(`/zones/${SEED.zones.stagingExampleCom}`);
    await expect(page).toHaveURL(new RegExp(`/accounts/${SEED.secondAccountId}/zones/${SEED.zones.stagingExampleCom}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'staging.example.com' })).toBeVisible();
    await expect(page.getByText('A secondary zone: Cloudflare pulls it from your primaries.')).toBeVisible();
    const incoming = page.getByRole('region', { name: 'Secondary (incoming)' });
    // Its primary, read from the Staging account's peers (peers.spec.ts may have replaced staging-primary before).
    const primary = incoming.getByRole('link', { name: /^(staging-primary|e2e-new-primary)$/ });
    await expect(primary).toBeVisible();
    await expect(primary).toHaveAttribute('href', new RegExp(`/accounts/${SEED.secondAccountId}/`));
    await expect(page.getByText(/no longer exist/)).toHaveCount(0);
    // The zone came from one zones.get, not from paging Example Corp's zones.
    expect(lists).toEqual([]);

    await page.goto(`/accounts/${SEED.accountId}/zones/staging.example.com`);
    await expect(page).toHaveURL(new RegExp(`/accounts/${SEED.secondAccountId}/zones/${SEED.zones.stagingExampleCom}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'staging.example.com' })).toBeVisible();
  });

  test('dark mode and 1024 px wide', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(zonesUrl);
    await expect(page.getByTestId('outgoing-example.com')).toContainText('Enabled');
    // Nothing sticks out sideways (the toolbar's buttons once did).
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await snap(page, 'zones-dark-1024');
    await expectAccessible(page);
    await page.goto(`${zonesUrl}/${SEED.zones.exampleCom}`);
    await expect(page.getByRole('region', { name: 'Primary (outgoing)' })).toContainText('Enabled');
    await snap(page, 'zone-primary-dark-1024');
    await expectAccessible(page);
    await page.goto(`${zonesUrl}/${SEED.zones.exampleNet}`);
    await expect(page.getByRole('region', { name: 'Secondary (incoming)' })).toContainText('Configured');
    await page.getByRole('button', { name: 'Ask the primaries' }).click();
    await expect(page.getByRole('table', { name: 'Serials of the primaries' })).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await snap(page, 'zone-secondary-dark-1024');
    await expectAccessible(page);

    // Below 1200 px the header's "Go to zone" is a button: "/" opens it too, and a zone's page opens from it.
    await page.keyboard.press('/');
    const jump = page.getByRole('dialog', { name: 'Go to zone' });
    await expect(jump.getByRole('textbox', { name: 'Go to zone' })).toBeFocused();
    await jump.getByRole('textbox', { name: 'Go to zone' }).fill('mail.exa');
    await page.getByRole('option', { name: 'mail.example.net' }).click();
    await expect(page).toHaveURL(`${zonesUrl}/${SEED.zones.mailExampleNet}`);
    await expect(jump).toBeHidden();
    await page.getByRole('button', { name: 'Go to zone' }).click();
    await expect(jump).toBeVisible();
  });

  test('"/" from any page, part of a zone’s name, and its page opens', async ({ page }) => {
    await page.goto('/audit');
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    const box = page.getByRole('textbox', { name: 'Go to zone' });
    // The box arrives just after the first paint (its code is loaded alongside).
    await expect(box).toBeVisible();
    await page.keyboard.press('/');
    await expect(box).toBeFocused();
    await box.fill('shop.exa');
    await page.getByRole('option', { name: 'shop.example.org' }).click();
    await expect(page).toHaveURL(`${zonesUrl}/${SEED.zones.shopExampleOrg}`);
    await expect(page.getByRole('heading', { level: 1, name: 'shop.example.org' })).toBeVisible();
    await expect(box).toHaveValue('');

    // A zone of another account the token can see: named with its account, opened under it.
    await box.fill('staging.exa');
    const other = page.getByRole('option', { name: /^staging\.example\.com · / });
    await expect(other).toBeVisible();
    await other.click();
    await expect(page).toHaveURL(new RegExp(`/accounts/${SEED.secondAccountId}/zones/${SEED.zones.stagingExampleCom}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'staging.example.com' })).toBeVisible();
  });

  test('on a phone (390 px): names stay readable, tables scroll sideways in their box, the page does not', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(zonesUrl);
    const name = page.getByRole('table', { name: 'Zones' }).getByRole('link', { name: 'mail.example.net' });
    await expect(name).toBeVisible();
    // The name column once got no width at all on a phone.
    expect((await name.boundingBox())!.width).toBeGreaterThan(80);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expect(page.getByRole('button', { name: 'Force AXFR on several zones' })).toBeInViewport();
    await snap(page, 'zones-390');

    await page.goto(`/accounts/${SEED.accountId}/peers`);
    await expect(page.getByRole('table', { name: 'Peers' }).getByText('ns1-primary')).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);

    // The users' names too (their column once got no width on a phone either).
    await page.goto('/users');
    const username = page.getByRole('table', { name: 'Users' }).getByRole('columnheader', { name: /Username/ });
    await expect(username).toBeVisible();
    expect((await username.boundingBox())!.width).toBeGreaterThan(100);
    expect(await overflow()).toBeLessThanOrEqual(0);

    await page.goto(`${zonesUrl}/${SEED.zones.mailExampleNet}`);
    await expect(page.getByRole('heading', { level: 1, name: 'mail.example.net' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Force AXFR' })).toBeInViewport();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });

  test('Force AXFR on several zones at once, one reason for all, each outcome shown and audited', async ({ page }) => {
    await page.goto(zonesUrl);
    await page.getByRole('button', { name: 'Force AXFR on several zones' }).click();
    const dialog = page.getByRole('dialog', { name: 'Force AXFR on several zones' });
    // Only secondary zones; one without a configuration cannot be picked.
    await expect(dialog.getByRole('checkbox', { name: /legacy\.example\.org/ })).toBeDisabled();
    await expect(dialog.getByText('example.com', { exact: true })).toHaveCount(0);
    await dialog.getByRole('checkbox', { name: /cdn\.example\.net/ }).check();
    await dialog.getByRole('checkbox', { name: /shop\.example\.org/ }).check();
    await dialog.getByRole('textbox', { name: /Reason/ }).fill('E2E-77 primary back after outage');
    await snap(page, 'zones-bulk-force-axfr');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Force AXFR on 2 zones' }).click();

    await expect(dialog.getByRole('status')).toHaveText('Done: 2 requested, 0 failed, 0 not sent.');
    const results = dialog.getByRole('list', { name: 'Force AXFR results' });
    await expect(results.getByRole('listitem')).toHaveCount(2);
    for (const item of await results.getByRole('listitem').all()) {
      await expect(item).toContainText('Requested');
      await expect(item).toContainText(/Serial /);
    }
    await snap(page, 'zones-bulk-force-axfr-done');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();

    // Each zone is its own audited request, with the reason.
    await page.goto('/audit?operation=forceAxfr');
    const log = page.getByRole('table', { name: 'Audit log' });
    const bulk = log.getByRole('row').filter({ hasText: 'E2E-77 primary back after outage' });
    await expect(bulk).toHaveCount(2);
  });

  test('Set up secondaries on several zones: the zones not set up, one set of primaries, each outcome shown', async ({ page }) => {
    await page.goto(zonesUrl);
    await page.getByRole('button', { name: 'Set up several zones' }).click();
    await page.getByRole('menuitem', { name: 'Secondaries on several zones…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up secondaries on several zones' });
    // Secondary zones only; those already set up cannot be picked.
    await expect(dialog.getByRole('checkbox', { name: 'cdn.example.net' })).toBeDisabled();
    await expect(dialog.getByText('example.com', { exact: true })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Select all not set up (1)' }).click();
    await expect(dialog.getByRole('checkbox', { name: 'legacy.example.org' })).toBeChecked();
    // Without primaries: refused on the field, the pick kept.
    await dialog.getByRole('button', { name: 'Set up 1 secondary' }).click();
    await expect(dialog.getByText('Primaries must list at least one peer')).toBeVisible();
    await expect(dialog.getByRole('checkbox', { name: 'legacy.example.org' })).toBeChecked();
    await dialog.getByRole('textbox', { name: 'Primaries' }).click();
    await page.getByRole('option', { name: /hidden-primary/ }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('group', { name: 'Auto refresh presets' }).getByRole('button', { name: '1 hour' }).click();
    await snap(page, 'zones-bulk-setup');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Set up 1 secondary' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Done: 1 set up, 0 failed, 0 not sent.');
    await expect(dialog.getByRole('list', { name: 'Set up secondaries results' })).toContainText(
      'Primaries hidden-primary, refresh every 1 hour. Cloudflare pulls the zone from them shortly',
    );
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The zone's page shows it set up; delete it again (the seed's state for the tests after this one).
    await page.goto(`/accounts/${SEED.accountId}/zones/${SEED.zones.legacyExampleOrg}`);
    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    await expect(panel).toContainText('every 1 hour');
    await panel.getByRole('button', { name: 'Delete secondary' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete the secondary configuration of legacy\.example\.org/ });
    await confirm.getByLabel('Type legacy.example.org to confirm').fill('legacy.example.org');
    await confirm.getByRole('button', { name: 'Delete configuration' }).click();
    await expect(panel).toContainText('Not configured');
  });

  test('Set up primaries on several zones: the zones Cloudflare serves without a configuration, the same secondaries', async ({ page }) => {
    await page.goto(zonesUrl);
    await page.getByRole('button', { name: 'Set up several zones' }).click();
    await page.getByRole('menuitem', { name: 'Primaries on several zones…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up primaries on several zones' });
    await expect(dialog.getByRole('checkbox', { name: 'example.com', exact: true })).toBeDisabled(); // set up already
    await expect(dialog.getByText('legacy.example.org', { exact: true })).toHaveCount(0); // a secondary zone
    await dialog.getByRole('checkbox', { name: 'internal.example' }).check();
    await dialog.getByRole('textbox', { name: 'Secondaries to NOTIFY' }).click();
    await page.getByRole('option', { name: /secondary-a/ }).click();
    await page.keyboard.press('Escape');
    await expect(dialog.getByRole('checkbox', { name: /Enable outgoing transfers/ })).not.toBeChecked();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Set up 1 primary' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Done: 1 set up, 0 failed, 0 not sent.');
    await expect(dialog.getByRole('list', { name: 'Set up primaries results' })).toContainText(
      'Secondaries secondary-a. Outgoing transfers are disabled until you enable them on its page.',
    );
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.goto(`/accounts/${SEED.accountId}/zones/${SEED.zones.internalExample}`);
    const panel = page.getByRole('region', { name: 'Primary (outgoing)' });
    await expect(panel).toContainText('Disabled');
    await expect(panel.getByRole('link', { name: 'secondary-a' })).toBeVisible();
    await panel.getByRole('button', { name: 'Delete primary' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete the primary configuration of internal\.example/ });
    await confirm.getByLabel('Type internal.example to confirm').fill('internal.example');
    await confirm.getByRole('button', { name: 'Delete configuration' }).click();
    await expect(panel).toContainText('Not configured');
  });

  test("Set up primaries across the list's pages: the other pages listed, each zone read before its creation, one set up already skipped", async ({ page }) => {
    const created = [SEED.zones.corpExample, SEED.zones.exampleOrg, SEED.zones.internalExample];
    const removeCreated = async () => {
      const headers = await csrfHeaders(page);
      for (const zoneId of created) await page.request.delete(`/api/zones/${zoneId}/secondary_dns/outgoing`, { headers });
    };
    await removeCreated(); // a retry starts from the seed too
    await page.goto(`${zonesUrl}?per_page=5`);
    await page.getByRole('button', { name: 'Set up several zones' }).click();
    await page.getByRole('menuitem', { name: 'Primaries on several zones…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set up primaries on several zones' });
    await dialog.getByRole('checkbox', { name: 'corp.example' }).check();
    await dialog.getByRole('checkbox', { name: "Also the zones Cloudflare serves on the list's other pages" }).check();
    await expect(dialog.getByText('3 more zones on the other pages:')).toBeVisible();
    await expect(dialog.getByTestId('other-pages-zones')).toHaveText('example.org, internal.example, status.example.org');
    await dialog.getByRole('textbox', { name: 'Secondaries to NOTIFY' }).click();
    await page.getByRole('option', { name: /secondary-a/ }).click();
    await page.keyboard.press('Escape');
    await snap(page, 'zones-bulk-setup-other-pages');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Set up 1 primary + any of 3 more not set up' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Done: 3 set up, 0 failed, 1 skipped, 0 not sent.');
    const results = dialog.getByRole('list', { name: 'Set up primaries results' });
    await expect(results.getByRole('listitem').filter({ hasText: 'status.example.org' })).toContainText(
      /Skipped\s*Already set up \(serial \d+\): left as it was/,
    );
    await dialog.getByRole('button', { name: 'Done' }).click();

    // On page 2: example.org set up by the run (the zone page's cached read was refreshed), status.example.org untouched.
    await page.goto(`/accounts/${SEED.accountId}/zones/${SEED.zones.exampleOrg}`);
    await expect(page.getByRole('region', { name: 'Primary (outgoing)' }).getByRole('link', { name: 'secondary-a' })).toBeVisible();
    await page.goto(`/accounts/${SEED.accountId}/zones/${SEED.zones.statusExampleOrg}`);
    await expect(page.getByRole('region', { name: 'Primary (outgoing)' }).getByRole('link', { name: 'secondary-b' })).toBeVisible();
    await removeCreated(); // leave the seed as it was for the other tests
  });

  test('Force NOTIFY on several zones: only zones with transfers enabled can be picked', async ({ page }) => {
    await page.goto(zonesUrl);
    await page.getByRole('button', { name: 'Force NOTIFY on several zones' }).click();
    const dialog = page.getByRole('dialog', { name: 'Force NOTIFY on several zones' });
    await expect(dialog.getByRole('checkbox', { name: /docs\.example\.com/ })).toBeDisabled();
    await expect(dialog.getByText(/transfers disabled: a NOTIFY gets no transfer/).first()).toBeVisible();
    await expect(dialog.getByRole('checkbox', { name: /example\.org/ }).first()).toBeDisabled();
    await expect(dialog.getByText('mail.example.net')).toHaveCount(0);
    await dialog.getByRole('checkbox', { name: /^example\.com/ }).check();
    await dialog.getByRole('button', { name: 'Force NOTIFY on 1 zone' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Done: 1 requested, 0 failed, 0 not sent.');
    await expect(dialog.getByRole('list', { name: 'Force NOTIFY results' })).toContainText('Cloudflare accepted the NOTIFY');
    await expectAccessible(page);
  });

  test('Check serials on every page: the zones read page by page, one summary, each page shows its zones’ checks', async ({ page }) => {
    await page.goto(`${zonesUrl}?per_page=5`);
    const table = page.getByRole('table', { name: 'Zones' });
    await expect(table.getByRole('link', { name: 'cdn.example.net' })).toBeVisible();
    await page.getByRole('button', { name: 'Check serials' }).click();
    const summary = page.getByRole('region', { name: 'Zone serials' });
    await expect(summary.getByRole('status')).toContainText(/\d+ zones? checked/);
    await summary.getByRole('button', { name: /^Check all \d+ zones$/ }).click();
    await expect(summary).toContainText(/^Serials of all 1\d zones, as of/);
    await expect(summary.getByRole('status')).toContainText(/\d+ zones checked: \d+ in sync/);

    // Page 3 shows its zones' checks from the same run: no serial check is sent again.
    let asked = 0;
    page.on('request', (request) => {
      if (request.url().includes('/serials?')) asked += 1;
    });
    await page.getByRole('button', { name: 'Page 3' }).click();
    const status = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'status.example.org', exact: true }) });
    // In sync after zone-transfers.spec's Force NOTIFY; behind when this test runs alone.
    await expect(status).toContainText(/In sync|Secondaries behind/);
    expect(asked).toBe(0);
    await snap(page, 'zones-serial-check-all');

    // The header's budget says who spent the window's requests on what: this user, on Check serials.
    const budget = page.getByRole('button', { name: /^Cloudflare API budget:/ });
    await budget.click();
    const spending = page.getByTestId('rate-budget-spending');
    await expect(spending).toContainText('admin (you)');
    await expect(spending).toContainText(/Check serials \d+/);
    await expect(page.getByTestId('rate-budget-bulk')).toHaveText(/^\d+ \/ [\d,]+$/);
    await budget.click();
    await expect(spending).toBeHidden();

    // Only the zones not in sync, from every page, in one table (no pages).
    await summary.getByRole('button', { name: /^Show only the \d+ zones? not in sync$/ }).click();
    await expect(page.getByTestId('row-count')).toContainText(/^\d+ of \d+ checked zones not in sync$/);
    await expect(page.getByRole('button', { name: 'Page 2' })).toHaveCount(0);
    await expect(table.getByText('No secondaries', { exact: true })).toBeVisible(); // eu.example.com, from page 2
    await expect(table.getByText('In sync', { exact: true })).toHaveCount(0);
    await snap(page, 'zones-serial-check-not-in-sync');
    await expectAccessible(page);
    await summary.getByRole('button', { name: 'Show every zone' }).click();
    await expect(page.getByRole('button', { name: 'Page 2' })).toBeVisible();

    // Into a zone and back: the findings of every page are still there.
    await table.getByRole('link', { name: 'status.example.org', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'status.example.org' })).toBeVisible();
    await page.goBack();
    await expect(summary).toContainText(/^Serials of all 1\d zones, as of/);
  });

  test('exports the set-up as Terraform: import blocks, references, no TSIG secret, downloaded as a .tf file', async ({ page }) => {
    await page.goto(zonesUrl);
    await expect(page.getByTestId('row-count')).toHaveText('12 zones');
    await page.getByRole('button', { name: 'Export as Terraform' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export as Terraform' });
    const file = dialog.getByLabel('The Terraform file');
    await expect(file).toContainText('resource "cloudflare_dns_zone_transfers_incoming" "example_net"');
    await expect(dialog).toContainText('TF_VAR_tsig_secret_');
    await expectAccessible(page);
    await snap(page, 'zones-terraform-export');

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('link', { name: 'Download .tf' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^secondary-dns-[0-9a-f]{8}\.tf$/);
    const text = (await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }));
    expect(text).toContain('FROM THE DASHBOARD’S BUILT-IN SANDBOX');
    expect(text).toContain(`id = "${SEED.zones.exampleNet}"`);
    expect(text).toMatch(/import \{\n  to = cloudflare_dns_zone_transfers_peer\.[a-z0-9_]+\n  id = "[0-9a-f]{32}\/[0-9a-f]{32}"\n\}/);
    expect(text).toMatch(/peers\s+= \[\n\s+cloudflare_dns_zone_transfers_peer\.[a-z0-9_]+\.id/);
    expect(text).toMatch(/secret\s+= var\.tsig_secret_/);
    // The TSIG secrets the sandbox holds are never in it (an admin's reveal shows one: compare).
    const tsigs = (await (await page.request.get(`/api/accounts/${SEED.accountId}/secondary_dns/tsigs`)).json()) as { result: { id: string }[] };
    const secret = (await (
      await page.request.get(`/api/accounts/${SEED.accountId}/secondary_dns/tsigs/${tsigs.result[0]!.id}/secret`)
    ).json()) as { result: { secret: string } };
    expect(secret.result.secret.length).toBeGreaterThan(10);
    expect(text).not.toContain(secret.result.secret);
  });

  test('exports every page of the list as one Terraform file, after saying what its reads cost', async ({ page }) => {
    await page.goto(`${zonesUrl}?per_page=5`);
    await expect(page.getByTestId('row-count')).toHaveText('1–5 of 12 zones');
    await page.getByRole('button', { name: 'Export as Terraform' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export as Terraform' });
    await expect(dialog.getByLabel('The Terraform file')).toBeVisible();
    await dialog.getByText('All 12 zones').click();
    await expect(dialog).toContainText(/12 zones: reading their configurations takes up to \d+ requests of (your share of )?the shared Cloudflare API budget \(\d+ left now\)/);
    await expectAccessible(page);
    await snap(page, 'zones-terraform-export-all-cost');
    await dialog.getByRole('button', { name: 'Read and export' }).click();
    const file = dialog.getByLabel('The Terraform file');
    await expect(file).toContainText('resource "cloudflare_dns_zone_transfers_incoming" "example_net"');
    await expect(dialog).toContainText('the transfer configurations of the 12 zones on all pages of the list');
    const text = (await file.textContent()) ?? '';
    // Every zone of the list is in it, wherever its page; each account resource once.
    const zones = (await (await page.request.get(`/api/zones?account_id=${SEED.accountId}&per_page=50`)).json()) as {
      result: { id: string }[];
    };
    expect(zones.result).toHaveLength(12);
    const peerBlocks = text.match(/resource "cloudflare_dns_zone_transfers_peer" "[a-z0-9_]+"/g) ?? [];
    expect(new Set(peerBlocks).size).toBe(peerBlocks.length);
    expect(peerBlocks.length).toBeGreaterThan(0);
    const configured = zones.result.filter((zone) => text.includes(`/${zone.id}"`) || text.includes(`"${zone.id}"`));
    expect(configured.length).toBeGreaterThan(5);
    await snap(page, 'zones-terraform-export-all');
  });
});
