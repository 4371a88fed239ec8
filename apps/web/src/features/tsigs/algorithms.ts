/**
 * TSIG algorithms as Cloudflare spells them (trailing dot) and as BIND spells them, their digest sizes, and random
 * secrets of that size from Web Crypto, base64-encoded like BIND's `tsig-keygen`.
 */
import { isBase64Secret, TSIG_ALGORITHMS, TSIG_SECRET_MASK, type TsigAlgorithm } from '@secdns/api-types';

/** Digest size in bytes: the secret length `tsig-keygen` uses for each algorithm. */
export const DIGEST_BYTES: Record<TsigAlgorithm, number> = {
  'hmac-md5.sig-alg.reg.int.': 16,
  'hmac-sha1.': 20,
  'hmac-sha224.': 28,
  'hmac-sha256.': 32,
  'hmac-sha384.': 48,
  'hmac-sha512.': 64,
};

export const DEFAULT_ALGORITHM: TsigAlgorithm = 'hmac-sha256.';

export function isTsigAlgorithm(value: string): value is TsigAlgorithm {
  return (TSIG_ALGORITHMS as readonly string[]).includes(value);
}

/** How many bytes a secret decodes to: null unless it is complete Base64 (not empty, not the mask). */
export function secretBytes(secret: string): number | null {
  const text = secret.trim();
  if (!text || text === TSIG_SECRET_MASK || !isBase64Secret(text)) return null;
  return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
}

/**
 * A secret shorter than the algorithm's digest, said (Cloudflare and nameservers take it): RFC 2104 discourages HMAC
 * keys shorter than the hash. Null when it is long enough, not complete Base64, or the algorithm is unknown.
 */
export function shortSecretWarning(algo: string, secret: string): string | null {
  const bytes = secretBytes(secret);
  if (bytes === null || !isTsigAlgorithm(algo) || bytes >= DIGEST_BYTES[algo]) return null;
  const name = bindAlgorithmName(algo);
  return `This secret is ${bytes} ${bytes === 1 ? 'byte' : 'bytes'}; a ${name} key should be at least ${DIGEST_BYTES[algo]} random bytes (RFC 2104 discourages keys shorter than the hash). Generate secret makes one.`;
}

/** `hmac-sha256.` → `hmac-sha256`; `hmac-md5.sig-alg.reg.int.` → `hmac-md5` (BIND's names). */
export function bindAlgorithmName(algo: string): string {
  if (algo.toLowerCase().startsWith('hmac-md5')) return 'hmac-md5';
  return algo.replace(/\.$/, '');
}

export const ALGORITHM_OPTIONS = TSIG_ALGORITHMS.map((algo) => ({
  value: algo,
  label: `${bindAlgorithmName(algo)}${algo === 'hmac-sha256.' ? ' (recommended)' : ''}`,
}));

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A cryptographically random secret as long as the algorithm's digest, base64-encoded. */
export function generateSecret(algo: string, cryptoImpl: Pick<Crypto, 'getRandomValues'> = globalThis.crypto): string {
  const size = isTsigAlgorithm(algo) ? DIGEST_BYTES[algo] : 32;
  const bytes = new Uint8Array(size);
  cryptoImpl.getRandomValues(bytes);
  return toBase64(bytes);
}

/** The `key` clause for named.conf, as `tsig-keygen` prints it. */
export function bindKeyClause(name: string, algo: string, secret: string): string {
  return `key "${name}" {\n    algorithm ${bindAlgorithmName(algo)};\n    secret "${secret}";\n};`;
}
