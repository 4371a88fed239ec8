/**
 * What a backup of DATA_DIR holds: dashboard.db alone after a clean stop, and the backup command's copy of a database
 * in use (README, "Backup and restore").
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openSqliteStorage } from '../../src/storage/sqlite.js';
import type { Storage } from '../../src/storage/types.js';
import { emptyDir } from '../helper.js';

const BFF = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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

/** Runs the backup command from the sources (`pnpm -C apps/bff backup:dev`), as `pnpm backup` runs dist/backup.mjs. */
async function backup(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/backup.ts', ...args], {
      cwd: BFF,
      env: { ...process.env, DATA_DIR: dataDir, INIT_CWD: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
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

  it('the backup command copies a database in use (its WAL included) to a new 0600 file', { timeout: 30_000 }, async () => {
    const dataDir = emptyDir();
    const storage = await storageWithData(dataDir);
    await storage.users.create({ username: 'bob', role: 'viewer', passwordHash: 'hash' }, new Date());
    const target = join(emptyDir(), 'dashboard-backup.db');

    const run = await backup(dataDir, target);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Backed up ${join(dataDir, DATABASE_FILE)} to ${target}`);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const contents = await contentsOf(target);
    expect(contents.users).toEqual(
      expect.arrayContaining([{ username: 'alice', role: 'operator' }, { username: 'bob', role: 'viewer' }]),
    );
    expect(contents.audit).toEqual([{ operation: 'forceAxfr', reason: 'INC-1' }]);
    // The server goes on writing after it.
    await storage.users.create({ username: 'carol', role: 'viewer', passwordHash: 'hash' }, new Date());

    // A relative file is taken from where the command was typed (INIT_CWD), not apps/bff.
    const relative = await backup(dataDir, 'relative.db');
    expect(relative.code).toBe(0);
    expect(existsSync(join(dataDir, 'relative.db'))).toBe(true);

    const again = await backup(dataDir, target);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${target} exists: a backup never overwrites a file`);

    const nothing = await backup(emptyDir(), join(emptyDir(), 'x.db'));
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/no database at .*dashboard\.db \(is DATA_DIR right\?\)/);

    expect((await backup(dataDir)).code).toBe(2);
  });
});
