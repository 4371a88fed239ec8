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

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A readable generated password (24 base64url characters ≈ 144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
