import { describe, expect, it } from 'vitest';
import { formatInterval, withFullStop } from '../src/words.js';

describe('words', () => {
  it('ends a sentence once, also after a DNS name that ends with a dot', () => {
    expect(withFullStop('It no longer uses notify-key.example.com.')).toBe('It no longer uses notify-key.example.com.');
    expect(withFullStop('It no longer uses legacy-key')).toBe('It no longer uses legacy-key.');
    expect(withFullStop('Really?')).toBe('Really?');
  });

  it('says an interval in at most two units', () => {
    expect(formatInterval(5400)).toBe('1 hour 30 minutes');
    expect(formatInterval(86400)).toBe('1 day');
  });
});
