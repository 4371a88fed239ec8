/**
 * API tokens: a user's own credential for scripts and pipelines (a deploy job's Force NOTIFY, a monitor's read of
 * the serial watch), sent as `Authorization: Bearer <token>` to the dashboard's `/api` routes only — never to
 * `/auth` (a token cannot sign in, change a password, or make or revoke tokens). It acts as its user with the role
 * chosen for it, at most the user's role at the moment of each request; it stops with the user (disabled, access
 * ended, deleted) and at its own expiry. Every request it makes is in the audit log as its user, marked with the
 * token's name. The token is shown once; the dashboard keeps only its SHA-256. See docs/decisions/019-api-tokens.md.
 *
 *   GET    /auth/tokens                 your own tokens (admins: `?all=true`, everyone's)
 *   POST   /auth/tokens {name, role, expires_in_days, zones?, username?} -> the token, shown this once
 *   DELETE /auth/tokens/{id}            revoke (your own; admins: anyone's)
 */
import { z } from 'zod';
import { IdSchema } from '../common.js';
import { RoleSchema, UsernameSchema } from './auth.js';

/** What a token looks like: `sdt_` + its 12-character id + `_` + 43 characters of secret (base64url, 32 bytes). */
export const API_TOKEN_PREFIX = 'sdt_';
export const API_TOKEN_PATTERN = /^sdt_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

/** How the audit log names the token of a request (`api_token`): `deploy pipeline (4f1c0a9b2d3e)`. */
export function apiTokenLabel(token: { name: string; id: string }): string {
  return `${token.name} (${token.id})`;
}

/** The token's name in such a label, for people (the id stays in the label, for a search). */
export function apiTokenLabelName(label: string): string {
  return label.replace(/ \([0-9a-f]+\)$/, '');
}

/** A token lives at most a year; 90 days unless chosen. */
export const API_TOKEN_MAX_DAYS = 365;
export const API_TOKEN_DEFAULT_DAYS = 90;
/** How many live tokens one user may have. */
export const API_TOKENS_PER_USER = 20;
/** How many zones a token limited to zones may name. */
export const API_TOKEN_MAX_ZONES = 20;

/**
 * A zone a token is limited to: its id (what the routes carry) and its name when the token was made (for people).
 * A token limited to zones reaches only routes about one of them (`/api/zones/{zone_id}/…`) and the dashboard's own
 * `/api/meta`; everything account-wide (the zones list, peers, TSIG keys, ACLs, the serial watch, the audit log,
 * users) is refused with `api_token_zone_scope`.
 */
export const ApiTokenZoneSchema = z.object({ id: z.string(), name: z.string() });
export type ApiTokenZone = z.infer<typeof ApiTokenZoneSchema>;

export const ApiTokenSchema = z.object({
  /** Public: shown in lists and the audit log (the token begins `sdt_<id>_`). */
  id: z.string(),
  username: z.string(),
  name: z.string(),
  /** The most it may do; a user whose role is lower now gets that lower role. */
  role: RoleSchema,
  created_at: z.string(),
  expires_at: z.string(),
  last_used_at: z.string().nullable(),
  /** The client address of its last use. */
  last_used_ip: z.string().nullable(),
  /** The zones it is limited to; null: every zone and the account-wide routes its role allows. */
  zones: z.array(ApiTokenZoneSchema).nullable(),
  /** Who made it: its user, or an admin for them (a service user's token). */
  created_by: z.string(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const ApiTokenNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'is required: say what uses it (e.g. deploy pipeline)' })
  .max(64, { error: 'must be at most 64 characters' })
  .regex(/^[^\u0000-\u001f\u007f]*$/, { error: 'must be one line of text' });

export const ApiTokenCreateBodySchema = z.strictObject({
  name: ApiTokenNameSchema,
  role: RoleSchema,
  expires_in_days: z
    .number({ error: 'must be a number of days' })
    .int({ error: 'must be a whole number of days' })
    .min(1, { error: 'must be at least 1 day' })
    .max(API_TOKEN_MAX_DAYS, { error: `must be at most ${API_TOKEN_MAX_DAYS} days` }),
  /** Limit it to these zones (ids); absent: every zone, and the account-wide routes. */
  zones: z
    .array(IdSchema)
    .min(1, { error: 'must name at least one zone (leave it out for every zone)' })
    .max(API_TOKEN_MAX_ZONES, { error: `must name at most ${API_TOKEN_MAX_ZONES} zones` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'names a zone twice' })
    .optional(),
  /** Admins: make it for another user (a service user for a pipeline); absent: for yourself. */
  username: UsernameSchema.optional(),
});
export type ApiTokenCreateBody = z.infer<typeof ApiTokenCreateBodySchema>;

/** The answer to a create: the token itself, this once. */
export const ApiTokenCreatedSchema = ApiTokenSchema.extend({ token: z.string() });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreatedSchema>;

export const ApiTokenListQuerySchema = z.strictObject({
  all: z.enum(['true', 'false']).optional(),
});

export const ApiTokenParamsSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{12}$/, { error: 'is not a token id (12 hexadecimal characters)' }),
});
