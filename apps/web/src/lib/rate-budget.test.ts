import { describe, expect, it } from 'vitest';
import { budgetLevel, formatSeconds } from './rate-budget';

describe('budgetLevel', () => {
  it('is ok above 20 %, low at or below, spent at zero or when locked out', () => {
    expect(budgetLevel({ remaining: 1050, capacity: 1100, lockedOutUntil: null })).toBe('ok');
    expect(budgetLevel({ remaining: 220, capacity: 1100, lockedOutUntil: null })).toBe('low');
    expect(budgetLevel({ remaining: 0, capacity: 1100, lockedOutUntil: null })).toBe('spent');
    expect(budgetLevel({ remaining: 900, capacity: 1100, lockedOutUntil: '2026-01-01T00:00:00Z' })).toBe('spent');
  });
});

describe('formatSeconds', () => {
  it('reads like a person wrote it', () => {
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(200)).toBe('3 min 20 s');
    expect(formatSeconds(300)).toBe('5 min');
  });
});
