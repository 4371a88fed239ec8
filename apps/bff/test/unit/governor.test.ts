/** The rate governor on a fake clock: budget, sliding window, corrections from Cloudflare, the fair write queue. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateGovernor, type GovernorOptions } from '../../src/governor/governor.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

function governor(options: Partial<GovernorOptions> = {}) {
  return new RateGovernor({ limit: 10, windowSeconds: 60, headroom: 2, queueTimeoutMs: 5000, queueMax: 3, readReserveRatio: 0, ...options });
}

describe('the budget', () => {
  it('allows limit − headroom per window, then refuses reads with a Retry-After', () => {
    const g = governor();
    expect(g.capacity).toBe(8);
    for (let i = 0; i < 8; i++) expect(g.tryAcquireRead().granted).toBe(true);
    const refused = g.tryAcquireRead();
    expect(refused).toMatchObject({ granted: false, reason: 'budget' });
    expect(refused.granted === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(60);
    expect(g.snapshot()).toMatchObject({ limit: 10, capacity: 8, remaining: 0, used: 8, queueLength: 0 });
  });

  it('gives each token back one window after it was spent (never more than capacity in any window)', () => {
    const g = governor();
    for (let i = 0; i < 4; i++) g.tryAcquireRead();
    vi.advanceTimersByTime(30_000);
    for (let i = 0; i < 4; i++) g.tryAcquireRead();
    expect(g.remaining()).toBe(0);
    vi.advanceTimersByTime(30_000 + 200); // the first four are one window old (+ one slot)
    expect(g.remaining()).toBe(4);
    vi.advanceTimersByTime(30_000);
    expect(g.remaining()).toBe(8);
  });

  it('keeps a reserve for writes and gives reads nothing while writes wait', async () => {
    const g = governor({ readReserveRatio: 0.25 }); // 2 of 8 kept for writes
    for (let i = 0; i < 6; i++) expect(g.tryAcquireRead().granted).toBe(true);
    expect(g.tryAcquireRead().granted).toBe(false);
    await expect(g.acquireWrite('a')).resolves.toMatchObject({ granted: true });
  });

  it('tells a read refused by the reserve when enough is back for reads, not that one token is left', () => {
    const g = governor({ readReserveRatio: 0.25 }); // 2 of 8 kept for writes
    for (let i = 0; i < 6; i++) expect(g.tryAcquireRead().granted).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(g.remaining()).toBe(2);
    const refused = g.tryAcquireRead();
    expect(refused).toMatchObject({ granted: false, reason: 'budget' });
    // The first six leave the window 50 s from now: not "try again in 1 s" while two tokens are still free.
    expect(refused.granted === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(50);
    vi.advanceTimersByTime(50_500);
    expect(g.tryAcquireRead().granted).toBe(true);
  });

  it('follows Cloudflare’s Ratelimit header when it says less is left (someone else uses the token)', () => {
    const g = governor({ limit: 100, headroom: 10 });
    expect(g.tryAcquireRead().granted).toBe(true);
    g.observe({ status: 200, rateLimit: { remaining: 13, resetSeconds: 20 } });
    expect(g.remaining()).toBe(3); // 13 − headroom 10
    for (let i = 0; i < 3; i++) expect(g.tryAcquireRead().granted).toBe(true);
    expect(g.tryAcquireRead()).toMatchObject({ granted: false, reason: 'budget', retryAfterSeconds: 20 });
    vi.advanceTimersByTime(20_000);
    expect(g.remaining()).toBe(100 - 10 - 4);
    expect(g.snapshot().upstream).toMatchObject({ remaining: 13, resetSeconds: 20 });
  });

  it('honours a 429’s Retry-After: nothing is sent until it lifts', () => {
    const g = governor();
    g.tryAcquireRead();
    g.observe({ status: 429, retryAfterSeconds: 30 });
    expect(g.tryAcquireRead()).toMatchObject({ granted: false, reason: 'locked-out', retryAfterSeconds: 30 });
    expect(g.snapshot().lockedOutUntil).toBe('2025-01-01T00:00:30.000Z');
    vi.advanceTimersByTime(30_000);
    expect(g.tryAcquireRead().granted).toBe(true);
    expect(g.snapshot().lockedOutUntil).toBeNull();
  });
});

describe('the write queue', () => {
  it('makes a write wait for the next token, then lets it through', async () => {
    const g = governor({ windowSeconds: 1, limit: 2, headroom: 0 });
    await g.acquireWrite('a');
    await g.acquireWrite('a');
    const waiting = g.acquireWrite('a');
    expect(g.queueLength).toBe(1);
    await vi.advanceTimersByTimeAsync(1100);
    await expect(waiting).resolves.toMatchObject({ granted: true });
    expect(g.queueLength).toBe(0);
  });

  it('refuses a write that waited past the queue timeout, with a Retry-After', async () => {
    const g = governor({ windowSeconds: 60, limit: 1, headroom: 0, queueTimeoutMs: 500 });
    await g.acquireWrite('a');
    const waiting = g.acquireWrite('a');
    await vi.advanceTimersByTimeAsync(600);
    const result = await waiting;
    expect(result).toMatchObject({ granted: false, reason: 'queue-timeout' });
    expect(result.waitedMs).toBeGreaterThanOrEqual(500);
    expect(result.granted === false && result.retryAfterSeconds).toBeGreaterThan(50);
    expect(g.queueLength).toBe(0);
  });

  it('refuses at once past WRITE_QUEUE_MAX, and when the lock-out outlasts the wait', async () => {
    const g = governor({ limit: 1, headroom: 0, queueMax: 2 });
    await g.acquireWrite('a');
    void g.acquireWrite('a');
    void g.acquireWrite('b');
    await expect(g.acquireWrite('c')).resolves.toMatchObject({ granted: false, reason: 'queue-full' });
    g.close();

    const locked = governor();
    locked.observe({ status: 429, retryAfterSeconds: 300 });
    await expect(locked.acquireWrite('a')).resolves.toMatchObject({ granted: false, reason: 'locked-out' });
  });

  it('serves clients in turn, not in arrival order only', async () => {
    const g = governor({ windowSeconds: 1, limit: 1, headroom: 0, queueMax: 10, queueTimeoutMs: 10_000 });
    await g.acquireWrite('flood');
    const order: string[] = [];
    const track = (key: string, label: string) => g.acquireWrite(key).then(() => order.push(label));
    const all = [track('flood', 'f1'), track('flood', 'f2'), track('flood', 'f3'), track('quiet', 'q1')];
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1100);
    await Promise.all(all);
    expect(order).toEqual(['f1', 'q1', 'f2', 'f3']);
  });
});

describe('the read share per client', () => {
  // Capacity 8; one client's reads may take half of it: 4 per window.
  const shared = (options: Partial<GovernorOptions> = {}) => governor({ readShareRatio: 0.5, ...options });

  it('refuses a client past its share, saying so and when a read of its own comes back', () => {
    const g = shared();
    expect(g.readShare).toBe(4);
    g.tryAcquireRead('user:a');
    g.tryAcquireRead('user:a');
    vi.advanceTimersByTime(30_000);
    for (let i = 0; i < 2; i++) expect(g.tryAcquireRead('user:a').granted).toBe(true);
    // Its first two reads leave the window at 60.2 s (one window after their slot, plus the slot).
    expect(g.tryAcquireRead('user:a')).toMatchObject({ granted: false, reason: 'share', retryAfterSeconds: 31 });
    expect(g.readShareLeft('user:a')).toBe(0);
    expect(g.remaining()).toBe(4); // the rest of the budget is untouched
  });

  it('leaves another client its own share, and the budget for everyone still binds', () => {
    const g = shared();
    for (let i = 0; i < 4; i++) g.tryAcquireRead('user:a');
    expect(g.tryAcquireRead('user:a')).toMatchObject({ granted: false, reason: 'share' });
    for (let i = 0; i < 4; i++) expect(g.tryAcquireRead('user:b').granted).toBe(true);
    expect(g.tryAcquireRead('user:c')).toMatchObject({ granted: false, reason: 'budget' });
    expect(g.readShareLeft('user:c')).toBe(4);
  });

  it('gives a client its share back as its reads leave the window (sliding, like the budget)', () => {
    const g = shared();
    g.tryAcquireRead('user:a');
    g.tryAcquireRead('user:a');
    vi.advanceTimersByTime(30_000);
    g.tryAcquireRead('user:a');
    g.tryAcquireRead('user:a');
    vi.advanceTimersByTime(30_200);
    expect(g.readShareLeft('user:a')).toBe(2);
    for (let i = 0; i < 2; i++) expect(g.tryAcquireRead('user:a').granted).toBe(true);
    expect(g.tryAcquireRead('user:a')).toMatchObject({ granted: false, reason: 'share' });
    vi.advanceTimersByTime(30_000);
    expect(g.readShareLeft('user:a')).toBe(2);
  });

  it('does not limit writes, which still spend the budget; nor the dashboard’s own reads (no key)', async () => {
    const g = shared();
    for (let i = 0; i < 4; i++) g.tryAcquireRead('user:a');
    for (let i = 0; i < 2; i++) await expect(g.acquireWrite('user:a')).resolves.toMatchObject({ granted: true });
    expect(g.readShareLeft('user:a')).toBe(0);
    expect(g.remaining()).toBe(2);
    for (let i = 0; i < 2; i++) expect(g.tryAcquireRead().granted).toBe(true);
    expect(g.tryAcquireRead()).toMatchObject({ granted: false, reason: 'budget' });
  });

  it('forgets a client once its reads have all left the window (memory for active clients only)', () => {
    const g = shared();
    g.tryAcquireRead('user:a');
    g.tryAcquireRead('ip:192.0.2.1');
    vi.advanceTimersByTime(30_000);
    g.tryAcquireRead('user:b');
    g.tryAcquireRead('user:a');
    expect(g.readingClients).toBe(3);
    vi.advanceTimersByTime(30_200); // ip:192.0.2.1's only read, and user:a's first, leave the window
    expect(g.readingClients).toBe(2);
    expect(g.readShareLeft('user:a')).toBe(3);
    vi.advanceTimersByTime(30_000);
    expect(g.readingClients).toBe(0);
    expect(g.readShareLeft('user:a')).toBe(4);
  });

  it('reports the caller’s own reads in the snapshot', () => {
    const g = shared();
    for (let i = 0; i < 4; i++) g.tryAcquireRead('user:a');
    expect(g.snapshot('user:a').yourReads).toEqual({ used: 4, share: 4, nextSeconds: 61 });
    expect(g.snapshot('user:b').yourReads).toEqual({ used: 0, share: 4, nextSeconds: 0 });
    expect(g.snapshot()).not.toHaveProperty('yourReads');
  });

  it('is off at ratio 1 (the default): one client may read the whole budget, and nothing is kept per client', () => {
    for (const g of [governor(), shared({ readShareRatio: 1 })]) {
      expect(g.readSharing).toBe(false);
      for (let i = 0; i < 8; i++) expect(g.tryAcquireRead('user:a').granted).toBe(true);
      expect(g.tryAcquireRead('user:a')).toMatchObject({ granted: false, reason: 'budget' });
      expect(g.readingClients).toBe(0);
      expect(g.readShareLeft('user:a')).toBe(Infinity);
      expect(g.snapshot('user:a')).not.toHaveProperty('yourReads');
    }
  });
});

describe('the bulk actions’ share (everyone’s together)', () => {
  // Capacity 8; the reads of bulk actions, all clients together, may take half of it: 4 per window.
  const bulky = (options: Partial<GovernorOptions> = {}) => governor({ bulkReadShareRatio: 0.5, ...options });

  it('refuses a bulk read once everyone’s bulk reads used the share, saying when one comes back', () => {
    const g = bulky();
    expect(g.bulkShare).toBe(4);
    g.tryAcquireRead('user:a', { purpose: 'check-serials' });
    g.tryAcquireRead('user:b', { purpose: 'find-zones-using-peers' });
    vi.advanceTimersByTime(30_000);
    expect(g.tryAcquireRead('user:c', { purpose: 'bulk-setup' }).granted).toBe(true);
    expect(g.tryAcquireRead('user:a', { purpose: 'check-serials' }).granted).toBe(true);
    // Another user's bulk read is refused too: the share is everyone's. The first two leave the window at 60.2 s.
    expect(g.tryAcquireRead('user:d', { purpose: 'check-serials' })).toMatchObject({ granted: false, reason: 'bulk', retryAfterSeconds: 31 });
    expect(g.snapshot().bulkReads).toEqual({ used: 4, share: 4, nextSeconds: 31 });
    vi.advanceTimersByTime(30_200);
    expect(g.tryAcquireRead('user:d', { purpose: 'check-serials' }).granted).toBe(true);
  });

  it('leaves single looks, reads that are part of a change, a Force on many zones and the dashboard’s own work the rest', async () => {
    const g = bulky({ limit: 12 }); // capacity 10, of which 5 for bulk reads
    for (let i = 0; i < 5; i++) g.tryAcquireRead('user:a', { purpose: 'check-serials' });
    expect(g.tryAcquireRead('user:a', { purpose: 'check-serials' })).toMatchObject({ granted: false, reason: 'bulk' });
    expect(g.tryAcquireRead('user:a').granted).toBe(true);
    expect(g.tryAcquireRead('user:a', { purpose: 'check-serials', partOfChange: true }).granted).toBe(true);
    expect(g.tryAcquireRead('user:b', { purpose: 'bulk-force' }).granted).toBe(true);
    expect(g.tryAcquireRead(undefined, { purpose: 'serial-watch' }).granted).toBe(true);
    await expect(g.acquireWrite('user:b', Infinity, 'bulk-setup')).resolves.toMatchObject({ granted: true });
    expect(g.remaining()).toBe(0);
    expect(g.snapshot().bulkReads.used).toBe(5);
  });

  it('is off at ratio 1 (the default)', () => {
    const g = governor();
    expect(g.bulkShare).toBe(8);
    for (let i = 0; i < 8; i++) expect(g.tryAcquireRead('user:a', { purpose: 'check-serials' }).granted).toBe(true);
    expect(g.tryAcquireRead('user:a', { purpose: 'check-serials' })).toMatchObject({ granted: false, reason: 'budget' });
  });
});

describe('who spends the budget on what', () => {
  it('reports each spender’s reads and changes of the window by purpose, the most first; the dashboard’s own as username null', async () => {
    const g = governor();
    g.tryAcquireRead('user:bob');
    for (let i = 0; i < 3; i++) g.tryAcquireRead('user:alice', { purpose: 'check-serials' });
    g.tryAcquireRead('user:alice');
    await g.acquireWrite('user:bob', Infinity, 'bulk-force');
    g.tryAcquireRead(undefined, { purpose: 'serial-watch' });
    // A read made for a change is the user's (not limited by their share, but theirs all the same).
    g.tryAcquireRead('user:bob', { partOfChange: true });
    const { spending, otherSpenders } = g.snapshot();
    expect(spending).toEqual([
      {
        username: 'alice',
        reads: 4,
        writes: 0,
        spends: [
          { purpose: 'check-serials', reads: 3, writes: 0 },
          { purpose: null, reads: 1, writes: 0 },
        ],
      },
      {
        username: 'bob',
        reads: 2,
        writes: 1,
        spends: [
          { purpose: null, reads: 2, writes: 0 },
          { purpose: 'bulk-force', reads: 0, writes: 1 },
        ],
      },
      { username: null, reads: 1, writes: 0, spends: [{ purpose: 'serial-watch', reads: 1, writes: 0 }] },
    ]);
    expect(otherSpenders).toEqual({ spenders: 0, requests: 0 });
  });

  it('counts a queued write for its client when it goes, and forgets spenders whose requests left the window', async () => {
    const g = governor({ limit: 4, headroom: 0, queueTimeoutMs: 120_000 }); // capacity 4
    for (let i = 0; i < 4; i++) g.tryAcquireRead('user:a');
    const waiting = g.acquireWrite('user:b', Infinity, 'bulk-setup');
    vi.advanceTimersByTime(60_300); // a's reads leave the window; b's write goes
    await expect(waiting).resolves.toMatchObject({ granted: true });
    expect(g.snapshot().spending).toEqual([
      { username: 'b', reads: 0, writes: 1, spends: [{ purpose: 'bulk-setup', reads: 0, writes: 1 }] },
    ]);
    vi.advanceTimersByTime(61_000);
    expect(g.snapshot().spending).toEqual([]);
  });

  it('names the ten who spent most and sums the rest', () => {
    const g = governor({ limit: 200, headroom: 0 });
    for (let user = 0; user < 12; user++) {
      for (let i = 0; i <= user; i++) g.tryAcquireRead(`user:u${String(user).padStart(2, '0')}`);
    }
    const { spending, otherSpenders } = g.snapshot();
    expect(spending.map((spender) => spender.username)).toEqual(['u11', 'u10', 'u09', 'u08', 'u07', 'u06', 'u05', 'u04', 'u03', 'u02']);
    expect(otherSpenders).toEqual({ spenders: 2, requests: 1 + 2 });
  });
});
