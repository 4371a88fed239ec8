/**
 * Two-factor sign-in (ADR 006): TOTP codes (RFC 6238 with otpauth: SHA-1, 6 digits, 30-second steps, the previous
 * and the next step accepted for clock drift), recovery codes, and the pending second step of a sign-in.
 *
 * A secret is 20 random bytes (160 bits, RFC 4226's recommendation for SHA-1), kept in the database as base32 — as
 * it is: the dashboard has no key to encrypt it with (ADR 006 says what that means for a stolen backup). A code is
 * accepted once: the newest step accepted is recorded (`TwoFactorRepository.useStep`), and a code of that step or an
 * earlier one is refused. Recovery codes are 12 characters from 31 unambiguous letters and digits (≈ 59 bits), shown
 * once; only a SHA-256 of each (with the username) is kept.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import {
  RECOVERY_CODE_COUNT,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  TWO_FACTOR_CHALLENGE_MINUTES,
  isRecoveryCode,
} from '@secdns/api-types';
import type { Storage, TwoFactorRecord } from '../storage/types.js';
import { hashSessionId } from './tokens.js';

/** What authenticator apps list the dashboard's entries as. */
export const TOTP_ISSUER = 'Secondary DNS dashboard';
/** Steps either side of now whose codes are accepted (one: ±30 s of clock drift). */
export const TOTP_WINDOW = 1;

function totp(secret: string, accountName = 'user', issuer = TOTP_ISSUER): TOTP {
  return new TOTP({
    issuer,
    label: accountName,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** A new secret, base32 (what the app is given, and what is stored). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI an authenticator app takes (from the QR code). */
export function otpauthUri(secret: string, accountName: string, issuer = TOTP_ISSUER): string {
  return totp(secret, accountName, issuer).toString();
}

/** The QR code of `text`, as an SVG data URL (CSP allows `img-src data:`); no script, nothing to load. */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The 30-second time step `now` (epoch ms) is in. */
export function stepAt(now: number): number {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The time step whose code `code` is, when it is the code of the step of `now` or of one either side; else null.
 * (Whether that step was used already is the storage's to say.)
 */
export function matchingStep(secret: string, code: string, now: number): number | null {
  const delta = totp(secret).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : stepAt(now) + delta;
}

/** The code of `secret` at `now` (tests, and nothing else). */
export function totpCode(secret: string, now: number): string {
  return totp(secret).generate({ timestamp: now });
}

/** Recovery codes' letters and digits: no 0/o, 1/l/i that read alike. */
const RECOVERY_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** New recovery codes, `k7m2-xq9d-4hwp`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    codes.add(`${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`);
  }
  return [...codes];
}

/** What is kept of a recovery code: SHA-256 of the username and the code (lowercase, without dashes). */
export function hashRecoveryCode(username: string, code: string): string {
  const normalized = code.toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`recovery:${username}\n${normalized}`).digest('hex');
}

export type CodeCheck =
  | { ok: true; kind: 'totp' }
  | { ok: true; kind: 'recovery'; recoveryCodesLeft: number }
  | { ok: false; reason: 'wrong' | 'replayed' };

/**
 * Checks a code (the app's, or a recovery code) of a user whose two-factor is on, and uses it up: a TOTP step is
 * recorded as used, a recovery code marked used. `wrong` for a code that does not match; `replayed` for the app's
 * code of a step already used.
 */
export async function useCode(storage: Storage, record: TwoFactorRecord, code: string, now: number): Promise<CodeCheck> {
  if (!record.secret || !record.enabledAt) return { ok: false, reason: 'wrong' };
  if (isRecoveryCode(code)) {
    const used = await storage.twoFactor.useRecoveryCode(record.username, hashRecoveryCode(record.username, code), new Date(now));
    if (!used) return { ok: false, reason: 'wrong' };
    return { ok: true, kind: 'recovery', recoveryCodesLeft: await storage.twoFactor.recoveryCodesLeft(record.username) };
  }
  const step = matchingStep(record.secret, code, now);
  if (step === null) return { ok: false, reason: 'wrong' };
  return (await storage.twoFactor.useStep(record.username, step)) ? { ok: true, kind: 'totp' } : { ok: false, reason: 'replayed' };
}

/** A sign-in whose password was right, waiting for its code. */
export interface PendingSignIn {
  username: string;
  /** The password hash the password was checked against: a password changed since ends the challenge. */
  passwordHash: string;
  expiresAt: number;
  /** Wrong codes given to this challenge. */
  failures: number;
}

/** Wrong codes one challenge takes before it ends (the password again then); the throttle counts them too. */
export const CHALLENGE_MAX_FAILURES = 5;
/** At most this many challenges are kept (the oldest go first; expired ones are swept at each new one). */
const CHALLENGES_MAX = 10_000;

/**
 * The second steps of sign-ins under way, in memory (one process, like the throttle; a restart only means typing the
 * password again). The challenge is 32 random bytes given to the browser; only its SHA-256 is kept, with the user,
 * the password hash it was checked against, its end and its wrong codes.
 */
export class PendingSignIns {
  private readonly pending = new Map<string, PendingSignIn>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = TWO_FACTOR_CHALLENGE_MINUTES * 60_000,
  ) {}

  start(username: string, passwordHash: string): { challenge: string; expiresAt: number } {
    const now = this.now();
    for (const [key, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(key);
    while (this.pending.size >= CHALLENGES_MAX) this.pending.delete(this.pending.keys().next().value as string);
    const challenge = randomBytes(32).toString('base64url');
    const expiresAt = now + this.ttlMs;
    this.pending.set(hashSessionId(challenge), { username, passwordHash, expiresAt, failures: 0 });
    return { challenge, expiresAt };
  }

  /** The sign-in under way with this challenge, unless it ended (expired, used, too many wrong codes). */
  get(challenge: string): PendingSignIn | null {
    const key = hashSessionId(challenge);
    const entry = this.pending.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.pending.delete(key);
      return null;
    }
    return entry;
  }

  /** One more wrong code; the challenge ends at CHALLENGE_MAX_FAILURES. Returns whether it is still open. */
  fail(challenge: string): boolean {
    const key = hashSessionId(challenge);
    const entry = this.pending.get(key);
    if (!entry) return false;
    entry.failures += 1;
    if (entry.failures >= CHALLENGE_MAX_FAILURES) {
      this.pending.delete(key);
      return false;
    }
    return true;
  }

  end(challenge: string): void {
    this.pending.delete(hashSessionId(challenge));
  }

  /** Ends every sign-in under way of this user (two-factor reset or turned off, password changed). */
  endFor(username: string): void {
    for (const [key, entry] of this.pending) if (entry.username === username) this.pending.delete(key);
  }
}
