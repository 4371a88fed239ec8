import { describe, expect, it } from 'vitest';
import { failingNote, failureBreakdown, formatMs, healthBadge, healthSentence, type CloudflareHealth } from './cloudflare-health';

const NOW = Date.parse('2026-12-03T06:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const HEALTH: CloudflareHealth = {
  state: 'ok', windowSeconds: 300, calls: 1, failed: 0, failures: { server: 0, timeout: 0, network: 0, malformed: 0 },
  retried: 0, rateLimited: 0, consecutiveFailures: 0, failingSince: null, lastFailure: null, lastAnswerAt: ago(5),
  answerMs: { p50: 80, p95: 80 }, slowMs: 2000,
};

describe('Cloudflare health words', () => {
  it('badge: failing red, errors and slow yellow, nothing while ok or unknown', () => {
    expect(healthBadge(undefined)).toBeNull();
    expect(healthBadge(HEALTH)).toBeNull();
    expect(healthBadge({ ...HEALTH, state: 'unknown' })).toBeNull();
    expect(healthBadge({ ...HEALTH, state: 'failing' })).toEqual({ label: 'Cloudflare failing', color: 'red' });
    expect(healthBadge({ ...HEALTH, state: 'errors' })).toEqual({ label: 'Cloudflare errors', color: 'yellow' });
    expect(healthBadge({ ...HEALTH, state: 'slow' })).toEqual({ label: 'Cloudflare slow', color: 'yellow' });
  });

  it('says one call, and a run of calls with when it began', () => {
    expect(healthSentence(HEALTH, NOW)).toBe('Cloudflare is answering: 1 call in the last 5 minutes, none failed.');
    const one = { ...HEALTH, state: 'failing' as const, consecutiveFailures: 1, failingSince: ago(3) };
    expect(healthSentence(one, NOW)).toMatch(/^Cloudflare is failing: the last call from this dashboard failed\. /);
    expect(healthSentence({ ...one, consecutiveFailures: 3, failingSince: ago(1) }, NOW)).toMatch(
      /^Cloudflare is failing: the last 3 calls from this dashboard failed\. /,
    );
    const run = { ...one, consecutiveFailures: 12, failingSince: ago(180) };
    expect(healthSentence(run, NOW)).toMatch(/^Cloudflare is failing: the last 12 calls from this dashboard failed, the first 3 minutes ago\. /);
    expect(healthSentence({ ...HEALTH, state: 'unknown', calls: 0 }, NOW)).toBe('No call to Cloudflare in the last 5 minutes.');
    expect(
      healthSentence({ ...HEALTH, state: 'unknown', calls: 0, consecutiveFailures: 1, lastFailure: { at: ago(600), operation: 'peers.list', kind: 'timeout', status: 504, message: '' } }, NOW),
    ).toBe('No call in the last 5 minutes; the last one, 10 minutes ago, failed.');
    expect(healthSentence({ ...HEALTH, state: 'slow', answerMs: { p50: 900, p95: 2400 } }, NOW)).toBe(
      'Cloudflare is answering slowly: the slowest 5 % of answers took 2.4 s or more.',
    );
  });

  it('breaks failures down by kind, the most first', () => {
    expect(failureBreakdown({ server: 1, timeout: 3, network: 0, malformed: 2 })).toBe(
      '3 × no answer in time, 2 × answer not understood, 1 × server error (HTTP 5xx)',
    );
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1500)).toBe('1.5 s');
  });

  it("adds 'not only this request' under an error only while Cloudflare is failing", () => {
    expect(failingNote(undefined)).toBeNull();
    expect(failingNote({ ...HEALTH, state: 'errors' })).toBeNull();
    expect(failingNote({ ...HEALTH, state: 'failing', consecutiveFailures: 5, failingSince: ago(120) }, NOW)).toBe(
      'Not only this request: Cloudflare is failing for everyone using this dashboard (the last 5 calls failed, the first 2 minutes ago). ' +
        'Retry when it answers again; the header shows when it does.',
    );
  });
});
