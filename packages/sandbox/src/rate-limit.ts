/**
 * Cloudflare's global API rate limit, simulated: `limit` requests per `windowSeconds` (fixed window starting at
 * the first request); the request that goes past the limit and every request after it gets 429 for
 * `lockoutSeconds` (default 300), then a new window starts.
 */
export interface RateLimitOptions {
  limit: number;
  windowSeconds: number;
  /** Default 300 (Cloudflare: "every call gets HTTP 429 for the next five minutes"). */
  lockoutSeconds?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Headers to set on the response. */
  headers: Record<string, string>;
  /** Seconds until a limited caller may retry (only when not allowed). */
  retryAfterSeconds?: number;
}

export class RateLimiter {
  private windowStart = 0;
  private count = 0;
  private lockedUntil = 0;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  private get policy(): string {
    return `"default";q=${this.options.limit};w=${this.options.windowSeconds}`;
  }

  reset(): void {
    this.windowStart = 0;
    this.count = 0;
    this.lockedUntil = 0;
  }

  consume(): RateLimitDecision {
    const now = this.now();
    const lockoutMs = (this.options.lockoutSeconds ?? 300) * 1000;
    const windowMs = this.options.windowSeconds * 1000;

    if (now < this.lockedUntil) {
      const retry = Math.max(1, Math.ceil((this.lockedUntil - now) / 1000));
      return this.limited(retry);
    }
    if (this.lockedUntil !== 0 || now - this.windowStart >= windowMs) {
      this.lockedUntil = 0;
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    if (this.count > this.options.limit) {
      this.lockedUntil = now + lockoutMs;
      return this.limited(Math.max(1, Math.ceil(lockoutMs / 1000)));
    }
    const remaining = this.options.limit - this.count;
    const reset = Math.max(0, Math.ceil((this.windowStart + windowMs - now) / 1000));
    return {
      allowed: true,
      headers: { Ratelimit: `"default";r=${remaining};t=${reset}`, 'Ratelimit-Policy': this.policy },
    };
  }

  private limited(retryAfterSeconds: number): RateLimitDecision {
    return {
      allowed: false,
      retryAfterSeconds,
      headers: {
        Ratelimit: `"default";r=0;t=${retryAfterSeconds}`,
        'Ratelimit-Policy': this.policy,
        'Retry-After': String(retryAfterSeconds),
      },
    };
  }
}
