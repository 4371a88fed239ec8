/**
 * Schema migrations, applied in order at startup, each in one transaction, recorded in `schema_migrations`.
 * Never edit a released migration: add the next one. (A PostgreSQL adapter would carry its own SQL for the same
 * versions.)
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'users, sessions, audit log',
    statements: [
      `CREATE TABLE users (
        username      TEXT PRIMARY KEY,
        role          TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        password_hash TEXT NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        last_login_at TEXT
      )`,
      `CREATE TABLE sessions (
        id_hash      TEXT PRIMARY KEY,
        username     TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
        csrf_token   TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL,
        client_ip    TEXT,
        user_agent   TEXT
      )`,
      `CREATE INDEX sessions_username ON sessions (username)`,
      `CREATE TABLE audit_log (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        time                 TEXT NOT NULL,
        username             TEXT,
        role                 TEXT,
        operation            TEXT NOT NULL,
        method               TEXT NOT NULL,
        path                 TEXT NOT NULL,
        account_id           TEXT,
        zone_id              TEXT,
        resource_id          TEXT,
        body                 TEXT,
        reason               TEXT,
        status               INTEGER NOT NULL,
        outcome              TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
        upstream_error_codes TEXT NOT NULL DEFAULT '[]',
        refusal              TEXT,
        request_id           TEXT NOT NULL,
        client_ip            TEXT
      )`,
      `CREATE INDEX audit_log_time ON audit_log (time)`,
      `CREATE INDEX audit_log_username ON audit_log (username, id)`,
      `CREATE INDEX audit_log_zone ON audit_log (zone_id, id)`,
      `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
      `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
    ],
  },
  {
    version: 2,
    name: "audit log: the zone's name",
    statements: [`ALTER TABLE audit_log ADD COLUMN zone_name TEXT`],
  },
  {
    version: 3,
    name: 'serial watch: the last check of each zone, and what it found over time',
    statements: [
      // The last check of each watched zone (JSON of SerialWatchZone), so a restart keeps "behind since" and does not
      // tell the webhook again about zones it already reported.
      `CREATE TABLE serial_watch_zones (
        zone_id    TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        entry      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE serial_watch_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      )`,
      // One row each time a zone falls behind, is no longer behind, or is no longer watched while behind.
      `CREATE TABLE serial_watch_events (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        time              TEXT NOT NULL,
        event             TEXT NOT NULL CHECK (event IN ('behind', 'not_behind', 'not_watched')),
        account_id        TEXT NOT NULL,
        zone_id           TEXT NOT NULL,
        zone_name         TEXT NOT NULL,
        direction         TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
        label             TEXT NOT NULL,
        cloudflare_serial INTEGER,
        peers             TEXT NOT NULL DEFAULT '[]',
        behind_since      TEXT
      )`,
      `CREATE INDEX serial_watch_events_account ON serial_watch_events (account_id, id)`,
      `CREATE INDEX serial_watch_events_zone ON serial_watch_events (zone_id, id)`,
      `CREATE INDEX serial_watch_events_time ON serial_watch_events (time)`,
    ],
  },
  {
    version: 4,
    name: 'audit log: the resource before and after a change',
    statements: [
      // JSON, redacted (ADR 016): what an update or a delete replaced, and what the update's answer gave.
      `ALTER TABLE audit_log ADD COLUMN before_json TEXT`,
      `ALTER TABLE audit_log ADD COLUMN after_json TEXT`,
      // "The history of this peer": the entries about one resource.
      `CREATE INDEX audit_log_resource ON audit_log (resource_id, id)`,
    ],
  },
  {
    version: 5,
    name: 'failed sign-ins, kept across restarts',
    statements: [
      `CREATE TABLE login_failures (
        key  TEXT NOT NULL,
        time INTEGER NOT NULL
      )`,
      `CREATE INDEX login_failures_time ON login_failures (time)`,
      `CREATE INDEX login_failures_key ON login_failures (key)`,
    ],
  },
  {
    version: 6,
    name: 'audit log: what a Force was seen to do afterwards',
    statements: [
      // One row per Force AXFR / NOTIFY entry, written once (ADR 018); the audit log itself stays append-only.
      `CREATE TABLE force_seen_after (
        audit_id  INTEGER PRIMARY KEY REFERENCES audit_log(id),
        seen_json TEXT NOT NULL
      )`,
    ],
  },
  {
    version: 7,
    name: 'a row for /readyz to write: does the database take writes?',
    statements: [
      // After an audit write failed (disk full), /readyz writes here until one succeeds (ADR 006).
      `CREATE TABLE write_check (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        time TEXT NOT NULL
      )`,
    ],
  },
  {
    version: 8,
    name: "failed sign-ins: the username's key on its pairs' rows, so an admin's reset clears them from every address",
    statements: [
      // The hash of `user:<username>` on a pair's and a username's rows (null on an address's). Rows written before
      // have none: a reset does not clear them, and they leave the window within LOGIN_WINDOW_MINUTES.
      `ALTER TABLE login_failures ADD COLUMN user_key TEXT`,
      `CREATE INDEX login_failures_user ON login_failures (user_key)`,
    ],
  },
  {
    version: 9,
    name: 'users: must choose their own password (an admin or the reset command set this one)',
    statements: [
      // Users from before start unflagged: nothing says who chose their password, and forcing every one of them to
      // change it at the next sign-in would be a surprise, not a safeguard.
      `ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1))`,
    ],
  },
  {
    // Two-factor sign-in (TOTP). If another branch takes 10 first, renumber this one: nothing else refers to it.
    version: 10,
    name: 'two-factor sign-in: authenticator secrets and recovery codes',
    statements: [
      // One row per user who has two-factor on, or an enrolment waiting for its first code. `secret` (base32) is the
      // one in use, null until the enrolment is confirmed; `pending_secret` the one shown for enrolment, until then.
      // Kept as they are (no key to encrypt them with: ADR 006). `last_used_step`: the newest 30-second step whose code
      // was accepted: a code is good once.
      `CREATE TABLE two_factor (
        username       TEXT PRIMARY KEY,
        secret         TEXT,
        enabled_at     TEXT,
        last_used_step INTEGER NOT NULL DEFAULT 0,
        pending_secret TEXT,
        pending_since  INTEGER
      )`,
      // SHA-256 of each recovery code (never the code); `used_at` once it signed someone in.
      `CREATE TABLE two_factor_recovery_codes (
        username  TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        used_at   TEXT,
        PRIMARY KEY (username, code_hash)
      )`,
    ],
  },
  {
    version: 11,
    name: "serial watch history: Cloudflare's refresh of a zone overdue, and resumed",
    statements: [
      // SQLite cannot change a CHECK constraint: the table is made again with the two new events and their facts,
      // its rows copied (ids kept, so the history's pages and AUTOINCREMENT go on), the old one dropped.
      `CREATE TABLE serial_watch_events_v11 (
        id                    INTEGER PRIMARY KEY AUTOINCREMENT,
        time                  TEXT NOT NULL,
        event                 TEXT NOT NULL CHECK (event IN ('behind', 'not_behind', 'not_watched', 'refresh_overdue', 'refresh_resumed')),
        account_id            TEXT NOT NULL,
        zone_id               TEXT NOT NULL,
        zone_name             TEXT NOT NULL,
        direction             TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
        label                 TEXT NOT NULL,
        cloudflare_serial     INTEGER,
        peers                 TEXT NOT NULL DEFAULT '[]',
        behind_since          TEXT,
        refresh_overdue_since TEXT,
        last_refresh          TEXT,
        auto_refresh_seconds  INTEGER
      )`,
      `INSERT INTO serial_watch_events_v11 (id, time, event, account_id, zone_id, zone_name, direction, label, cloudflare_serial, peers, behind_since)
       SELECT id, time, event, account_id, zone_id, zone_name, direction, label, cloudflare_serial, peers, behind_since FROM serial_watch_events`,
      `DROP TABLE serial_watch_events`,
      `ALTER TABLE serial_watch_events_v11 RENAME TO serial_watch_events`,
      `CREATE INDEX serial_watch_events_account ON serial_watch_events (account_id, id)`,
      `CREATE INDEX serial_watch_events_zone ON serial_watch_events (zone_id, id)`,
      `CREATE INDEX serial_watch_events_time ON serial_watch_events (time)`,
    ],
  },
  {
    version: 12,
    name: "users: until when a user may use the dashboard (a contractor's access)",
    statements: [`ALTER TABLE users ADD COLUMN expires_at TEXT`],
  },
  {
    version: 13,
    name: 'API tokens for scripts (their SHA-256 only), and which token made an audited request',
    statements: [
      `CREATE TABLE api_tokens (
        id           TEXT PRIMARY KEY,
        username     TEXT NOT NULL,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        token_hash   TEXT NOT NULL UNIQUE,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        last_used_at TEXT,
        last_used_ip TEXT
      )`,
      `CREATE INDEX api_tokens_username ON api_tokens (username)`,
      `ALTER TABLE audit_log ADD COLUMN api_token TEXT`,
    ],
  },
  {
    version: 14,
    name: 'API tokens: limited to zones (JSON: [{id, name}]), and who made them (an admin, for a service user)',
    statements: [`ALTER TABLE api_tokens ADD COLUMN zones TEXT`, `ALTER TABLE api_tokens ADD COLUMN created_by TEXT`],
  },
  {
    version: 15,
    name: 'users: signed in by single sign-on (OIDC), bound to the identity provider’s issuer and subject',
    statements: [
      `ALTER TABLE users ADD COLUMN sso_subject TEXT`,
      `CREATE UNIQUE INDEX users_sso_subject ON users (sso_subject) WHERE sso_subject IS NOT NULL`,
    ],
  },
  {
    version: 16,
    name: 'sessions: the identity provider’s ID token of a single sign-on session, to sign out there too',
    statements: [`ALTER TABLE sessions ADD COLUMN sso_id_token TEXT`],
  },
  {
    version: 17,
    name: 'sessions: the identity provider’s session id (sid), for a back-channel logout that names only it',
    statements: [
      `ALTER TABLE sessions ADD COLUMN sso_sid TEXT`,
      `CREATE INDEX sessions_sso_sid ON sessions (sso_sid) WHERE sso_sid IS NOT NULL`,
    ],
  },
];
