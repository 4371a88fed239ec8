import { describe, expect, it } from 'vitest';
import {
  SerialCheckQuerySchema,
  SerialWatchSchema,
  againstCloudflareSerial,
  compareSerials,
  refreshOverdue,
  serialDistance,
  serialVerdict,
  type SerialCheck,
} from '../src/index.js';

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

describe('againstCloudflareSerial', () => {
  const check: SerialCheck = {
    zone_id: 'z', zone_name: 'mail.example.net.', direction: 'incoming', cloudflare_serial: 2024040102,
    checked_at: '2026-11-30T10:00:00.000Z', timeout_ms: 2000, emulated: false,
    peers: [
      {
        peer_id: 'p1', peer_name: 'hidden-primary', address: '198.51.100.20', port: 5353, status: 'answered', serial: 2024040401,
        authoritative: true, relation: 'peer-ahead', ms: 3, transport: 'udp', message: 'Serial 2024040401 is ahead of Cloudflare\'s copy (2024040102).',
      },
      {
        peer_id: 'p2', peer_name: 'ns2', address: '192.0.2.2', port: 53, status: 'timeout', serial: null,
        authoritative: null, relation: null, ms: null, transport: null, message: 'No answer.',
      },
    ],
  };

  it('compares the answers again with the serial Cloudflare has now, and keeps the one they were first compared with', () => {
    const now = againstCloudflareSerial(check, 2024040401);
    expect(now.cloudflare_serial).toBe(2024040401);
    expect(now.cloudflare_serial_at_check).toBe(2024040102);
    expect(now.checked_at).toBe(check.checked_at); // the peers' answers are still those of the check
    expect(now.peers[0]).toMatchObject({ relation: 'same', message: "Serial 2024040401, the same as Cloudflare's." });
    expect(now.peers[1]).toBe(check.peers[1]); // no answer stays no answer
    expect(serialVerdict(now)).toMatchObject({ kind: 'attention', label: '1 of 2 in sync' });
    expect(serialVerdict(check)).toMatchObject({ kind: 'behind' });
    // Moved again: still says what the check first compared with.
    expect(againstCloudflareSerial(now, 2024040500).cloudflare_serial_at_check).toBe(2024040102);
  });

  it('is the same check when the serial did not move, is older (a read from before the check) or is unknown', () => {
    expect(againstCloudflareSerial(check, 2024040102)).toBe(check);
    expect(againstCloudflareSerial(check, 2024040101)).toBe(check);
    expect(againstCloudflareSerial({ ...check, cloudflare_serial: 4294967290 }, 5).cloudflare_serial).toBe(5); // wrapped: newer
    expect(againstCloudflareSerial(check, null)).toBe(check);
    expect(againstCloudflareSerial(check, undefined)).toBe(check);
  });
});

describe('refreshOverdue, and the verdict of a zone in sync whose refresh is overdue', () => {
  const at = Date.parse('2026-11-30T10:00:00.000Z');
  const hoursAgo = (hours: number) => new Date(at - hours * 3_600_000).toISOString();

  it('is overdue past twice the refresh interval plus 5 minutes, and never without both values', () => {
    expect(refreshOverdue(3600, hoursAgo(2), at)).toBe(false);
    expect(refreshOverdue(3600, hoursAgo(2.1), at)).toBe(true); // 2 h + 5 min is the bound
    expect(refreshOverdue(null, hoursAgo(48), at)).toBe(false);
    expect(refreshOverdue(3600, null, at)).toBe(false);
    expect(refreshOverdue(3600, 'not a time', at)).toBe(false);
  });

  it('makes an incoming zone in sync "In sync, refresh overdue" (to look at), as of the check; behind stays behind', () => {
    const peer = {
      peer_id: 'p1', peer_name: 'ns1', address: '192.0.2.1', port: 53, status: 'answered' as const, serial: 7,
      authoritative: true, relation: 'same' as const, ms: 3, transport: 'udp' as const, message: "Serial 7, the same as Cloudflare's.",
    };
    const inSync: SerialCheck = {
      zone_id: 'z', zone_name: 'cdn.example.net.', direction: 'incoming', cloudflare_serial: 7,
      checked_at: new Date(at).toISOString(), timeout_ms: 2000, emulated: false, peers: [peer],
    };
    expect(serialVerdict(inSync)).toMatchObject({ kind: 'in-sync' }); // no refresh known (an older BFF)
    expect(serialVerdict({ ...inSync, refresh: { checked_time: hoursAgo(1), auto_refresh_seconds: 3600 } })).toMatchObject({ kind: 'in-sync' });
    const overdue = { ...inSync, refresh: { checked_time: hoursAgo(72), auto_refresh_seconds: 3600 } };
    expect(serialVerdict(overdue)).toEqual({ kind: 'attention', label: 'In sync, refresh overdue', color: 'red' });
    const behind = { ...overdue, peers: [{ ...peer, serial: 8, relation: 'peer-ahead' as const }] };
    expect(serialVerdict(behind)).toMatchObject({ kind: 'behind', label: 'Cloudflare behind' });
  });
});

describe('SerialWatchSchema', () => {
  const before = {
    state: 'waiting',
    interval_minutes: 15,
    budget_percent: 10,
    note: null,
    last_round: { started_at: '2026-12-01T10:00:00.000Z', finished_at: '2026-12-01T10:02:00.000Z', checked: 12, skipped: 1, complete: true },
    next_round_at: '2026-12-01T10:15:00.000Z',
    zones: [],
  };

  it('reads a report written before the round was measured: the new facts are null, not missing', () => {
    const parsed = SerialWatchSchema.parse(before);
    expect(parsed.last_round).toMatchObject({ checked: 12, zones: null, done: null });
    expect(parsed).toMatchObject({ last_round_seconds: null, round_estimate: null });
  });

  it('carries how far the round is, how long the last took, and what a full round takes', () => {
    const parsed = SerialWatchSchema.parse({
      ...before,
      state: 'running',
      last_round: { ...before.last_round, finished_at: null, checked: 400, skipped: 12, zones: 2000, done: 412 },
      last_round_seconds: 5040,
      round_estimate: { reads: 2045, seconds: 5112.5 },
    });
    expect(parsed.last_round).toMatchObject({ zones: 2000, done: 412 });
    expect(parsed.round_estimate).toEqual({ reads: 2045, seconds: 5112.5 });
    expect(SerialWatchSchema.safeParse({ ...before, round_estimate: { reads: 1.5, seconds: 3 } }).success).toBe(false);
  });
});
