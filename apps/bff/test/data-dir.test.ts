/**
 * DATA_DIR at startup: one sentence, not a stack trace, when it cannot be used. Some tests start server.ts in a
 * process of its own (it exits before listening).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dataDirProblem } from '../src/data-dir.js';
import { DATABASE_FILE, openSqliteStorage } from '../src/storage/sqlite.js';
import { emptyDir } from './helper.js';

const BFF = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs server.ts from the sources with `env`; it is expected to exit by itself (killed after 20 s otherwise). */
async function runServer(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: BFF,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '8851', LOG_LEVEL: 'warn', DASHBOARD_ADMIN_PASSWORD: 'a-password-for-tests', ...env },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A regular file: a DATA_DIR below it can never be created (ENOTDIR). */
function regularFile(): string {
  const file = join(emptyDir(), 'not-a-directory');
  writeFileSync(file, '');
  return file;
}

describe('an unusable DATA_DIR', () => {
  it('stops the server with one sentence naming DATA_DIR, the path and the system error, no stack trace', { timeout: 30_000 }, async () => {
    const dataDir = join(regularFile(), 'data');
    const run = await runServer({ DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`DATA_DIR ${dataDir} is not writable (ENOTDIR: not a directory): mkdir ${dataDir}.`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('words file system and SQLite errors under DATA_DIR, and nothing else', async () => {
    const readOnly = Object.assign(new Error("EROFS: read-only file system, chmod '/srv/dash/dashboard.db'"), {
      code: 'EROFS',
      syscall: 'chmod',
      path: '/srv/dash/dashboard.db',
    });
    expect(dataDirProblem(readOnly, '/srv/dash')).toMatch(
      /^DATA_DIR \/srv\/dash is not writable \(EROFS: read-only file system\): chmod \/srv\/dash\/dashboard\.db\. /,
    );
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: 'ENOSPC', syscall: 'write', path: '/srv/dash/x' });
    expect(dataDirProblem(full, '/srv/dash')).toMatch(/^DATA_DIR \/srv\/dash cannot be used \(ENOSPC: no space left on device\)/);
    // Not under DATA_DIR (WEB_DIST_DIR, say), or not a file system error: the stack trace stays.
    expect(dataDirProblem({ ...readOnly, path: '/srv/web/index.html' }, '/srv/dash')).toBeUndefined();
    expect(dataDirProblem(new Error('boom'), '/srv/dash')).toBeUndefined();

    // libsql's own error names no file: the storage adds it.
    const dataDir = emptyDir();
    mkdirSync(join(dataDir, DATABASE_FILE)); // a directory where the database should be
    const error = await openSqliteStorage({ dataDir }).then(() => null, (caught: unknown) => caught);
    expect(dataDirProblem(error, dataDir)).toMatch(
      new RegExp(`^DATA_DIR ${dataDir} is not writable \\(SQLITE_CANTOPEN: .*\\): open ${join(dataDir, DATABASE_FILE)}\\. `),
    );
  });
});
