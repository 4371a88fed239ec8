/**
 * DATA_DIR at startup: one sentence instead of a stack trace when the directory cannot be used.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, sep } from 'node:path';

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
