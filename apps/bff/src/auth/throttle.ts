/**
 * Sign-in throttling: at most `maxFailures` failed sign-ins per client address and per username within a sliding
 * window; then 429 with Retry-After until the oldest failure leaves the window. Counted before any password
 * verification. In memory (one BFF process; a restart forgets): see docs/decisions/006-auth-and-audit.md.
 */
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  now: () => number;
}

/** Above this many tracked keys, expired ones are swept (bounds memory under a spray of usernames). */
const SWEEP_AT = 10_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: LoginThrottleOptions) {}

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

  fail(ip: string, username: string): void {
    const now = this.options.now();
    if (this.failures.size > SWEEP_AT) this.sweep(now);
    for (const key of this.keys(ip, username)) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
  }

  /** A successful sign-in clears the username's failures (not the address's). */
  succeed(username: string): void {
    this.failures.delete(`user:${username.toLowerCase()}`);
  }

  private blocked(ip: string, username: string, now: number): boolean {
    return this.keys(ip, username).some((key) => this.recent(key, now).length >= this.options.maxFailures);
  }

  private keys(ip: string, username: string): string[] {
    return [`ip:${ip}`, `user:${username.toLowerCase()}`];
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
