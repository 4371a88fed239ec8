import { afterEach, describe, expect, it, vi } from 'vitest';
import { budgetLevel, fetchRateBudget, formatSeconds, yourReadsSummary, type RateBudget } from './rate-budget';

const BUDGET: RateBudget = {
  limit: 1200,
  windowSeconds: 300,
  headroom: 100,
  capacity: 1100,
  remaining: 1000,
  used: 100,
  nextTokenSeconds: 0,
  resetSeconds: 120,
  queueLength: 0,
  lockedOutUntil: null,
  upstream: null,
  spending: [],
  otherSpenders: { spenders: 0, requests: 0 },
  bulkReads: { used: 0, share: 1100, nextSeconds: 0 },
};

function stubJson(body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })),
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchRateBudget', () => {
  it("reads the envelope's result", async () => {
    stubJson({ success: true, errors: [], messages: [], result: BUDGET });
    await expect(fetchRateBudget()).resolves.toEqual(BUDGET);
  });

  it('refuses a bare object: the BFF answers in the envelope', async () => {
    stubJson(BUDGET);
    await expect(fetchRateBudget()).rejects.toThrow(/expected format/);
  });
});

describe('budgetLevel', () => {
  it('is ok above 20 %, low at or below, spent at zero or when locked out', () => {
    expect(budgetLevel({ remaining: 1050, capacity: 1100, lockedOutUntil: null })).toBe('ok');
    expect(budgetLevel({ remaining: 220, capacity: 1100, lockedOutUntil: null })).toBe('low');
    expect(budgetLevel({ remaining: 0, capacity: 1100, lockedOutUntil: null })).toBe('spent');
    expect(budgetLevel({ remaining: 900, capacity: 1100, lockedOutUntil: '2026-01-01T00:00:00Z' })).toBe('spent');
  });
});

describe('yourReadsSummary', () => {
  it("says the caller's own reads of their share, only when the BFF limits them", () => {
    expect(yourReadsSummary(BUDGET)).toBeNull();
    expect(yourReadsSummary({ yourReads: { used: 1234, share: 5500, nextSeconds: 0 } })).toBe('you: 1,234 of 5,500 reads');
  });
});

describe('formatSeconds', () => {
  it('reads like a person wrote it', () => {
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(200)).toBe('3 min 20 s');
    expect(formatSeconds(300)).toBe('5 min');
  });
});
