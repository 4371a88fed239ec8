/**
 * Sign-in throttling: at most `maxFailures` failed sign-ins per client address and per username within a sliding
 * window; then 429 with Retry-After until the oldest failure leaves the window. Counted before any password
 * verification. Counted in memory (one BFF process) and written to the database (`store`), from which a restart
 * takes the failures still in the window: a restart does not give a password guesser a fresh start. A failed write
 * is logged, never a reason to let a sign-in through or to refuse one. See docs/decisions/006-auth-and-audit.md.
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { LoginFailuresRepository } from '../storage/types.js';

export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  now: () => number;
  store?: LoginFailuresRepository;
  log?: FastifyBaseLogger;
}


/** Above this many tracked keys, expired ones are swept (bounds memory under a spray of usernames). */
const SWEEP_AT = 10_000;

/**
 * Keys are hashes (SHA-256, hex) of `ip:<address>` / `user:<name>`: whatever was typed as a username (a password,
 * sometimes) is never kept as typed, in memory or in the database.
 */
const keyOf = (key: string) => createHash('sha256').update(key).digest('hex');

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: LoginThrottleOptions) {}

  /** Takes the failures still in the window from the database (at startup), and forgets the older ones there. */
  async restore(): Promise<void> {
    const { store, now, windowMs } = this.options;
    if (!store) return;
    const since = now() - windowMs;
    try {
      for (const { key, time } of await store.since(since)) {
        const times = this.failures.get(key) ?? [];
        times.push(time);
        this.failures.set(key, times);
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
    for (const key of this.keys(ip, username)) {
      const times = this.recent(key, now);
      if (times.length >= this.options.maxFailures) {
        const oldest = times[times.length - this.options.maxFailures] ?? now;
        wait = Math.max(wait, Math.ceil((oldest + this.options.windowMs - now) / 1000));
      }
    }
    return Math.max(wait, 0) || (this.blocked(ip, username, now) ? 1 : 0);
  }

  async fail(ip: string, username: string): Promise<void> {
    const now = this.options.now();
    if (this.failures.size > SWEEP_AT) this.sweep(now);
    const keys = this.keys(ip, username);
    for (const key of keys) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
    // Written with the failures older than the window removed (and restored ones pruned at startup).
    await this.persist(async (store) => {
      await store.add(keys, now);
      await store.prune(now - this.options.windowMs);
    });
  }

  /** A successful sign-in clears the username's failures (not the address's). */
  async succeed(username: string): Promise<void> {
    const key = keyOf(`user:${username.toLowerCase()}`);
    const had = this.failures.delete(key);
    if (had) await this.persist((store) => store.clear(key));
  }

  private async persist(write: (store: LoginFailuresRepository) => Promise<unknown>): Promise<void> {
    if (!this.options.store) return;
    try {
      await write(this.options.store);
    } catch (error) {
      this.options.log?.error({ err: error }, 'could not record a failed sign-in in the database (the throttle still counts it)');
    }
  }

  private blocked(ip: string, username: string, now: number): boolean {
    return this.keys(ip, username).some((key) => this.recent(key, now).length >= this.options.maxFailures);
  }

  private keys(ip: string, username: string): string[] {
    return [keyOf(`ip:${ip}`), keyOf(`user:${username.toLowerCase()}`)];
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((time) => time > now - this.options.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }
}
