/**
 * The storage boundary: what the rest of the BFF may ask of the database. One adapter today (SQLite through
 * @libsql/client, `sqlite.ts`); a PostgreSQL adapter would implement the same interfaces with the same migrations'
 * meaning. Nothing outside `src/storage/` writes SQL. See docs/decisions/006-auth-and-audit.md.
 */
import type { ForceSeenAfter, Role, SerialWatchEvent, SerialWatchZone } from '@secdns/api-types';

export interface UserRecord {
  username: string;
  role: Role;
  /** argon2id PHC string. Never leaves the BFF. */
  passwordHash: string;
  disabled: boolean;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  /**
   * Someone else set the password (an admin's create or reset, the reset-password command): until the user chooses
   * their own (POST /auth/password), their session may do nothing else (plugins/auth.ts).
   */
  mustChangePassword: boolean;
  /** Two-factor sign-in is on (the secret itself is only in `TwoFactorRepository`). */
  twoFactorEnabled: boolean;
  /** Until when the user may use the dashboard (ISO 8601), or null: no end. */
  expiresAt: string | null;
  /**
   * Signed in by single sign-on (docs/decisions/021-single-sign-on.md): `<issuer> <subject>` of the identity
   * provider, which the user is bound to (not the username it sent); null for a user with a password.
   */
  ssoSubject: string | null;
}

export interface UserChanges {
  role?: Role;
  passwordHash?: string;
  disabled?: boolean;
  mustChangePassword?: boolean;
  /** null: no end any more. */
  expiresAt?: string | null;
}

/** `last_admin`: the change would leave no enabled admin, so it was not made. */
export type GuardedResult = { status: 'ok'; user: UserRecord } | { status: 'not_found' } | { status: 'last_admin' };

export interface UsersRepository {
  count(): Promise<number>;
  list(): Promise<UserRecord[]>;
  get(username: string): Promise<UserRecord | null>;
  /** Returns null when the username is taken. `mustChangePassword` defaults to false. */
  create(
    user: { username: string; role: Role; passwordHash: string; mustChangePassword?: boolean; expiresAt?: string | null; ssoSubject?: string | null },
    now: Date,
  ): Promise<UserRecord | null>;
  /** The user a single sign-on identity (`<issuer> <subject>`) is bound to, or null. */
  bySsoSubject(subject: string): Promise<UserRecord | null>;
  /** Applies the changes unless the user would stop being the last enabled admin (atomic check). */
  update(username: string, changes: UserChanges, now: Date): Promise<GuardedResult>;
  /** Deletes the user (and their sessions) unless they are the last enabled admin (atomic check). */
  delete(username: string): Promise<Exclude<GuardedResult, { status: 'ok' }> | { status: 'ok' }>;
  recordLogin(username: string, now: Date): Promise<void>;
}

export interface SessionRecord {
  /** SHA-256 (hex) of the session id; the id itself is only ever in the cookie. */
  idHash: string;
  username: string;
  csrfToken: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end (epoch ms), whatever the activity. */
  expiresAt: number;
  clientIp: string | null;
  userAgent: string | null;
  /**
   * A single sign-on session with OIDC_SIGN_OUT=provider: the provider's ID token, sent back as `id_token_hint` when
   * the user signs out, so the provider ends its session too. Null otherwise.
   */
  ssoIdToken?: string | null;
  /**
   * A single sign-on session: the provider's session id (the ID token's `sid`, when it sends one), so a back-channel
   * logout token that names only the session ends this one. Null otherwise.
   */
  ssoSid?: string | null;
}

export interface SessionsRepository {
  create(session: SessionRecord): Promise<void>;
  get(idHash: string): Promise<SessionRecord | null>;
  touch(idHash: string, lastSeenAt: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteForUser(username: string): Promise<number>;
  /** Every session of the user but one (the one asking: two-factor was just switched on there). */
  deleteForUserExcept(username: string, keepIdHash: string): Promise<number>;
  /** Ends the sessions started from the identity provider's session `sid`; returns whose they were. */
  deleteBySsoSid(sid: string): Promise<string[]>;
  /** The sessions still live: not past their absolute end, used at or after `idleBefore`. */
  live(now: number, idleBefore: number): Promise<SessionRecord[]>;
  /** Removes sessions idle since before `idleBefore` or past their absolute end. */
  deleteExpired(now: number, idleBefore: number): Promise<number>;
}

export interface NewAuditEntry {
  time: string;
  username: string | null;
  role: Role | null;
  operation: string;
  method: string;
  path: string;
  accountId: string | null;
  zoneId: string | null;
  /** The zone's name as the zones list last reported it (null when the BFF had not listed it). */
  zoneName?: string | null;
  resourceId: string | null;
  /** Already redacted. */
  body: unknown;
  /** The resource before an update or a delete, already redacted (ADR 016); null/absent when not read. */
  before?: unknown;
  /** The resource as the update's answer gave it, already redacted; null/absent otherwise. */
  after?: unknown;
  reason: string | null;
  status: number;
  upstreamErrorCodes: number[];
  refusal: string | null;
  requestId: string;
  clientIp: string | null;
  /** Made with an API token: its name and id (`deploy (4f1c0a9b2d3e)`); null/absent for a session's requests. */
  apiToken?: string | null;
}

export interface AuditRecord extends NewAuditEntry {
  id: number;
  zoneName: string | null;
  apiToken: string | null;
  before: unknown;
  after: unknown;
  outcome: 'success' | 'failure';
  /** A Force's outcome as the dashboard's later reads showed it (ADR 018); null otherwise or not seen (yet). */
  seenAfter: ForceSeenAfter | null;
}

export interface AuditFilter {
  /** Exactly this username (what a non-admin is limited to). */
  user?: string;
  /** Usernames containing this text, any case (an admin's filter: "oli" finds olivia). */
  userContains?: string;
  /**
   * An operation id ("peers.update"); "peers.*" for every operation of a kind; "!auth.*" for every operation but
   * those of a kind (e.g. everything but sign-ins and sign-outs).
   */
  operation?: string;
  zoneId?: string;
  /**
   * Part of a zone's name (lowercase, no trailing dot) or its id: entries whose zone_name contains it, any case, or
   * whose zone_id starts with it.
   */
  zone?: string;
  /** Entries about one resource: its id (peers, TSIG keys, ACLs) or a username; an API token's id: also every request made with it. */
  resourceId?: string;
  outcome?: 'success' | 'failure';
  /** ISO 8601, inclusive. */
  since?: string;
  /** ISO 8601, exclusive. */
  until?: string;
  /** Entries older than this one (ids below it): keyset paging through the log, newest first. */
  beforeId?: number;
}

/** Append-only: there is no update or delete here, and the SQLite schema refuses them with triggers. */
export interface AuditRepository {
  append(entry: NewAuditEntry): Promise<number>;
  /** Several entries in one transaction, in this order (seeding a database: tests, measurements). */
  appendMany(entries: NewAuditEntry[]): Promise<void>;
  /** Newest first. */
  query(filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ entries: AuditRecord[]; total: number }>;
  /** Keeps what a Force entry was seen to do afterwards; written once (a second call for the entry is ignored). */
  saveSeenAfter(auditId: number, seen: ForceSeenAfter): Promise<void>;
  /**
   * The newest `limit` entries matching, without counting them: with `filter.beforeId` set to the last id read, the
   * next page (keyset paging, as fast at the 100 000th entry as at the first; OFFSET re-reads every skipped row).
   */
  newest(filter: AuditFilter, limit: number): Promise<AuditRecord[]>;
  /** How many entries match. */
  count(filter: AuditFilter): Promise<number>;
}

/** The serial watch's memory (docs/decisions/014-serial-watch.md): its last check of each zone, and its history. */
export interface SerialWatchRepository {
  /** Every zone's last check, as saved. */
  zones(): Promise<SerialWatchZone[]>;
  saveZone(zone: SerialWatchZone, now: Date): Promise<void>;
  deleteZone(zoneId: string): Promise<void>;
  /** Small facts of the watch (its last round), as JSON text. */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  appendEvent(event: Omit<SerialWatchEvent, 'id'>): Promise<number>;
  /** Newest first. */
  history(filter: { accountId: string; zoneId?: string }, page: { offset: number; limit: number }): Promise<{ events: SerialWatchEvent[]; total: number }>;
  /** Removes events older than `before` (ISO 8601). */
  prune(before: string): Promise<number>;
}

/**
 * Failed sign-ins (ADR 006): kept in the database so a restart does not give a password guesser a fresh start.
 * Keys are SHA-256 hashes of `ip:<address>`, `user:<username>` and `pair:<address>\n<username>` (never what was
 * typed); times are epoch ms. A pair's and a username's failures also carry the username's hash (`userKey`), so an
 * admin's reset can clear them from every address.
 */
export interface LoginFailuresRepository {
  /** One failure under each key; `userKey` (the hash of `user:<username>`) tags a username's pair and own count. */
  add(rows: { key: string; userKey: string | null }[], time: number): Promise<void>;
  /** Failures at or after `since`, oldest first. */
  since(since: number): Promise<{ key: string; time: number; userKey: string | null }[]>;
  clear(key: string): Promise<void>;
  /** Removes a username's failures, from every address (those tagged with its `userKey`). */
  clearUser(userKey: string): Promise<void>;
  /** Removes failures older than `before`. */
  prune(before: number): Promise<number>;
}

/** A user's two-factor sign-in (TOTP), as stored. Never leaves the BFF. */
export interface TwoFactorRecord {
  username: string;
  /** Base32 of the secret in use; null while only an enrolment is waiting. */
  secret: string | null;
  /** ISO 8601; null while off. */
  enabledAt: string | null;
  /** The newest 30-second time step whose code was accepted (0: none): no code of it, or of an earlier one, again. */
  lastUsedStep: number;
  /** The secret shown for enrolment, waiting for its first code; and since when (epoch ms). */
  pendingSecret: string | null;
  pendingSince: number | null;
}

/**
 * Two-factor sign-in (ADR 006). Each "use" is one conditional statement, so two requests with the same code (or the
 * same recovery code) at the same time cannot both be accepted.
 */
export interface TwoFactorRepository {
  get(username: string): Promise<TwoFactorRecord | null>;
  /** Keeps a new secret waiting for its first code (replacing one waiting); what is on stays on until `enable`. */
  startEnrolment(username: string, secret: string, now: number): Promise<void>;
  /**
   * Switches the waiting secret on — if it is still `pendingSecret` — with `step` as its last used step, and these
   * recovery codes (hashes) in place of any earlier ones. False when another enrolment replaced it meanwhile.
   */
  enable(username: string, pendingSecret: string, step: number, recoveryCodeHashes: string[], now: Date): Promise<boolean>;
  /** Records `step` as used, unless it or a later one already was (a replay): false then. Only while on. */
  useStep(username: string, step: number): Promise<boolean>;
  /** Marks a recovery code used: false when it is not one of the user's, or was used already. */
  useRecoveryCode(username: string, codeHash: string, now: Date): Promise<boolean>;
  recoveryCodesLeft(username: string): Promise<number>;
  /** The user's recovery codes replaced by these (hashes): the old ones, used or not, are gone. */
  replaceRecoveryCodes(username: string, codeHashes: string[]): Promise<void>;
  /** Turns two-factor off: the secret, a waiting enrolment and the recovery codes are forgotten. Whether it was on. */
  disable(username: string): Promise<boolean>;
}

/** An API token (docs/decisions/019-api-tokens.md): the token itself is never stored, only its SHA-256. */
export interface ApiTokenRecord {
  /** 12 hex characters, public (the token begins `sdt_<id>_`). */
  id: string;
  username: string;
  name: string;
  role: Role;
  /** ISO 8601. */
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  /** The zones it is limited to (docs/decisions/019-api-tokens.md); null: not limited. */
  zones: { id: string; name: string }[] | null;
  /** Who made it: its user, or an admin for them. */
  createdBy: string;
}

export interface ApiTokensRepository {
  create(token: Omit<ApiTokenRecord, 'lastUsedAt' | 'lastUsedIp'> & { tokenHash: string }): Promise<void>;
  /** The token whose SHA-256 (hex) this is, or null. */
  byHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  /** One user's tokens, or everyone's (null), newest first; expired ones too (until they are pruned). */
  list(username: string | null): Promise<ApiTokenRecord[]>;
  get(id: string): Promise<ApiTokenRecord | null>;
  /** Whether it existed. */
  revoke(id: string): Promise<boolean>;
  /** How many of the user's tokens have not expired at `now`. */
  countLive(username: string, now: Date): Promise<number>;
  touch(id: string, now: Date, ip: string | null): Promise<void>;
  /** Forgets tokens expired before `before`. */
  pruneExpired(before: Date): Promise<number>;
  /** Revokes every token of a user (a suspected take-over); how many there were. */
  revokeAllOf(username: string): Promise<number>;
}

export interface Storage {
  users: UsersRepository;
  apiTokens: ApiTokensRepository;
  twoFactor: TwoFactorRepository;
  loginFailures: LoginFailuresRepository;
  sessions: SessionsRepository;
  audit: AuditRepository;
  serialWatch: SerialWatchRepository;
  /** Applied migration versions, oldest first. */
  migrations(): Promise<number[]>;
  /** Writes one small row (the time): throws when the database takes no writes (a full disk). For /readyz. */
  checkWrite(now: Date): Promise<void>;
  close(): Promise<void>;
}
