/** A database made by an older version keeps its audit log when the next migrations add to it. */
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { DATABASE_FILE, openSqliteStorage } from '../../src/storage/sqlite.js';
import { emptyDir } from '../helper.js';

describe('storage migrations', () => {
  it('version 2 adds audit_log.zone_name to an existing log; old entries read null, new ones carry the name', async () => {
    const dataDir = emptyDir();
    const old = await openSqliteStorage({ dataDir, migrations: MIGRATIONS.filter((m) => m.version === 1) });
    expect(await old.migrations()).toEqual([1]);
    await old.close();
    const raw = createClient({ url: `file:${join(dataDir, DATABASE_FILE)}` });
    await raw.execute(
      `INSERT INTO audit_log (time, username, role, operation, method, path, zone_id, status, outcome, request_id)
       VALUES ('2026-11-01T00:00:00.000Z', 'ops', 'operator', 'forceAxfr', 'POST', '/api/zones/z/secondary_dns/force_axfr', 'z', 200, 'success', 'r1')`,
    );
    raw.close();

    const storage = await openSqliteStorage({ dataDir });
    try {
      expect(await storage.migrations()).toEqual(MIGRATIONS.map((migration) => migration.version));
      await storage.audit.append({
        time: '2026-11-02T00:00:00.000Z', username: 'ops', role: 'operator', operation: 'forceAxfr', method: 'POST',
        path: '/api/zones/z/secondary_dns/force_axfr', accountId: null, zoneId: 'z', zoneName: 'example.net.',
        resourceId: null, body: {}, reason: null, status: 200, upstreamErrorCodes: [], refusal: null, requestId: 'r2', clientIp: null,
      });
      const { entries, total } = await storage.audit.query({ zoneId: 'z' }, { offset: 0, limit: 10 });
      expect(total).toBe(2);
      expect(entries.map((entry) => [entry.requestId, entry.zoneName])).toEqual([
        ['r2', 'example.net.'],
        ['r1', null],
      ]);
      // Version 4: an entry older than it has no before / after.
      expect(entries.map((entry) => [entry.before, entry.after])).toEqual([[null, null], [null, null]]);
    } finally {
      await storage.close();
    }
  });

  it('version 6 keeps what a Force was seen to do beside its entry, once; other entries read null', async () => {
    const storage = await openSqliteStorage({ url: ':memory:' });
    try {
      const entry = {
        time: '2026-11-02T00:00:00.000Z', username: 'ops', role: 'operator' as const, operation: 'forceAxfr', method: 'POST',
        path: '/api/zones/z/secondary_dns/force_axfr', accountId: null, zoneId: 'z', resourceId: null,
        body: {}, reason: null, status: 200, upstreamErrorCodes: [], refusal: null, requestId: 'r1', clientIp: null,
      };
      const first = await storage.audit.append(entry);
      await storage.audit.append({ ...entry, requestId: 'r2' });
      const seen = {
        observed_at: '2026-11-02T00:00:08.000Z', moved: true,
        before: { soa_serial: 1, time: '2026-11-01T00:00:00Z' }, after: { soa_serial: 2, time: '2026-11-02T00:00:07Z' },
      };
      await storage.audit.saveSeenAfter(first, seen);
      // Written once: a second call for the same entry changes nothing.
      await storage.audit.saveSeenAfter(first, { ...seen, moved: false });
      const { entries } = await storage.audit.query({ zoneId: 'z' }, { offset: 0, limit: 10 });
      expect(entries.map((e) => [e.requestId, e.seenAfter])).toEqual([['r2', null], ['r1', seen]]);
    } finally {
      await storage.close();
    }
  });

  it('version 4 keeps the resource before and after a change with the entry (JSON), and nothing when there is none', async () => {
    const storage = await openSqliteStorage({ url: ':memory:' });
    try {
      const entry = {
        time: '2026-11-02T00:00:00.000Z', username: 'admin', role: 'admin' as const, operation: 'peers.update', method: 'PUT',
        path: '/api/accounts/a/secondary_dns/peers/p', accountId: 'a', zoneId: null, resourceId: 'p',
        body: { name: 'ns1', ip: '192.0.2.9' }, reason: null, status: 200, upstreamErrorCodes: [], refusal: null, requestId: 'r1', clientIp: null,
      };
      await storage.audit.append({ ...entry, before: { id: 'p', name: 'ns1', ip: '192.0.2.1' }, after: { id: 'p', name: 'ns1', ip: '192.0.2.9' } });
      await storage.audit.append({ ...entry, requestId: 'r2' });
      const { entries } = await storage.audit.query({}, { offset: 0, limit: 10 });
      expect(entries.map((e) => [e.requestId, e.before, e.after])).toEqual([
        ['r2', null, null],
        ['r1', { id: 'p', name: 'ns1', ip: '192.0.2.1' }, { id: 'p', name: 'ns1', ip: '192.0.2.9' }],
      ]);
    } finally {
      await storage.close();
    }
  });

  it("version 3 keeps the serial watch's memory: zones saved and replaced, events newest first by account and zone, pruned by age", async () => {
    const storage = await openSqliteStorage({ url: ':memory:' });
    try {
      const zone = {
        account_id: 'a', zone_id: 'z1', zone_name: 'example.net.', direction: 'incoming' as const, kind: 'behind' as const,
        label: 'Cloudflare behind', behind_since: '2026-11-01T00:00:00.000Z', refresh_overdue_since: null, transfers_enabled: null,
        check: { zone_id: 'z1', zone_name: 'example.net.', direction: 'incoming' as const, cloudflare_serial: 1, checked_at: '2026-11-01T00:00:00.000Z', timeout_ms: 2000, emulated: false, peers: [] },
      };
      await storage.serialWatch.saveZone(zone, new Date());
      await storage.serialWatch.saveZone({ ...zone, kind: 'in-sync', label: 'In sync', behind_since: null }, new Date());
      expect(await storage.serialWatch.zones()).toEqual([{ ...zone, kind: 'in-sync', label: 'In sync', behind_since: null }]);
      await storage.serialWatch.deleteZone('z1');
      expect(await storage.serialWatch.zones()).toEqual([]);

      const event = {
        time: '2026-08-01T00:00:00.000Z', event: 'behind' as const, account_id: 'a', zone_id: 'z1', zone_name: 'example.net.',
        direction: 'incoming' as const, label: 'Cloudflare behind', cloudflare_serial: 1,
        peers: [{ name: 'ns1', address: '192.0.2.1', serial: 3, status: 'answered' }], behind_since: '2026-08-01T00:00:00.000Z',
        refresh_overdue_since: null, last_refresh: null, auto_refresh_seconds: null,
      };
      await storage.serialWatch.appendEvent(event);
      await storage.serialWatch.appendEvent({ ...event, time: '2026-11-01T00:00:00.000Z', event: 'not_behind', label: 'In sync', cloudflare_serial: null });
      await storage.serialWatch.appendEvent({ ...event, time: '2026-11-02T00:00:00.000Z', zone_id: 'z2' });
      await storage.serialWatch.appendEvent({ ...event, time: '2026-11-02T00:00:00.000Z', account_id: 'b' });
      const z1 = await storage.serialWatch.history({ accountId: 'a', zoneId: 'z1' }, { offset: 0, limit: 10 });
      expect(z1.total).toBe(2);
      expect(z1.events.map((e) => [e.event, e.cloudflare_serial])).toEqual([['not_behind', null], ['behind', 1]]);
      expect(z1.events[1]).toMatchObject({ ...event, id: expect.any(Number) });
      expect((await storage.serialWatch.history({ accountId: 'a' }, { offset: 0, limit: 10 })).total).toBe(3);
      expect(await storage.serialWatch.prune('2026-10-01T00:00:00.000Z')).toBe(1);
      expect((await storage.serialWatch.history({ accountId: 'a' }, { offset: 0, limit: 10 })).total).toBe(2);

      expect(await storage.serialWatch.getMeta('last_round')).toBeNull();
      await storage.serialWatch.setMeta('last_round', '{"a":1}');
      await storage.serialWatch.setMeta('last_round', '{"a":2}');
      expect(await storage.serialWatch.getMeta('last_round')).toBe('{"a":2}');
    } finally {
      await storage.close();
    }
  });

  it("version 11 keeps the watch's history (ids too) and takes the refresh events with their facts", async () => {
    const dataDir = emptyDir();
    const old = await openSqliteStorage({ dataDir, migrations: MIGRATIONS.filter((m) => m.version < 11) });
    const before = {
      time: '2026-11-01T00:00:00.000Z', event: 'behind' as const, account_id: 'a', zone_id: 'z1', zone_name: 'example.net.',
      direction: 'incoming' as const, label: 'Cloudflare behind', cloudflare_serial: 1,
      peers: [{ name: 'ns1', address: '192.0.2.1', serial: 3, status: 'answered' }], behind_since: '2026-11-01T00:00:00.000Z',
      refresh_overdue_since: null, last_refresh: null, auto_refresh_seconds: null,
    };
    const raw = createClient({ url: `file:${join(dataDir, DATABASE_FILE)}` });
    // Written as version 9 wrote it (no refresh columns), with an id the history already showed.
    await raw.execute({
      sql: `INSERT INTO serial_watch_events (id, time, event, account_id, zone_id, zone_name, direction, label, cloudflare_serial, peers, behind_since)
            VALUES (41, ?, 'behind', 'a', 'z1', 'example.net.', 'incoming', 'Cloudflare behind', 1, ?, ?)`,
      args: [before.time, JSON.stringify(before.peers), before.behind_since],
    });
    await expect(raw.execute(`INSERT INTO serial_watch_events (time, event, account_id, zone_id, zone_name, direction, label)
      VALUES ('t', 'refresh_overdue', 'a', 'z1', 'n', 'incoming', 'l')`)).rejects.toThrow(/CHECK/);
    raw.close();
    await old.close();

    const storage = await openSqliteStorage({ dataDir });
    try {
      expect(await storage.migrations()).toContain(11);
      const overdue = {
        ...before, time: '2026-11-02T00:00:00.000Z', event: 'refresh_overdue' as const, label: 'In sync, refresh overdue', behind_since: null,
        refresh_overdue_since: '2026-11-02T00:00:00.000Z', last_refresh: '2026-10-30T00:00:00.000Z', auto_refresh_seconds: 3600,
      };
      expect(await storage.serialWatch.appendEvent(overdue)).toBe(42);
      const { events } = await storage.serialWatch.history({ accountId: 'a', zoneId: 'z1' }, { offset: 0, limit: 10 });
      expect(events).toEqual([{ ...overdue, id: 42 }, { ...before, id: 41 }]);
    } finally {
      await storage.close();
    }
  });

  it('version 12 keeps the users as they were, without an end to their access, and stores one', async () => {
    const dataDir = emptyDir();
    const old = await openSqliteStorage({ dataDir, migrations: MIGRATIONS.filter((m) => m.version < 12) });
    await old.close();
    // Written as version 11 wrote it (no expires_at column).
    const raw = createClient({ url: `file:${join(dataDir, DATABASE_FILE)}` });
    await raw.execute(`INSERT INTO users (username, role, password_hash, disabled, must_change_password, created_at, updated_at)
      VALUES ('carol', 'operator', 'h', 0, 0, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`);
    raw.close();
    const storage = await openSqliteStorage({ dataDir });
    try {
      expect(await storage.migrations()).toContain(12);
      expect(await storage.users.get('carol')).toMatchObject({ username: 'carol', role: 'operator', expiresAt: null });
      const changed = await storage.users.update('carol', { expiresAt: '2026-12-31T23:59:59.999Z' }, new Date());
      expect(changed).toMatchObject({ status: 'ok', user: { expiresAt: '2026-12-31T23:59:59.999Z' } });
      await storage.users.create({ username: 'dave', role: 'viewer', passwordHash: 'h', expiresAt: '2027-01-31T23:59:59.999Z' }, new Date());
      expect((await storage.users.get('dave'))?.expiresAt).toBe('2027-01-31T23:59:59.999Z');
      await storage.users.update('carol', { expiresAt: null }, new Date());
      expect((await storage.users.get('carol'))?.expiresAt).toBeNull();
    } finally {
      await storage.close();
    }
  });

  it('version 13 keeps the audit log as it was (no token on old entries) and stores API tokens by their hash', async () => {
    const dataDir = emptyDir();
    const old = await openSqliteStorage({ dataDir, migrations: MIGRATIONS.filter((m) => m.version < 13) });
    await old.close();
    // Written as version 12 wrote it (no api_token column).
    const raw = createClient({ url: `file:${join(dataDir, DATABASE_FILE)}` });
    await raw.execute(`INSERT INTO audit_log (time, username, role, operation, method, path, reason, status, outcome, request_id)
      VALUES ('2026-11-01T00:00:00.000Z', 'admin', 'admin', 'forceAxfr', 'POST', '/x', 'r', 200, 'success', 'q')`);
    raw.close();
    const storage = await openSqliteStorage({ dataDir });
    try {
      expect(await storage.migrations()).toContain(13);
      const { entries } = await storage.audit.query({}, { offset: 0, limit: 10 });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ operation: 'forceAxfr', reason: 'r', apiToken: null });
      await storage.apiTokens.create({
        id: 'a1b2c3d4e5f6', username: 'admin', name: 'ci', role: 'viewer', tokenHash: 'hash-of-it',
        createdAt: '2026-11-02T00:00:00.000Z', expiresAt: '2026-12-02T00:00:00.000Z', zones: null, createdBy: 'admin',
      });
      expect(await storage.apiTokens.byHash('hash-of-it')).toMatchObject({ id: 'a1b2c3d4e5f6', name: 'ci', lastUsedAt: null });
      expect(await storage.apiTokens.byHash('a1b2c3d4e5f6')).toBeNull();
      expect(await storage.apiTokens.countLive('admin', new Date('2026-12-01T00:00:00.000Z'))).toBe(1);
      expect(await storage.apiTokens.countLive('admin', new Date('2026-12-02T00:00:00.000Z'))).toBe(0);
      expect(await storage.apiTokens.pruneExpired(new Date('2026-12-03T00:00:00.000Z'))).toBe(1);
    } finally {
      await storage.close();
    }
  });

  it("version 14 reads older tokens as every zone's, made by their user; keeps a token's zones and maker; revokes a user's all", async () => {
    const dataDir = emptyDir();
    const old = await openSqliteStorage({ dataDir, migrations: MIGRATIONS.filter((m) => m.version < 14) });
    await old.close();
    // Written as version 13 wrote it (no zones, no created_by).
    const raw = createClient({ url: `file:${join(dataDir, DATABASE_FILE)}` });
    await raw.execute(`INSERT INTO api_tokens (id, username, name, role, token_hash, created_at, expires_at)
      VALUES ('0123456789ab', 'alice', 'old', 'operator', 'h-old', '2026-11-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`);
    raw.close();
    const storage = await openSqliteStorage({ dataDir });
    try {
      expect(await storage.migrations()).toContain(14);
      expect(await storage.apiTokens.get('0123456789ab')).toMatchObject({ username: 'alice', zones: null, createdBy: 'alice' });
      const zones = [{ id: 'f'.repeat(32), name: 'example.com' }];
      await storage.apiTokens.create({
        id: 'a1b2c3d4e5f6', username: 'alice', name: 'deploy', role: 'operator', tokenHash: 'h-new',
        createdAt: '2026-11-02T00:00:00.000Z', expiresAt: '2027-01-02T00:00:00.000Z', zones, createdBy: 'admin',
      });
      expect(await storage.apiTokens.byHash('h-new')).toMatchObject({ zones, createdBy: 'admin' });
      await storage.apiTokens.create({
        id: 'b1b2c3d4e5f6', username: 'bob', name: 'his', role: 'viewer', tokenHash: 'h-bob',
        createdAt: '2026-11-02T00:00:00.000Z', expiresAt: '2027-01-02T00:00:00.000Z', zones: null, createdBy: 'bob',
      });
      expect(await storage.apiTokens.revokeAllOf('alice')).toBe(2);
      expect((await storage.apiTokens.list(null)).map((token) => token.username)).toEqual(['bob']);
    } finally {
      await storage.close();
    }
  });

  it('version 5 keeps failed sign-ins: by key and time, cleared per key, pruned by age', async () => {
    const storage = await openSqliteStorage({ url: ':memory:' });
    try {
      await storage.loginFailures.add([{ key: 'ip:192.0.2.1', userKey: null }, { key: 'user:admin', userKey: 'user:admin' }], 1000);
      await storage.loginFailures.add([{ key: 'ip:192.0.2.1', userKey: null }, { key: 'user:bob', userKey: 'user:bob' }], 2000);
      expect(await storage.loginFailures.since(1500)).toEqual([
        { key: 'ip:192.0.2.1', time: 2000, userKey: null },
        { key: 'user:bob', time: 2000, userKey: 'user:bob' },
      ]);
      await storage.loginFailures.clear('user:bob');
      expect((await storage.loginFailures.since(0)).map((row) => row.key)).toEqual(['ip:192.0.2.1', 'user:admin', 'ip:192.0.2.1']);
      expect(await storage.loginFailures.prune(1500)).toBe(2);
      expect(await storage.loginFailures.since(0)).toEqual([{ key: 'ip:192.0.2.1', time: 2000, userKey: null }]);
    } finally {
      await storage.close();
    }
  });

  it("version 7 tags a username's rows: clearUser removes its pairs and its own count, never an address's", async () => {
    const storage = await openSqliteStorage({ url: ':memory:' });
    try {
      await storage.loginFailures.add(
        [
          { key: 'pair:192.0.2.1 bob', userKey: 'user:bob' },
          { key: 'ip:192.0.2.1', userKey: null },
          { key: 'user:bob', userKey: 'user:bob' },
        ],
        1000,
      );
      await storage.loginFailures.add([{ key: 'pair:192.0.2.9 bob', userKey: 'user:bob' }, { key: 'pair:192.0.2.9 eve', userKey: 'user:eve' }], 2000);
      await storage.loginFailures.clearUser('user:bob');
      expect((await storage.loginFailures.since(0)).map((row) => row.key)).toEqual(['ip:192.0.2.1', 'pair:192.0.2.9 eve']);
    } finally {
      await storage.close();
    }
  });
});
