/**
 * DATA_DIR at startup: one sentence, not a stack trace, when it cannot be used; one server at a time (dashboard.lock).
 * Some tests start server.ts in a process of its own (it exits before listening).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, LOCK_STALE_MS, TAKEOVER_FILE, DataDirInUseError, dataDirProblem, lockDataDir, type DataDirLock } from '../src/data-dir.js';
import { DATABASE_FILE, openSqliteStorage } from '../src/storage/sqlite.js';
import { buildTestApp, emptyDir } from './helper.js';

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

const locks: DataDirLock[] = [];
function lock(dataDir: string, options?: Parameters<typeof lockDataDir>[1]): DataDirLock {
  const taken = lockDataDir(dataDir, options);
  locks.push(taken);
  return taken;
}
afterEach(() => {
  for (const taken of locks.splice(0)) taken.release();
});

/** Writes a lock file as another server would have left it. */
function plantLock(dataDir: string, holder: { pid: number; host: string }, ageMs = 0) {
  const file = join(dataDir, LOCK_FILE);
  writeFileSync(file, `${JSON.stringify({ ...holder, startedAt: '2026-11-30T08:00:00.000Z' })}\n`);
  const time = new Date(Date.now() - ageMs);
  utimesSync(file, time, time);
  return file;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
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

describe('the DATA_DIR lock', () => {
  it('is dashboard.lock naming this process while held, and gone once released', () => {
    const dataDir = join(emptyDir(), 'new');
    const taken = lock(dataDir);
    const file = join(dataDir, LOCK_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ pid: process.pid, host: hostname(), startedAt: expect.any(String) });
    taken.release();
    expect(existsSync(file)).toBe(false);
    lock(dataDir); // free again
  });

  it('refuses a second server, in this process or another live one on this host, naming it', async () => {
    const dataDir = emptyDir();
    lock(dataDir);
    expect(() => lock(dataDir)).toThrow(DataDirInUseError);
    expect(() => lock(dataDir)).toThrow(
      new RegExp(`^DATA_DIR ${dataDir} is in use by another dashboard server \\(pid ${process.pid} on ${hostname()}, started .*\\)\\. Stop that server first`),
    );

    const other = emptyDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      plantLock(other, { pid: sleeper.pid!, host: hostname() });
      expect(() => lock(other)).toThrow(`(pid ${sleeper.pid} on ${hostname()}`);
    } finally {
      sleeper.kill();
      await new Promise((done) => sleeper.once('exit', done));
    }
    lock(other); // its holder is gone
  });

  it('takes over a stale lock: its process gone, this very pid in a former life, or not renewed for long', () => {
    const gone = emptyDir();
    const pid = deadPid();
    plantLock(gone, { pid, host: hostname() });
    const taken = lock(gone);
    expect(taken.holder.pid).toBe(process.pid);
    expect(taken.replaced).toBe(`pid ${pid} on ${hostname()}, started 2026-11-30T08:00:00.000Z`);

    // A container restarted: the same host name and pid (1, say), a lock left by the crash.
    const former = emptyDir();
    plantLock(former, { pid: process.pid, host: hostname() });
    expect(JSON.parse(readFileSync(join(former, LOCK_FILE), 'utf8')).startedAt).toBe('2026-11-30T08:00:00.000Z');
    lock(former);
    expect(JSON.parse(readFileSync(join(former, LOCK_FILE), 'utf8')).startedAt).not.toBe('2026-11-30T08:00:00.000Z');

    // Another host (or container) sharing the directory: its pid cannot be asked, its renewals can.
    const shared = emptyDir();
    plantLock(shared, { pid: 4242, host: 'other-host' });
    expect(() => lock(shared)).toThrow('(pid 4242 on other-host');
    plantLock(shared, { pid: 4242, host: 'other-host' }, LOCK_STALE_MS + 1000);
    lock(shared);

    // A live pid whose lock is not renewed: a pid reused after a reboot.
    const reused = emptyDir();
    plantLock(reused, { pid: process.ppid, host: hostname() }, LOCK_STALE_MS + 1000);
    lock(reused);
  });

  it('one server at a time replaces a stale lock: another one taking it over is refused, a takeover left by a crash is not', () => {
    const dataDir = emptyDir();
    plantLock(dataDir, { pid: deadPid(), host: hostname() });
    // Another server is replacing the same stale lock right now.
    const guard = join(dataDir, TAKEOVER_FILE);
    writeFileSync(guard, '4242\n');
    expect(() => lock(dataDir)).toThrow(`DATA_DIR ${dataDir} was just taken by another dashboard server starting at the same time`);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).not.toBe(process.pid);
    // The same file, left long ago by a server that died while taking over: removed, and the stale lock taken.
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    expect(lock(dataDir).holder.pid).toBe(process.pid);
    expect(existsSync(guard)).toBe(false);
  });

  it('servers started at the same instant over one stale lock: exactly one takes it', { timeout: 60_000 }, async () => {
    const dataDir = emptyDir();
    plantLock(dataDir, { pid: deadPid(), host: hostname() });
    // Each waits for the same instant (after all have loaded), tries, and stays until all have tried (one that came
    // late after the holder had exited would find a stale lock again, and rightly take it).
    const at = Date.now() + 4000;
    const script = `
      import { lockDataDir } from './src/data-dir.ts';
      while (Date.now() < ${at});
      try { lockDataDir(${JSON.stringify(dataDir)}); console.log('took'); } catch (error) { console.log('refused: ' + error.message); }
      setTimeout(() => process.exit(0), ${at} + 8000 - Date.now());
    `;
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: BFF, timeout: 30_000 }),
      ),
    );
    const outcomes = runs.map((run) => run.stdout.trim());
    expect(outcomes.filter((line) => line === 'took'), outcomes.join('\n')).toHaveLength(1);
    for (const line of outcomes.filter((line) => line !== 'took')) expect(line).toMatch(/^refused: DATA_DIR .* (was just taken|is in use|is being taken)/);
  });

  it('is renewed while held, and release leaves a lock that is no longer its own', async () => {
    const dataDir = emptyDir();
    const taken = lock(dataDir, { heartbeatMs: 20 });
    const file = join(dataDir, LOCK_FILE);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    await expect.poll(() => Date.now() - statSync(file).mtimeMs, { timeout: 2000 }).toBeLessThan(10_000);

    writeFileSync(file, `${JSON.stringify({ pid: 4242, host: 'other-host', startedAt: 'now' })}\n`);
    taken.release();
    expect(existsSync(file)).toBe(true);
  });

  it('an app takes a stale lock (logged); a second app on the same DATA_DIR is refused until the first is closed', async () => {
    const dataDir = emptyDir();
    plantLock(dataDir, { pid: deadPid(), host: hostname() });
    const first = await buildTestApp({ DATA_DIR: dataDir }, { signIn: false });
    try {
      expect(first.logs.some((line) => line.includes('Took over the DATA_DIR lock of a server that is gone'))).toBe(true);
      expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      await expect(buildTestApp({ DATA_DIR: dataDir }, { signIn: false })).rejects.toThrow(
        `DATA_DIR ${dataDir} is in use by another dashboard server (pid ${process.pid}`,
      );
    } finally {
      await first.app.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const second = await buildTestApp({ DATA_DIR: dataDir }, { signIn: false });
    await second.app.close();
  });

  it('a second server process stops with that sentence (no stack trace)', { timeout: 30_000 }, async () => {
    const dataDir = emptyDir();
    lock(dataDir); // held by this (live) test process
    const run = await runServer({ DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`DATA_DIR ${dataDir} is in use by another dashboard server (pid ${process.pid} on ${hostname()}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
