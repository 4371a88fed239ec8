/**
 * The rate governor: one budget for the one Cloudflare token every dashboard user shares.
 *
 * Cloudflare allows a token `limit` requests per `windowSeconds` (1,200 per 300 s) and locks it out for five minutes
 * past that. The governor is a token bucket of `capacity = limit - headroom` tokens in which every spent token comes
 * back exactly one window after it was spent (a sliding window). A bucket that refills continuously would let
 * `capacity` go out in a burst and another `capacity` trickle in during the same window, twice the limit; this one
 * never lets more than `capacity` requests go out in any window, however the upstream aligns its own window.
 * Sends are counted in short slots (1/300 of the window, at least 10 ms), so memory is fixed and a token comes back
 * at most one slot late (never early).
 *
 * Corrections from Cloudflare: its `Ratelimit: r=<remaining>;t=<reset>` caps the budget at `r - headroom` until the
 * reset (someone else may be using the token), and a 429 (`Retry-After`) locks everything out until it lifts.
 *
 * Reads never wait: they get a token now or are refused (the caller then answers from cache or with 429). They may
 * not take the last `readReserve` tokens, nor take any while writes are queued, so a browser tab polling a list can
 * never starve an operator's change. One client's reads (the key the caller names: the signed-in user, else the
 * address) may not take more than `readShare` tokens in any window, counted in the same slots, so one runaway tab or
 * script cannot spend the budget of everyone else's reads; a client whose reads all left the window is forgotten.
 * Reads without a key (the dashboard's own: readiness, the serial watch) and writes are not limited per client.
 * The reads of bulk actions (a `purpose` in BULK_READ_PURPOSES: Check serials, Find zones using peers, setting up
 * many zones), everyone's together, may not take more than `bulkShare` tokens in any window: several people's large
 * actions at once leave the rest to single looks and changes.
 * Every send is also counted per spender (the client's key, or the dashboard's own) and purpose, for the report of
 * who is spending the budget on what (`snapshot().spending`); a spender whose sends all left the window is forgotten.
 * Writes wait, up to `queueTimeoutMs`, in a queue served round-robin across clients (a client flooding writes does
 * not delay another client's single write behind all of its own).
 * See docs/decisions/005-rate-budget.md.
 */
import { BULK_READ_PURPOSES, type BudgetPurpose, type BudgetSpender, type RateBudget } from '@secdns/api-types';
import { usernameOfKey } from './client-key.js';

export interface GovernorOptions {
  limit: number;
  windowSeconds: number;
  headroom: number;
  /** How long a write may wait for a token. */
  queueTimeoutMs: number;
  /** How many writes may wait at once. */
  queueMax: number;
  /** Share of the capacity reads may not use (kept for writes). Default 0.05. */
  readReserveRatio?: number;
  /** Share of the capacity one client's reads may use per window, 0 < ratio ≤ 1; 1 (the default): no such limit. */
  readShareRatio?: number;
  /** Share of the capacity the reads of bulk actions, everyone's together, may use per window; 1 (the default): all. */
  bulkReadShareRatio?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

/**
 * `share`: this client's reads used their share of the window (`readShare`); `bulk`: the bulk actions' reads, all of
 * them, used theirs (`bulkShare`); `budget`: the whole budget is spent.
 */
export type DenialReason = 'budget' | 'share' | 'bulk' | 'locked-out' | 'queue-full' | 'queue-timeout' | 'closing';

/** What a read is for: part of a change (not limited by the client's share), and the action it belongs to. */
export interface ReadUse {
  partOfChange?: boolean;
  purpose?: BudgetPurpose;
}

export type Admission =
  | { granted: true; waitedMs: number }
  | { granted: false; reason: DenialReason; retryAfterSeconds: number; waitedMs: number };

/** What an upstream answer told us about the budget. */
export interface Observation {
  status: number;
  rateLimit?: { remaining: number; resetSeconds: number };
  retryAfterSeconds?: number;
}

/** What `GET /api/meta/ratelimit` reports; the shape is the contract's (`RateBudget`). */
export type GovernorSnapshot = RateBudget;

interface Slot {
  start: number;
  count: number;
}

/**
 * Sends counted in slots of `slotMs`: a send leaves the count one window after its slot began plus one slot (at most
 * one slot late, never early). Memory: one entry per slot that saw a send, at most one window's worth.
 */
class SlidingCount {
  used = 0;
  private slots: Slot[] = [];

  constructor(
    private readonly slotMs: number,
    private readonly windowMs: number,
  ) {}

  add(now: number): void {
    const start = now - (now % this.slotMs);
    const last = this.slots[this.slots.length - 1];
    if (last && last.start === start) last.count += 1;
    else this.slots.push({ start, count: 1 });
    this.used += 1;
  }

  expire(now: number): void {
    while (this.slots.length && this.leaves(this.slots[0]!) <= now) this.used -= this.slots.shift()!.count;
  }

  /** When at most `count` sends are left in the count (`now` if there are no more already). */
  downTo(count: number, now: number): number {
    let excess = this.used - count;
    if (excess <= 0) return now;
    for (const slot of this.slots) {
      excess -= slot.count;
      if (excess <= 0) return this.leaves(slot);
    }
    return now;
  }

  private leaves(slot: Slot): number {
    return slot.start + this.slotMs + this.windowMs;
  }
}

interface Waiter {
  key: string;
  purpose: BudgetPurpose | undefined;
  enqueuedAt: number;
  timer: NodeJS.Timeout;
  resolve(admission: Admission): void;
}

const DEFAULT_LOCKOUT_SECONDS = 60;
/** Spenders named one by one in the report; the rest are summed. */
const SPENDERS_SHOWN = 10;

/** One spender's sends for one purpose in the window. */
interface Spend {
  spender: string | undefined;
  purpose: BudgetPurpose | undefined;
  reads: SlidingCount;
  writes: SlidingCount;
}


export class RateGovernor {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly headroom: number;
  readonly capacity: number;
  readonly readReserve: number;
  /** The most one client's reads may take per window (`capacity` when reads are not limited per client). */
  readonly readShare: number;
  /** The most the bulk actions' reads, everyone's together, may take per window (`capacity` when not limited). */
  readonly bulkShare: number;
  private readonly windowMs: number;
  private readonly slotMs: number;
  private readonly queueTimeoutMs: number;
  private readonly queueMax: number;
  private readonly now: () => number;

  private readonly sent: SlidingCount;
  /** Each client's reads in the window, least recently reading first (so the idle are forgotten from the front). */
  private readonly clientReads = new Map<string, SlidingCount>();
  /** The bulk actions' reads in the window, everyone's. */
  private readonly bulkReads: SlidingCount;
  /** Sends per spender and purpose, least recently sending first (so the idle are forgotten from the front). */
  private readonly spends = new Map<string, Spend>();
  private inFlight = 0;
  private lockedOutUntil = 0;
  /** Cloudflare's view, while it is more restrictive than ours. */
  private cap: { remaining: number; until: number; sentSince: number } | null = null;
  private lastUpstream: { remaining: number; resetSeconds: number; at: number } | null = null;
  /** Waiting writes per client key, and the keys in round-robin order. */
  private queues = new Map<string, Waiter[]>();
  private rotation: string[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: GovernorOptions) {
    this.limit = options.limit;
    this.windowSeconds = options.windowSeconds;
    this.headroom = options.headroom;
    this.capacity = Math.max(1, options.limit - options.headroom);
    this.readReserve = Math.floor(this.capacity * (options.readReserveRatio ?? 0.05));
    const shareRatio = options.readShareRatio ?? 1;
    this.readShare = shareRatio < 1 ? Math.max(1, Math.floor(this.capacity * shareRatio)) : this.capacity;
    const bulkRatio = options.bulkReadShareRatio ?? 1;
    this.bulkShare = bulkRatio < 1 ? Math.max(1, Math.floor(this.capacity * bulkRatio)) : this.capacity;
    this.windowMs = options.windowSeconds * 1000;
    this.slotMs = Math.max(10, Math.floor(this.windowMs / 300));
    this.sent = new SlidingCount(this.slotMs, this.windowMs);
    this.bulkReads = new SlidingCount(this.slotMs, this.windowMs);
    this.queueTimeoutMs = options.queueTimeoutMs;
    this.queueMax = options.queueMax;
    this.now = options.now ?? Date.now;
  }

  /** Tokens available now. */
  remaining(): number {
    const now = this.now();
    this.expire(now);
    if (now < this.lockedOutUntil) return 0;
    let available = this.capacity - this.sent.used;
    if (this.cap && now < this.cap.until) available = Math.min(available, this.cap.remaining - this.cap.sentSince);
    return Math.max(0, available);
  }

  /** Milliseconds until at least one token is available (0 if one is). */
  nextTokenInMs(): number {
    const now = this.now();
    this.expire(now);
    let at = now;
    if (now < this.lockedOutUntil) at = Math.max(at, this.lockedOutUntil);
    if (this.capacity - this.sent.used <= 0) at = Math.max(at, this.sent.downTo(this.capacity - 1, now));
    if (this.cap && now < this.cap.until && this.cap.remaining - this.cap.sentSince <= 0) at = Math.max(at, this.cap.until);
    return at - now;
  }

  get queueLength(): number {
    return this.queued;
  }

  /** Whether one client's reads are limited to `readShare` per window. */
  get readSharing(): boolean {
    return this.readShare < this.capacity;
  }

  /** Clients whose reads are still in the window (what the per-client counts hold in memory). */
  get readingClients(): number {
    this.forgetIdleClients(this.now());
    return this.clientReads.size;
  }

  /**
   * A read: a token now, or a refusal saying when to come back. Never waits. `key` names the client, whose reads may
   * not take more than `readShare` per window (unless the read is part of a change); without one (the dashboard's
   * own reads), only the budget counts. A read of a bulk action (`use.purpose`) also counts against `bulkShare`.
   */
  tryAcquireRead(key?: string, use: ReadUse = {}): Admission {
    if (this.closed) return this.denial('closing', 0);
    const now = this.now();
    const remaining = this.remaining();
    if (now < this.lockedOutUntil) return this.denial('locked-out', 0);
    const limited = key !== undefined && !use.partOfChange;
    const reads = limited ? this.readsOf(key, now) : undefined;
    if (reads && reads.used >= this.readShare) return this.denial('share', 0, reads.downTo(this.readShare - 1, now) - now);
    const bulk = !use.partOfChange && use.purpose !== undefined && BULK_READ_PURPOSES.has(use.purpose) && this.bulkShare < this.capacity;
    if (bulk) {
      this.bulkReads.expire(now);
      if (this.bulkReads.used >= this.bulkShare) return this.denial('bulk', 0, this.bulkReads.downTo(this.bulkShare - 1, now) - now);
    }
    if (remaining > this.readReserve && this.queued === 0) {
      this.take(key, use.purpose, 'read');
      if (limited && this.readSharing) this.countRead(key, now);
      if (bulk) this.bulkReads.add(now);
      return { granted: true, waitedMs: 0 };
    }
    // Reads wait for more than the reserve to be free (or for the queued writes): not merely for one token.
    return this.denial('budget', 0, this.queued === 0 ? this.readTokenInMs(now) : 0);
  }

  /** Milliseconds until a read may go: more than `readReserve` tokens free (Cloudflare's cap included). */
  private readTokenInMs(now: number): number {
    let at = now;
    const keep = this.capacity - this.readReserve - 1;
    if (this.sent.used > keep) at = Math.max(at, this.sent.downTo(keep, now));
    if (this.cap && now < this.cap.until && this.cap.remaining - this.cap.sentSince <= this.readReserve) at = Math.max(at, this.cap.until);
    return at - now;
  }

  /** Reads `key` may still send in this window before its share is used (Infinity when reads are not limited so). */
  readShareLeft(key: string): number {
    if (!this.readSharing) return Infinity;
    return this.readShare - (this.readsOf(key, this.now())?.used ?? 0);
  }

  /**
   * A write: a token now, or after waiting in the fair queue (up to the configured queue timeout, or `maxWaitMs`
   * when shorter), or a refusal. `key` identifies the client for round-robin fairness (the user).
   */
  acquireWrite(key = 'anonymous', maxWaitMs = Infinity, purpose?: BudgetPurpose): Promise<Admission> {
    const timeoutMs = Math.min(this.queueTimeoutMs, maxWaitMs);
    if (this.closed) return Promise.resolve(this.denial('closing', 0));
    if (this.queued === 0 && this.remaining() > 0) {
      this.take(key, purpose, 'write');
      return Promise.resolve({ granted: true, waitedMs: 0 });
    }
    if (this.queued >= this.queueMax) return Promise.resolve(this.denial('queue-full', 0));
    const now = this.now();
    if (now < this.lockedOutUntil && this.lockedOutUntil - now > timeoutMs) {
      return Promise.resolve(this.denial('locked-out', 0));
    }
    if (timeoutMs <= 0) return Promise.resolve(this.denial('queue-timeout', 0));
    return new Promise<Admission>((resolve) => {
      const waiter: Waiter = {
        key,
        purpose,
        enqueuedAt: now,
        resolve,
        timer: setTimeout(() => {
          if (this.removeWaiter(waiter)) resolve(this.denial('queue-timeout', this.now() - waiter.enqueuedAt));
        }, timeoutMs),
      };
      waiter.timer.unref?.();
      let queue = this.queues.get(key);
      if (!queue) {
        queue = [];
        this.queues.set(key, queue);
        this.rotation.push(key);
      }
      queue.push(waiter);
      this.queued += 1;
      this.schedule();
    });
  }

  /** Called once per upstream attempt that was admitted, with what the answer said (status 0: no answer). */
  observe(observation: Observation): void {
    const now = this.now();
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (observation.rateLimit) {
      const { remaining, resetSeconds } = observation.rateLimit;
      this.lastUpstream = { remaining, resetSeconds, at: now };
      // Requests still in flight may not be counted in Cloudflare's figure yet: count them as sent since.
      this.cap = { remaining: remaining - this.headroom, until: now + resetSeconds * 1000, sentSince: this.inFlight };
    }
    if (observation.status === 429) {
      const seconds =
        observation.retryAfterSeconds ?? observation.rateLimit?.resetSeconds ?? DEFAULT_LOCKOUT_SECONDS;
      this.lockedOutUntil = Math.max(this.lockedOutUntil, now + Math.max(1, seconds) * 1000);
    }
    this.drain();
  }

  /** The budget; with `key`, and reads limited per client, that client's own reads too (`yourReads`). */
  snapshot(key?: string): GovernorSnapshot {
    const now = this.now();
    const remaining = this.remaining();
    const resetAt = Math.max(this.sent.downTo(0, now), this.lockedOutUntil);
    const reads = key !== undefined && this.readSharing ? this.readsOf(key, now) : undefined;
    return {
      limit: this.limit,
      windowSeconds: this.windowSeconds,
      headroom: this.headroom,
      capacity: this.capacity,
      remaining,
      used: this.sent.used,
      nextTokenSeconds: Math.ceil(this.nextTokenInMs() / 1000),
      resetSeconds: Math.max(0, Math.ceil((resetAt - now) / 1000)),
      queueLength: this.queued,
      lockedOutUntil: now < this.lockedOutUntil ? new Date(this.lockedOutUntil).toISOString() : null,
      upstream: this.lastUpstream
        ? {
            remaining: this.lastUpstream.remaining,
            resetSeconds: this.lastUpstream.resetSeconds,
            observedAt: new Date(this.lastUpstream.at).toISOString(),
          }
        : null,
      ...this.spending(now),
      bulkReads: {
        used: this.bulkReads.used,
        share: this.bulkShare,
        nextSeconds:
          this.bulkReads.used >= this.bulkShare ? Math.ceil((this.bulkReads.downTo(this.bulkShare - 1, now) - now) / 1000) : 0,
      },
      ...(key !== undefined && this.readSharing
        ? {
            yourReads: {
              used: reads?.used ?? 0,
              share: this.readShare,
              nextSeconds: reads ? Math.ceil((reads.downTo(this.readShare - 1, now) - now) / 1000) : 0,
            },
          }
        : {}),
    };
  }

  /** Refuses every waiting write and stops the timer (app shutdown). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const queue of this.queues.values()) {
      for (const waiter of queue) {
        clearTimeout(waiter.timer);
        waiter.resolve(this.denial('closing', this.now() - waiter.enqueuedAt));
      }
    }
    this.queues.clear();
    this.rotation = [];
    this.queued = 0;
  }

  /** A refusal; its Retry-After is when a token is back, or `waitMs` when that is later (a client's share). */
  private denial(reason: DenialReason, waitedMs: number, waitMs = 0): Admission {
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(this.nextTokenInMs(), waitMs) / 1000));
    return { granted: false, reason, retryAfterSeconds, waitedMs };
  }

  private take(spender: string | undefined, purpose: BudgetPurpose | undefined, kind: 'read' | 'write'): void {
    const now = this.now();
    this.sent.add(now);
    this.inFlight += 1;
    if (this.cap) this.cap.sentSince += 1;
    // The spenders whose sends all left the window are forgotten here too (not only when someone asks for the report).
    for (const [idle, spend] of this.spends) {
      if (spend.reads.downTo(0, now) > now || spend.writes.downTo(0, now) > now) break;
      this.spends.delete(idle);
    }
    const id = `${spender ?? ''}\n${purpose ?? ''}`;
    const spend = this.spends.get(id) ?? {
      spender,
      purpose,
      reads: new SlidingCount(this.slotMs, this.windowMs),
      writes: new SlidingCount(this.slotMs, this.windowMs),
    };
    this.spends.delete(id);
    this.spends.set(id, spend);
    (kind === 'read' ? spend.reads : spend.writes).add(now);
  }

  private expire(now: number): void {
    this.sent.expire(now);
    this.bulkReads.expire(now);
    if (this.cap && now >= this.cap.until) this.cap = null;
  }

  /** Who sent the window's requests, and what for: the most first; the dashboard's own under username null. */
  private spending(now: number): Pick<RateBudget, 'spending' | 'otherSpenders'> {
    const byUser = new Map<string, BudgetSpender>();
    for (const [id, spend] of this.spends) {
      spend.reads.expire(now);
      spend.writes.expire(now);
      if (spend.reads.used + spend.writes.used === 0) {
        this.spends.delete(id);
        continue;
      }
      const username = usernameOfKey(spend.spender);
      const name = username ?? '';
      const spender = byUser.get(name) ?? { username, reads: 0, writes: 0, spends: [] };
      byUser.set(name, spender);
      spender.reads += spend.reads.used;
      spender.writes += spend.writes.used;
      const same = spender.spends.find((entry) => entry.purpose === (spend.purpose ?? null));
      if (same) {
        same.reads += spend.reads.used;
        same.writes += spend.writes.used;
      } else spender.spends.push({ purpose: spend.purpose ?? null, reads: spend.reads.used, writes: spend.writes.used });
    }
    const total = (entry: { reads: number; writes: number }) => entry.reads + entry.writes;
    const all = [...byUser.values()].sort((a, b) => total(b) - total(a) || (a.username ?? '').localeCompare(b.username ?? ''));
    for (const spender of all) spender.spends.sort((a, b) => total(b) - total(a));
    const rest = all.slice(SPENDERS_SHOWN);
    return {
      spending: all.slice(0, SPENDERS_SHOWN),
      otherSpenders: { spenders: rest.length, requests: rest.reduce((sum, spender) => sum + total(spender), 0) },
    };
  }

  /** `key`'s reads in the window, if it has any (and reads are limited per client). */
  private readsOf(key: string, now: number): SlidingCount | undefined {
    if (!this.readSharing) return undefined;
    this.forgetIdleClients(now);
    const reads = this.clientReads.get(key);
    reads?.expire(now);
    return reads;
  }

  /** Counts a read of `key`, which becomes the most recently reading client. */
  private countRead(key: string, now: number): void {
    const reads = this.clientReads.get(key) ?? new SlidingCount(this.slotMs, this.windowMs);
    this.clientReads.delete(key);
    this.clientReads.set(key, reads);
    reads.add(now);
  }

  /** Forgets the clients whose reads all left the window: the least recently reading first, so it stops early. */
  private forgetIdleClients(now: number): void {
    for (const [key, reads] of this.clientReads) {
      if (reads.downTo(0, now) > now) break;
      this.clientReads.delete(key);
    }
  }

  private removeWaiter(waiter: Waiter): boolean {
    const queue = this.queues.get(waiter.key);
    const index = queue ? queue.indexOf(waiter) : -1;
    if (!queue || index < 0) return false;
    queue.splice(index, 1);
    this.queued -= 1;
    if (queue.length === 0) {
      this.queues.delete(waiter.key);
      this.rotation = this.rotation.filter((key) => key !== waiter.key);
    }
    return true;
  }

  /** Hands tokens to waiting writes, one client at a time in turn. */
  private drain(): void {
    while (this.queued > 0 && this.remaining() > 0) {
      const key = this.rotation.shift()!;
      const queue = this.queues.get(key)!;
      const waiter = queue.shift()!;
      this.queued -= 1;
      if (queue.length) this.rotation.push(key);
      else this.queues.delete(key);
      clearTimeout(waiter.timer);
      this.take(waiter.key, waiter.purpose, 'write');
      waiter.resolve({ granted: true, waitedMs: this.now() - waiter.enqueuedAt });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queued === 0 || this.closed) return;
    const delay = Math.max(5, this.nextTokenInMs());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, delay);
    this.timer.unref?.();
  }
}
