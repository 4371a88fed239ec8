/** Redaction of request bodies before they are written to the audit log. */
const SECRET_KEY = /secret|password|token|authorization|cookie/i;
export const REDACTED = '[REDACTED]';

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
