import { watchBaseURL } from '../constants';
import { SEED, expect, expectAccessible, snap, test } from './fixtures';

test.describe('Serial watch off (the main test server)', () => {
  test('nothing above the zones list; after Check serials, the summary tells an admin how to turn it on', async ({ page }) => {
    await page.goto(`/accounts/${SEED.accountId}/zones`);
    await expect(page.getByRole('table', { name: 'Zones' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Serial watch' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Check serials' }).click();
    await expect(page.getByRole('region', { name: 'Zone serials' })).toContainText(
      "The serial watch can check every zone in the background (results here, in /metrics, and in a chat channel): set SERIAL_WATCH_MINUTES on the dashboard's server.",
    );
    await expectAccessible(page);
  });
});

test.describe('Serial watch', () => {
  // The second test server (playwright.config.ts): the serial watch on, its first round 10 s after start.
  test.use({ baseURL: watchBaseURL });

  test('the zones list shows what the background checks found, with the Force for the zones behind, and /metrics says it too', async ({ page }) => {
    await page.goto(`/accounts/${SEED.accountId}/zones`);
    const watch = page.getByRole('region', { name: 'Serial watch' });
    // The first round may still be on its way: the page polls while it runs; reload until it has ended.
    await expect(async () => {
      await page.reload();
      await expect(watch).toContainText(/last round .*: 8 zones checked, 4 behind, 2 to look at/, { timeout: 3000 });
    }).toPass({ timeout: 75_000, intervals: [2000] });
    await expect(watch).toContainText('Serial watch: every 15 minutes, at most 50 % of the API budget');
    await expect(watch).toContainText(/next in \d+ minutes/);

    // Its checks fill the Serials column and its summary, without "Check serials".
    const table = page.getByRole('table', { name: 'Zones' });
    await expect(table.getByRole('columnheader', { name: 'Serials' })).toBeVisible();
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(row('mail.example.net')).toContainText('Cloudflare behind');
    await expect(row('cdn.example.net')).toContainText('In sync');
    const summary = page.getByRole('region', { name: 'Zone serials' });
    await expect(summary.getByRole('button', { name: /^Force AXFR on 3 zones/ })).toBeVisible();
    await expect(summary.getByRole('button', { name: /^Force NOTIFY on 1 zone/ })).toBeVisible();
    // Every zone behind is on this page: no separate list.
    await expect(watch).not.toContainText('finds');
    await snap(page, 'zones-serial-watch');
    await expectAccessible(page);

    // With a search that hides them, the zones behind are named above the table, with how long.
    await page.goto(`/accounts/${SEED.accountId}/zones?q=cdn`);
    await expect(watch).toContainText(/The serial watch finds 4 zones behind (and \d+ to look at )?that this page does not show/);
    await expect(watch).toContainText(/mail\.example\.net — Cloudflare behind, first found behind/);
    await watch.getByRole('link', { name: 'mail.example.net' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'mail.example.net' })).toBeVisible();
    // The zone page's recent actions carry what the watch found, with the serials.
    const recent = page.getByRole('region', { name: 'Recent actions' }).getByRole('table', { name: 'Recent actions on this zone' });
    const found = recent.getByRole('row').filter({ hasText: 'Found behind' });
    await expect(found).toContainText('serial watch');
    await expect(found).toContainText('Cloudflare behind');
    await expect(found).toContainText('Cloudflare 2024040102; hidden-primary 2024040401');

    // History: what the watch found in the account, each zone a link to its page.
    await page.goBack();
    await watch.getByRole('button', { name: 'History' }).click();
    const dialog = page.getByRole('dialog', { name: 'Serial watch history' });
    const history = dialog.getByRole('table', { name: 'Serial watch history' });
    await expect(history.getByRole('row').filter({ hasText: 'Found behind' })).toHaveCount(5); // docs.example.com: transfers off, no less behind
    // mail.example.net: Cloudflare has not reached its primaries for more than twice its refresh interval.
    const overdue = history.getByRole('row').filter({ hasText: 'Refresh overdue' });
    await expect(overdue).toHaveCount(1);
    await expect(overdue).toContainText('mail.example.net');
    await expect(overdue).toContainText(/Cloudflare last reached its primaries .* UTC; refresh every 1 day/);
    await expect(dialog).toContainText('6 findings in the last 90 days');
    await snap(page, 'zones-serial-watch-history');
    await expectAccessible(page);
    await history.getByRole('link', { name: 'status.example.org' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'status.example.org' })).toBeVisible();

    const metrics = await (await page.request.get('/metrics')).text();
    expect(metrics).toContain(`bff_serial_watch_zone_behind{account_id="${SEED.accountId}",zone="mail.example.net.",direction="incoming"} 1`);
    expect(metrics).toContain(`bff_serial_watch_zone_behind{account_id="${SEED.accountId}",zone="cdn.example.net.",direction="incoming"} 0`);
    expect(metrics).toMatch(/^bff_serial_watch_zones\{kind="behind"\} 4$/m);
    expect(metrics).toContain(`bff_serial_watch_zone_refresh_overdue{account_id="${SEED.accountId}",zone="mail.example.net."} 1`);
    expect(metrics).toContain(`bff_serial_watch_zone_refresh_overdue{account_id="${SEED.accountId}",zone="cdn.example.net."} 0`);
  });

  test('the story of an incident on the zone page: found behind, Force AXFR, Run now, no longer behind', async ({ page }) => {
    await page.goto(`/accounts/${SEED.accountId}/zones/${SEED.zones.mailExampleNet}`);
    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    await panel.getByRole('button', { name: 'Force AXFR' }).click();
    const dialog = page.getByRole('dialog', { name: 'Force AXFR for mail.example.net?' });
    await dialog.getByLabel('Reason (ticket or note)').fill('INC-4711 stale MX');
    await dialog.getByRole('button', { name: 'Force AXFR' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByTestId('incoming-serial')).toHaveText('2024040401');
    // Whoever forced wants the primaries' answers of after the Force, not the watch's older ones: asked again.
    const serials = panel.getByTestId('serial-check-incoming');
    await expect(serials).toContainText('In sync');
    await expect(serials).not.toContainText('Cloudflare behind');
    await expect(panel).toContainText(/Asked (just now|\d+ seconds ago): the primary is in sync/);
    await expect(panel).not.toContainText('by the serial watch');

    // The zones list too, loaded afresh (the watch's check, then the row's read of the configuration).
    await page.goto(`/accounts/${SEED.accountId}/zones`);
    const table = page.getByRole('table', { name: 'Zones' });
    const mailRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'mail.example.net', exact: true }) });
    // A row reads its configuration once it is on screen (below the summary, it is not at first).
    await mailRow.scrollIntoViewIfNeeded();
    await expect(mailRow).toContainText('In sync');
    await expect(mailRow).not.toContainText('Cloudflare behind');

    // Rather than wait for the next round (15 minutes here), an operator runs one now.
    const watch = page.getByRole('region', { name: 'Serial watch' });
    await watch.getByRole('button', { name: 'Run now' }).click();
    // "checking now…" until the round has listed the zones, then "checking now: 3 of 8 zones checked".
    await expect(watch).toContainText(/checking now(…|: \d+ of 8 zones checked)/);
    await expect(watch).toContainText(/last round .*: 8 zones checked, 3 behind/, { timeout: 60_000 });

    await page.goto(`/accounts/${SEED.accountId}/zones/${SEED.zones.mailExampleNet}`);
    const recent = page.getByRole('region', { name: 'Recent actions' }).getByRole('table', { name: 'Recent actions on this zone' });
    const rows = recent.getByRole('row');
    // The same round found the zone no longer behind and Cloudflare's refresh from its primary going again.
    const resolved = rows.filter({ hasText: 'No longer behind' });
    await expect(resolved).toContainText('In sync');
    await expect(resolved).toContainText('Cloudflare 2024040401; hidden-primary 2024040401');
    await expect(rows.filter({ hasText: 'Refresh resumed' })).toHaveCount(1);
    const forced = rows.filter({ hasText: 'Force AXFR' });
    await expect(forced).toContainText('INC-4711 stale MX');
    await expect(rows.filter({ hasText: 'Found behind' })).toContainText('Cloudflare behind');
    await snap(page, 'zone-serial-watch-story');
    await expectAccessible(page);
  });
});
