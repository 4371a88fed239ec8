import { describe, expect, it } from 'vitest';
import { spenderName, spendSummary } from './budget-spending';

describe("the budget's spenders in words", () => {
  it('names the user, marks the one signed in, and names the dashboard itself', () => {
    expect(spenderName({ username: 'alice' }, 'bob')).toBe('alice');
    expect(spenderName({ username: 'bob' }, 'bob')).toBe('bob (you)');
    expect(spenderName({ username: null }, 'bob')).toBe('The dashboard itself');
  });

  it('says what for, the most first as given; single looks are "other" only beside a named action', () => {
    expect(
      spendSummary({
        spends: [
          { purpose: 'bulk-force', reads: 20, writes: 20 },
          { purpose: null, reads: 1, writes: 2 },
        ],
      }),
    ).toBe('Force on many zones 40 (20 changes) · 1 other read · 2 changes');
    expect(spendSummary({ spends: [{ purpose: null, reads: 7, writes: 0 }] })).toBe('7 reads');
    expect(spendSummary({ spends: [{ purpose: 'bulk-setup', reads: 0, writes: 3 }] })).toBe('Set up many zones 3 changes');
  });
});
