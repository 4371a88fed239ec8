/** A database made by an older version keeps its audit log when the next migration adds the zone's name. */
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
      expect(await storage.migrations()).toEqual([1, 2]);
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
    } finally {
      await storage.close();
    }
  });
});
