/**
 * argon2id password hashing (@node-rs/argon2, prebuilt; OWASP parameters: 19 MiB, t=2, p=1, ≈ 15 ms).
 * `verifyPasswordOrDummy` takes the same time whether or not the user exists, so timing does not reveal usernames.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** 2 = Algorithm.Argon2id (a const enum, which verbatimModuleSyntax cannot import). */
const OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies `password` against `passwordHash`, or against a dummy hash when there is no user (always false). */
export async function verifyPasswordOrDummy(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hash('not-a-password-of-anyone', OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
