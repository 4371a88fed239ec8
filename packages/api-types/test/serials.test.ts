import { describe, expect, it } from 'vitest';
import { SerialCheckQuerySchema, compareSerials, serialDistance } from '../src/index.js';

describe('compareSerials (RFC 1982)', () => {
  it('orders serials that do not wrap', () => {
    expect(compareSerials(2024061205, 2024061201)).toBe('peer-ahead');
    expect(compareSerials(2024061201, 2024061205)).toBe('peer-behind');
    expect(compareSerials(7, 7)).toBe('same');
  });

  it('treats a serial that wrapped past 2^32 as ahead', () => {
    expect(compareSerials(5, 4294967290)).toBe('peer-ahead');
    expect(compareSerials(4294967290, 5)).toBe('peer-behind');
    expect(serialDistance(5, 4294967290)).toBe(11);
    expect(serialDistance(4294967290, 5)).toBe(-11);
  });

  it('calls serials exactly 2^31 apart incomparable', () => {
    expect(compareSerials(2 ** 31, 0)).toBe('incomparable');
    expect(compareSerials(0, 2 ** 31)).toBe('incomparable');
    expect(compareSerials(2 ** 31 - 1, 0)).toBe('peer-ahead');
    expect(compareSerials(2 ** 31 + 1, 0)).toBe('peer-behind');
  });

  it('measures the distance', () => {
    expect(serialDistance(2024061205, 2024061201)).toBe(4);
    expect(serialDistance(2024061201, 2024061205)).toBe(-4);
    expect(serialDistance(3, 3)).toBe(0);
  });
});

describe('SerialCheckQuerySchema', () => {
  it('needs the account that holds the peers', () => {
    expect(SerialCheckQuerySchema.safeParse({}).success).toBe(false);
    expect(SerialCheckQuerySchema.safeParse({ account_id: 'nope' }).success).toBe(false);
    expect(SerialCheckQuerySchema.safeParse({ account_id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' }).success).toBe(true);
  });
});
