/**
 * The SQLite adapter (@libsql/client, prebuilt, `file:<DATA_DIR>/dashboard.db`). Implements `Storage`; the only
 * module that writes SQL. Opening it applies pending migrations.
 */
import { chmodSync, closeSync, existsSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client, type InArgs, type InStatement, type Row } from '@libsql/client';
import type { ForceSeenAfter, Role, SerialWatchEvent, SerialWatchZone } from '@secdns/api-types';
import { makeDirectory } from '../data-dir.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import type {
  ApiTokenRecord,
  ApiTokensRepository,
  AuditFilter,
  AuditRecord,
  AuditRepository,
  NewAuditEntry,
  LoginFailuresRepository,
  SerialWatchRepository,
  SessionRecord,
  SessionsRepository,
  Storage,
  TwoFactorRecord,
  TwoFactorRepository,
  UserChanges,
  UserRecord,
  UsersRepository,
} from './types.js';

export const DATABASE_FILE = 'dashboard.db';

export interface OpenSqliteOptions {
  /** The directory of `dashboard.db` (created if missing); or `url` for anything libsql accepts (`:memory:`). */
  dataDir?: string;
  url?: string;
  migrations?: Migration[];
}

export async function openSqliteStorage(options: OpenSqliteOptions): Promise<Storage> {
  let url = options.url;
  if (!url) {
    if (!options.dataDir) throw new Error('openSqliteStorage needs dataDir or url');
    makeDirectory(options.dataDir);
    const file = join(options.dataDir, DATABASE_FILE);
    // Password and session hashes: readable by the service user only (SQLite gives -wal / -shm the same mode).
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
    url = `file:${file}`;
  }
  const inFile = !url.includes(':memory:');
  const client = await openClient(url, options.migrations ?? MIGRATIONS);
  let closed = false;

  return {
    users: usersRepository(client),
    apiTokens: apiTokensRepository(client),
    twoFactor: twoFactorRepository(client),
    sessions: sessionsRepository(client),
    audit: auditRepository(client),
    serialWatch: serialWatchRepository(client),
    loginFailures: loginFailuresRepository(client),
    migrations: async () => {
      const result = await client.execute('SELECT version FROM schema_migrations ORDER BY version');
      return result.rows.map((row) => Number(row.version));
    },
    checkWrite: async (now) => {
      await client.execute({
        sql: 'INSERT INTO write_check (id, time) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET time = excluded.time',
        args: [now.toISOString()],
      });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // libsql's close() leaves every change in dashboard.db-wal: a copy of dashboard.db alone, even of a stopped
      // server, held an empty database. Moved into dashboard.db first, the WAL truncated.
      if (inFile) await checkpoint(client);
      client.close();
    },
  };
}

/** A client of `url`, in WAL mode and migrated. An error opening a file names it (`withPath`). */
async function openClient(url: string, migrations: Migration[]): Promise<Client> {
  const inFile = !url.includes(':memory:');
  let client: Client | undefined;
  try {
    client = createClient({ url });
    if (inFile) await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
    await migrate(client, migrations);
    // The schema into dashboard.db itself at once; later, SQLite moves the WAL in every 1000 pages on its own.
    if (inFile) await checkpoint(client);
    return client;
  } catch (error) {
    client?.close();
    throw inFile ? withPath(error, url.replace(/^file:/, '')) : error;
  }
}

/** SQLite's codes for a file it cannot open, write or read: the machine's problem, not the code's. */
const FILE_PROBLEM = /^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|FULL|NOTADB|CORRUPT)/;

/**
 * libsql's errors name neither the file nor, sometimes, a code (an open that fails is a bare "ConnectionFailed"):
 * with both (`code`, `path`, `syscall` as Node's file system errors have them), server.ts can say that DATA_DIR is
 * not writable instead of printing a stack trace. Any other SQLite error (a bad statement) is left as it is.
 */
function withPath(error: unknown, file: string): unknown {
  const given = (error as { code?: unknown } | null)?.code;
  const known = typeof given === 'string' && /^SQLITE_/.test(given);
  if (known && !FILE_PROBLEM.test(given)) return error;
  const code = known ? given : 'SQLITE_CANTOPEN';
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(message.startsWith(`${code}:`) ? message : `${code}: ${message}`, { cause: error });
  return Object.assign(wrapped, { code, path: file, syscall: 'open' });
}

/**
 * Moves the WAL's pages into the database file and empties the WAL. Best effort: a reader in another process (a
 * backup under way) can keep part of it back past busy_timeout; what stays in the WAL is still the database's.
 */
async function checkpoint(client: Client): Promise<void> {
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
}

/**
 * Writes a consistent copy of `<dataDir>/dashboard.db` to `target` with `VACUUM INTO` (one read transaction: safe
 * while the server runs and writes; the WAL's committed changes are included). `target` must not exist; it is
 * created 0600 (password and session hashes). Returns the copy's size in bytes.
 */
export async function backupDatabase(dataDir: string, target: string): Promise<number> {
  const file = join(dataDir, DATABASE_FILE);
  // libsql would create an empty database where none is: a backup of nothing must fail, not succeed.
  if (!existsSync(file)) throw new Error(`no database at ${file} (is DATA_DIR right?)`);
  // VACUUM INTO takes an empty file: made first, so the copy is never readable by others, even briefly.
  try {
    closeSync(openSync(target, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${target} exists: a backup never overwrites a file`);
    throw error;
  }
  const client = createClient({ url: `file:${file}` });
  try {
    await client.execute('PRAGMA busy_timeout = 5000');
    await client.execute({ sql: 'VACUUM INTO ?', args: [target] });
  } catch (error) {
    rmSync(target, { force: true });
    throw error;
  } finally {
    client.close();
  }
  return statSync(target).size;
}

async function migrate(client: Client, migrations: Migration[]): Promise<void> {
  await client.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (await client.execute('SELECT version FROM schema_migrations')).rows.map((row) => Number(row.version)),
  );
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await client.batch(
      [
        ...migration.statements,
        {
          sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
          args: [migration.version, migration.name, new Date().toISOString()],
        },
      ],
      'write',
    );
  }
}

const str = (value: unknown): string => String(value);
const strOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function toUser(row: Row): UserRecord {
  return {
    username: str(row.username),
    role: str(row.role) as Role,
    passwordHash: str(row.password_hash),
    disabled: Number(row.disabled) === 1,
    createdAt: str(row.created_at),
    updatedAt: str(row.updated_at),
    lastLoginAt: strOrNull(row.last_login_at),
    mustChangePassword: Number(row.must_change_password) === 1,
    twoFactorEnabled: Number(row.two_factor_enabled) === 1,
    expiresAt: strOrNull(row.expires_at),
    ssoSubject: strOrNull(row.sso_subject),
  };
}

/** A user's row with whether two-factor sign-in is on (never the secret). */
const USER_COLUMNS = `users.*, EXISTS (SELECT 1 FROM two_factor t WHERE t.username = users.username AND t.enabled_at IS NOT NULL) AS two_factor_enabled`;

/** True when, besides `username`, some enabled admin remains. */
const ANOTHER_ADMIN = `(SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND username <> ?) > 0`;

function usersRepository(client: Client): UsersRepository {
  const get = async (username: string) => {
    const result = await client.execute({ sql: `SELECT ${USER_COLUMNS} FROM users WHERE username = ?`, args: [username] });
    return result.rows[0] ? toUser(result.rows[0]) : null;
  };
  return {
    count: async () => Number((await client.execute('SELECT COUNT(*) AS n FROM users')).rows[0]?.n ?? 0),
    list: async () => (await client.execute(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`)).rows.map(toUser),
    get,
    create: async (user, now) => {
      const time = now.toISOString();
      const result = await client.execute({
        sql: `INSERT INTO users (username, role, password_hash, disabled, must_change_password, expires_at, created_at, updated_at, sso_subject)
              VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        args: [user.username, user.role, user.passwordHash, user.mustChangePassword ? 1 : 0, user.expiresAt ?? null, time, time, user.ssoSubject ?? null],
      });
      return result.rowsAffected === 1 ? get(user.username) : null;
    },
    bySsoSubject: async (subject) => {
      const result = await client.execute({ sql: `SELECT ${USER_COLUMNS} FROM users WHERE sso_subject = ?`, args: [subject] });
      return result.rows[0] ? toUser(result.rows[0]) : null;
    },
    update: async (username, changes: UserChanges, now) => {
      const sets: string[] = ['updated_at = ?'];
      const args: InArgs = [now.toISOString()];
      if (changes.role !== undefined) {
        sets.push('role = ?');
        args.push(changes.role);
      }
      if (changes.passwordHash !== undefined) {
        sets.push('password_hash = ?');
        args.push(changes.passwordHash);
      }
      if (changes.disabled !== undefined) {
        sets.push('disabled = ?');
        args.push(changes.disabled ? 1 : 0);
      }
      if (changes.mustChangePassword !== undefined) {
        sets.push('must_change_password = ?');
        args.push(changes.mustChangePassword ? 1 : 0);
      }
      if (changes.expiresAt !== undefined) {
        sets.push('expires_at = ?');
        args.push(changes.expiresAt);
      }
      const staysAdmin =
        (changes.role === undefined || changes.role === 'admin') && changes.disabled !== true ? 1 : 0;
      // One statement, so the "last admin" check and the change cannot interleave with another request.
      const result = await client.execute({
        sql: `UPDATE users SET ${sets.join(', ')} WHERE username = ?
              AND (? = 1 OR role <> 'admin' OR disabled = 1 OR ${ANOTHER_ADMIN})`,
        args: [...args, username, staysAdmin, username],
      });
      if (result.rowsAffected === 1) {
        const user = await get(username);
        return user ? { status: 'ok', user } : { status: 'not_found' };
      }
      return (await get(username)) ? { status: 'last_admin' } : { status: 'not_found' };
    },
    delete: async (username) => {
      const results = await client.batch(
        [
          {
            sql: `DELETE FROM sessions WHERE username = ? AND EXISTS (SELECT 1 FROM users WHERE username = ?
                  AND (role <> 'admin' OR disabled = 1 OR ${ANOTHER_ADMIN}))`,
            args: [username, username, username],
          },
          // Their two-factor sign-in and API tokens too: a user created again later under the same name starts
          // without them.
          ...['two_factor', 'two_factor_recovery_codes', 'api_tokens'].map((table) => ({
            sql: `DELETE FROM ${table} WHERE username = ? AND EXISTS (SELECT 1 FROM users WHERE username = ?
                  AND (role <> 'admin' OR disabled = 1 OR ${ANOTHER_ADMIN}))`,
            args: [username, username, username],
          })),
          {
            sql: `DELETE FROM users WHERE username = ? AND (role <> 'admin' OR disabled = 1 OR ${ANOTHER_ADMIN})`,
            args: [username, username],
          },
        ],
        'write',
      );
      if (results.at(-1)?.rowsAffected === 1) return { status: 'ok' }; // the users row, last
      return (await get(username)) ? { status: 'last_admin' } : { status: 'not_found' };
    },
    recordLogin: async (username, now) => {
      await client.execute({
        sql: 'UPDATE users SET last_login_at = ? WHERE username = ?',
        args: [now.toISOString(), username],
      });
    },
  };
}

function toTwoFactor(row: Row): TwoFactorRecord {
  return {
    username: str(row.username),
    secret: strOrNull(row.secret),
    enabledAt: strOrNull(row.enabled_at),
    lastUsedStep: Number(row.last_used_step ?? 0),
    pendingSecret: strOrNull(row.pending_secret),
    pendingSince: row.pending_since === null || row.pending_since === undefined ? null : Number(row.pending_since),
  };
}

function twoFactorRepository(client: Client): TwoFactorRepository {
  return {
    get: async (username) => {
      const result = await client.execute({ sql: 'SELECT * FROM two_factor WHERE username = ?', args: [username] });
      return result.rows[0] ? toTwoFactor(result.rows[0]) : null;
    },
    startEnrolment: async (username, secret, now) => {
      await client.execute({
        sql: `INSERT INTO two_factor (username, pending_secret, pending_since) VALUES (?, ?, ?)
              ON CONFLICT (username) DO UPDATE SET pending_secret = excluded.pending_secret, pending_since = excluded.pending_since`,
        args: [username, secret, now],
      });
    },
    enable: async (username, pendingSecret, step, hashes, now) => {
      const time = now.toISOString();
      // One transaction: the codes are replaced only if this very secret was switched on by the update.
      const switchedOn = `EXISTS (SELECT 1 FROM two_factor WHERE username = ? AND secret = ? AND enabled_at = ? AND pending_secret IS NULL)`;
      const results = await client.batch(
        [
          {
            sql: `UPDATE two_factor SET secret = pending_secret, enabled_at = ?, last_used_step = ?, pending_secret = NULL,
                  pending_since = NULL WHERE username = ? AND pending_secret = ?`,
            args: [time, step, username, pendingSecret],
          },
          {
            sql: `DELETE FROM two_factor_recovery_codes WHERE username = ? AND ${switchedOn}`,
            args: [username, username, pendingSecret, time],
          },
          ...hashes.map((hash) => ({
            sql: `INSERT INTO two_factor_recovery_codes (username, code_hash) SELECT ?, ? WHERE ${switchedOn}`,
            args: [username, hash, username, pendingSecret, time],
          })),
        ],
        'write',
      );
      return results[0]?.rowsAffected === 1;
    },
    useStep: async (username, step) =>
      (
        await client.execute({
          sql: 'UPDATE two_factor SET last_used_step = ? WHERE username = ? AND enabled_at IS NOT NULL AND last_used_step < ?',
          args: [step, username, step],
        })
      ).rowsAffected === 1,
    useRecoveryCode: async (username, codeHash, now) =>
      (
        await client.execute({
          sql: `UPDATE two_factor_recovery_codes SET used_at = ? WHERE username = ? AND code_hash = ? AND used_at IS NULL
                AND EXISTS (SELECT 1 FROM two_factor WHERE username = ? AND enabled_at IS NOT NULL)`,
          args: [now.toISOString(), username, codeHash, username],
        })
      ).rowsAffected === 1,
    recoveryCodesLeft: async (username) =>
      Number(
        (
          await client.execute({
            sql: 'SELECT COUNT(*) AS n FROM two_factor_recovery_codes WHERE username = ? AND used_at IS NULL',
            args: [username],
          })
        ).rows[0]?.n ?? 0,
      ),
    replaceRecoveryCodes: async (username, hashes) => {
      await client.batch(
        [
          { sql: 'DELETE FROM two_factor_recovery_codes WHERE username = ?', args: [username] },
          ...hashes.map((hash) => ({
            sql: 'INSERT INTO two_factor_recovery_codes (username, code_hash) VALUES (?, ?)',
            args: [username, hash],
          })),
        ],
        'write',
      );
    },
    disable: async (username) => {
      const results = await client.batch(
        [
          { sql: 'SELECT enabled_at FROM two_factor WHERE username = ?', args: [username] },
          { sql: 'DELETE FROM two_factor WHERE username = ?', args: [username] },
          { sql: 'DELETE FROM two_factor_recovery_codes WHERE username = ?', args: [username] },
        ],
        'write',
      );
      const row = results[0]?.rows[0];
      return Boolean(row && row.enabled_at !== null && row.enabled_at !== undefined);
    },
  };
}

function toSession(row: Row): SessionRecord {
  return {
    idHash: str(row.id_hash),
    username: str(row.username),
    csrfToken: str(row.csrf_token),
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    clientIp: strOrNull(row.client_ip),
    userAgent: strOrNull(row.user_agent),
    ssoIdToken: strOrNull(row.sso_id_token),
    ssoSid: strOrNull(row.sso_sid),
  };
}

function sessionsRepository(client: Client): SessionsRepository {
  return {
    create: async (session) => {
      await client.execute({
        sql: `INSERT INTO sessions (id_hash, username, csrf_token, created_at, last_seen_at, expires_at, client_ip, user_agent, sso_id_token, sso_sid)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          session.idHash,
          session.username,
          session.csrfToken,
          session.createdAt,
          session.lastSeenAt,
          session.expiresAt,
          session.clientIp,
          session.userAgent,
          session.ssoIdToken ?? null,
          session.ssoSid ?? null,
        ],
      });
    },
    get: async (idHash) => {
      const result = await client.execute({ sql: 'SELECT * FROM sessions WHERE id_hash = ?', args: [idHash] });
      return result.rows[0] ? toSession(result.rows[0]) : null;
    },
    touch: async (idHash, lastSeenAt) => {
      await client.execute({ sql: 'UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?', args: [lastSeenAt, idHash] });
    },
    delete: async (idHash) => {
      await client.execute({ sql: 'DELETE FROM sessions WHERE id_hash = ?', args: [idHash] });
    },
    deleteForUser: async (username) =>
      (await client.execute({ sql: 'DELETE FROM sessions WHERE username = ?', args: [username] })).rowsAffected,
    deleteBySsoSid: async (sid) =>
      (await client.execute({ sql: 'DELETE FROM sessions WHERE sso_sid = ? RETURNING username', args: [sid] })).rows.map((row) => str(row.username)),
    deleteForUserExcept: async (username, keepIdHash) =>
      (await client.execute({ sql: 'DELETE FROM sessions WHERE username = ? AND id_hash <> ?', args: [username, keepIdHash] }))
        .rowsAffected,
    live: async (now, idleBefore) =>
      (
        await client.execute({
          sql: 'SELECT * FROM sessions WHERE expires_at > ? AND last_seen_at >= ? ORDER BY last_seen_at DESC',
          args: [now, idleBefore],
        })
      ).rows.map(toSession),
    deleteExpired: async (now, idleBefore) =>
      (
        await client.execute({
          sql: 'DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?',
          args: [now, idleBefore],
        })
      ).rowsAffected,
  };
}

function toAudit(row: Row): AuditRecord {
  const body = strOrNull(row.body);
  const codes = parseJson<number[]>(row.upstream_error_codes, []);
  return {
    id: Number(row.id),
    time: str(row.time),
    username: strOrNull(row.username),
    role: strOrNull(row.role) as Role | null,
    operation: str(row.operation),
    method: str(row.method),
    path: str(row.path),
    accountId: strOrNull(row.account_id),
    zoneId: strOrNull(row.zone_id),
    zoneName: strOrNull(row.zone_name),
    resourceId: strOrNull(row.resource_id),
    body: body === null ? null : (JSON.parse(body) as unknown),
    reason: strOrNull(row.reason),
    status: Number(row.status),
    outcome: str(row.outcome) as AuditRecord['outcome'],
    upstreamErrorCodes: codes,
    refusal: strOrNull(row.refusal),
    requestId: str(row.request_id),
    clientIp: strOrNull(row.client_ip),
    apiToken: strOrNull(row.api_token),
    before: parseJson<unknown>(row.before_json, null),
    after: parseJson<unknown>(row.after_json, null),
    seenAfter: parseJson<ForceSeenAfter | null>(row.seen_json, null),
  };
}

function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** The INSERT of one entry (`outcome` from its status). */
function auditInsert(entry: NewAuditEntry): InStatement {
  return {
    sql: `INSERT INTO audit_log (time, username, role, operation, method, path, account_id, zone_id, zone_name,
            resource_id, body, reason, status, outcome, upstream_error_codes, refusal, request_id, client_ip,
            before_json, after_json, api_token)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      entry.time,
      entry.username,
      entry.role,
      entry.operation,
      entry.method,
      entry.path,
      entry.accountId,
      entry.zoneId,
      entry.zoneName ?? null,
      entry.resourceId,
      jsonOrNull(entry.body),
      entry.reason,
      entry.status,
      // A refusal is a failure whatever its status (a refused single sign-on answers with a redirect).
      entry.status < 400 && !entry.refusal ? 'success' : 'failure',
      JSON.stringify(entry.upstreamErrorCodes),
      entry.refusal,
      entry.requestId,
      entry.clientIp,
      jsonOrNull(entry.before),
      jsonOrNull(entry.after),
      entry.apiToken ?? null,
    ],
  };
}

function toApiToken(row: Row): ApiTokenRecord {
  return {
    id: str(row.id),
    username: str(row.username),
    name: str(row.name),
    role: str(row.role) as Role,
    createdAt: str(row.created_at),
    expiresAt: str(row.expires_at),
    lastUsedAt: strOrNull(row.last_used_at),
    lastUsedIp: strOrNull(row.last_used_ip),
    zones: row.zones === null || row.zones === undefined ? null : (JSON.parse(str(row.zones)) as { id: string; name: string }[]),
    // Tokens made before migration 14 were all made by their user.
    createdBy: strOrNull(row.created_by) ?? str(row.username),
  };
}

function apiTokensRepository(client: Client): ApiTokensRepository {
  const columns = 'id, username, name, role, created_at, expires_at, last_used_at, last_used_ip, zones, created_by';
  return {
    create: async (token) => {
      await client.execute({
        sql: `INSERT INTO api_tokens (id, username, name, role, token_hash, created_at, expires_at, zones, created_by)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          token.id,
          token.username,
          token.name,
          token.role,
          token.tokenHash,
          token.createdAt,
          token.expiresAt,
          token.zones === null ? null : JSON.stringify(token.zones),
          token.createdBy,
        ],
      });
    },
    byHash: async (tokenHash) => {
      const row = (await client.execute({ sql: `SELECT ${columns} FROM api_tokens WHERE token_hash = ?`, args: [tokenHash] })).rows[0];
      return row ? toApiToken(row) : null;
    },
    list: async (username) => {
      const result =
        username === null
          ? await client.execute(`SELECT ${columns} FROM api_tokens ORDER BY created_at DESC, id`)
          : await client.execute({
              sql: `SELECT ${columns} FROM api_tokens WHERE username = ? ORDER BY created_at DESC, id`,
              args: [username],
            });
      return result.rows.map(toApiToken);
    },
    get: async (id) => {
      const row = (await client.execute({ sql: `SELECT ${columns} FROM api_tokens WHERE id = ?`, args: [id] })).rows[0];
      return row ? toApiToken(row) : null;
    },
    revoke: async (id) => (await client.execute({ sql: 'DELETE FROM api_tokens WHERE id = ?', args: [id] })).rowsAffected > 0,
    countLive: async (username, now) =>
      Number(
        (
          await client.execute({
            sql: 'SELECT COUNT(*) AS n FROM api_tokens WHERE username = ? AND expires_at > ?',
            args: [username, now.toISOString()],
          })
        ).rows[0]?.n ?? 0,
      ),
    touch: async (id, now, ip) => {
      await client.execute({
        sql: 'UPDATE api_tokens SET last_used_at = ?, last_used_ip = ? WHERE id = ?',
        args: [now.toISOString(), ip, id],
      });
    },
    pruneExpired: async (before) =>
      (await client.execute({ sql: 'DELETE FROM api_tokens WHERE expires_at < ?', args: [before.toISOString()] })).rowsAffected,
    revokeAllOf: async (username) =>
      (await client.execute({ sql: 'DELETE FROM api_tokens WHERE username = ?', args: [username] })).rowsAffected,
  };
}

/** `WHERE …` (or nothing) and its arguments for a filter of the audit log. */
function auditWhere(filter: AuditFilter): { clause: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    args.push(value);
  };
  add('username = ?', filter.user);
  if (filter.userContains !== undefined) add("lower(username) LIKE ? ESCAPE '\\'", `%${escapeLike(filter.userContains.toLowerCase())}%`);
  const kind = /^(!?)([a-zA-Z]+)\.\*$/.exec(filter.operation ?? '');
  if (kind) add(`operation ${kind[1] ? 'NOT LIKE' : 'LIKE'} ?`, `${kind[2]}.%`);
  else add('operation = ?', filter.operation);
  add('zone_id = ?', filter.zoneId);
  if (filter.resourceId !== undefined && /^[0-9a-f]{12}$/.test(filter.resourceId)) {
    // An API token's id: the entries about it (made, revoked) and every request made with it (`api_token` is
    // "name (id)"), so "what did this token do?" after a leak is one filter (docs/decisions/019-api-tokens.md).
    where.push("(resource_id = ? OR api_token LIKE ? ESCAPE '\\')");
    args.push(filter.resourceId, `% (${filter.resourceId})`);
  } else add('resource_id = ?', filter.resourceId);
  if (filter.zone !== undefined && /^[0-9a-f]{32}$/.test(filter.zone)) {
    // A whole zone ID: the exact match the index serves.
    add('zone_id = ?', filter.zone);
  } else if (filter.zone) {
    const text = escapeLike(filter.zone.toLowerCase());
    where.push("(zone_id LIKE ? ESCAPE '\\' OR rtrim(lower(zone_name), '.') LIKE ? ESCAPE '\\')");
    args.push(`${text}%`, `%${text}%`);
  }
  add('outcome = ?', filter.outcome);
  add('time >= ?', filter.since);
  add('time < ?', filter.until);
  add('id < ?', filter.beforeId);
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

function auditRepository(client: Client): AuditRepository {
  const count = async (filter: AuditFilter) => {
    const { clause, args } = auditWhere(filter);
    return Number((await client.execute({ sql: `SELECT COUNT(*) AS n FROM audit_log ${clause}`, args })).rows[0]?.n ?? 0);
  };
  const newest = async (filter: AuditFilter, limit: number, offset = 0) => {
    const { clause, args } = auditWhere(filter);
    const rows = await client.execute({
      sql: `SELECT audit_log.*, force_seen_after.seen_json FROM audit_log
              LEFT JOIN force_seen_after ON force_seen_after.audit_id = audit_log.id
            ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`,
      args: [...args, limit, offset],
    });
    return rows.rows.map(toAudit);
  };
  return {
    append: async (entry: NewAuditEntry) => Number((await client.execute(auditInsert(entry))).lastInsertRowid),
    appendMany: async (entries) => {
      if (entries.length > 0) await client.batch(entries.map(auditInsert), 'write');
    },
    query: async (filter: AuditFilter, page) => ({
      total: await count(filter),
      entries: await newest(filter, page.limit, page.offset),
    }),
    newest: (filter, limit) => newest(filter, limit),
    count,
    saveSeenAfter: async (auditId, seen) => {
      await client.execute({
        sql: 'INSERT OR IGNORE INTO force_seen_after (audit_id, seen_json) VALUES (?, ?)',
        args: [auditId, JSON.stringify(seen)],
      });
    },
  };
}

/** Text for a LIKE pattern with `ESCAPE '\'`: its `%`, `_` and `\` match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function parseJson<T>(text: unknown, fallback: T): T {
  try {
    return JSON.parse(str(text)) as T;
  } catch {
    return fallback;
  }
}

function toSerialWatchEvent(row: Row): SerialWatchEvent {
  return {
    id: Number(row.id),
    time: str(row.time),
    event: str(row.event) as SerialWatchEvent['event'],
    account_id: str(row.account_id),
    zone_id: str(row.zone_id),
    zone_name: str(row.zone_name),
    direction: str(row.direction) as SerialWatchEvent['direction'],
    label: str(row.label),
    cloudflare_serial: row.cloudflare_serial === null || row.cloudflare_serial === undefined ? null : Number(row.cloudflare_serial),
    peers: parseJson<SerialWatchEvent['peers']>(row.peers, []),
    behind_since: strOrNull(row.behind_since),
    refresh_overdue_since: strOrNull(row.refresh_overdue_since),
    last_refresh: strOrNull(row.last_refresh),
    auto_refresh_seconds: row.auto_refresh_seconds === null || row.auto_refresh_seconds === undefined ? null : Number(row.auto_refresh_seconds),
  };
}

function loginFailuresRepository(client: Client): LoginFailuresRepository {
  return {
    add: async (rows, time) => {
      if (rows.length === 0) return;
      await client.batch(
        rows.map(({ key, userKey }) => ({
          sql: 'INSERT INTO login_failures (key, time, user_key) VALUES (?, ?, ?)',
          args: [key, time, userKey],
        })),
        'write',
      );
    },
    since: async (since) => {
      const rows = await client.execute({
        sql: 'SELECT key, time, user_key FROM login_failures WHERE time >= ? ORDER BY time, rowid',
        args: [since],
      });
      return rows.rows.map((row) => ({ key: str(row.key), time: Number(row.time), userKey: strOrNull(row.user_key) }));
    },
    clear: async (key) => {
      await client.execute({ sql: 'DELETE FROM login_failures WHERE key = ?', args: [key] });
    },
    clearUser: async (userKey) => {
      await client.execute({ sql: 'DELETE FROM login_failures WHERE user_key = ?', args: [userKey] });
    },
    prune: async (before) => {
      const result = await client.execute({ sql: 'DELETE FROM login_failures WHERE time < ?', args: [before] });
      return result.rowsAffected;
    },
  };
}

function serialWatchRepository(client: Client): SerialWatchRepository {
  return {
    zones: async () => {
      const rows = await client.execute('SELECT entry FROM serial_watch_zones');
      return rows.rows.map((row) => parseJson<SerialWatchZone | null>(row.entry, null)).filter((zone): zone is SerialWatchZone => zone !== null);
    },
    saveZone: async (zone, now) => {
      await client.execute({
        sql: `INSERT INTO serial_watch_zones (zone_id, account_id, entry, updated_at) VALUES (?, ?, ?, ?)
              ON CONFLICT (zone_id) DO UPDATE SET account_id = excluded.account_id, entry = excluded.entry, updated_at = excluded.updated_at`,
        args: [zone.zone_id, zone.account_id, JSON.stringify(zone), now.toISOString()],
      });
    },
    deleteZone: async (zoneId) => {
      await client.execute({ sql: 'DELETE FROM serial_watch_zones WHERE zone_id = ?', args: [zoneId] });
    },
    getMeta: async (key) => {
      const result = await client.execute({ sql: 'SELECT value FROM serial_watch_meta WHERE key = ?', args: [key] });
      return result.rows[0] ? str(result.rows[0].value) : null;
    },
    setMeta: async (key, value) => {
      await client.execute({
        sql: 'INSERT INTO serial_watch_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        args: [key, value],
      });
    },
    appendEvent: async (event) => {
      const result = await client.execute({
        sql: `INSERT INTO serial_watch_events (time, event, account_id, zone_id, zone_name, direction, label, cloudflare_serial, peers, behind_since,
                refresh_overdue_since, last_refresh, auto_refresh_seconds)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          event.time,
          event.event,
          event.account_id,
          event.zone_id,
          event.zone_name,
          event.direction,
          event.label,
          event.cloudflare_serial,
          JSON.stringify(event.peers),
          event.behind_since,
          event.refresh_overdue_since ?? null,
          event.last_refresh ?? null,
          event.auto_refresh_seconds ?? null,
        ],
      });
      return Number(result.lastInsertRowid);
    },
    history: async (filter, page) => {
      const where = ['account_id = ?'];
      const args: InArgs = [filter.accountId];
      if (filter.zoneId !== undefined) {
        where.push('zone_id = ?');
        args.push(filter.zoneId);
      }
      const clause = `WHERE ${where.join(' AND ')}`;
      const total = Number(
        (await client.execute({ sql: `SELECT COUNT(*) AS n FROM serial_watch_events ${clause}`, args })).rows[0]?.n ?? 0,
      );
      const rows = await client.execute({
        sql: `SELECT * FROM serial_watch_events ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`,
        args: [...args, page.limit, page.offset],
      });
      return { events: rows.rows.map(toSerialWatchEvent), total };
    },
    prune: async (before) =>
      (await client.execute({ sql: 'DELETE FROM serial_watch_events WHERE time < ?', args: [before] })).rowsAffected,
  };
}
