/**
 * The serial watch (docs/decisions/014-serial-watch.md): the serial check of every zone in the background.
 * Sandbox mode (the BFF's own emulator, whose nameserver answers for every peer) for what a round finds; Cloudflare
 * mode against the test sandbox over HTTP for the budget: it pauses below half the budget without sending anything,
 * and a 429 ends the round.
 */
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DATABASE_FILE } from '../../src/storage/sqlite.js';
import { appFor, buildTestApp, startTestSandbox, startWebhookReceiver, type Sandbox, type TestApp, type WebhookReceiver } from '../helper.js';

const A = SEED.accountId;
const WATCH = `/api/accounts/${A}/secondary_dns/serial_watch`;

/** A budget that lets the watch read every few milliseconds (its share: 50 % of 100,000 per 300 s). */
const FAST = { RATE_LIMIT_REQUESTS: '100000', RATE_LIMIT_HEADROOM: '0', SERIAL_WATCH_BUDGET_PERCENT: '50' };

async function view(test: TestApp) {
  const response = await test.app.inject({ method: 'GET', url: WATCH });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().result;
}

function metricLine(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('serial watch, sandbox mode', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await buildTestApp({ CLOUDFLARE_API_TOKEN: undefined, SOA_PROBE_TIMEOUT_MS: '600', ...FAST });
  });
  afterAll(async () => {
    await test?.app.close();
  });

  it('is on by default in sandbox mode, waiting for its first round', async () => {
    const before = await view(test);
    expect(before).toMatchObject({ state: 'waiting', interval_minutes: 15, budget_percent: 50, last_round: null, zones: [] });
  });

  it('checks every zone with a transfer configuration, the zones behind first, and says so in /metrics', async () => {
    await test.app.serialWatch.runNow();
    const result = await view(test);
    expect(result.state).toBe('waiting');
    expect(result.note).toBeNull();
    expect(result.next_round_at).toEqual(expect.any(String));
    expect(result.last_round).toMatchObject({ complete: true, finished_at: expect.any(String) });
    const byName = Object.fromEntries(result.zones.map((zone: { zone_name: string }) => [zone.zone_name, zone]));
    // The seeded stale zone: its primary has changes Cloudflare has not pulled.
    expect(byName['mail.example.net.']).toMatchObject({
      direction: 'incoming',
      kind: 'behind',
      label: 'Cloudflare behind',
      behind_since: byName['mail.example.net.'].check.checked_at,
      check: { emulated: true, peers: [expect.objectContaining({ peer_name: 'hidden-primary', relation: 'peer-ahead' })] },
    });
    expect(byName['cdn.example.net.']).toMatchObject({ direction: 'incoming', kind: 'in-sync', label: 'In sync', behind_since: null });
    expect(byName['status.example.org.']).toMatchObject({ direction: 'outgoing', kind: 'behind', label: 'Secondaries behind' });
    // Secondaries behind while outgoing transfers are disabled: not a Force NOTIFY (the transfer status was read).
    expect(byName['docs.example.com.']).toMatchObject({ direction: 'outgoing', kind: 'attention', label: 'Behind, transfers off', transfers_enabled: false });
    // ... but its secondaries are behind all the same: "behind since" and the alert say so.
    expect(byName['docs.example.com.'].behind_since).toEqual(expect.any(String));
    expect(byName['status.example.org.']).toMatchObject({ transfers_enabled: true });
    expect(byName['example.com.']).toMatchObject({ kind: 'in-sync', transfers_enabled: null }); // not read: nothing behind
    // Zones without a configuration for their direction are skipped, not listed.
    expect(byName['corp.example.']).toBeUndefined();
    expect(byName['legacy.example.org.']).toBeUndefined();
    // This account's counts (the seed has zones in another account too).
    expect(result.last_round).toMatchObject({ checked: result.zones.length, skipped: 4 });
    // The zones behind first (by name), then those to look at, then those in sync.
    expect(result.zones.map((zone: { zone_name: string; kind: string }) => `${zone.kind} ${zone.zone_name}`)).toEqual([
      'behind example.net.',
      'behind mail.example.net.',
      'behind shop.example.org.',
      'behind status.example.org.',
      'attention docs.example.com.',
      'attention eu.example.com.',
      'in-sync cdn.example.net.',
      'in-sync example.com.',
    ]);

    const metrics = (await test.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metricLine(metrics, 'bff_serial_watch_zone_behind', 'zone="mail.example.net.",direction="incoming"')).toBe(1);
    expect(metricLine(metrics, 'bff_serial_watch_zone_behind', 'zone="cdn.example.net.",direction="incoming"')).toBe(0);
    // Secondaries behind with transfers off: still behind for the alert.
    expect(metricLine(metrics, 'bff_serial_watch_zone_behind', 'zone="docs.example.com.",direction="outgoing"')).toBe(1);
    expect(metricLine(metrics, 'bff_serial_watch_zones', 'kind="behind"')).toBeGreaterThanOrEqual(4);
    expect(metricLine(metrics, 'bff_serial_watch_zone_behind_seconds', 'zone="cdn.example.net."')).toBe(0);
    expect(metrics).toMatch(/^bff_serial_watch_last_round_timestamp_seconds [1-9]\d+/m);
    const reads = Number(/^bff_serial_watch_reads_total (\d+)/m.exec(metrics)?.[1]);
    expect(reads).toBeGreaterThanOrEqual(result.zones.length + result.last_round.skipped);
    // The log says which zone fell behind.
    expect(test.logs.some((line) => line.includes('serial watch: mail.example.net. is behind'))).toBe(true);
  });

  it('keeps "behind since" across rounds, and forgets a zone whose transfers are removed', async () => {
    const mail = (result: { zones: { zone_name: string; behind_since: string | null; check: { checked_at: string } }[] }) =>
      result.zones.find((zone) => zone.zone_name === 'mail.example.net.')!;
    const first = mail(await view(test));
    const removed = await test.app.inject({ method: 'DELETE', url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/incoming` });
    expect(removed.statusCode, removed.body).toBe(200);
    await test.app.serialWatch.runNow();
    const second = await view(test);
    expect(mail(second).behind_since).toBe(first.behind_since);
    expect(mail(second).check.checked_at).not.toBe(first.check.checked_at);
    expect(second.zones.map((zone: { zone_name: string }) => zone.zone_name)).not.toContain('example.net.');

    // example.net. was behind when it stopped being watched: its history says so (nobody would hear it caught up).
    await test.app.serialWatch.saved();
    const history = await test.app.inject({ method: 'GET', url: `${WATCH}/history?zone_id=${SEED.zones.exampleNet}` });
    expect(history.statusCode, history.body).toBe(200);
    const events = history.json().result as { event: string; behind_since: string; time: string; label: string }[];
    expect(events.map((event) => event.event)).toEqual(['not_watched', 'behind']);
    expect(events[0]!.behind_since).toBe(events[1]!.time);
    expect(events[0]!.label).toBe(events[1]!.label);
  });

  it('keeps a history of what it found: each zone behind once, newest first, by zone, paged; every role reads it', async () => {
    await test.app.serialWatch.saved();
    const viewer = await test.as('viewer');
    const all = await viewer.inject({ method: 'GET', url: `${WATCH}/history` });
    expect(all.statusCode, all.body).toBe(200);
    const events = all.json().result as { id: number; event: string; zone_name: string; direction: string; cloudflare_serial: number | null; peers: unknown[] }[];
    // Two rounds so far: the five zones behind (one with its transfers off) were told once, example.net. also when it
    // was no longer watched; mail.example.net. also because Cloudflare has not reached its primary for 3 days (its
    // refresh is overdue: why it is behind).
    expect(events.map((event) => `${event.event} ${event.zone_name}`).sort()).toEqual([
      'behind docs.example.com.',
      'behind example.net.',
      'behind mail.example.net.',
      'behind shop.example.org.',
      'behind status.example.org.',
      'not_watched example.net.',
      'refresh_overdue mail.example.net.',
    ]);
    expect(events.map((event) => event.id)).toEqual([...events.map((event) => event.id)].sort((a, b) => b - a));
    const mail = events.find((event) => event.zone_name === 'mail.example.net.' && event.event === 'behind')!;
    expect(mail).toMatchObject({
      direction: 'incoming',
      cloudflare_serial: 2024040102,
      peers: [{ name: 'hidden-primary', address: '198.51.100.20', serial: 2024040401, status: 'answered' }],
      refresh_overdue_since: null,
      last_refresh: null,
    });
    const overdue = events.find((event) => event.event === 'refresh_overdue')! as unknown as Record<string, unknown>;
    expect(overdue).toMatchObject({ behind_since: null, auto_refresh_seconds: 86400, refresh_overdue_since: overdue.time });
    // The seed's mail.example.net. was last reached 3 days ago.
    const reached = Date.parse(String(overdue.last_refresh));
    expect(Date.parse(String(overdue.time)) - reached).toBeGreaterThan(3 * 86_400_000 - 600_000);
    expect(all.json().result_info).toMatchObject({ page: 1, per_page: 20, count: 7, total_count: 7, total_pages: 1 });

    const paged = await viewer.inject({ method: 'GET', url: `${WATCH}/history?per_page=2&page=3` });
    expect(paged.json()).toMatchObject({ result: [{ id: events[4]!.id }, { id: events[5]!.id }], result_info: { page: 3, count: 2, total_pages: 4 } });
    // Another account's history is its own.
    const other = await viewer.inject({ method: 'GET', url: `/api/accounts/${'0'.repeat(32)}/secondary_dns/serial_watch/history` });
    expect(other.json()).toMatchObject({ success: true, result: [] });

    const bad = await viewer.inject({ method: 'GET', url: `${WATCH}/history?zone_id=nope&per_page=500` });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/zone_id/);
    expect(bad.body).toMatch(/per_page/);
    expect((await test.anonymous({ method: 'GET', url: `${WATCH}/history` })).statusCode).toBe(401);
  });

  it('runs a round at once when an operator asks (audited), joins the round under way; a viewer may not', async () => {
    await test.app.serialWatch.runNow();
    const before = (await view(test)).last_round.started_at;
    const operator = await test.as('operator');
    const run = await operator.inject({ method: 'POST', url: `${WATCH}/run` });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().result).toMatchObject({ state: 'running', next_round_at: null });
    const again = await operator.inject({ method: 'POST', url: `${WATCH}/run` });
    expect(again.json().result.last_round.started_at).toBe(run.json().result.last_round.started_at); // the same round
    await expect.poll(async () => (await view(test)).state, { timeout: 10_000 }).toBe('waiting');
    const after = await view(test);
    expect(after.last_round.started_at > before).toBe(true);
    expect(after.last_round.complete).toBe(true);

    const viewer = await test.as('viewer');
    expect((await viewer.inject({ method: 'POST', url: `${WATCH}/run` })).statusCode).toBe(403);
    const audit = await test.app.inject({ method: 'GET', url: '/api/audit?operation=serialWatch.run' });
    expect(audit.json().result.map((entry: { username: string; status: number }) => `${entry.username} ${entry.status}`)).toEqual([
      'test-viewer 403',
      'test-operator 200',
      'test-operator 200',
    ]);
  });

  it('is a read for every role and needs a session', async () => {
    const viewer = await test.as('viewer');
    expect((await viewer.inject({ method: 'GET', url: WATCH })).statusCode).toBe(200);
    expect((await test.anonymous({ method: 'GET', url: WATCH })).statusCode).toBe(401);
    const bad = await viewer.inject({ method: 'GET', url: '/api/accounts/not-an-id/secondary_dns/serial_watch' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('serial watch webhook (SERIAL_WATCH_WEBHOOK_URL)', () => {
  const SECRET = 'T000/B000/hook-secret-0123456789';
  let hook: WebhookReceiver;
  let received: WebhookReceiver['received'];
  beforeAll(async () => {
    hook = await startWebhookReceiver();
    received = hook.received;
  });
  afterAll(async () => {
    await hook?.close();
  });

  it('POSTs each zone that falls behind, once, and again when it is no longer behind; the URL is never logged', async () => {
    const url = `${hook.base}/services/${SECRET}`;
    const test = await buildTestApp({ CLOUDFLARE_API_TOKEN: undefined, SOA_PROBE_TIMEOUT_MS: '600', ...FAST, SERIAL_WATCH_WEBHOOK_URL: url });
    try {
      expect(JSON.stringify(test.app.config)).not.toContain(SECRET);
      await test.app.serialWatch.runNow();
      await expect.poll(() => received.length).toBe(6);
      expect(received.every((event) => event.path === `/services/${SECRET}`)).toBe(true);
      expect(received.map((event) => `${event.body.event} ${event.body.zone}`).sort()).toEqual([
        'zone.behind docs.example.com.', // its secondaries are behind and its transfers off: no less stale
        'zone.behind example.net.',
        'zone.behind mail.example.net.',
        'zone.behind shop.example.org.',
        'zone.behind status.example.org.',
        'zone.refresh_overdue mail.example.net.', // Cloudflare has not reached its primary for 3 days
      ]);
      const mail = received.find((event) => event.body.zone === 'mail.example.net.' && event.body.event === 'zone.behind')!.body;
      const overdue = received.find((event) => event.body.event === 'zone.refresh_overdue')!.body;
      expect(overdue).toMatchObject({
        verdict: 'Cloudflare behind',
        behind_since: null,
        refresh_overdue_since: overdue.checked_at,
        auto_refresh_seconds: 86400,
      });
      expect(overdue.text).toBe(
        `[sandbox] mail.example.net: Cloudflare's refresh from its primaries is overdue — Cloudflare last reached its primaries at ${String(overdue.last_refresh)}, ` +
          'refresh interval 1 day. Changes on the primaries do not reach Cloudflare: check that the primaries answer ' +
          "Cloudflare's SOA queries and transfers (ACL, TSIG, firewall) (Cloudflare 2024040102; primaries: hidden-primary 2024040401).",
      );
      expect(test.logs.some((line) => line.includes("mail.example.net.: Cloudflare's refresh from its primaries is overdue"))).toBe(true);
      const metricsOverdue = await test.app.inject({ method: 'GET', url: '/metrics' });
      expect(metricsOverdue.body).toMatch(/bff_serial_watch_zone_refresh_overdue\{[^}]*zone="mail\.example\.net\."[^}]*\} 1/);
      expect(metricsOverdue.body).toMatch(/bff_serial_watch_zone_refresh_overdue\{[^}]*zone="shop\.example\.org\."[^}]*\} 0/);
      expect(mail).toMatchObject({
        // Sandbox mode (no token): the channel is told it is the emulator.
        text: '[sandbox] mail.example.net is behind: Cloudflare behind (Cloudflare 2024040102; primaries: hidden-primary 2024040401).',
        sandbox: true,
        account_id: A,
        zone_id: SEED.zones.mailExampleNet,
        direction: 'incoming',
        verdict: 'Cloudflare behind',
        cloudflare_serial: 2024040102,
        peers: [{ name: 'hidden-primary', address: '198.51.100.20', serial: 2024040401, status: 'answered' }],
      });

      // Nothing new: nothing sent. Force AXFR on mail.example.net: the next round says it is no longer behind, and
      // that Cloudflare reached its primary again (the transfer is a refresh).
      received.length = 0;
      const forced = await test.app.inject({ method: 'POST', url: `/api/zones/${SEED.zones.mailExampleNet}/secondary_dns/force_axfr`, payload: {} });
      expect(forced.statusCode, forced.body).toBe(200);
      await test.app.serialWatch.runNow();
      await expect.poll(() => received.length).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 200)); // and nothing after them
      expect(received).toHaveLength(2);
      expect(received[0]!.body).toMatchObject({
        event: 'zone.not_behind',
        zone: 'mail.example.net.',
        text: '[sandbox] mail.example.net is no longer behind: In sync (Cloudflare 2024040401; primaries: hidden-primary 2024040401).',
        behind_since: mail.behind_since, // since when it had been behind
      });
      expect(received[1]!.body).toMatchObject({
        event: 'zone.refresh_resumed',
        zone: 'mail.example.net.',
        text: '[sandbox] mail.example.net: Cloudflare refreshes it from its primaries again: In sync (Cloudflare 2024040401; primaries: hidden-primary 2024040401).',
        refresh_overdue_since: overdue.refresh_overdue_since, // since when it had been overdue
        behind_since: null,
      });
      expect(Date.parse(String(received[1]!.body.last_refresh))).toBeGreaterThan(Date.parse(String(overdue.last_refresh)));

      // A webhook that refuses: a warning without the URL.
      hook.answer = 500;
      received.length = 0;
      const shop = await test.app.inject({ method: 'POST', url: `/api/zones/${SEED.zones.shopExampleOrg}/secondary_dns/force_axfr`, payload: {} });
      expect(shop.statusCode, shop.body).toBe(200);
      await test.app.serialWatch.runNow();
      await expect.poll(() => test.logs.some((line) => line.includes('the webhook refused the event (HTTP 500)'))).toBe(true);
      expect(test.logs.filter((line) => line.includes(SECRET))).toEqual([]);
    } finally {
      hook.answer = 200;
      await test.app.close();
    }
  });

  it('remembers across a restart: the zones as last checked, "behind since", the last round; the webhook is not told again', async () => {
    const url = `${hook.base}/services/${SECRET}`;
    const env = { CLOUDFLARE_API_TOKEN: undefined, SOA_PROBE_TIMEOUT_MS: '600', ...FAST, SERIAL_WATCH_WEBHOOK_URL: url };
    received.length = 0;
    const first = await buildTestApp(env);
    const dataDir = first.app.config.dataDir;
    let before: { zones: { zone_name: string; behind_since: string | null }[]; last_round: unknown };
    try {
      await first.app.serialWatch.runNow();
      await expect.poll(() => received.length).toBe(6);
      before = await view(first);
    } finally {
      await first.app.close();
    }
    received.length = 0;
    const second = await buildTestApp({ ...env, DATA_DIR: dataDir });
    try {
      // Before its first round, it shows what it knew.
      const restored = await view(second);
      expect(restored.last_round).toEqual(before.last_round);
      expect(restored.zones).toEqual(before.zones);
      const metrics = await second.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/bff_serial_watch_zone_behind\{[^}]*zone="mail\.example\.net\."[^}]*\} 1/);
      expect(metrics.body).not.toMatch(/bff_serial_watch_last_round_timestamp_seconds 0\n/);

      await second.app.serialWatch.runNow();
      const after = await view(second);
      const since = (result: typeof before, name: string) => result.zones.find((zone) => zone.zone_name === name)?.behind_since;
      expect(since(after, 'mail.example.net.')).toBe(since(before, 'mail.example.net.'));
      await second.app.serialWatch.saved();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual([]); // the same zones behind, the same refresh overdue: nothing new to tell
      const history = await second.app.inject({ method: 'GET', url: `${WATCH}/history` });
      expect(history.json().result_info.total_count).toBe(6);
    } finally {
      await second.app.close();
    }
    // Closed: asked to run, it does not start a round (its last round stays the last complete one).
    await second.app.serialWatch.runNow();

    // Checks older than a few rounds (the server was down, or the watch off) say nothing about now: not restored.
    const raw = createClient({ url: `file:${join(dataDir, DATABASE_FILE)}` });
    const row = (await raw.execute({ sql: 'SELECT entry FROM serial_watch_zones WHERE zone_id = ?', args: [SEED.zones.mailExampleNet] })).rows[0]!;
    const entry = JSON.parse(String(row.entry));
    entry.check.checked_at = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await raw.execute({ sql: 'UPDATE serial_watch_zones SET entry = ? WHERE zone_id = ?', args: [JSON.stringify(entry), SEED.zones.mailExampleNet] });
    raw.close();
    const third = await buildTestApp({ ...env, DATA_DIR: dataDir });
    try {
      const names = (await view(third)).zones.map((zone: { zone_name: string }) => zone.zone_name);
      expect(names).toContain('shop.example.org.');
      expect(names).not.toContain('mail.example.net.');
    } finally {
      await third.app.close();
    }
  });

  it('must be an http(s) URL', () => {
    expect(() => loadConfig({ SERIAL_WATCH_WEBHOOK_URL: 'hooks.example/abc' })).toThrow(/SERIAL_WATCH_WEBHOOK_URL: must be an http\(s\) URL/);
    expect(loadConfig({ SERIAL_WATCH_WEBHOOK_URL: 'https://hooks.example/abc' }).serialWatchWebhookUrl).toBe('https://hooks.example/abc');
  });
});

describe('serial watch and the shared budget (Cloudflare mode, the sandbox over HTTP)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('is off by default with a token', async () => {
    const test = await appFor(sandbox);
    try {
      expect(await view(test)).toMatchObject({ state: 'off', interval_minutes: 0, next_round_at: null });
      // Asked to run while off: a 409 that says what to do instead, and nothing sent.
      const run = await test.app.inject({ method: 'POST', url: `${WATCH}/run` });
      expect(run.statusCode).toBe(409);
      expect(run.json().errors[0].message).toMatch(/The serial watch is off .*SERIAL_WATCH_MINUTES=0.*Check serials/);
      expect(await view(test)).toMatchObject({ state: 'off', last_round: null });
    } finally {
      await test.app.close();
    }
  });

  it('pauses while less than half of the budget is left, without sending anything, and stops with the server', async () => {
    const test = await appFor(sandbox, {
      SERIAL_WATCH_MINUTES: '5',
      RATE_LIMIT_REQUESTS: '1000',
      RATE_LIMIT_HEADROOM: '0',
      SERIAL_WATCH_BUDGET_PERCENT: '50',
      CLOUDFLARE_ACCOUNT_ID: A,
    });
    const governor = test.app.governor;
    // Well under half (the bucket refills a few requests per second meanwhile).
    while (governor.remaining() >= governor.capacity / 2 - 50) governor.tryAcquireRead();
    sandbox.clearRequests();
    const round = test.app.serialWatch.runNow();
    await expect.poll(async () => (await view(test)).state, { timeout: 5000 }).toBe('paused');
    const paused = await view(test);
    expect(paused.note).toMatch(/^Paused: less than half of the Cloudflare API budget is left \(\d+ of 1000\)/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sandbox.requests).toHaveLength(0);
    const started = Date.now();
    await test.app.close();
    await round;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(test.app.serialWatch.view(A).last_round).toMatchObject({ complete: false, checked: 0 });
  });

  it('ends the round at a 429 and says why', async () => {
    const test = await appFor(sandbox, { SERIAL_WATCH_MINUTES: '5', ...FAST, CLOUDFLARE_ACCOUNT_ID: A });
    const fault = sandbox.faults.add({ match: { method: 'GET', path: '/zones' }, status: 429, retryAfterSeconds: 60 });
    try {
      sandbox.clearRequests();
      await test.app.serialWatch.runNow();
      const result = await view(test);
      expect(result.last_round).toMatchObject({ complete: false, checked: 0 });
      expect(result.note).toMatch(/^Round ended early: the Cloudflare API budget is spent/);
      // The peers, then one listing: nothing after Cloudflare's 429.
      expect(sandbox.requests.map((request) => request.path)).toEqual([`/accounts/${A}/secondary_dns/peers`, '/zones']);
    } finally {
      sandbox.faults.remove(fault);
      await test.app.close();
    }
  });

  it('a zone behind whose primary stops answering stays behind (no flapping), and the last round time stays through a round', async () => {
    const test = await appFor(sandbox, { SERIAL_WATCH_MINUTES: '5', ...FAST, CLOUDFLARE_ACCOUNT_ID: A, SOA_PROBE_TIMEOUT_MS: '150' });
    try {
      // example.net pulls from a primary at the sandbox's DNS emulator, which serves the zone's newer serial.
      const peer = await test.app.inject({ method: 'POST', url: `/api/accounts/${A}/secondary_dns/peers`, payload: { name: 'emulated', ip: '127.0.0.1', port: sandbox.dns!.port } });
      expect(peer.statusCode, peer.body).toBe(200);
      const linked = await test.app.inject({
        method: 'PUT',
        url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/incoming`,
        payload: { name: 'example.net.', peers: [peer.json().result.id], auto_refresh_seconds: 86400 },
      });
      expect(linked.statusCode, linked.body).toBe(200);
      await test.app.serialWatch.runNow();
      const first = (await view(test)).zones.find((zone: { zone_name: string }) => zone.zone_name === 'example.net.');
      expect(first).toMatchObject({ kind: 'behind', label: 'Cloudflare behind' });
      const finishedAt = test.app.serialWatch.lastFinished;
      expect(finishedAt).toEqual(expect.any(Number));

      sandbox.setDnsBehaviour('example.net', 'silent');
      const second = test.app.serialWatch.runNow();
      // While the round runs, the metric still says when the last one ended (an alert on a stopped watch reads it).
      const during = (await test.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(during).toContain(`bff_serial_watch_last_round_timestamp_seconds ${finishedAt! / 1000}`);
      await second;
      const kept = (await view(test)).zones.find((zone: { zone_name: string }) => zone.zone_name === 'example.net.');
      expect(kept).toMatchObject({ kind: 'behind', behind_since: first.behind_since, check: { checked_at: first.check.checked_at } });
      expect(test.logs.some((line) => line.includes('no peer of example.net. answered; keeping its last answer'))).toBe(true);
      expect(test.logs.some((line) => line.includes('example.net. is no longer behind'))).toBe(false);
    } finally {
      sandbox.setDnsBehaviour('example.net', 'answer');
      await test.app.close();
    }
  });

  it("a listing refused (not a 429) is noted for its account; only a 429 ends the round", async () => {
    const test = await appFor(sandbox, { SERIAL_WATCH_MINUTES: '5', ...FAST, CLOUDFLARE_ACCOUNT_ID: A });
    const fault = sandbox.faults.add({ match: { method: 'GET', path: '/zones' }, status: 403, message: 'Not allowed to list zones' });
    try {
      await test.app.serialWatch.runNow();
      const result = await view(test);
      expect(result.state).toBe('waiting');
      expect(result.last_round).toMatchObject({ complete: false, checked: 0 });
      expect(result.note).toBe('Could not list the zones (Not allowed to list zones); the zones checked before keep their last check.');
    } finally {
      sandbox.faults.remove(fault);
      await test.app.close();
    }
  });
});

describe('serial watch configuration', () => {
  it('reads SERIAL_WATCH_MINUTES and SERIAL_WATCH_BUDGET_PERCENT, with clear errors', () => {
    expect(loadConfig({}).serialWatchMinutes).toBe(15);
    expect(loadConfig({ CLOUDFLARE_API_TOKEN: 'x' }).serialWatchMinutes).toBe(0);
    expect(loadConfig({ CLOUDFLARE_API_TOKEN: 'x', SERIAL_WATCH_MINUTES: '30' }).serialWatchMinutes).toBe(30);
    expect(loadConfig({ SERIAL_WATCH_MINUTES: '0' }).serialWatchMinutes).toBe(0);
    expect(loadConfig({}).serialWatchBudgetPercent).toBe(10);
    expect(() => loadConfig({ SERIAL_WATCH_MINUTES: 'soon' })).toThrow(/SERIAL_WATCH_MINUTES: must be a number of minutes/);
    expect(() => loadConfig({ SERIAL_WATCH_BUDGET_PERCENT: '80' })).toThrow(/SERIAL_WATCH_BUDGET_PERCENT: must be at most 50/);
  });
});

describe('serial watch at scale (Cloudflare mode, the sandbox over HTTP)', () => {
  // A budget of 200,000 reads per 300 s, half of it for the watch: one read every 3 ms, so 1,000 zones take seconds.
  const LIMIT = 200_000;
  const WINDOW_SECONDS = 300;
  const PERCENT = 50;
  const QUICK = { RATE_LIMIT_REQUESTS: String(LIMIT), RATE_LIMIT_HEADROOM: '0', SERIAL_WATCH_BUDGET_PERCENT: String(PERCENT) };
  /** The watch's least time between two reads with QUICK: its share of the capacity, spread over the window. */
  const SPACING_MS = (WINDOW_SECONDS * 1000) / ((LIMIT * PERCENT) / 100);
  const BIG_SECONDARY = 1040;
  const BIG_FULL = 10; // full zones without outgoing transfers: listed, gone through, skipped
  const BIG = BIG_SECONDARY + BIG_FULL;
  const SMALL = 30;

  let sandbox: Sandbox;
  let big: string;
  let small: string;
  /** The zones of an account in the order the sandbox lists them (by name). */
  let smallZones: string[];

  /** An account with `secondary` secondary zones (an incoming configuration without peers: no DNS query) and `full` full zones without outgoing transfers. */
  function addAccount(name: string, prefix: string, secondary: number, full: number): string {
    const account = sandbox.state.addAccount({ name });
    const state = sandbox.state.get();
    const now = new Date().toISOString();
    for (let i = 0; i < secondary + full; i++) {
      const id = `${prefix}${String(i).padStart(32 - prefix.length, '0')}`;
      const zoneName = `z${String(i).padStart(4, '0')}.${name.toLowerCase().replace(/\W+/g, '-')}.example`;
      const type = i < secondary ? 'secondary' : 'full';
      state.zones.push({ id, account_id: account.id, name: zoneName, status: 'active', type, created_on: now, modified_on: now });
      if (type === 'secondary') {
        state.incoming.push({
          id, zone_id: id, name: `${zoneName}.`, peers: [], auto_refresh_seconds: 86400, soa_serial: 2026010100,
          created_time: now, modified_time: now, checked_time: now,
        });
      }
    }
    sandbox.state.replace(state);
    return account.id;
  }

  const incomingReads = () =>
    sandbox.requests.filter((request) => /^\/zones\/\w+\/secondary_dns\/incoming$/.test(request.path)).map((request) => request.path.split('/')[2]!);

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    big = addAccount('Big Co', 'b', BIG_SECONDARY, BIG_FULL);
    small = addAccount('Small Co', 'c', SMALL, 0);
    smallZones = sandbox.state.get().zones.filter((zone) => zone.account_id === small).map((zone) => zone.id).sort();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('watches every zone of an account with more than 1,000, says "N of M" while the round runs and after, and what a full round takes', async () => {
    const test = await appFor(sandbox, { SERIAL_WATCH_MINUTES: '15', ...QUICK, CLOUDFLARE_ACCOUNT_ID: big });
    const url = `/api/accounts/${big}/secondary_dns/serial_watch`;
    const report = async () => (await test.app.inject({ method: 'GET', url })).json().result;
    try {
      expect(test.app.serialWatch.spacingMs).toBe(SPACING_MS);
      expect((await report()).round_estimate).toBeNull(); // nothing listed yet
      sandbox.clearRequests();
      const round = test.app.serialWatch.runNow();

      // While it runs: how many zones the round has to check (once listed), and how many it has gone through.
      await expect.poll(async () => (await report()).last_round?.done, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
      const during = await report();
      expect(during.state).toBe('running');
      expect(during.last_round).toMatchObject({ zones: BIG, finished_at: null });
      expect(during.last_round.done).toBeLessThan(BIG);
      // A full round: the peers, one listing per 50 zones and one read per zone, at the watch's spacing.
      const reads = 1 + Math.ceil(BIG / 50) + BIG;
      expect(during.round_estimate).toEqual({ reads, seconds: Math.round((reads * SPACING_MS) / 1000) });
      const metrics = (await test.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metricLine(metrics, 'bff_serial_watch_round_zones', `account_id="${big}"`)).toBe(BIG);
      const doneMetric = metricLine(metrics, 'bff_serial_watch_round_zones_done', `account_id="${big}"`);
      expect(doneMetric).toBeGreaterThan(0);
      expect(doneMetric).toBeLessThan(BIG);
      expect(metrics).toContain(`bff_serial_watch_round_estimate_seconds ${Math.round((reads * SPACING_MS) / 1000)}`);

      await round;
      const after = await report();
      expect(after.state).toBe('waiting');
      expect(after.note).toBeNull();
      expect(after.last_round).toMatchObject({ complete: true, zones: BIG, done: BIG, checked: BIG_SECONDARY, skipped: BIG_FULL });
      // Every zone past the old cap of 1,000 too: each read once, and each secondary zone in the report.
      expect(after.zones).toHaveLength(BIG_SECONDARY);
      expect(new Set(after.zones.map((zone: { zone_id: string }) => zone.zone_id)).size).toBe(BIG_SECONDARY);
      expect(after.zones.some((zone: { zone_name: string }) => zone.zone_name === `z${BIG_SECONDARY - 1}.big-co.example.`)).toBe(true);
      expect(incomingReads()).toHaveLength(BIG_SECONDARY);
      // How long it took: at least the reads at the watch's spacing (it never reads faster than its share).
      const took = Date.parse(after.last_round.finished_at) - Date.parse(after.last_round.started_at);
      expect(after.last_round_seconds).toBe(took / 1000);
      expect(took).toBeGreaterThanOrEqual((reads - 1) * SPACING_MS);
      expect(test.logs.some((line) => line.includes(`serial watch: round ended, ${BIG_SECONDARY} zones checked in `))).toBe(true);
    } finally {
      await test.app.close();
    }
  }, 60_000);

  it('a guard against absurd sizes: past it, zones are not watched, and the note and the log say which', async () => {
    // Every account the token lists (Big Co by its name), at most 2 pages of 50 zones each.
    const test = await appFor(sandbox, { SERIAL_WATCH_MINUTES: '15', ...QUICK, SOA_PROBE_TIMEOUT_MS: '100' }, { serialWatch: { maxZonePages: 2 } });
    try {
      await test.app.serialWatch.runNow();
      const result = (await test.app.inject({ method: 'GET', url: `/api/accounts/${big}/secondary_dns/serial_watch` })).json().result;
      const sentence = 'Zones past the first 100 of Big Co are not watched (it has 1,050): the watch lists at most 2 pages of 50 zones per account and round.';
      expect(result.note).toBe(sentence);
      expect(result.last_round).toMatchObject({ zones: 100, done: 100, checked: 100, complete: false });
      expect(test.logs.some((line) => line.includes(`serial watch: ${sentence}`) && line.includes('"level":40'))).toBe(true);
      // Another account, under the guard, is complete.
      const other = (await test.app.inject({ method: 'GET', url: `/api/accounts/${small}/secondary_dns/serial_watch` })).json().result;
      expect(other.note).toBeNull();
      expect(other.last_round).toMatchObject({ zones: SMALL, done: SMALL, complete: true });
    } finally {
      await test.app.close();
    }
  }, 60_000);

  it('a round cut short: the next one starts with the zones it did not reach, then those checked longest ago', async () => {
    const test = await appFor(sandbox, { SERIAL_WATCH_MINUTES: '15', ...QUICK, CLOUDFLARE_ACCOUNT_ID: small });
    const url = `/api/accounts/${small}/secondary_dns/serial_watch`;
    const cut = 12;
    try {
      // Cloudflare answers 429 for the 13th zone: the round ends there.
      const fault = sandbox.faults.add({ match: { method: 'GET', path: `/zones/${smallZones[cut]}/secondary_dns/incoming` }, status: 429, retryAfterSeconds: 1, times: 1 });
      sandbox.clearRequests();
      await test.app.serialWatch.runNow();
      sandbox.faults.remove(fault);
      const first = (await test.app.inject({ method: 'GET', url })).json().result;
      expect(first.last_round).toMatchObject({ zones: SMALL, done: cut, checked: cut, complete: false });
      expect(first.note).toMatch(/^Round ended early: the Cloudflare API budget is spent/);
      expect(incomingReads()).toEqual(smallZones.slice(0, cut + 1)); // in the listing's order, up to the 429

      sandbox.clearRequests();
      await test.app.serialWatch.runNow(); // waits out the lock-out (paused), then goes on
      const second = (await test.app.inject({ method: 'GET', url })).json().result;
      expect(second.last_round).toMatchObject({ zones: SMALL, done: SMALL, complete: true });
      expect(incomingReads()).toEqual([...smallZones.slice(cut), ...smallZones.slice(0, cut)]);

      // A third round: the zones checked longest ago first, which are now those the second round checked last.
      sandbox.clearRequests();
      await test.app.serialWatch.runNow();
      expect(incomingReads()).toEqual([...smallZones.slice(cut), ...smallZones.slice(0, cut)]);
    } finally {
      await test.app.close();
    }
  }, 60_000);

  it('a round longer than the interval: the next starts when it ends, never two at a time, and the log says so', async () => {
    // One read every 20 ms: a round of the small account (32 reads) takes about 640 ms, the interval is 300 ms.
    const SLOW = { RATE_LIMIT_REQUESTS: '30000', RATE_LIMIT_HEADROOM: '0', SERIAL_WATCH_BUDGET_PERCENT: '50' };
    const INTERVAL_MS = 300;
    const test = await appFor(sandbox, { SERIAL_WATCH_MINUTES: '15', ...SLOW, CLOUDFLARE_ACCOUNT_ID: small }, { serialWatch: { intervalMs: INTERVAL_MS } });
    type Ended = { started_at: string; finished_at: string; overran: boolean; reads: number };
    const rounds = () =>
      test.logs
        .map((line) => JSON.parse(line) as { msg: string; serialWatch?: Ended })
        .filter((line) => line.msg.startsWith('serial watch: round ended'))
        .map((line) => line.serialWatch!);
    try {
      expect(test.app.serialWatch.estimate()).toBeNull();
      sandbox.clearRequests();
      const first = test.app.serialWatch.runNow();
      // Asked again during the round: the same round, not a second one beside it nor one queued after it.
      expect(test.app.serialWatch.runNow()).toBe(first);
      await expect.poll(() => rounds().length, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(3);
    } finally {
      await test.app.close();
    }
    const ended = rounds();
    for (const [i, round] of ended.entries()) {
      if (i === ended.length - 1) continue; // the one the shutdown cut short
      const took = Date.parse(round.finished_at) - Date.parse(round.started_at);
      expect(took).toBeGreaterThan(INTERVAL_MS);
      expect(round.overran).toBe(true);
      expect(round.reads).toBe(2 + SMALL);
      // The next round starts when this one ends: not before (no overlap), and not an interval later.
      const gap = Date.parse(ended[i + 1]!.started_at) - Date.parse(round.finished_at);
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThan(INTERVAL_MS / 2);
    }
    expect(test.logs.some((line) => line.includes('longer than the 15-minute interval, so the next round starts now'))).toBe(true);
    // What Cloudflare saw: each round's peers, listing and zones, one round after the other, never interleaved.
    const paths = sandbox.requests.map((request) => request.operationId);
    const perRound = ['peers.list', 'zones.list', ...Array.from({ length: SMALL }, () => 'incoming.get')];
    const whole = Math.floor(paths.length / perRound.length);
    expect(whole).toBeGreaterThanOrEqual(ended.length - 1);
    expect(paths.slice(0, whole * perRound.length)).toEqual(Array.from({ length: whole }, () => perRound).flat());
  }, 60_000);
});
