/**
 * Which zones use each peer: the BFF (Cloudflare mode, pointed at the sandbox over HTTP) lists the account's zones and
 * reads each zone's transfer configuration through the gateway. The answers are compared with the sandbox's own state;
 * the bounds (half the remaining budget, the time bound, errors) are driven by the budget configuration and the
 * sandbox's fault modes, and the calls are counted on the sandbox's side.
 */
import { SEED } from '@secdns/sandbox';
import type { PeerUse } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

const A = SEED.accountId;
const usageUrl = (account: string = A) => `/api/accounts/${account}/secondary_dns/peers/usage`;

let sandbox: Sandbox;
const apps: TestApp[] = [];

async function appWith(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const test = await appFor(sandbox, env);
  apps.push(test);
  return test.app;
}

async function usage(app: FastifyInstance, account: string = A) {
  const started = Date.now();
  const response = await app.inject({ method: 'GET', url: usageUrl(account) });
  return { status: response.statusCode, json: response.json(), ms: Date.now() - started };
}

/** What the sandbox holds: every (peer, zone, direction) of the account, sorted like the BFF's answer. */
function expectedUses(account: string): PeerUse[] {
  const state = sandbox.getState();
  const zones = new Map(state.zones.filter((z) => z.account_id === account).map((z) => [z.id, z]));
  const uses: PeerUse[] = [];
  for (const [direction, records] of [['incoming', state.incoming], ['outgoing', state.outgoing]] as const) {
    for (const record of records) {
      const zone = zones.get(record.zone_id);
      // The route reads the incoming side of secondary zones and the outgoing side of the others.
      if (!zone || (zone.type === 'secondary') !== (direction === 'incoming')) continue;
      for (const peer_id of record.peers) uses.push({ peer_id, zone_id: zone.id, zone_name: zone.name, direction });
    }
  }
  const key = (u: PeerUse) => `${u.zone_name}|${u.direction}|${u.peer_id}`;
  return uses.sort((a, b) => key(a).localeCompare(key(b)));
}

const sorted = (uses: PeerUse[]) =>
  [...uses].sort((a, b) => `${a.zone_name}|${a.direction}|${a.peer_id}`.localeCompare(`${b.zone_name}|${b.direction}|${b.peer_id}`));

const zoneCount = (account: string) => sandbox.getState().zones.filter((z) => z.account_id === account).length;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterEach(async () => {
  sandbox.faults.clear();
  sandbox.clearRequests();
  while (apps.length) await apps.pop()!.app.close();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('GET /api/accounts/:account_id/secondary_dns/peers/usage', () => {
  it("names every zone that uses each peer, from every zone's configuration, with one call per zone", async () => {
    const app = await appWith();
    sandbox.clearRequests();
    const { status, json } = await usage(app);
    expect(status, JSON.stringify(json)).toBe(200);
    const result = json.result;
    const zones = zoneCount(A);
    expect(zones).toBeGreaterThan(5);
    expect(result).toMatchObject({ account_id: A, zones_total: zones, zones_read: zones, complete: true, stale: false, unread: [] });
    expect(sorted(result.uses)).toEqual(expectedUses(A));
    // The seed's primaries: ns1-primary is a primary of example.net (incoming), secondary-a a secondary of example.com.
    expect(result.uses).toContainEqual({ peer_id: SEED.peers.ns1Primary, zone_id: SEED.zones.exampleNet, zone_name: 'example.net', direction: 'incoming' });
    expect(result.uses.some((u: PeerUse) => u.direction === 'outgoing')).toBe(true);
    // One zones page and one configuration per zone, nothing else; the count is what the sandbox received.
    expect(sandbox.requests.length).toBe(1 + zones);
    expect(result.upstream_calls).toBe(sandbox.requests.length);
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(result.message).toBe(`Read the transfer configuration of all ${zones} zones (${1 + zones} calls to Cloudflare).`);
    expect(Date.parse(result.checked_at)).not.toBeNaN();
  });

  it('follows a peer change at once, and reads from the cache cost nothing', async () => {
    const app = await appWith({ READ_CACHE_TTL_MS: '60000' });
    const first = await usage(app);
    expect(first.json.result.complete).toBe(true);
    sandbox.clearRequests();
    const again = await usage(app);
    // Configurations are cached; "no configuration" (404) answers are not, so only those zones are asked again.
    const state = sandbox.getState();
    const unconfigured = state.zones.filter(
      (zone) =>
        zone.account_id === A &&
        !(zone.type === 'secondary' ? state.incoming : state.outgoing).some((record) => record.zone_id === zone.id),
    );
    expect(unconfigured.length).toBeGreaterThan(0);
    expect(again.json.result.upstream_calls).toBe(unconfigured.length);
    expect(sandbox.requests.map((r) => r.path).sort()).toEqual(
      unconfigured.map((zone) => `/zones/${zone.id}/secondary_dns/${zone.type === 'secondary' ? 'incoming' : 'outgoing'}`).sort(),
    );
    expect(again.json.result.uses).toEqual(first.json.result.uses);

    // A change through the dashboard invalidates that zone's cached configuration: the next look-up sees it.
    const put = await app.inject({
      method: 'PUT',
      url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/incoming`,
      payload: { name: 'example.net.', peers: [SEED.peers.hiddenPrimary], auto_refresh_seconds: 86400 },
    });
    expect(put.statusCode, put.body).toBe(200);
    sandbox.clearRequests();
    const after = await usage(app);
    const exampleNet = after.json.result.uses.filter((u: PeerUse) => u.zone_id === SEED.zones.exampleNet);
    expect(exampleNet.map((u: PeerUse) => u.peer_id)).toEqual([SEED.peers.hiddenPrimary]);
    expect(after.json.result.upstream_calls).toBe(1 + unconfigured.length);
    expect(sorted(after.json.result.uses)).toEqual(expectedUses(A));
  });

  it('never sends more than half of what is left of the budget; the next look-up continues where it stopped', async () => {
    // 24 per window, nothing kept back: the look-up may send 12 (the zones page and 11 configurations).
    const app = await appWith({ RATE_LIMIT_REQUESTS: '24', RATE_LIMIT_HEADROOM: '0' });
    sandbox.clearRequests();
    const { status, json } = await usage(app);
    expect(status).toBe(200);
    const zones = zoneCount(A);
    const names = sandbox.getState().zones.filter((z) => z.account_id === A).map((z) => z.name).sort((a, b) => a.localeCompare(b));
    const result = json.result;
    expect(sandbox.requests.length).toBe(12);
    expect(result).toMatchObject({
      zones_total: zones,
      zones_read: 11,
      zones_before: 0,
      not_read: zones - 11,
      stopped_by: 'budget',
      resume_from: names[11],
      upstream_calls: 12,
      complete: false,
      unread: [],
    });
    // Read in name order: the zones not reached are the last ones.
    const readZones = new Set(sandbox.requests.filter((r) => r.path !== '/zones').map((r) => r.path.split('/')[2]));
    const byName = new Map(sandbox.getState().zones.map((z) => [z.id, z.name]));
    expect([...readZones].map((id) => byName.get(id!)).sort((a, b) => a!.localeCompare(b!))).toEqual(names.slice(0, 11));
    expect(result.message).toBe(
      `Read 11 of ${zones} zones (12 calls to Cloudflare). Not read: ${zones - 11} to spare the shared Cloudflare budget ` +
        `(the look-up takes at most half of what is left). Read the rest later to continue from ${names[11]}.`,
    );
    // The rest of the budget is still there for the team.
    const budget = (await app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result;
    expect(budget.remaining).toBe(12);

    // The next look-up starts where this one stopped (6 calls allowed now: the zones page and the last zone).
    sandbox.clearRequests();
    const rest = (await app.inject({ method: 'GET', url: `${usageUrl()}?from=${encodeURIComponent(names[11]!)}` })).json().result;
    expect(rest).toMatchObject({ zones_before: 11, zones_read: zones - 11, not_read: 0, resume_from: null, complete: true });
    expect(rest.message).toBe(`Read the transfer configuration of the ${zones - 11} zone${zones - 11 === 1 ? '' : 's'} from ${names[11]} on (${1 + zones - 11} calls to Cloudflare).`);
    expect(sorted([...result.uses, ...rest.uses])).toEqual(expectedUses(A));
  });

  it("with a share of reads per user, takes at most half of what is left of the user's share", async () => {
    // 48 per window; one user's reads may take 24: the look-up may send 12 (the zones page and 11 configurations).
    const app = await appWith({ RATE_LIMIT_REQUESTS: '48', RATE_LIMIT_HEADROOM: '0', READ_SHARE_PER_CLIENT: '0.5' });
    sandbox.clearRequests();
    const { json } = await usage(app);
    const zones = zoneCount(A);
    const names = sandbox.getState().zones.filter((z) => z.account_id === A).map((z) => z.name).sort((a, b) => a.localeCompare(b));
    expect(sandbox.requests.length).toBe(12);
    expect(json.result).toMatchObject({ zones_read: 11, not_read: zones - 11, stopped_by: 'budget', upstream_calls: 12 });
    expect(json.result.message).toBe(
      `Read 11 of ${zones} zones (12 calls to Cloudflare). Not read: ${zones - 11} to spare your share of the shared ` +
        `Cloudflare budget (the look-up takes at most half of what is left of it). Read the rest later to continue from ${names[11]}.`,
    );
    const budget = (await app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result;
    expect(budget).toMatchObject({ remaining: 36, yourReads: { used: 12, share: 24 } });
  });

  it('refuses a `from` that is not a zone name, before any call', async () => {
    const app = await appWith();
    sandbox.clearRequests();
    const response = await app.inject({ method: 'GET', url: `${usageUrl()}?from=&x=1` });
    expect(response.statusCode).toBe(400);
    expect(sandbox.requests).toEqual([]);
  });

  it('names a zone Cloudflare answered an error for, and reads the others', async () => {
    const app = await appWith();
    sandbox.faults.add({
      match: { method: 'GET', path: `/zones/${SEED.zones.mailExampleNet}/secondary_dns/incoming` },
      status: 500,
      message: 'internal error',
    });
    const { status, json } = await usage(app);
    expect(status).toBe(200);
    const zones = zoneCount(A);
    expect(json.result).toMatchObject({ zones_read: zones - 1, complete: false });
    expect(json.result.unread).toEqual([
      expect.objectContaining({ zone_id: SEED.zones.mailExampleNet, zone_name: 'mail.example.net', reason: 'error' }),
    ]);
    expect(json.result.message).toContain('Not read: 1 because Cloudflare answered an error.');
    expect(json.result.uses.some((u: PeerUse) => u.zone_id === SEED.zones.mailExampleNet)).toBe(false);
  });

  it('stops within its time bound when Cloudflare is slow', async () => {
    const app = await appWith({ PEER_USAGE_TIME_MS: '1000', UPSTREAM_TIMEOUT_MS: '5000' });
    sandbox.faults.add({ match: { method: 'GET', path: '^/zones/[0-9a-f]{32}/secondary_dns/' }, latencyMs: 600 });
    const { status, json, ms } = await usage(app);
    expect(status).toBe(200);
    // The zones page at once, then 4 reads in flight (600 ms); the next 4 start before the bound and end after it.
    expect(ms).toBeLessThan(2500);
    const result = json.result;
    expect(result.complete).toBe(false);
    expect(result.zones_read).toBeGreaterThan(0);
    expect(result.unread.length).toBeGreaterThan(0);
    // Zones whose read was under way when the time ran out answer 504 (named); the others were not reached.
    expect(result.unread.every((u: { reason: string }) => u.reason === 'time')).toBe(true);
    expect(result.not_read).toBeGreaterThan(0);
    expect(result).toMatchObject({ stopped_by: 'time', resume_from: expect.any(String) });
    expect(result.message).toMatch(/for lack of time \(the look-up stops after 1 s\)/);
  });

  it('reads every page of a large account', async () => {
    const app = await appWith();
    const B = SEED.secondAccountId;
    for (let i = 0; i < 55; i++) sandbox.state.addZone({ accountId: B, name: `bulk-${String(i).padStart(2, '0')}.example`, type: 'full' });
    sandbox.clearRequests();
    const { status, json } = await usage(app, B);
    expect(status).toBe(200);
    const zones = zoneCount(B);
    expect(zones).toBe(57);
    expect(json.result).toMatchObject({ zones_total: zones, zones_read: zones, complete: true });
    expect(sorted(json.result.uses)).toEqual(expectedUses(B));
    expect(sandbox.requests.filter((r) => r.path === '/zones').length).toBe(2);
  });

  it('says so plainly when the account has no zones', async () => {
    const app = await appWith();
    const empty = sandbox.state.addAccount({ name: 'Empty (test)' });
    const { status, json } = await usage(app, empty.id);
    expect(status).toBe(200);
    expect(json.result).toMatchObject({ zones_total: 0, zones_read: 0, complete: true, uses: [], resume_from: null });
    expect(json.result.message).toBe('This account has no zones, so no zone uses a peer (1 call to Cloudflare).');
  });

  it('refuses a malformed account id before any call to Cloudflare', async () => {
    const app = await appWith();
    sandbox.clearRequests();
    const { status, json } = await usage(app, 'not-an-id');
    expect(status).toBe(400);
    expect(json.success).toBe(false);
    expect(JSON.stringify(json.errors)).toMatch(/32 lowercase hexadecimal/);
    expect(sandbox.requests).toEqual([]);
  });

  it("passes Cloudflare's refusal of the zones list through", async () => {
    const app = await appWith();
    sandbox.faults.add({ match: { method: 'GET', path: '/zones' }, times: 1, status: 403, code: 9109, message: 'Unauthorized to access requested resource' });
    const { status, json } = await usage(app);
    expect(status).toBe(403);
    expect(json.errors[0]).toMatchObject({ code: 9109 });
  });
});
