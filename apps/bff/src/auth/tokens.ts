/** Session ids and CSRF tokens: 32 random bytes, base64url. Only a SHA-256 of a session id is stored. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** A new API token (docs/decisions/019-api-tokens.md): `sdt_<12 hex id>_<32 random bytes, base64url>`. */
export function newApiToken(): { id: string; token: string } {
  const id = randomBytes(6).toString('hex');
  return { id, token: `sdt_${id}_${randomBytes(32).toString('base64url')}` };
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A readable generated password (24 base64url characters ≈ 144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
