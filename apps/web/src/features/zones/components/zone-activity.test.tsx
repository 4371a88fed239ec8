import { screen, within } from '@testing-library/react';
import type { SerialWatchEvent, ZoneActivityEntry } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { ZoneActivity, awaitingSeenAfter } from './zone-activity';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const ZONE = 'fedcba9876543210fedcba9876543210';
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const ENTRIES: ZoneActivityEntry[] = [
  {
    id: 9, time: minutesAgo(2), username: 'vera', role: 'viewer', operation: 'forceAxfr', status: 403, outcome: 'failure',
    reason: null, refusal: 'forbidden', request_id: 'r9', upstream_error_codes: [10001], changes: [], seen_after: null,
    api_token: null,
  },
  {
    id: 8, time: minutesAgo(5), username: 'oscar', role: 'operator', operation: 'forceAxfr', status: 200, outcome: 'success',
    reason: 'TICKET-7 primary outage', refusal: null, request_id: 'r8', upstream_error_codes: [], changes: [], seen_after: null,
    api_token: null,
  },
];

const behind: SerialWatchEvent = {
  id: 2, time: minutesAgo(50), event: 'behind', account_id: ACCOUNT, zone_id: ZONE, zone_name: 'mail.example.net.',
  direction: 'incoming', label: 'Cloudflare behind', cloudflare_serial: 2024040102,
  peers: [{ name: 'hidden-primary', address: '198.51.100.20', serial: 2024040401, status: 'answered' }],
  behind_since: minutesAgo(50),
  refresh_overdue_since: null, last_refresh: null, auto_refresh_seconds: null,
};
const caughtUp: SerialWatchEvent = {
  ...behind, id: 3, time: minutesAgo(3), event: 'not_behind', label: 'In sync', cloudflare_serial: 2024040401,
};

const PEERS = [
  { id: 'p1', name: 'ns1-primary' },
  { id: 'p2', name: 'hidden-primary' },
];

let entries: ZoneActivityEntry[];
let events: SerialWatchEvent[];
let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  entries = ENTRIES;
  events = [];
  fetchMock = vi.fn(async (url: string) =>
    envelopeResponse({
      result: String(url).includes('/serial_watch/history')
        ? events
        : String(url).includes('/secondary_dns/peers')
          ? PEERS
          : String(url).includes('/secondary_dns/tsigs')
            ? []
            : entries,
    }),
  );
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

const urls = () => fetchMock.mock.calls.map((call) => String(call[0]));

describe('ZoneActivity', () => {
  it("lists the zone's latest actions by everyone: who, what, when, why, outcome", async () => {
    renderWithProviders(<ZoneActivity accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    expect(urls()).toContain(`/api/zones/${ZONE}/activity?limit=10`);
    const [, refused, forced] = within(table).getAllByRole('row');
    expect(refused).toHaveTextContent('2 minutes ago');
    expect(refused).toHaveTextContent('vera');
    expect(refused).toHaveTextContent('Force AXFR');
    expect(refused).toHaveTextContent('Failure');
    expect(refused).toHaveTextContent('Refused: role too low');
    expect(forced).toHaveTextContent('oscar');
    expect(forced).toHaveTextContent('operator');
    expect(forced).toHaveTextContent('Success');
    expect(forced).toHaveTextContent('TICKET-7 primary outage');
    expect(forced).not.toHaveTextContent('API token');
    expect(screen.getByRole('link', { name: 'Audit log for this zone' })).toHaveAttribute('href', `/audit?zone=${ZONE}`);
  });

  it('names the API token a script forced with, beside its user', async () => {
    entries = [{ ...ENTRIES[1]!, api_token: 'deploy pipeline (0123456789ab)' }];
    renderWithProviders(<ZoneActivity accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    const [, forced] = within(table).getAllByRole('row');
    expect(forced).toHaveTextContent('oscar');
    expect(within(forced!).getByText('API token deploy pipeline')).toHaveAttribute('title', 'With the API token deploy pipeline (0123456789ab)');
  });

  it('says what a Force was seen to do afterwards (ADR 018)', async () => {
    const forcedAt = minutesAgo(5);
    entries = [
      {
        ...ENTRIES[1]!,
        time: forcedAt,
        seen_after: {
          observed_at: new Date(Date.parse(forcedAt) + 8_000).toISOString(),
          moved: true,
          before: { soa_serial: 2024061201, time: minutesAgo(60) },
          after: { soa_serial: 2024061203, time: forcedAt },
        },
      },
    ];
    renderWithProviders(<ZoneActivity accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    const [, forced] = within(table).getAllByRole('row');
    expect(forced).toHaveTextContent('Afterwards: serial 2024061201 → 2024061203, seen 8 s later');
  });

  it('waits for the outcome only of a recent Force Cloudflare accepted that has none yet', () => {
    const now = Date.now();
    const force = { ...ENTRIES[1]!, time: minutesAgo(1) };
    expect(awaitingSeenAfter([force], now)).toBe(true);
    expect(awaitingSeenAfter([{ ...force, time: minutesAgo(11) }], now)).toBe(false);
    expect(awaitingSeenAfter([ENTRIES[0]!], now)).toBe(false); // refused
    expect(awaitingSeenAfter([{ ...force, operation: 'outgoing.enable' }], now)).toBe(false);
    const seen = { observed_at: minutesAgo(0), moved: false, before: null, after: { soa_serial: 1, time: null } };
    expect(awaitingSeenAfter([{ ...force, seen_after: seen }], now)).toBe(false);
    expect(awaitingSeenAfter(undefined, now)).toBe(false);
  });

  it('says what a change changed, peers by name (an id no longer known stays an id)', async () => {
    entries = [
      {
        ...ENTRIES[1]!, id: 10, operation: 'incoming.update', reason: null,
        changes: [
          { field: 'peers', before: ['p1'], after: ['p2', 'gone'] },
          { field: 'auto_refresh_seconds', before: 86400, after: 3600 },
        ],
      },
    ];
    renderWithProviders(<ZoneActivity accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    const [, row] = within(table).getAllByRole('row');
    await within(row!).findByText('Peers ns1-primary → hidden-primary, gone; Refresh 1 day → 1 hour');
    expect(urls()).toContain(`/api/accounts/${ACCOUNT}/secondary_dns/peers`);
  });

  it("puts the serial watch's findings between the actions, in time order: one story of the incident", async () => {
    events = [caughtUp, behind];
    renderWithProviders(<ZoneActivity accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    await within(table).findByText('No longer behind');
    expect(urls()).toContain(`/api/accounts/${ACCOUNT}/secondary_dns/serial_watch/history?zone_id=${ZONE}&per_page=10`);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('vera'),
      expect.stringContaining('No longer behind'),
      expect.stringContaining('oscar'),
      expect.stringContaining('Found behind'),
    ]);
    expect(rows[1]).toHaveTextContent('serial watchautomatic');
    expect(rows[1]).toHaveTextContent('In sync');
    expect(rows[1]).toHaveTextContent('Cloudflare 2024040401; hidden-primary 2024040401; after 47 minutes behind');
    expect(rows[3]).toHaveTextContent('50 minutes ago');
    expect(rows[3]).toHaveTextContent('Cloudflare behind');
    expect(rows[3]).toHaveTextContent('Cloudflare 2024040102; hidden-primary 2024040401');
    expect(rows[3]).not.toHaveTextContent('after');
  });

  it("tells Cloudflare's refresh overdue and resumed: when it last reached the primaries, how often it should, for how long", async () => {
    entries = [];
    const overdue: SerialWatchEvent = {
      ...behind, id: 4, time: minutesAgo(90), event: 'refresh_overdue', behind_since: null, refresh_overdue_since: minutesAgo(90),
      last_refresh: '2024-04-01T09:00:00.000Z', auto_refresh_seconds: 86400,
    };
    const resumed: SerialWatchEvent = { ...overdue, id: 5, time: minutesAgo(30), event: 'refresh_resumed', label: 'In sync' };
    events = [resumed, overdue];
    renderWithProviders(<ZoneActivity accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    await within(table).findByText('Refresh resumed');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Refresh resumed');
    expect(rows[0]).toHaveTextContent(/Cloudflare last reached its primaries 2024-04-01 \d\d:00:00 .*; refresh every 1 day; .*overdue for 1 hour/);
    expect(rows[1]).toHaveTextContent('Refresh overdue');
    expect(rows[1]).toHaveTextContent('refresh every 1 day; Cloudflare 2024040102; hidden-primary 2024040401');
    expect(rows[1]).not.toHaveTextContent('overdue for');
  });

  it('shows the findings alone when nobody acted; says so when there is neither', async () => {
    entries = [];
    events = [behind];
    const { unmount } = renderWithProviders(<ZoneActivity accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    unmount();
    events = [];
    renderWithProviders(<ZoneActivity accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    expect(await screen.findByText(/Nobody has changed or forced anything on this zone/)).toBeInTheDocument();
  });
});
