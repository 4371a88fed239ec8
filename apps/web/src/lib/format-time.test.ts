import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatInterval, formatRelative } from './format-time';

describe('formatRelative', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('says how long ago, in the largest whole unit', () => {
    expect(formatRelative('2026-11-23T11:59:59Z', now)).toBe('just now');
    expect(formatRelative('2026-11-23T11:59:57Z', now)).toBe('3 seconds ago');
    expect(formatRelative('2026-11-23T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatRelative('2026-11-23T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelative('2026-11-21T12:00:00Z', now)).toBe('2 days ago');
    expect(formatRelative('2026-11-23T14:00:00Z', now)).toBe('in 2 hours');
    expect(formatRelative('2026-11-23T12:00:30Z', now)).toBe('just now'); // clock skew
    expect(formatRelative('not a date', now)).toBe('not a date');
  });
});

describe('formatAbsolute', () => {
  it('writes date, time and the time zone name', () => {
    expect(formatAbsolute('2026-11-23T11:42:07Z', 'UTC')).toBe('2026-11-23 11:42:07 UTC');
    expect(formatAbsolute('2026-11-23T11:42:07Z', 'America/New_York')).toBe('2026-11-23 06:42:07 EST');
  });
});

describe('formatInterval', () => {
  it('uses at most two units', () => {
    expect(formatInterval(300)).toBe('5 minutes');
    expect(formatInterval(3600)).toBe('1 hour');
    expect(formatInterval(5400)).toBe('1 hour 30 minutes');
    expect(formatInterval(86400)).toBe('1 day');
    expect(formatInterval(21600)).toBe('6 hours');
    expect(formatInterval(90061)).toBe('1 day 1 hour');
    expect(formatInterval(301)).toBe('5 minutes 1 second');
  });
});
