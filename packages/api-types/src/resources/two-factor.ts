/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238: 30-second steps, 6 digits, SHA-1 — what Google
 * Authenticator, 1Password, Authy and the like accept), and one-time recovery codes. BFF-owned routes, not
 * Cloudflare operations (not in the `operations` table). See docs/decisions/006-auth-and-audit.md.
 *
 * Signing in, with two-factor on:
 *   POST /auth/login {username, password}       -> {twoFactorRequired: true, challenge, expiresAt} (no session yet)
 *   POST /auth/login/two-factor {challenge, code} -> {user, csrfToken, …} + session cookie | 401 wrong code | 429
 * Your own (any signed-in user; x-csrf-token):
 *   GET  /auth/two-factor                       -> TwoFactorStatus
 *   POST /auth/two-factor/enrolment {password}  -> the new secret, shown this once (otpauth:// URI, QR code, text)
 *   POST /auth/two-factor/enrolment/confirm {code}         -> on, with the recovery codes (shown this once)
 *   POST /auth/two-factor/recovery-codes {password, code}  -> new recovery codes (the old ones stop working)
 *   POST /auth/two-factor/disable {password, code}         -> off
 * An admin's, for someone else (a lost phone):
 *   DELETE /api/users/{username}/two-factor     -> {username, was_enabled}
 */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, SessionSchema, type Session } from './auth.js';

/** The authenticator app's code: 6 digits (spaces, as some apps show "123 456", are taken out). */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** How many recovery codes an enrolment (or a new set) gives. */
export const RECOVERY_CODE_COUNT = 10;
/** How long the second step of a sign-in waits for its code after the password was right. */
export const TWO_FACTOR_CHALLENGE_MINUTES = 5;
/** How long a secret shown for enrolment waits for its first code. */
export const TWO_FACTOR_ENROLMENT_MINUTES = 15;

/** A recovery code as given: 12 letters and digits in three groups, `k7m2-xq9d-4hwp` (any case, dashes optional). */
export const RECOVERY_CODE_PATTERN = /^[a-z0-9]{4}-?[a-z0-9]{4}-?[a-z0-9]{4}$/i;
const TOTP_CODE_PATTERN = /^\d{6}$/;

/** What people type: "123 456", " k7m2-xq9d-4hwp ". Spaces go, case stays (recovery codes are compared lowercased). */
const typedCode = z.string().transform((value) => value.replace(/\s+/g, ''));

/** The 6-digit code of the authenticator app. */
export const TotpCodeSchema = typedCode.pipe(
  z.string().min(1, { error: 'is required' }).regex(TOTP_CODE_PATTERN, { error: 'must be the 6 digits your authenticator app shows' }),
);

/** The 6-digit code of the authenticator app, or one of the recovery codes (`k7m2-xq9d-4hwp`). */
export const TwoFactorCodeSchema = typedCode.pipe(
  z
    .string()
    .min(1, { error: 'is required' })
    .refine((value) => TOTP_CODE_PATTERN.test(value) || RECOVERY_CODE_PATTERN.test(value), {
      error: 'must be the 6 digits your authenticator app shows, or a recovery code such as k7m2-xq9d-4hwp',
    }),
);

/** Whether a code (as the schemas above leave it) is a recovery code rather than the app's 6 digits. */
export function isRecoveryCode(code: string): boolean {
  return !TOTP_CODE_PATTERN.test(code) && RECOVERY_CODE_PATTERN.test(code);
}

const CurrentPasswordSchema = z
  .string()
  .min(1, { error: 'is required' })
  .max(PASSWORD_MAX_LENGTH, { error: 'is too long' });

/**
 * `result` of POST /auth/login when the password was right and the user has two-factor on: no session yet. Send
 * `challenge` back with the code to POST /auth/login/two-factor before `expiresAt` (ISO 8601); it is good for this
 * one sign-in only (a new password sign-in gives a new one; a few wrong codes end it).
 */
export const TwoFactorChallengeSchema = z.object({
  twoFactorRequired: z.literal(true),
  challenge: z.string(),
  expiresAt: z.string(),
});
export type TwoFactorChallenge = z.infer<typeof TwoFactorChallengeSchema>;

/** `result` of POST /auth/login: a session, or (two-factor on) the challenge of the second step. */
export const LoginResultSchema = z.union([SessionSchema, TwoFactorChallengeSchema]);
export type LoginResult = z.infer<typeof LoginResultSchema>;

export function isTwoFactorChallenge(result: LoginResult | null | undefined): result is TwoFactorChallenge {
  return Boolean(result && (result as Partial<TwoFactorChallenge>).twoFactorRequired === true);
}
export type { Session };

/** The second step of a sign-in: the challenge from POST /auth/login and a code (the app's, or a recovery code). */
export const TwoFactorLoginBodySchema = z.strictObject({
  challenge: z.string().min(1, { error: 'is required' }).max(128, { error: 'is not a sign-in challenge' }),
  code: TwoFactorCodeSchema,
});
export type TwoFactorLoginBody = z.input<typeof TwoFactorLoginBodySchema>;

/** `GET /auth/two-factor`: the signed-in user's own two-factor sign-in (never the secret). */
export const TwoFactorStatusSchema = z.object({
  enabled: z.boolean(),
  /** When it was switched on (ISO 8601), or null. */
  enabledAt: z.string().nullable(),
  /** Recovery codes not used yet (0 when off). */
  recoveryCodesLeft: z.number().int(),
  /** REQUIRE_TWO_FACTOR: this dashboard asks every user to have it (so it cannot be turned off here). */
  required: z.boolean(),
});
export type TwoFactorStatus = z.infer<typeof TwoFactorStatusSchema>;

/** Starting an enrolment asks for the password again: a session left open is not enough to tie the account to a phone. */
export const TwoFactorEnrolmentBodySchema = z.strictObject({ password: CurrentPasswordSchema });
export type TwoFactorEnrolmentBody = z.infer<typeof TwoFactorEnrolmentBodySchema>;

/**
 * `result` of POST /auth/two-factor/enrolment: a new secret, shown this once (the BFF keeps it; no later answer
 * carries it). Scan `qrCode` (an SVG data URL of `otpauthUri`) or type `secret` (base32) into the app, then confirm
 * with a code before `expiresAt`; until then two-factor is not on.
 */
export const TwoFactorEnrolmentSchema = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  qrCode: z.string(),
  /** What the app will list it as. */
  issuer: z.string(),
  accountName: z.string(),
  expiresAt: z.string(),
});
export type TwoFactorEnrolment = z.infer<typeof TwoFactorEnrolmentSchema>;

export const TwoFactorConfirmBodySchema = z.strictObject({ code: TotpCodeSchema });
export type TwoFactorConfirmBody = z.input<typeof TwoFactorConfirmBodySchema>;

/** Recovery codes, shown this once (only their hashes are kept): each signs in once in place of the app's code. */
export const TwoFactorRecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type TwoFactorRecoveryCodes = z.infer<typeof TwoFactorRecoveryCodesSchema>;

/** Turning two-factor off, or replacing the recovery codes: the password and a code (the app's, or a recovery code). */
export const TwoFactorDisableBodySchema = z.strictObject({ password: CurrentPasswordSchema, code: TwoFactorCodeSchema });
export type TwoFactorDisableBody = z.input<typeof TwoFactorDisableBodySchema>;
export const TwoFactorRecoveryCodesBodySchema = TwoFactorDisableBodySchema;
export type TwoFactorRecoveryCodesBody = TwoFactorDisableBody;

/** `DELETE /api/users/{username}/two-factor`: the user's two-factor sign-in turned off by an admin (a lost phone). */
export const UserTwoFactorResetSchema = z.object({ username: z.string(), was_enabled: z.boolean() });
export type UserTwoFactorReset = z.infer<typeof UserTwoFactorResetSchema>;
