import { describe, expect, it } from 'vitest';
import type { Incoming, Peer, SerialCheck, SerialWatchEvent, SerialWatchZone, Zone, ZoneActivityEntry } from '@secdns/api-types';
import { serialFindingsText, sweepHeading, type SweepCoverage } from './ticket-summary';
import { ticketSummary } from './ticket-summary';

const NOW = Date.parse('2026-11-30T04:00:00Z');
const zone = { id: 'z'.repeat(32), name: 'example.net', type: 'secondary', status: 'active' } as Zone;
const incoming = {
  id: zone.id, name: 'example.net.', peers: ['p1', 'p2', 'gone'], auto_refresh_seconds: 86400, soa_serial: 2024061201,
  checked_time: '2026-11-30T03:20:00Z',
} as Incoming;
const peers = [
  { id: 'p1', name: 'ns1-primary', ip: '192.0.2.10', port: 53 },
  { id: 'p2', name: 'ns2-primary', ip: '2001:db8:10::53' },
] as Peer[];
const check = {
  zone_id: zone.id, zone_name: 'example.net.', direction: 'incoming', cloudflare_serial: 2024061201,
  checked_at: '2026-11-30T03:59:30Z', timeout_ms: 2000, emulated: false,
  peers: [{ peer_id: 'p1', peer_name: 'ns1-primary', message: "Serial 2024061203 is ahead of Cloudflare's copy (2024061201)." }],
} as SerialCheck;
const activity = [
  { id: 1, time: '2026-11-30T03:58:00Z', username: 'oscar', role: 'operator', operation: 'forceAxfr', status: 200, outcome: 'success', reason: 'INC-7' },
] as ZoneActivityEntry[];

describe('ticketSummary', () => {
  it('says what the page knows, in UTC, ready to paste', () => {
    const text = ticketSummary({
      zone, url: 'http://127.0.0.1:8787/accounts/a/zones/z', incoming, peers, serials: { incoming: check }, activity, now: NOW,
    });
    expect(text.split('\n')).toEqual([
      `Zone example.net (${zone.id}), Cloudflare type secondary, status active`,
      'Dashboard: http://127.0.0.1:8787/accounts/a/zones/z',
      'As of 2026-11-30 04:00:00 UTC',
      '',
      "Secondary (incoming): Cloudflare's serial 2024061201, last checked 2026-11-30 03:20:00 UTC (40 minutes ago), refresh every 1 day",
      '  Primaries: ns1-primary 192.0.2.10:53, ns2-primary [2001:db8:10::53]:53, gone',
      '  Serial check, 2026-11-30 03:59:30 UTC (30 seconds ago):',
      "    ns1-primary: Serial 2024061203 is ahead of Cloudflare's copy (2024061201).",
      '',
      'Recent actions (this dashboard):',
      '  2026-11-30 03:58:00 UTC oscar (operator): Force AXFR, success (HTTP 200), reason "INC-7"',
    ]);
  });

  it("says whether Cloudflare's API itself was failing when the ticket was written", () => {
    const base = {
      windowSeconds: 300, calls: 40, failed: 0, failures: { server: 0, timeout: 0, network: 0, malformed: 0 }, retried: 0,
      rateLimited: 0, consecutiveFailures: 0, failingSince: null, lastFailure: null, lastAnswerAt: '2026-11-30T03:59:55Z',
      answerMs: { p50: 90, p95: 300 }, slowMs: 2000,
    } as const;
    const lineOf = (cloudflare: Parameters<typeof ticketSummary>[0]['cloudflare']) =>
      ticketSummary({ zone, url: 'u', incoming, peers, cloudflare, now: NOW }).split('\n')[3];
    const lastFailure = { at: '2026-11-30T03:59:40Z', operation: 'forceAxfr', kind: 'server' as const, status: 502, message: 'Cloudflare answered HTTP 502.' };
    expect(lineOf({ ...base, state: 'failing', calls: 44, failed: 7, failures: { ...base.failures, server: 7 }, consecutiveFailures: 7, failingSince: '2026-11-30T03:58:00Z', lastFailure })).toBe(
      "Cloudflare's API (this dashboard's calls, last 5 minutes): FAILING — 7 calls in a row failed since 2026-11-30 03:58:00 UTC (2 minutes ago); " +
        'last failure 2026-11-30 03:59:40 UTC (20 seconds ago), Force AXFR: Cloudflare answered HTTP 502.',
    );
    expect(lineOf({ ...base, state: 'errors', failed: 2, failures: { ...base.failures, timeout: 2 }, lastFailure })).toMatch(
      /^Cloudflare's API \(this dashboard's calls, last 5 minutes\): 2 of 40 calls failed \(2 × no answer in time\), answering again; last failure/,
    );
    expect(lineOf({ ...base, state: 'ok' })).toBe("Cloudflare's API (this dashboard's calls, last 5 minutes): answering, 40 calls, none failed");
    // Nothing known (no call in the window, or an older dashboard server): no line.
    expect(lineOf({ ...base, state: 'unknown', calls: 0 })).toBe('');
    expect(lineOf(undefined)).toBe('');
  });

  it("says when the check was compared again with Cloudflare's newer serial, with both serials", () => {
    const rebased = { ...check, cloudflare_serial: 2024061203, cloudflare_serial_at_check: 2024061201 };
    const lines = ticketSummary({ zone, url: 'u', incoming, peers, serials: { incoming: rebased }, now: NOW }).split('\n');
    expect(lines).toContain(
      "  Cloudflare's serial was 2024061201 when the peers were asked; read since: 2024061203. The answers above are compared with it.",
    );
  });

  it("names the serial watch when its check is the one shown, and since when it finds the zone behind", () => {
    const watched = [
      {
        account_id: 'a', zone_id: zone.id, zone_name: 'example.net.', direction: 'incoming', kind: 'behind', label: 'Cloudflare behind',
        behind_since: '2026-11-30T03:30:00Z', transfers_enabled: null, check,
      },
    ] as SerialWatchZone[];
    const lines = ticketSummary({ zone, url: 'u', incoming, peers, serials: { incoming: check }, watched, now: NOW }).split('\n');
    expect(lines).toContain('  Serial check by the serial watch, 2026-11-30 03:59:30 UTC (30 seconds ago):');
    expect(lines).toContain('  The serial watch first found it behind 2026-11-30 03:30:00 UTC (30 minutes ago).');
    // A person's newer check: not the watch's.
    const mine = { ...check, checked_at: '2026-11-30T03:59:50Z' };
    const newer = ticketSummary({ zone, url: 'u', incoming, serials: { incoming: mine }, watched, now: NOW });
    expect(newer).toContain('  Serial check, 2026-11-30 03:59:50 UTC');
    expect(newer).not.toContain('The serial watch first found it behind');
  });

  it("lists the serial watch's findings with the actions, in time order", () => {
    const event = {
      id: 1, time: '2026-11-30T03:02:00Z', event: 'behind', account_id: 'a', zone_id: zone.id, zone_name: 'example.net.',
      direction: 'incoming', label: 'Cloudflare behind', cloudflare_serial: 2024061201,
      peers: [{ name: 'ns1-primary', address: '192.0.2.10', serial: 2024061203, status: 'answered' }], behind_since: '2026-11-30T03:02:00Z',
    } as SerialWatchEvent;
    const later = { ...event, id: 2, time: '2026-11-30T03:59:00Z', event: 'not_behind', label: 'In sync', cloudflare_serial: 2024061203 } as SerialWatchEvent;
    const lines = ticketSummary({ zone, url: 'u', incoming, activity, watchHistory: [later, event], now: NOW }).split('\n');
    expect(lines.slice(lines.indexOf('Recent actions and serial watch findings (this dashboard):'))).toEqual([
      'Recent actions and serial watch findings (this dashboard):',
      '  2026-11-30 03:59:00 UTC serial watch: No longer behind, In sync (Cloudflare 2024061203; ns1-primary 2024061203; after 57 minutes behind)',
      '  2026-11-30 03:58:00 UTC oscar (operator): Force AXFR, success (HTTP 200), reason "INC-7"',
      '  2026-11-30 03:02:00 UTC serial watch: Found behind, Cloudflare behind (Cloudflare 2024061201; ns1-primary 2024061203)',
    ]);
  });

  it('says what a Force was seen to do afterwards (ADR 018)', () => {
    const seen = {
      ...activity[0]!,
      seen_after: {
        observed_at: '2026-11-30T03:58:12Z', moved: true,
        before: { soa_serial: 2024061201, time: '2026-11-30T03:20:00Z' }, after: { soa_serial: 2024061203, time: '2026-11-30T03:58:10Z' },
      },
    };
    const lines = ticketSummary({ zone, url: 'u', incoming, activity: [seen], now: NOW }).split('\n');
    expect(lines.at(-1)).toBe(
      '  2026-11-30 03:58:00 UTC oscar (operator): Force AXFR, success (HTTP 200), reason "INC-7"; afterwards: serial 2024061201 → 2024061203, seen 12 s later',
    );
  });

  it('names an action by nobody signed in "Anonymous", as the audit page and the zone page do', () => {
    const refused = { ...activity[0]!, id: 2, username: null, role: null, status: 401, outcome: 'failure' as const, reason: null };
    const text = ticketSummary({ zone, url: 'u', incoming, activity: [refused], now: NOW });
    expect(text).toContain('UTC Anonymous: Force AXFR, failure (HTTP 401)');
  });

  it('says what is not configured or not loaded', () => {
    const full = { ...zone, type: 'full' } as Zone;
    expect(ticketSummary({ zone: full, url: 'u', outgoing: null, now: NOW })).toContain('Primary (outgoing): not configured');
    expect(ticketSummary({ zone, url: 'u', now: NOW })).toContain('Secondary (incoming): not loaded');
    expect(ticketSummary({ zone, url: 'u', now: NOW })).not.toContain('Primary (outgoing)');
  });
});

describe('serialFindingsText and sweepHeading', () => {
  const all: SweepCoverage = { scope: 'all', listed: 1000, checked: 998, notConfigured: 2, failed: 0, notAsked: 0, total: 1000 };
  const finding = { zone: { name: 'example.net' }, check, label: 'Cloudflare behind' };

  it('says "all N" only when every zone listed was asked and none is beyond the cap', () => {
    expect(sweepHeading(all)).toBe('Serials of all 1,000 zones');
    expect(sweepHeading({ ...all, search: 'shop' })).toBe('Serials of all 1,000 zones matching “shop”');
    expect(sweepHeading({ ...all, scope: 'page', listed: 50, checked: 50, total: null })).toBe('Serials on this page');
    expect(sweepHeading({ ...all, checked: 997, failed: 1 })).toBe('Serials of all 1,000 zones (1 could not be checked; 2 not configured)');
  });

  it('names how many were asked, not asked (and why), failed, and not listed, for a partial run', () => {
    const partial: SweepCoverage = {
      ...all, checked: 235, notConfigured: 0, failed: 3, notAsked: 762, total: 1012,
      notAskedWhy: 'the shared Cloudflare API budget is spent',
    };
    const heading =
      'Serials of 235 of 1,000 zones listed (762 not asked yet: the shared Cloudflare API budget is spent; 3 could not be checked); ' +
      '12 zones beyond the first 1,000 not listed';
    expect(sweepHeading(partial)).toBe(heading);
    const lines = serialFindingsText([finding], partial).split('\n');
    expect(lines[0]).toBe(`${heading} (asked from the dashboard's server; zone, verdict, peers, asked at):`);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^example\.net\tCloudflare behind\t.*\t2026-11-30 03:59:30 UTC$/);
    // Every zone listed asked, but the list did not reach them all: not "all".
    expect(sweepHeading({ ...all, total: 1012 })).toBe('Serials of 998 of 1,000 zones listed; 12 zones beyond the first 1,000 not listed');
    // A page's run left short.
    expect(sweepHeading({ scope: 'page', listed: 50, checked: 20, notConfigured: 0, failed: 0, notAsked: 30, notAskedWhy: 'stopped' })).toBe(
      'Serials of 20 of 50 zones on this page (30 not asked yet: stopped)',
    );
  });
});
