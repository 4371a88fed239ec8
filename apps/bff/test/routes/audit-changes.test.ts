/**
 * What each change changed (ADR 016): an update or a delete reads the resource first, and its audit entry keeps it
 * as `before` (and the update's answer as `after`), secrets redacted — so "who changed ns1's address, from what"
 * and "what did the deleted secondary configuration say" have an answer. Against the real sandbox over HTTP.
 */
import { SEED } from '@secdns/sandbox';
import { buildPath, operations, restorePlan, type AuditEntry } from '@secdns/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox, type TestApp, type TestClient } from '../helper.js';

const A = SEED.accountId;
const Z = SEED.zones;
const PEERS = `/api/accounts/${A}/secondary_dns/peers`;
const TSIGS = `/api/accounts/${A}/secondary_dns/tsigs`;
const ACLS = `/api/accounts/${A}/secondary_dns/acls`;

let sandbox: Sandbox;
let t: TestApp;
let admin: TestClient;
let viewer: TestClient;

type Entry = Record<string, unknown> & { before: unknown; after: unknown; changes: { field: string; before: unknown; after: unknown }[] };

/** The audit entry of one request (by its request id). */
async function entryOf(response: { headers: Record<string, unknown> }): Promise<Entry> {
  const listed = await admin.inject({ method: 'GET', url: '/api/audit?per_page=100' });
  expect(listed.statusCode).toBe(200);
  const entry = (listed.json().result as Entry[]).find((candidate) => candidate.request_id === response.headers['x-request-id']);
  expect(entry, 'audit entry of the request').toBeDefined();
  return entry!;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox);
  admin = await t.as('admin');
  viewer = await t.as('viewer');
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

describe('an update records what it replaced', () => {
  it("a peer's new address and port: before, after, and the two fields changed (nothing else)", async () => {
    const url = `${PEERS}/${SEED.peers.hiddenPrimary}`;
    const current = (await admin.inject({ method: 'GET', url })).json().result as Record<string, unknown>;
    expect(current).toMatchObject({ ip: '198.51.100.20', port: 5353 });
    const { id: _id, ...unchanged } = current;
    const response = await admin.inject({ method: 'PUT', url, payload: { ...unchanged, ip: '198.51.100.21', port: 53 } });
    expect(response.statusCode, response.body).toBe(200);
    const entry = await entryOf(response);
    expect(entry.before).toMatchObject({ id: SEED.peers.hiddenPrimary, ip: '198.51.100.20', port: 5353 });
    expect(entry.after).toMatchObject({ id: SEED.peers.hiddenPrimary, ip: '198.51.100.21', port: 53 });
    expect(entry.changes).toEqual([
      { field: 'ip', before: '198.51.100.20', after: '198.51.100.21' },
      { field: 'port', before: 5353, after: 53 },
    ]);
  });

  it('a PUT that leaves a field out clears it, and the change says so', async () => {
    const url = `${PEERS}/${SEED.peers.ns1Primary}`;
    const response = await admin.inject({ method: 'PUT', url, payload: { name: 'ns1-primary', ip: '192.0.2.10', port: 53 } });
    expect(response.statusCode, response.body).toBe(200);
    const entry = await entryOf(response);
    expect(entry.changes).toContainEqual({ field: 'tsig_id', before: SEED.tsigs.transferKey, after: null });
    expect(entry.changes.map((change) => change.field)).not.toContain('ip');
  });

  it("a TSIG key's new secret: recorded as changed, never the secret itself (before or after)", async () => {
    const url = `${TSIGS}/${SEED.tsigs.legacyKey}`;
    const secret = 'bmV3LXNlY3JldC1mb3ItYXVkaXQtY2hhbmdlcw==';
    const original = (await fetch(`${sandbox.url}/accounts/${A}/secondary_dns/tsigs/${SEED.tsigs.legacyKey}`, {
      headers: { authorization: `Bearer ${sandbox.token}` },
    }).then((r) => r.json())) as { result: { secret: string } };
    expect(original.result.secret.length).toBeGreaterThan(8);
    const rotated = await admin.inject({
      method: 'PUT',
      url,
      payload: { name: 'legacy-key.', algo: 'hmac-sha256.', secret },
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const entry = await entryOf(rotated);
    expect(entry.before).toMatchObject({ name: 'legacy-key.', secret: '[REDACTED]' });
    expect(entry.after).toMatchObject({ secret: '[REDACTED, changed]' });
    expect(entry.changes).toEqual([{ field: 'secret', before: '[REDACTED]', after: '[REDACTED, changed]' }]);

    // Renamed with the secret kept (the edit form sends the mask back): no secret change, and the key is read once
    // (the mask's read is the audit's before).
    sandbox.clearRequests();
    const renamed = await admin.inject({
      method: 'PUT',
      url,
      payload: { name: 'legacy-key-2.', algo: 'hmac-sha256.', secret: '••••••••' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(sandbox.requests.map((request) => request.method)).toEqual(['GET', 'PUT']);
    expect((await entryOf(renamed)).changes).toEqual([{ field: 'name', before: 'legacy-key.', after: 'legacy-key-2.' }]);

    const log = await admin.inject({ method: 'GET', url: '/api/audit?per_page=100' });
    const csv = await admin.inject({ method: 'GET', url: '/api/audit.csv' });
    // Neither the new secret nor the one it replaced.
    for (const text of [log.body, csv.body]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(original.result.secret);
    }
    expect(csv.body).toContain('Secret changed');
  });

  it("a secondary zone's refresh interval: the zone page's Recent actions says what changed", async () => {
    const url = `/api/zones/${Z.mailExampleNet}/secondary_dns/incoming`;
    const current = (await admin.inject({ method: 'GET', url })).json().result as { name: string; peers: string[]; auto_refresh_seconds: number };
    expect(current.auto_refresh_seconds).not.toBe(900);
    const response = await admin.inject({
      method: 'PUT',
      url,
      payload: { name: current.name, peers: current.peers, auto_refresh_seconds: 900 },
    });
    expect(response.statusCode, response.body).toBe(200);
    const activity = await viewer.inject({ method: 'GET', url: `/api/zones/${Z.mailExampleNet}/activity?limit=1` });
    expect(activity.statusCode).toBe(200);
    const [latest] = activity.json().result as Entry[];
    expect(latest).toMatchObject({ operation: 'incoming.update', changes: [{ field: 'auto_refresh_seconds', before: current.auto_refresh_seconds, after: 900 }] });
    // Recent actions carries the changes, never the bodies.
    expect(Object.keys(latest!)).not.toContain('before');
    expect(Object.keys(latest!)).not.toContain('body');
  });

  it('a change Cloudflare refuses: what was asked, with the outcome failure', async () => {
    const url = `${ACLS}/${SEED.acls.monitoring}`;
    sandbox.faults.add({ match: { method: 'PUT', path: `/accounts/${A}/secondary_dns/acls/` }, times: 1, status: 400, code: 1004, message: 'nope' });
    const response = await admin.inject({ method: 'PUT', url, payload: { name: 'monitoring', ip_range: '198.51.100.54/32' } });
    sandbox.faults.clear();
    expect(response.statusCode).toBe(400);
    const entry = await entryOf(response);
    expect(entry).toMatchObject({ outcome: 'failure', after: null });
    expect(entry.changes).toEqual([{ field: 'ip_range', before: '198.51.100.53/32', after: '198.51.100.54/32' }]);
  });

  it('when the resource cannot be read first, the change is still sent and its entry has no before', async () => {
    const url = `${ACLS}/${SEED.acls.monitoring}`;
    sandbox.faults.add({ match: { method: 'GET', path: `/accounts/${A}/secondary_dns/acls/` }, times: 1, status: 503 });
    sandbox.clearRequests();
    const response = await admin.inject({ method: 'PUT', url, payload: { name: 'monitoring', ip_range: '198.51.100.55/32' } });
    sandbox.faults.clear();
    expect(response.statusCode, response.body).toBe(200);
    expect(sandbox.requests.map((request) => request.method)).toEqual(['GET', 'PUT']);
    const entry = await entryOf(response);
    expect(entry).toMatchObject({ outcome: 'success', before: null, changes: [] });
  });
});

describe('a delete records what it deleted', () => {
  it("an ACL: its name and range, in the entry, the Target's name, and the CSV's changes", async () => {
    const response = await admin.inject({ method: 'DELETE', url: `${ACLS}/${SEED.acls.ipv6Transfer}` });
    expect(response.statusCode, response.body).toBe(200);
    const entry = await entryOf(response);
    expect(entry.before).toMatchObject({ id: SEED.acls.ipv6Transfer, name: 'ipv6-transfer', ip_range: '2001:db8:53::/64' });
    expect(entry.after).toBeNull();
    expect(entry.changes).toEqual([
      { field: 'name', before: 'ipv6-transfer', after: null },
      { field: 'ip_range', before: '2001:db8:53::/64', after: null },
    ]);
    const csv = await admin.inject({ method: 'GET', url: '/api/audit.csv?operation=acls.delete' });
    expect(csv.body.split('\r\n')[0]).toMatch(/,body,changes,before,after,seen_after$/);
    expect(csv.body).toContain('was: Name ipv6-transfer; IP range 2001:db8:53::/64');
  });

  it("a zone's outgoing configuration: the secondaries it notified", async () => {
    const response = await admin.inject({ method: 'DELETE', url: `/api/zones/${Z.docsExampleCom}/secondary_dns/outgoing` });
    expect(response.statusCode, response.body).toBe(200);
    const entry = await entryOf(response);
    expect(entry.changes).toContainEqual({ field: 'peers', before: [SEED.peers.secondaryA], after: null });
  });
});

describe("the dashboard's own users", () => {
  it('a role change and a new password (as "changed"); a deleted user\'s role', async () => {
    const created = await admin.inject({ method: 'POST', url: '/api/users', payload: { username: 'carol', password: 'carol-password-1', role: 'viewer' } });
    expect(created.statusCode, created.body).toBe(200);
    const promoted = await admin.inject({ method: 'PATCH', url: '/api/users/carol', payload: { role: 'operator', password: 'carol-password-2' } });
    expect(promoted.statusCode, promoted.body).toBe(200);
    const entry = await entryOf(promoted);
    expect(entry.changes).toEqual([
      { field: 'role', before: 'viewer', after: 'operator' },
      { field: 'password', before: '[REDACTED]', after: '[REDACTED, changed]' },
    ]);
    expect(JSON.stringify(entry)).not.toContain('carol-password');

    const deleted = await admin.inject({ method: 'DELETE', url: '/api/users/carol' });
    expect(deleted.statusCode).toBe(200);
    expect((await entryOf(deleted)).changes).toEqual([
      { field: 'username', before: 'carol', after: null },
      { field: 'role', before: 'operator', after: null },
      { field: 'disabled', before: false, after: null },
    ]);
  });
});

describe('putting back from an entry (restorePlan) is accepted by the BFF and Cloudflare', () => {
  async function putBack(entry: Entry) {
    const plan = restorePlan(entry as unknown as AuditEntry);
    expect(plan.kind, JSON.stringify(plan)).not.toBe('unavailable');
    if (plan.kind === 'unavailable') throw new Error(plan.reason);
    const op = operations[plan.operation];
    return admin.inject({ method: op.method, url: `/api${buildPath(op.path, plan.params)}`, payload: plan.body });
  }

  it("an edited peer gets its values back, and the restore is itself an entry with its changes", async () => {
    const url = `${PEERS}/${SEED.peers.ns2Primary}`;
    const original = (await admin.inject({ method: 'GET', url })).json().result as Record<string, unknown>;
    const { id: _id, ...fields } = original;
    const edited = await admin.inject({ method: 'PUT', url, payload: { ...fields, ip: '2001:db8:10::99', port: 5300 } });
    expect(edited.statusCode, edited.body).toBe(200);
    const restored = await putBack(await entryOf(edited));
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await admin.inject({ method: 'GET', url })).json().result).toEqual(original);
    expect((await entryOf(restored)).changes).toEqual([
      { field: 'ip', before: '2001:db8:10::99', after: original.ip },
      { field: 'port', before: 5300, after: original.port },
    ]);
  });

  it("a renamed TSIG key gets its name back with its secret untouched", async () => {
    const url = `${TSIGS}/${SEED.tsigs.notifyKey}`;
    const secretOf = async () =>
      ((await fetch(`${sandbox.url}/accounts/${A}/secondary_dns/tsigs/${SEED.tsigs.notifyKey}`, {
        headers: { authorization: `Bearer ${sandbox.token}` },
      }).then((r) => r.json())) as { result: { name: string; secret: string } }).result;
    const original = await secretOf();
    const renamed = await admin.inject({ method: 'PUT', url, payload: { name: 'renamed-notify-key.', algo: 'hmac-sha512.', secret: '••••••••' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const restored = await putBack(await entryOf(renamed));
    expect(restored.statusCode, restored.body).toBe(200);
    expect(await secretOf()).toEqual(original);
  });

  it("a deleted secondary configuration is created again with its primaries and refresh", async () => {
    const url = `/api/zones/${Z.shopExampleOrg}/secondary_dns/incoming`;
    const original = (await admin.inject({ method: 'GET', url })).json().result as { name: string; peers: string[]; auto_refresh_seconds: number };
    const deleted = await admin.inject({ method: 'DELETE', url });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await admin.inject({ method: 'GET', url })).statusCode).not.toBe(200);
    const restored = await putBack(await entryOf(deleted));
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await admin.inject({ method: 'GET', url })).json().result).toMatchObject({
      name: original.name,
      peers: original.peers,
      auto_refresh_seconds: original.auto_refresh_seconds,
    });
  });
});

describe('the history of one resource (?resource=)', () => {
  it("a peer's entries from its creation on, and no other resource's; the CSV the same", async () => {
    const created = await admin.inject({ method: 'POST', url: PEERS, payload: { name: 'history-peer', ip: '192.0.2.200' } });
    expect(created.statusCode, created.body).toBe(200);
    const id = (created.json().result as { id: string }).id;
    const edited = await admin.inject({ method: 'PUT', url: `${PEERS}/${id}`, payload: { name: 'history-peer', ip: '192.0.2.201' } });
    expect(edited.statusCode, edited.body).toBe(200);
    await admin.inject({ method: 'PUT', url: `${PEERS}/${SEED.peers.secondaryA}`, payload: { name: 'secondary-a', ip: '203.0.113.53' } });

    const listed = await admin.inject({ method: 'GET', url: `/api/audit?resource=${id}` });
    expect(listed.statusCode).toBe(200);
    const entries = listed.json().result as Entry[];
    expect(entries.map((entry) => [entry.operation, entry.resource_id])).toEqual([
      ['peers.update', id],
      ['peers.create', id],
    ]);
    expect(entries[0]!.changes).toEqual([{ field: 'ip', before: '192.0.2.200', after: '192.0.2.201' }]);
    const csv = await admin.inject({ method: 'GET', url: `/api/audit.csv?resource=${id}` });
    expect(csv.body.trim().split('\r\n')).toHaveLength(3);
    // A non-admin asking sees only their own entries about it (none here).
    const own = await viewer.inject({ method: 'GET', url: `/api/audit?resource=${id}` });
    expect(own.json().result).toEqual([]);
  });
});

describe('the read before a change never holds the change back', () => {
  it('joining a slower identical read (someone else opened the ACL) it still gives up in its own time: the change goes out', async () => {
    // The other reader's read may take the whole request bound (10 s); the before-read has 800 ms.
    const slow = await appFor(sandbox, { UPSTREAM_TIMEOUT_MS: '800', UPSTREAM_TOTAL_TIMEOUT_MS: '10000', UPSTREAM_MAX_RETRIES: '3' });
    try {
      const client = await slow.as('admin');
      const viewer = await slow.as('viewer');
      const url = `${ACLS}/${SEED.acls.officeNetwork}`;
      // Cloudflare answers the first reads with 503 after a while: the viewer's read retries (its own bound is long).
      sandbox.faults.add({ match: { method: 'GET', path: `/accounts/${A}/secondary_dns/acls/` }, times: 3, latencyMs: 700, status: 503 });
      const other = viewer.inject({ method: 'GET', url });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const response = await client.inject({ method: 'PUT', url, payload: { name: 'office-network', ip_range: '192.0.2.0/24' } });
      const took = Date.now() - started;
      await other;
      sandbox.faults.clear();
      expect(response.statusCode, response.body).toBe(200);
      expect(took).toBeLessThan(2000);
      const listed = await client.inject({ method: 'GET', url: '/api/audit?operation=acls.update&per_page=5' });
      const entry = (listed.json().result as Entry[]).find((candidate) => candidate.request_id === response.headers['x-request-id']);
      expect(entry).toMatchObject({ outcome: 'success', before: null, changes: [] });
    } finally {
      sandbox.faults.clear();
      await slow.app.close();
    }
  });
});
