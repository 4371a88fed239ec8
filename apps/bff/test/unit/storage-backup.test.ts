/** What a backup of DATA_DIR holds: dashboard.db alone after a clean stop (README, "Backup and restore"). */
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openSqliteStorage } from '../../src/storage/sqlite.js';
import type { Storage } from '../../src/storage/types.js';
import { emptyDir } from '../helper.js';

const open: Storage[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((storage) => storage.close()));
});

async function storageWithData(dataDir: string): Promise<Storage> {
  const storage = await openSqliteStorage({ dataDir });
  open.push(storage);
  await storage.users.create({ username: 'alice', role: 'operator', passwordHash: 'hash' }, new Date());
  await storage.audit.append({
    time: '2026-11-02T00:00:00.000Z', username: 'alice', role: 'operator', operation: 'forceAxfr', method: 'POST',
    path: '/api/zones/z/secondary_dns/force_axfr', accountId: null, zoneId: 'z', zoneName: 'example.net.',
    resourceId: null, body: {}, reason: 'INC-1', status: 200, upstreamErrorCodes: [], refusal: null, requestId: 'r1', clientIp: null,
  });
  return storage;
}

/** The users and audit entries of a database file, read by a client of its own. */
async function contentsOf(file: string) {
  const client = createClient({ url: `file:${file}` });
  try {
    const users = (await client.execute('SELECT username, role FROM users')).rows.map((row) => ({ ...row }));
    const audit = (await client.execute('SELECT operation, reason FROM audit_log')).rows.map((row) => ({ ...row }));
    return { users, audit };
  } finally {
    client.close();
  }
}

describe('backups of DATA_DIR', () => {
  it('after close(), dashboard.db alone holds everything (nothing is left in dashboard.db-wal)', async () => {
    const dataDir = emptyDir();
    await (await storageWithData(dataDir)).close();
    expect(statSync(join(dataDir, `${DATABASE_FILE}-wal`), { throwIfNoEntry: false })?.size ?? 0).toBe(0);
    // A file-level backup that copied only the database file.
    const copy = join(emptyDir(), DATABASE_FILE);
    copyFileSync(join(dataDir, DATABASE_FILE), copy);
    expect(await contentsOf(copy)).toEqual({
      users: [{ username: 'alice', role: 'operator' }],
      audit: [{ operation: 'forceAxfr', reason: 'INC-1' }],
    });
  });
});
