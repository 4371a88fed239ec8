/**
 * The dashboard's own access control and audit log (BFF-owned routes, not Cloudflare operations: they are not in
 * the `operations` table). See docs/decisions/006-auth-and-audit.md.
 *
 *   POST /auth/login {username, password}   -> {user, csrfToken} + session cookie
 *   POST /auth/logout                       (x-csrf-token) -> null, or {provider_sign_out_url} for a single sign-on
 *        session with OIDC_SIGN_OUT=provider: the browser goes there so the identity provider ends its session too
 *   GET  /auth/me                           -> {user, csrfToken} or 401
 *   POST /auth/password {currentPassword, newPassword}  (x-csrf-token; ends every session of the user; clears
 *        `must_change_password`, the one thing besides /auth/me and /auth/logout such a user may do)
 *   GET/POST /api/users, PATCH/DELETE /api/users/{username}, POST /api/users/{username}/unlock   (admin)
 *   Two-factor sign-in (the second step of POST /auth/login, /auth/two-factor/*, DELETE /api/users/{username}/two-factor):
 *        resources/two-factor.ts
 *   GET  /api/audit?…, GET /api/audit.csv?…  (admins: everything; others: their own entries; the CSV streamed,
 *        at most AUDIT_CSV_MAX_ROWS rows, a cut marked)
 */
import { z } from 'zod';
import { AuditChangeSchema } from '../audit-changes.js';
import { ForceSeenAfterSchema } from '../force-follow-up.js';
import { IdSchema } from '../common.js';
import type { Role } from '../operations.js';

export const RoleSchema = z.enum(['viewer', 'operator', 'admin'] as const satisfies readonly Role[], {
  error: 'must be one of viewer, operator, admin',
});

export const USERNAME_PATTERN = /^[a-z0-9._-]{1,64}$/;
export const UsernameSchema = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(64, { error: 'must be at most 64 characters' })
  .regex(USERNAME_PATTERN, { error: 'may contain only lowercase letters, digits, dot, underscore and hyphen' });

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `must be at most ${PASSWORD_MAX_LENGTH} characters` })
  // Spaces are welcome in a passphrase, but twelve of them are not a password.
  .refine((value) => value.replace(/\s/g, '').length >= PASSWORD_MIN_LENGTH || value.length < PASSWORD_MIN_LENGTH, {
    error: `must have at least ${PASSWORD_MIN_LENGTH} characters besides spaces`,
  });

/** Sign-in takes any string (the policy applies when a password is set, not when it is tried). */
export const LoginBodySchema = z.strictObject({
  username: z.string().trim().min(1, { error: 'is required' }).max(64, { error: 'must be at most 64 characters' }),
  password: z.string().min(1, { error: 'is required' }).max(PASSWORD_MAX_LENGTH, { error: 'is too long' }),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

/**
 * Who is signed in (login and /auth/me). `must_change_password`: an administrator set the password they signed in
 * with (created them, or reset it); until they choose their own (POST /auth/password), every other /api and /auth
 * request is refused (403, code 10002) and the web app shows only "Choose your password".
 * `must_enrol_two_factor`: the dashboard requires two-factor sign-in (REQUIRE_TWO_FACTOR) and this user has not set it
 * up; until they do (resources/two-factor.ts), every other /api and /auth request is refused (403, code 10003) and
 * the web app shows only "Set up two-factor sign-in".
 */
export const SessionUserSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  must_change_password: z.boolean(),
  must_enrol_two_factor: z.boolean(),
  /** Until when this user may use the dashboard (`expires_at`, set by an admin), or null: no end. */
  access_ends_at: z.string().nullable().optional(),
  /** Signed in by single sign-on (ADR 021): no password and no local two-factor sign-in to manage here. */
  sso: z.boolean().optional(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** `result` of POST /auth/login and GET /auth/me. Send `csrfToken` as `x-csrf-token` on every write. */
/**
 * POST /auth/logout's result: null, or where the browser goes next so the identity provider ends its session too
 * (its `end_session_endpoint`, which sends it back to /sign-in).
 */
export const LogoutResultSchema = z.object({ provider_sign_out_url: z.url() }).nullable();
/** The `state` the provider sends back to /sign-in after its sign-out: the page says both sessions ended. */
export const SIGNED_OUT_STATE = 'signed_out';
export type LogoutResult = z.infer<typeof LogoutResultSchema>;

export const SessionSchema = z.object({
  user: SessionUserSchema,
  csrfToken: z.string(),
  /** When the session ends for inactivity unless used again, and at the latest (ISO 8601). */
  idleExpiresAt: z.string(),
  expiresAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

/** A dashboard user as the users API shows it (never the password hash). */
export const UserSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  last_login_at: z.string().nullable(),
  /** In the users list: how many sessions are live now (signed in, not idle past the limit), and the latest use. */
  sessions: z.number().int().optional(),
  last_active_at: z.string().nullable().optional(),
  /** In the users list: how many API tokens of theirs have not expired (scripts acting as them: ADR 019). */
  api_tokens: z.number().int().optional(),
  /**
   * Signs in by single sign-on (the identity provider; ADR 021): no password here, and the role comes from the
   * provider's groups at each sign-in.
   */
  sso: z.boolean().optional(),
  /**
   * In the users list: until when sign-ins of this user are refused after too many wrong passwords (from the address
   * they were typed at, or from every address), or null. An admin's Unlock, password reset or re-enable clears it.
   */
  locked_until: z.string().nullable().optional(),
  /**
   * The user signs in with a password someone else set (an admin's create or reset, or the reset-password command)
   * and must choose their own before anything else; cleared when they do.
   */
  must_change_password: z.boolean(),
  /** Signs in with a code from an authenticator app after the password (resources/two-factor.ts). */
  two_factor_enabled: z.boolean(),
  /**
   * Until when the user may use the dashboard (ISO 8601; a contractor's or a stand-in's access), or null: no end.
   * From then on their sign-ins are refused, saying so, and their sessions end. Never set on an admin.
   */
  expires_at: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

/** Whether access that ends at `expiresAt` (ISO 8601, or null: never) has ended at `now` (epoch ms). */
export function accessEnded(expiresAt: string | null | undefined, now: number): boolean {
  return Boolean(expiresAt) && Date.parse(expiresAt as string) <= now;
}

/**
 * `expires_at` in a create or an update: an ISO 8601 time with its offset (the form sends the end of the day picked,
 * UTC), or null (update: no end any more). Whether it is in the future, and that the user is not an admin, is the
 * BFF's to say (it knows the time and the role).
 */
export const ExpiresAtSchema = z
  .iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-12-31T23:59:59Z' })
  .nullable();

/**
 * `DELETE /api/users/{username}/sessions[?api_tokens=revoke]`: every session of the user ended ("sign out
 * everywhere"); with `api_tokens=revoke` their API tokens too (a suspected take-over: a token outlives sessions).
 */
export const UserSessionsEndQuerySchema = z.strictObject({
  api_tokens: z.enum(['revoke', 'keep'], { error: 'must be revoke or keep' }).optional(),
});
export const UserSessionsEndedSchema = z.object({
  username: z.string(),
  ended: z.number().int(),
  /** How many API tokens were revoked (0 unless asked). */
  api_tokens_revoked: z.number().int(),
});
export type UserSessionsEnded = z.infer<typeof UserSessionsEndedSchema>;

/** `POST /api/users/{username}/unlock`: the user's failed sign-ins forgotten; `unlocked` when any were counted. */
export const UserUnlockedSchema = z.object({ username: z.string(), unlocked: z.boolean() });
export type UserUnlocked = z.infer<typeof UserUnlockedSchema>;

export const UserParamsSchema = z.strictObject({ username: UsernameSchema });

/**
 * `must_change_password` (default true): the user must choose their own password at their next sign-in, since the
 * admin knows this one. `false` only when the user chose it themselves (they are sitting beside the admin).
 */
const MustChangePasswordSchema = z.boolean({ error: 'must be true or false' });

export const UserCreateBodySchema = z.strictObject({
  username: UsernameSchema,
  password: PasswordSchema,
  role: RoleSchema,
  must_change_password: MustChangePasswordSchema.optional(),
  expires_at: ExpiresAtSchema.optional(),
});
export type UserCreateBody = z.infer<typeof UserCreateBodySchema>;

export const UserUpdateBodySchema = z
  .strictObject({
    role: RoleSchema.optional(),
    password: PasswordSchema.optional(),
    disabled: z.boolean().optional(),
    /**
     * With `password` only: whether the user must choose their own at next sign-in (default true, but false when an
     * admin sets their own password: they chose it).
     */
    must_change_password: MustChangePasswordSchema.optional(),
    /** Until when they may use the dashboard; null: no end any more. */
    expires_at: ExpiresAtSchema.optional(),
  })
  .refine(
    (body) => body.role !== undefined || body.password !== undefined || body.disabled !== undefined || body.expires_at !== undefined,
    { error: 'give at least one of role, password, disabled, expires_at' },
  )
  .refine((body) => body.must_change_password === undefined || body.password !== undefined, {
    error: 'goes with a new password: set password too',
    path: ['must_change_password'],
  });
export type UserUpdateBody = z.infer<typeof UserUpdateBodySchema>;

export const PasswordChangeBodySchema = z.strictObject({
  currentPassword: z.string().min(1, { error: 'is required' }).max(PASSWORD_MAX_LENGTH, { error: 'is too long' }),
  newPassword: PasswordSchema,
});
export type PasswordChangeBody = z.infer<typeof PasswordChangeBodySchema>;

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;

/** One line of the audit log. `operation` is a contract id (`forceAxfr`) or a BFF one (`auth.login`, `users.create`,
 * `tsigs.secret.reveal`, `auth.logout`, `auth.password`, `users.update`, `users.delete`). */
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  time: z.string(),
  username: z.string().nullable(),
  role: RoleSchema.nullable(),
  operation: z.string(),
  method: z.string(),
  path: z.string(),
  account_id: z.string().nullable(),
  zone_id: z.string().nullable(),
  /** The zone's name as the zones list last reported it to the BFF (null when it had not listed the zone). */
  zone_name: z.string().nullable(),
  resource_id: z.string().nullable(),
  /** The request body with secrets and passwords replaced by "[REDACTED]". */
  body: z.unknown().nullable(),
  /**
   * The resource as it was before an update or a delete (read just before the change; secrets and passwords
   * redacted, a replaced one as "[REDACTED, changed]" in `after`); null for other requests, or when it could not be
   * read (the change is sent anyway).
   */
  before: z.unknown().nullable(),
  /** The resource as Cloudflare (or the dashboard) answered an update; null otherwise. */
  after: z.unknown().nullable(),
  /** What the change changed, from `before` and `after` (`auditChanges`): one entry per field. */
  changes: z.array(AuditChangeSchema),
  reason: z.string().nullable(),
  status: z.number().int(),
  outcome: z.enum(AUDIT_OUTCOMES),
  upstream_error_codes: z.array(z.number().int()),
  /**
   * Why the BFF refused, when it did: `unauthenticated`, `forbidden`, `csrf`, `throttled`, `invalid_credentials`,
   * `must_change_password` (signed in with a password an admin set, and asked for something else first),
   * `invalid_two_factor_code` (a wrong or already used code at the second step of a sign-in, or to turn two-factor
   * off), `two_factor_challenge_expired` (the second step came too late, or after too many wrong codes),
   * `must_enrol_two_factor` (REQUIRE_TWO_FACTOR, and asked for something else before setting it up),
   * `access_expired` (the right password of a user whose access has ended: `expires_at`).
   */
  refusal: z.string().nullable(),
  request_id: z.string(),
  client_ip: z.string().nullable(),
  /** Made with an API token (`Authorization: Bearer`): the token's name and id, `deploy pipeline (4f1c…)`; else null. */
  api_token: z.string().nullable(),
  /**
   * A Force AXFR / Force NOTIFY Cloudflare accepted: what the dashboard's own later reads of the zone showed (the
   * serial moved, or nothing did); null until a read showed it, and for other entries (ADR 018).
   */
  seen_after: ForceSeenAfterSchema.nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/**
 * `GET /api/zones/:zone_id/activity?limit=`: the latest audited requests on one zone, by anyone signed in, so whoever
 * opens a stale zone sees who already forced a transfer, when, why and with what outcome. Only these fields: no
 * bodies, paths or client addresses (the audit log itself stays admins-see-all, others-their-own).
 */
export const ZoneActivityEntrySchema = AuditEntrySchema.pick({
  id: true,
  time: true,
  username: true,
  role: true,
  operation: true,
  status: true,
  outcome: true,
  reason: true,
  refusal: true,
  request_id: true,
  upstream_error_codes: true,
  changes: true,
  seen_after: true,
  api_token: true,
});
export type ZoneActivityEntry = z.infer<typeof ZoneActivityEntrySchema>;
export const ZoneActivityParamsSchema = z.strictObject({ zone_id: IdSchema });
export const ZoneActivityQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, { error: 'must be at least 1' }).max(50, { error: 'must be at most 50' }).default(10),
});

const optionalText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.string().trim().max(200).optional(),
);
const optionalTime = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2025-01-31T12:00:00Z' }).optional(),
);

/** Filters of GET /api/audit and GET /api/audit.csv (newest first). `since` is inclusive, `until` exclusive. */
export const AuditQuerySchema = z.strictObject({
  /** Part of a username, any case (`oli` finds olivia's entries). Non-admins always see their own entries only. */
  user: optionalText,
  /** An operation id, or `peers.*` (every operation of a kind), or `!auth.*` (every operation but those of a kind). */
  operation: optionalText,
  zone_id: optionalText,
  /**
   * Part of a zone's name, any case (`example` finds example.net and example.com; a trailing dot or not), or its id
   * (or the start of it): what a person has at hand.
   */
  zone: optionalText,
  /** A peer's, TSIG key's, ACL's or user's id (or a username): the entries about that one resource. */
  resource: optionalText,
  outcome: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(AUDIT_OUTCOMES, { error: 'must be success or failure' }).optional(),
  ),
  since: optionalTime,
  until: optionalTime,
  page: z.coerce.number().int().min(1, { error: 'must be at least 1' }).default(1),
  per_page: z.coerce.number().int().min(1).max(500, { error: 'must be at most 500' }).default(50),
});
export type AuditQuery = z.input<typeof AuditQuerySchema>;

/**
 * `GET /api/audit.csv` exports at most this many entries, newest first. When the filters match more, the answer says
 * so: header `x-audit-truncated: true` (and `x-audit-total`, how many matched), and a last line starting with
 * `AUDIT_CSV_TRUNCATED_MARK`.
 */
export const AUDIT_CSV_MAX_ROWS = 100_000;
export const AUDIT_CSV_TRUNCATED_HEADER = 'x-audit-truncated';
export const AUDIT_CSV_TOTAL_HEADER = 'x-audit-total';
export const AUDIT_CSV_TRUNCATED_MARK = '# truncated';

/**
 * Why a single sign-on was refused (docs/decisions/021-single-sign-on.md): the BFF sends the browser back to
 * `/sign-in?sso_error=<one of these>`, and the sign-in page words it (never free text in an address).
 */
export const SSO_ERRORS = [
  'provider_unreachable',
  'provider_refused',
  'expired',
  'other_browser',
  'no_username',
  'no_role',
  'username_taken',
  'disabled',
  'access_expired',
  'failed',
] as const;
export type SsoError = (typeof SSO_ERRORS)[number];
