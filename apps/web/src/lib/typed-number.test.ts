import { describe, expect, it } from 'vitest';
import { durationSeconds, typedNumber, typedSeconds } from './typed-number';

describe('typedNumber', () => {
  it('keeps numbers, turns decimal text into numbers, an empty box into undefined, and leaves other text alone', () => {
    expect(typedNumber(53)).toBe(53);
    expect(typedNumber(' 53 ')).toBe(53);
    expect(typedNumber('')).toBeUndefined();
    expect(typedNumber('  ')).toBeUndefined();
    expect(typedNumber('53.5')).toBe(53.5);
    expect(typedNumber('-53')).toBe(-53);
    for (const text of ['53a', '1e3', '0x35', '5 3', '53.', '.5', '1h']) expect(typedNumber(text)).toBe(text);
  });
});

describe('durationSeconds', () => {
  it('reads BIND durations, any case, units largest first', () => {
    expect(durationSeconds('1h')).toBe(3600);
    expect(durationSeconds('30m')).toBe(1800);
    expect(durationSeconds('1d')).toBe(86400);
    expect(durationSeconds('1w')).toBe(604800);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds(' 1W2D3H4M5S ')).toBe(604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
  });

  it('is null for plain numbers and anything else', () => {
    for (const text of ['', '3600', 'h', '1.5h', '30m1h', '1h1h', '-1h', '1 h', '1y', 'abc']) {
      expect(durationSeconds(text)).toBeNull();
    }
  });
});

describe('typedSeconds', () => {
  it('takes a duration in seconds, else a number as typedNumber does', () => {
    expect(typedSeconds('1h30m')).toBe(5400);
    expect(typedSeconds('3600')).toBe(3600);
    expect(typedSeconds(86400)).toBe(86400);
    expect(typedSeconds('3600.5')).toBe(3600.5);
    expect(typedSeconds('1.5e3')).toBe('1.5e3');
    expect(typedSeconds('')).toBeUndefined();
  });
});
