/** Redaction of request bodies (and of the resources before and after a change) before they are written to the audit log. */
import { REDACTED, REDACTED_CHANGED, isRecord } from '@secdns/api-types';

/**
 * Keys whose values are never recorded: secrets, passwords, tokens — and two-factor sign-in's codes (`code`, a
 * recovery code sometimes), its `challenge` and what carries a TOTP secret (`otpauthUri`, `qrCode`, `recoveryCodes`).
 */
const SECRET_KEY = /secret|password|token|authorization|cookie|challenge|otpauth|^code$|^qrCode$|^recoveryCodes?$/i;
export { REDACTED };

export function redactBody(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (depth > 8) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactBody(item, depth + 1));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        SECRET_KEY.test(key) ? REDACTED : redactBody(item, depth + 1),
      ]),
    );
  }
  return value;
}

/**
 * A resource before and after a change, redacted for the audit log (ADR 016). A secret the change replaced is
 * recorded as "[REDACTED, changed]" after it (compared here, in memory; neither value is kept), so the log says a
 * TSIG key's secret was rotated without holding any of it.
 */
export function redactPair(before: unknown, after: unknown): { before: unknown; after: unknown } {
  const redactedAfter = redactBody(after);
  if (isRecord(before) && isRecord(after) && isRecord(redactedAfter)) {
    for (const key of Object.keys(after)) {
      if (SECRET_KEY.test(key) && before[key] !== after[key]) redactedAfter[key] = REDACTED_CHANGED;
    }
  }
  return { before: redactBody(before), after: redactedAfter };
}
