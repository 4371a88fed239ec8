/**
 * DATA_DIR at startup: one server at a time (`dashboard.lock`), and one sentence instead of a stack trace when the
 * directory cannot be used.
 *
 * Two servers on one DATA_DIR would each spend the whole Cloudflare budget and run their own serial watch (two chat
 * messages per zone behind) on one database. The lock file names its holder (pid, host, start time) and is renewed
 * (its mtime) every 30 s. A lock is stale — taken over — when its process is gone (same host, pid not alive), or when
 * it was not renewed for 2 minutes (a crash on another host or container sharing the directory, or a pid reused after
 * a reboot). Removed on close.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, sep } from 'node:path';

export const LOCK_FILE = 'dashboard.lock';
/** How often the holder renews the lock's mtime. */
export const LOCK_HEARTBEAT_MS = 30_000;
/** A lock not renewed for this long is stale whoever holds it. */
export const LOCK_STALE_MS = 4 * LOCK_HEARTBEAT_MS;

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface DataDirLock {
  file: string;
  holder: LockHolder;
  /** The stale lock this one replaced ("pid 41 on web-1, started …"), for the log; null when there was none. */
  replaced: string | null;
  /** Stops renewing and removes the file (if it is still this one's). Idempotent. */
  release(): void;
}

export interface LockOptions {
  /** For tests: how often the lock is renewed. */
  heartbeatMs?: number;
}

/** DATA_DIR is held by another live server. The message says by whom and what to do. */
export class DataDirInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

/** The locks this process holds: a second app in this process on the same DATA_DIR is refused too. */
const heldHere = new Set<string>();

/**
 * Creates DATA_DIR if needed and takes its lock, or throws `DataDirInUseError`. File system errors (not writable,
 * not a directory) are thrown as they are: `dataDirProblem` words them.
 */
export function lockDataDir(dataDir: string, options: LockOptions = {}): DataDirLock {
  makeDirectory(dataDir);
  const file = join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const content = `${JSON.stringify(holder)}\n`;
  let replaced: string | null = null;
  // `wx`: whoever creates the lock first holds it. A stale lock is replaced under the takeover file (`wx` again):
  // read again, removed and created as ours by one server at a time, so two servers starting at the same instant
  // over one stale lock cannot both run (the second would otherwise remove the lock the first had just taken).
  try {
    writeFileSync(file, content, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const found = existingLock(dataDir, file);
    if (found.refusal) throw new DataDirInUseError(found.refusal);
    replaced = found.holder;
    takeOver(dataDir, file, content);
  }
  heldHere.add(file);
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // Deleted by hand: nothing to renew. The next start finds no lock.
    }
  }, options.heartbeatMs ?? LOCK_HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  return {
    file,
    holder,
    replaced,
    release: () => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      heldHere.delete(file);
      try {
        if (readFileSync(file, 'utf8') === content) rmSync(file, { force: true });
      } catch {
        // Gone already.
      }
    },
  };
}

/** The file a server holds while it replaces a stale lock (`dashboard.lock.takeover`). */
export const TAKEOVER_FILE = `${LOCK_FILE}.takeover`;
/** A takeover file older than this was left by a server that died while taking over: removed. */
const TAKEOVER_STALE_MS = 10_000;

function takenMeanwhile(dataDir: string, file: string): string {
  return `DATA_DIR ${dataDir} was just taken by another dashboard server starting at the same time (${file}).`;
}

/**
 * Replaces the stale lock `file` by `content`, holding the takeover file meanwhile; throws `DataDirInUseError` when
 * another server is taking it over, or has taken it since it was found stale.
 */
function takeOver(dataDir: string, file: string, content: string): void {
  const guard = join(dirname(file), TAKEOVER_FILE);
  try {
    writeFileSync(guard, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let ageMs = 0;
    try {
      ageMs = Date.now() - statSync(guard).mtimeMs;
    } catch {
      // Gone meanwhile: its server is done; the lock it took (if any) is found on the next attempt.
    }
    if (ageMs < TAKEOVER_STALE_MS) throw new DataDirInUseError(takenMeanwhile(dataDir, file));
    rmSync(guard, { force: true });
    return takeOver(dataDir, file, content);
  }
  try {
    // Read again under the guard: another server may have replaced the stale lock between our two looks.
    const found = existingLock(dataDir, file);
    if (found.refusal) throw new DataDirInUseError(found.refusal);
    rmSync(file, { force: true });
    try {
      writeFileSync(file, content, { flag: 'wx', mode: 0o644 });
    } catch (error) {
      // A server that found no lock at all (it was closed meanwhile) took it without the guard: it holds it.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new DataDirInUseError(takenMeanwhile(dataDir, file));
      throw error;
    }
  } finally {
    rmSync(guard, { force: true });
  }
}

/** mkdir -p, failing with the system's reason: Node's recursive mkdir says ENOENT under a read-only file system. */
export function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const missing: string[] = [];
    for (let path = dir; !existsSync(path) && dirname(path) !== path; path = dirname(path)) missing.unshift(path);
    for (const path of missing) mkdirSync(path); // one level at a time: EROFS, EACCES, ENOTDIR as they are
    throw error;
  }
}

/**
 * The existing lock `file`: who holds it, and why it still holds DATA_DIR (`refusal`), or no refusal when it is
 * stale (or gone) and may be taken over.
 */
function existingLock(dataDir: string, file: string): { holder: string; refusal: string | null } {
  let text: string;
  let renewedMs: number;
  try {
    renewedMs = statSync(file).mtimeMs;
    text = readFileSync(file, 'utf8');
  } catch {
    return { holder: 'a lock removed meanwhile', refusal: null };
  }
  const fresh = Date.now() - renewedMs < LOCK_STALE_MS;
  const holder = parseHolder(text);
  const advice = `Stop that server first, or give this one its own DATA_DIR (two servers on one DATA_DIR would each spend the whole Cloudflare budget and run their own serial watch). If no server runs there, delete ${file}.`;
  if (!holder) {
    // Being written by a server starting right now; or left unreadable long ago.
    const refusal = `DATA_DIR ${dataDir} is being taken by another dashboard server (${file} was just created). ${advice}`;
    return { holder: 'an unreadable lock', refusal: fresh ? refusal : null };
  }
  const who = `pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}`;
  let live: boolean;
  if (holder.host !== hostname()) live = fresh;
  else if (holder.pid === process.pid) live = heldHere.has(file); // else a former process of ours (pid 1 in a container)
  else live = fresh && pidAlive(holder.pid);
  return { holder: who, refusal: live ? `DATA_DIR ${dataDir} is in use by another dashboard server (${who}). ${advice}` : null };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.startedAt !== 'string') return null;
    return { pid: value.pid, host: value.host, startedAt: value.startedAt };
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Codes that mean "this user cannot write there": the others (a full disk, a damaged database) are worded as such. */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENOENT', 'ELOOP', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM']);

/**
 * One sentence for an error that comes from DATA_DIR not being usable — a file system error (EACCES, EROFS,
 * ENOTDIR, ENOSPC…) or SQLite's (SQLITE_CANTOPEN, SQLITE_READONLY…) on a path in it or on the way to it — naming
 * DATA_DIR, the path and the system's words; or undefined for any other error.
 */
export function dataDirProblem(error: unknown, dataDir: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof path !== 'string' || !/^(E[A-Z]+|SQLITE_[A-Z_]+)$/.test(code)) return undefined;
  const related = path === dataDir || path.startsWith(`${dataDir}${sep}`) || dataDir.startsWith(`${path}${sep}`);
  if (!related) return undefined;
  // Node's "EROFS: read-only file system, open '/x'" and SQLite's "SQLITE_CANTOPEN: unable to open database file".
  const words = /^[A-Z_]+: ([^,]+)/.exec(error.message)?.[1]?.trim() ?? error.message;
  const state = NOT_WRITABLE.has(code) ? 'is not writable' : 'cannot be used';
  return (
    `DATA_DIR ${dataDir} ${state} (${code}: ${words}): ${syscall ? `${syscall} ` : ''}${path}. ` +
    'The dashboard keeps its database there: point DATA_DIR at a directory this user can create and write, or give this user write access to it.'
  );
}
