/** The read cache on a fake clock: TTL, stale window, coalescing, invalidation by scope and generation. */
import { operations } from '@secdns/api-types';
import { describe, expect, it } from 'vitest';
import { ReadCache, scopeOf } from '../../src/cache/read-cache.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('scopeOf', () => {
  it('groups an account’s resource (list and items) and everything under a zone', () => {
    const a = { account_id: 'a1' };
    expect(scopeOf(operations['peers.list'], a)).toBe('account:a1:peers');
    expect(scopeOf(operations['peers.update'], { ...a, peer_id: 'p' })).toBe('account:a1:peers');
    expect(scopeOf(operations['tsigs.get'], { ...a, tsig_id: 't' })).toBe('account:a1:tsigs');
    const z = { zone_id: 'z1' };
    for (const id of ['incoming.get', 'outgoing.get', 'outgoing.status.get', 'forceAxfr', 'outgoing.enable'] as const) {
      expect(scopeOf(operations[id], z)).toBe('zone:z1');
    }
    expect(scopeOf(operations['zones.list'], {})).toBe('zones');
  });
});

describe('ReadCache', () => {
  it('serves fresh within the TTL, stale only within staleMs', () => {
    const c = clock();
    const cache = new ReadCache<string>({ ttlMs: 100, staleMs: 1000, now: c.now });
    expect(cache.store('k', 's', 0, 'v')).toBe(true);
    expect(cache.fresh('k')?.entry.value).toBe('v');
    c.advance(150);
    expect(cache.fresh('k')).toBeUndefined();
    expect(cache.stale('k')).toMatchObject({ entry: { value: 'v' }, ageMs: 150 });
    c.advance(1000);
    expect(cache.stale('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stores nothing when disabled (TTL 0)', () => {
    const cache = new ReadCache<string>({ ttlMs: 0, staleMs: 1000 });
    expect(cache.store('k', 's', 0, 'v')).toBe(false);
  });

  it('coalesces concurrent loads of the same key', async () => {
    const cache = new ReadCache<number>({ ttlMs: 100, staleMs: 1000 });
    let calls = 0;
    let release!: (n: number) => void;
    const load = () => {
      calls += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const first = cache.coalesce('k', 's', load);
    const second = cache.coalesce('k', 's', load);
    expect([first.joined, second.joined]).toEqual([false, true]);
    release(7);
    expect(await Promise.all([first.promise, second.promise])).toEqual([7, 7]);
    expect(calls).toBe(1);
    expect(cache.coalesce('k', 's', async () => 8).joined).toBe(false); // settled: a new load
  });

  it('a write to a scope drops its answers, forgets its loads in flight, and refuses older stores', async () => {
    const cache = new ReadCache<string>({ ttlMs: 1000, staleMs: 1000 });
    cache.store('peers', 'account:a:peers', 0, 'old');
    cache.store('tsigs', 'account:a:tsigs', 0, 'tsigs');
    const generation = cache.generation('account:a:peers');
    const inFlight = cache.coalesce('peers', 'account:a:peers', () => new Promise<string>(() => undefined));
    cache.invalidate('account:a:peers');
    expect(cache.fresh('peers')).toBeUndefined();
    expect(cache.fresh('tsigs')?.entry.value).toBe('tsigs');
    expect(cache.coalesce('peers', 'account:a:peers', async () => 'new').joined).toBe(false);
    expect(cache.store('peers', 'account:a:peers', generation, 'read before the write')).toBe(false);
    expect(inFlight.joined).toBe(false);
  });

  it('is bounded', () => {
    const cache = new ReadCache<number>({ ttlMs: 1000, staleMs: 1000, maxEntries: 3 });
    for (let i = 0; i < 5; i++) cache.store(`k${i}`, 's', 0, i);
    expect(cache.size).toBe(3);
    expect(cache.fresh('k0')).toBeUndefined();
    expect(cache.fresh('k4')?.entry.value).toBe(4);
  });
});
