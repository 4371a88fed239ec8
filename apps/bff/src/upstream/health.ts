/**
 * What the dashboard has seen of Cloudflare lately (the contract's `CloudflareHealth`): every attempt the gateway
 * sends is recorded here with its outcome and time, for `GET /api/meta/ratelimit`'s `cloudflare` and the
 * `bff_upstream_consecutive_failures` gauge. So support staff can tell in a glance whether an error is Cloudflare's
 * (502s and timeouts for everyone, since 05:41) or theirs (a refused change), without reading logs.
 *
 * Memory: the attempts of one window (5 minutes), at most `maxEntries` of them (the oldest dropped first).
 * Cheap on the request path: one small object pushed per attempt; the figures are worked out when asked for.
 */
import type { CloudflareHealth, OperationId, UpstreamFailureKind } from '@secdns/api-types';
import type { UpstreamOutcome } from './client.js';

/** Cloudflare's bad moments: 5xx, no answer in time, no connection, an answer not understood. */
export const FAILURE_KINDS: ReadonlySet<UpstreamOutcome> = new Set<UpstreamFailureKind>(['server', 'timeout', 'network', 'malformed']);

/** Failed attempts in a row from which Cloudflare is "failing", whatever answered before. */
const FAILING_AFTER = 3;
/** Answers needed before "slow" is said: one slow answer is not a trend. */
const SLOW_MIN_ANSWERS = 5;

export interface AttemptRecord {
  operation: OperationId;
  kind: UpstreamOutcome;
  /** The BFF's status for it (the upstream's for answers; 502 / 504 for failures). */
  status: number;
  /** The sentence the user was shown for a failure. */
  message: string;
  durationMs: number;
  retry: boolean;
}

interface Entry extends AttemptRecord {
  at: number;
}

/** Cloudflare started failing (the attempt that made it `FAILING_AFTER` in a row), or answers again after that. */
export type HealthChange =
  | { kind: 'failing'; since: number; failures: number; last: AttemptRecord }
  | { kind: 'recovered'; since: number; failedForMs: number; failures: number };

export interface UpstreamHealthOptions {
  /** Told once when a run of failures reaches `FAILING_AFTER`, and once when it ends (the log's two lines). */
  onChange?: (change: HealthChange) => void;
  windowMs?: number;
  maxEntries?: number;
  slowMs?: number;
  now?: () => number;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index]!);
}

export class UpstreamHealth {
  private readonly windowMs: number;
  private readonly maxEntries: number;
  private readonly slowMs: number;
  private readonly now: () => number;
  private readonly onChange: ((change: HealthChange) => void) | undefined;
  private entries: Entry[] = [];
  private consecutive = 0;
  private failingSince: number | null = null;
  private lastFailure: Entry | null = null;
  private lastAnswerAt: number | null = null;

  constructor(options: UpstreamHealthOptions = {}) {
    this.windowMs = options.windowMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 2000;
    this.slowMs = options.slowMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
  }

  /**
   * One attempt's outcome, kept as given (a new object per attempt: it is not copied). Abandoned attempts
   * (`cancelled`) and the BFF's own refusals say nothing of Cloudflare and are not kept.
   */
  record(attempt: AttemptRecord): void {
    if (attempt.kind === 'cancelled' || attempt.kind === 'throttled') return;
    const at = this.now();
    const entry = attempt as Entry; // the gateway's object, made for this call: kept as it is, with its time
    entry.at = at;
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    if (FAILURE_KINDS.has(attempt.kind)) {
      this.consecutive += 1;
      this.failingSince ??= at;
      this.lastFailure = entry;
      if (this.consecutive === FAILING_AFTER) {
        this.onChange?.({ kind: 'failing', since: this.failingSince, failures: this.consecutive, last: attempt });
      }
    } else {
      if (this.consecutive >= FAILING_AFTER && this.failingSince !== null) {
        this.onChange?.({ kind: 'recovered', since: this.failingSince, failedForMs: at - this.failingSince, failures: this.consecutive });
      }
      this.consecutive = 0;
      this.failingSince = null;
      this.lastAnswerAt = at;
    }
  }

  /** Failed attempts in a row, up to the latest. */
  consecutiveFailures(): number {
    return this.consecutive;
  }

  /** The run of failures going on now, when it is long enough to say "failing"; null otherwise. */
  failingRun(): { since: number; failures: number; last: AttemptRecord } | null {
    if (this.consecutive < FAILING_AFTER || this.failingSince === null || this.lastFailure === null) return null;
    return { since: this.failingSince, failures: this.consecutive, last: this.lastFailure };
  }

  snapshot(): CloudflareHealth {
    const now = this.now();
    const from = now - this.windowMs;
    let first = 0;
    while (first < this.entries.length && this.entries[first]!.at < from) first += 1;
    if (first > 0) this.entries = this.entries.slice(first);

    const failures: Record<UpstreamFailureKind, number> = { server: 0, timeout: 0, network: 0, malformed: 0 };
    let failed = 0;
    let retried = 0;
    let rateLimited = 0;
    const answered: number[] = [];
    for (const entry of this.entries) {
      if (entry.retry) retried += 1;
      if (FAILURE_KINDS.has(entry.kind)) {
        failures[entry.kind as UpstreamFailureKind] += 1;
        failed += 1;
      } else {
        if (entry.kind === 'rate-limited') rateLimited += 1;
        answered.push(entry.durationMs);
      }
    }
    answered.sort((a, b) => a - b);
    const answerMs = answered.length ? { p50: percentile(answered, 50), p95: percentile(answered, 95) } : null;

    let state: CloudflareHealth['state'];
    // Nothing in the window: whatever happened before (a failure overnight) is not said to be happening now.
    if (this.entries.length === 0) state = 'unknown';
    else if (this.consecutive > 0 && (this.consecutive >= FAILING_AFTER || answered.length === 0)) state = 'failing';
    else if (failed > 0) state = 'errors';
    else if (answerMs && answered.length >= SLOW_MIN_ANSWERS && answerMs.p95 >= this.slowMs) state = 'slow';
    else state = 'ok';

    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const last = this.lastFailure;
    return {
      state,
      windowSeconds: Math.round(this.windowMs / 1000),
      calls: this.entries.length,
      failed,
      failures,
      retried,
      rateLimited,
      consecutiveFailures: this.consecutive,
      failingSince: iso(this.failingSince),
      lastFailure: last
        ? { at: new Date(last.at).toISOString(), operation: last.operation, kind: last.kind as UpstreamFailureKind, status: last.status, message: last.message }
        : null,
      lastAnswerAt: iso(this.lastAnswerAt),
      answerMs,
      slowMs: this.slowMs,
    };
  }
}
