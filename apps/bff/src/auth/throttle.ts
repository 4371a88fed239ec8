/**
 * Sign-in throttling, counted before any password verification, over a sliding window; a limit reached answers 429
 * with Retry-After until the oldest failure that counts leaves the window. Three counts:
 *   - per (client address, username): `maxFailures` — the everyday limit; one user's typos lock out only that user
 *     at that address, never a colleague behind the same proxy;
 *   - per client address, whatever the username: `maxFailuresPerAddress`, much higher — against one address
 *     spraying passwords over many usernames;
 *   - per username, whatever the address: `maxFailuresPerUsername` (0: not counted), higher than the pair's —
 *     against a guesser spreading one account's guesses over many addresses (or spoofing them behind a proxy trusted
 *     too widely). The price: that many failures from several addresses lock that one user out for the window.
 * Counted in memory (one BFF process) and written to the database (`store`), from which a restart takes the failures
 * still in the window: a restart does not give a password guesser a fresh start. A failed write is logged, never a
 * reason to let a sign-in through or to refuse one. See docs/decisions/006-auth-and-audit.md.
 *
 * A wrong two-factor code counts here like a wrong password (routes/two-factor.ts), and the right password of a user
 * with two-factor on clears nothing (`passed`): only the code that completes the sign-in does.
 *
 * An admin who resets a user's password, re-enables them or unlocks them clears that username's counts (the pairs
 * from every address, and the username's), never an address's: `clearUsername`. `lockedUntil` says whether a
 * username is refused now (the Users page).
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { LoginFailuresRepository } from '../storage/types.js';

export interface LoginThrottleOptions {
  /** Failures per (client address, username). */
  maxFailures: number;
  /** Failures per client address, any username. */
  maxFailuresPerAddress: number;
  /** Failures per username, any address; 0 turns this count off. */
  maxFailuresPerUsername: number;
  windowMs: number;
  now: () => number;
  store?: LoginFailuresRepository;
  log?: FastifyBaseLogger;
}

/** Above this many tracked keys, expired ones are swept (bounds memory under a spray of usernames). */
const SWEEP_AT = 10_000;

/**
 * Keys are hashes (SHA-256, hex) of `ip:<address>`, `user:<name>` and `pair:<address>\n<name>`: whatever was typed
 * as a username (a password, sometimes) is never kept as typed, in memory or in the database.
 */
const keyOf = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * The key of a username's own count, which also tags its pairs' failures in the database (`userKey`), so that an
 * admin can clear them from every address without the addresses.
 */
export const usernameKey = (username: string) => keyOf(`user:${username.toLowerCase()}`);

/**
 * The client address as the throttle counts it: an IPv6 address by its /64 (one host gets a whole /64, so counting
 * single addresses would give it fresh counts at will), an IPv4-mapped IPv6 address as the IPv4 address.
 */
export function addressKey(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** One sign-in attempt, counted as a failure from before its password check until it turns out to be right. */
export interface SignInAttempt {
  failed(): Promise<void>;
  /** Right: taken back, and the username's earlier failures forgotten (`succeed`). */
  succeeded(): Promise<void>;
  /**
   * Right, but not the end of the sign-in (the password of a user with two-factor on: a code must follow). Taken back
   * and nothing more: the earlier failures stay, so a password that is known does not give fresh guesses at the code.
   */
  passed(): void;
}

interface Count {
  key: string;
  limit: number;
  /** The username's key, for its pair and its own count; null for the address's. */
  userKey: string | null;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  /** A username's key → the keys of its pairs (one per address it failed from), to clear them all. */
  private readonly pairsOf = new Map<string, Set<string>>();

  constructor(private readonly options: LoginThrottleOptions) {}

  /** Takes the failures still in the window from the database (at startup), and forgets the older ones there. */
  async restore(): Promise<void> {
    const { store, now, windowMs } = this.options;
    if (!store) return;
    const since = now() - windowMs;
    try {
      for (const { key, time, userKey } of await store.since(since)) {
        const times = this.failures.get(key) ?? [];
        times.push(time);
        this.failures.set(key, times);
        if (userKey && userKey !== key) this.pairOf(userKey, key);
      }
      await store.prune(since);
    } catch (error) {
      // The throttle then starts empty, as it did before it was kept: logged, never a reason not to start.
      this.options.log?.error({ err: error }, 'could not read the failed sign-ins kept in the database');
    }
  }

  /** Seconds to wait before trying again, or 0 when a sign-in may be tried now. */
  retryAfterSeconds(ip: string, username: string): number {
    const now = this.options.now();
    let wait = 0;
    for (const { key, limit } of this.counts(ip, username)) {
      const end = this.lockEnd(key, limit, now);
      // At least a second while a limit is reached, even at the window's very edge.
      if (end !== null) wait = Math.max(wait, Math.ceil((end - now) / 1000), 1);
    }
    return wait;
  }

  /**
   * Until when (epoch ms) sign-ins of this username are refused from at least one address — its own count, or its
   * pair with some address —, or null. An address's count, which is not the username's, is not looked at.
   */
  lockedUntil(username: string): number | null {
    const now = this.options.now();
    const userKey = usernameKey(username);
    const { maxFailures, maxFailuresPerUsername } = this.options;
    const ends = [...(this.pairsOf.get(userKey) ?? [])].map((key) => this.lockEnd(key, maxFailures, now));
    if (maxFailuresPerUsername > 0) ends.push(this.lockEnd(userKey, maxFailuresPerUsername, now));
    const latest = Math.max(...ends.map((end) => end ?? 0));
    return latest > 0 ? latest : null;
  }

  /**
   * Forgets this username's failures — its pairs with every address, and its own count — in memory and in the
   * database. Not the addresses' counts: they are about whoever is at an address, whatever the username. Returns
   * whether any failure was forgotten.
   */
  async clearUsername(username: string): Promise<boolean> {
    const userKey = usernameKey(username);
    let cleared = this.failures.delete(userKey);
    for (const key of this.pairsOf.get(userKey) ?? []) cleared = this.failures.delete(key) || cleared;
    this.pairsOf.delete(userKey);
    await this.persist((store) => store.clearUser(userKey));
    return cleared;
  }

  /**
   * Counts an attempt as a failure at once (in memory), before the slow password check: sign-ins sent at the same
   * time cannot all pass the check of the limits before any of them is counted. `succeeded()` takes it back.
   */
  begin(ip: string, username: string): SignInAttempt {
    const now = this.options.now();
    if (this.failures.size > SWEEP_AT) this.sweep(now);
    const counts = this.counts(ip, username);
    const keys = counts.map(({ key }) => key);
    for (const { key, userKey } of counts) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
      if (userKey && userKey !== key) this.pairOf(userKey, key);
    }
    const takeBack = () => {
      for (const key of keys) {
        const times = this.failures.get(key) ?? [];
        const at = times.lastIndexOf(now);
        if (at >= 0) times.splice(at, 1);
        if (times.length === 0) this.failures.delete(key);
      }
    };
    return {
      // Written with the failures older than the window removed (and restored ones pruned at startup).
      failed: () =>
        this.persist(async (store) => {
          await store.add(counts.map(({ key, userKey }) => ({ key, userKey })), now);
          await store.prune(now - this.options.windowMs);
        }),
      succeeded: async () => {
        takeBack();
        await this.succeed(ip, username);
      },
      passed: () => takeBack(),
    };
  }

  /**
   * A successful sign-in clears the username's failures, from that address and from any (not the address's: a
   * sprayer who knows one password does not get a fresh start for the others).
   */
  async succeed(ip: string, username: string): Promise<void> {
    const name = username.toLowerCase();
    const pair = keyOf(`pair:${addressKey(ip)}\n${name}`);
    this.pairsOf.get(usernameKey(name))?.delete(pair);
    for (const key of [pair, usernameKey(name)]) {
      if (this.failures.delete(key)) await this.persist((store) => store.clear(key));
    }
  }

  private async persist(write: (store: LoginFailuresRepository) => Promise<unknown>): Promise<void> {
    if (!this.options.store) return;
    try {
      await write(this.options.store);
    } catch (error) {
      this.options.log?.error({ err: error }, 'could not record a failed sign-in in the database (the throttle still counts it)');
    }
  }

  private counts(ip: string, username: string): Count[] {
    const name = username.toLowerCase();
    ip = addressKey(ip);
    const { maxFailures, maxFailuresPerAddress, maxFailuresPerUsername } = this.options;
    const userKey = usernameKey(name);
    const counts: Count[] = [
      { key: keyOf(`pair:${ip}\n${name}`), limit: maxFailures, userKey },
      { key: keyOf(`ip:${ip}`), limit: maxFailuresPerAddress, userKey: null },
    ];
    if (maxFailuresPerUsername > 0) counts.push({ key: userKey, limit: maxFailuresPerUsername, userKey });
    return counts;
  }

  private pairOf(userKey: string, pairKey: string): void {
    const pairs = this.pairsOf.get(userKey) ?? new Set<string>();
    pairs.add(pairKey);
    this.pairsOf.set(userKey, pairs);
  }

  /** When a count at its limit lets sign-ins through again (its oldest failure that counts leaves the window), or null. */
  private lockEnd(key: string, limit: number, now: number): number | null {
    const times = this.recent(key, now);
    if (times.length < limit) return null;
    return (times[times.length - limit] ?? now) + this.options.windowMs;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((time) => time > now - this.options.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    for (const [userKey, pairs] of this.pairsOf) {
      for (const key of pairs) if (!this.failures.has(key)) pairs.delete(key);
      if (pairs.size === 0) this.pairsOf.delete(userKey);
    }
  }
}
