import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SerialCheck, SerialWatch, SerialWatchEvent } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders, rowsNeverOnScreen, signedInAs } from '../../../test/render';
import { serialCheckKey } from '../serial-check';
import { ZonesTable } from './zones-table';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const ZONES = [
  { id: hex(1), name: 'example.net', type: 'secondary', status: 'active' },
  { id: hex(3), name: 'example.com', type: 'full', status: 'active' },
];
const WATCH = `/api/accounts/${ACCOUNT}/secondary_dns/serial_watch`;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function check(zoneId: string, name: string, direction: 'incoming' | 'outgoing', peerSerial: number, cloudflare: number): SerialCheck {
  const relation = peerSerial === cloudflare ? 'same' : peerSerial > cloudflare ? 'peer-ahead' : 'peer-behind';
  return {
    zone_id: zoneId,
    zone_name: name,
    direction,
    cloudflare_serial: cloudflare,
    checked_at: minutesAgo(3),
    timeout_ms: 2000,
    emulated: false,
    peers: [
      {
        peer_id: hex(9), peer_name: 'ns1', address: '192.0.2.10', port: 53, status: 'answered', serial: peerSerial,
        authoritative: true, relation, ms: 3, transport: 'udp', message: `Serial ${peerSerial}.`,
      },
    ],
  };
}

function report(overrides: Partial<SerialWatch> = {}): SerialWatch {
  return {
    state: 'waiting',
    interval_minutes: 15,
    budget_percent: 10,
    note: null,
    last_round: { started_at: minutesAgo(4), finished_at: minutesAgo(3), checked: 3, skipped: 0, complete: true, zones: 3, done: 3 },
    last_round_seconds: 60,
    // 3 zones: the peers, one listing, three checks.
    round_estimate: { reads: 5, seconds: 2 },
    next_round_at: new Date(Date.now() + 12 * 60_000).toISOString(),
    zones: [
      {
        account_id: ACCOUNT, zone_id: hex(1), zone_name: 'example.net.', direction: 'incoming', kind: 'behind',
        label: 'Cloudflare behind', behind_since: minutesAgo(40), refresh_overdue_since: null, transfers_enabled: null, check: check(hex(1), 'example.net.', 'incoming', 12, 10),
      },
      {
        account_id: ACCOUNT, zone_id: hex(7), zone_name: 'other.example.', direction: 'incoming', kind: 'behind',
        label: 'Cloudflare behind', behind_since: minutesAgo(20), refresh_overdue_since: null, transfers_enabled: null, check: check(hex(7), 'other.example.', 'incoming', 15, 10),
      },
      {
        account_id: ACCOUNT, zone_id: hex(3), zone_name: 'example.com.', direction: 'outgoing', kind: 'in-sync',
        label: 'In sync', behind_since: null, refresh_overdue_since: null, transfers_enabled: null, check: check(hex(3), 'example.com.', 'outgoing', 7, 7),
      },
    ],
    ...overrides,
  };
}

const event = (id: number, minutes: number, kind: SerialWatchEvent['event'], zoneId: string, name: string, label: string): SerialWatchEvent => ({
  id, time: minutesAgo(minutes), event: kind, account_id: ACCOUNT, zone_id: zoneId, zone_name: name, direction: 'incoming', label,
  cloudflare_serial: 10, peers: [{ name: 'ns1', address: '192.0.2.10', serial: 12, status: 'answered' }], behind_since: minutesAgo(kind === 'behind' ? minutes : 300), refresh_overdue_since: null, last_refresh: null, auto_refresh_seconds: null,
});
const HISTORY = [
  event(3, 40, 'behind', hex(1), 'example.net.', 'Cloudflare behind'),
  event(2, 200, 'not_behind', hex(7), 'other.example.', 'In sync'),
  event(1, 300, 'behind', hex(7), 'other.example.', 'Cloudflare behind'),
];

let watch: SerialWatch;
let runRefusal: string | null = null;
let fetchMock: ReturnType<typeof vi.fn>;
const paths = () => fetchMock.mock.calls.map(([input]) => String(input));

beforeEach(() => {
  watch = report();
  runRefusal = null;
  fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    if (url.pathname === '/api/zones') {
      return envelopeResponse({ result: ZONES, result_info: { page: 1, per_page: 20, count: 2, total_count: 2, total_pages: 1 } });
    }
    if (url.pathname === WATCH) return envelopeResponse({ result: watch });
    if (url.pathname === `${WATCH}/run`) {
      if (runRefusal) return envelopeResponse({ success: false, errors: [{ code: 1005, message: runRefusal }] }, { status: 409 });
      // Just started: the zones not listed yet.
      watch = report({
        state: 'running',
        next_round_at: null,
        last_round: { started_at: minutesAgo(0), finished_at: null, checked: 0, skipped: 0, complete: true, zones: null, done: 0 },
      });
      return envelopeResponse({ result: watch });
    }
    if (url.pathname === `${WATCH}/history`) {
      const page = Number(url.searchParams.get('page'));
      const result = page === 1 ? HISTORY.slice(0, 2) : HISTORY.slice(2);
      return envelopeResponse({ result, result_info: { page, per_page: 2, count: result.length, total_count: 3, total_pages: 2 } });
    }
    if (url.pathname === `/api/zones/${hex(1)}/secondary_dns/incoming`) {
      return envelopeResponse({ result: { id: hex(1), name: 'example.net.', peers: [hex(9)], soa_serial: 10 } });
    }
    if (url.pathname === `/api/zones/${hex(3)}/secondary_dns/outgoing/status`) return envelopeResponse({ result: 'Enabled' });
    return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'no configuration' }] }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

describe('the serial watch on the zones list', () => {
  it('says when it checks and what it found, names the zones behind on other pages, and fills the Serials column without asking again', async () => {
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    expect(section).toHaveTextContent(
      'Serial watch: every 15 minutes, at most 10 % of the API budget · last round 3 minutes ago: 3 zones checked, 2 behind · next in 12 minutes',
    );
    // The zone behind that the page does not show, with how long; the one on the page is in the Serials column.
    expect(section).toHaveTextContent('The serial watch finds 1 zone behind that this page does not show');
    expect(within(section).getByRole('link', { name: 'other.example' })).toHaveAttribute('href', `/accounts/${ACCOUNT}/zones/${hex(7)}`);
    expect(section).toHaveTextContent('other.example — Cloudflare behind, first found behind 20 minutes ago');
    expect(within(section).queryByRole('link', { name: 'example.net' })).not.toBeInTheDocument();

    // The watch's checks are the Serials column's (and its summary's): no serial check was asked from here.
    const table = screen.getByRole('table', { name: 'Zones' });
    const netRow = within(table).getByRole('link', { name: 'example.net' }).closest('tr') as HTMLElement;
    const badge = await within(netRow).findByText('Cloudflare behind');
    expect(badge.closest('[title]')?.getAttribute('title')).toMatch(/; the serial watch first found it behind at /);
    const comRow = within(table).getByRole('link', { name: 'example.com' }).closest('tr') as HTMLElement;
    expect(await within(comRow).findByText('In sync')).toBeInTheDocument();
    expect(await screen.findByRole('region', { name: 'Zone serials' })).toHaveTextContent('Serials on this page, as of 3 minutes ago');
    expect(paths().some((path) => path.includes('/serials'))).toBe(false);
  });

  it('History: what the watch found in the account, newest first, a page at a time, each zone a link', async () => {
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    expect(paths().some((path) => path.includes('/history'))).toBe(false); // only when asked
    await userEvent.click(within(section).getByRole('button', { name: 'History' }));
    const dialog = await screen.findByRole('dialog', { name: 'Serial watch history' });
    const table = await within(dialog).findByRole('table', { name: 'Serial watch history' });
    expect(paths()).toContain(`${WATCH}/history?page=1&per_page=25`);
    let rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('40 minutes ago');
    expect(rows[0]).toHaveTextContent('Found behind');
    expect(rows[0]).toHaveTextContent('Cloudflare behind');
    expect(within(rows[0]!).getByRole('link', { name: 'example.net' })).toHaveAttribute('href', `/accounts/${ACCOUNT}/zones/${hex(1)}`);
    expect(rows[1]).toHaveTextContent('No longer behind');
    expect(rows[1]).toHaveTextContent('Cloudflare 10; ns1 12; after 1 hour 40 minutes behind');
    expect(dialog).toHaveTextContent('The newest 2 of 3 findings in the last 90 days');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    rows = within(table).getAllByRole('row').slice(1);
    expect(rows[2]).toHaveTextContent('5 hours ago');
    expect(dialog).toHaveTextContent('3 findings in the last 90 days');
    expect(within(dialog).queryByRole('button', { name: 'Show older' })).not.toBeInTheDocument();
  });

  it('Run now: an operator starts a round at once (the line then says it is checking); a viewer has no such button', async () => {
    const viewer = renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    const seen = await screen.findByRole('region', { name: 'Serial watch' });
    expect(within(seen).getByRole('button', { name: 'History' })).toBeInTheDocument();
    expect(within(seen).queryByRole('button', { name: 'Run now' })).not.toBeInTheDocument();
    viewer.unmount();

    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('operator') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    await userEvent.click(within(section).getByRole('button', { name: 'Run now' }));
    await waitFor(() => expect(section).toHaveTextContent('checking now…'));
    const post = fetchMock.mock.calls.find(([input]) => String(input) === `${WATCH}/run`);
    expect(post?.[1]).toMatchObject({ method: 'POST' });
    expect(within(section).queryByRole('button', { name: 'Run now' })).not.toBeInTheDocument();
  });

  it('Run now refused: says why, in the line', async () => {
    runRefusal = 'The serial watch is off on this dashboard\'s server (SERIAL_WATCH_MINUTES=0).';
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('admin') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    await userEvent.click(within(section).getByRole('button', { name: 'Run now' }));
    expect(
      await within(section).findByText("Could not start a round: The serial watch is off on this dashboard's server (SERIAL_WATCH_MINUTES=0)."),
    ).toHaveAttribute('role', 'alert');
  });

  it('names the zones to look at on other pages too: one in sync whose refresh is overdue says when Cloudflare last reached its primaries', async () => {
    const stale = { ...check(hex(8), 'stale.example.', 'incoming', 10, 10), refresh: { checked_time: minutesAgo(3 * 24 * 60), auto_refresh_seconds: 3600 } };
    watch = report({
      zones: [
        ...report().zones,
        {
          account_id: ACCOUNT, zone_id: hex(8), zone_name: 'stale.example.', direction: 'incoming', kind: 'attention',
          label: 'In sync, refresh overdue', behind_since: null, refresh_overdue_since: null, transfers_enabled: null, check: stale,
        },
      ],
    });
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    expect(await within(section).findByText(/The serial watch finds/)).toHaveTextContent(
      'The serial watch finds 1 zone behind and 1 to look at that this page does not show',
    );
    expect(section).toHaveTextContent('stale.example — In sync, refresh overdue: Cloudflare last reached its primaries 3 days ago');
    expect(within(section).getByRole('link', { name: 'stale.example' })).toHaveAttribute('href', `/accounts/${ACCOUNT}/zones/${hex(8)}`);
  });

  it('shows no list when every zone behind is on the page', async () => {
    watch = report({ zones: report().zones.filter((zone) => zone.zone_id !== hex(7)) });
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    await screen.findByText('Cloudflare behind');
    expect(section).not.toHaveTextContent('finds');
  });

  it("a primary zone whose status the page has not loaded: the watch's 'transfers off' stands, no Force NOTIFY offered", async () => {
    rowsNeverOnScreen();
    watch = report({
      zones: [
        {
          account_id: ACCOUNT, zone_id: hex(3), zone_name: 'example.com.', direction: 'outgoing', kind: 'attention',
          label: 'Behind, transfers off', behind_since: null, refresh_overdue_since: null, transfers_enabled: false, check: check(hex(3), 'example.com.', 'outgoing', 5, 7),
        },
      ],
    });
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('admin') });
    const table = await screen.findByRole('table', { name: 'Zones' });
    const comRow = (await within(table).findByRole('link', { name: 'example.com' })).closest('tr') as HTMLElement;
    expect(await within(comRow).findByText('Behind, transfers off')).toBeInTheDocument();
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    expect(summary).toHaveTextContent('1 to look at');
    expect(within(summary).queryByRole('button', { name: /^Force NOTIFY on/ })).not.toBeInTheDocument();
    expect(paths().some((path) => path.includes('/outgoing/status'))).toBe(false);
  });

  it('before its first round, says when that starts (never "just now" for what is to come)', async () => {
    watch = report({ last_round: null, next_round_at: new Date(Date.now() + 2_000).toISOString(), zones: [] });
    const { unmount } = renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    expect(section).toHaveTextContent('Serial watch: every 15 minutes, at most 10 % of the API budget · first round any moment · History');
    unmount();
    watch = report({ last_round: null, next_round_at: new Date(Date.now() + 10 * 60_000 + 5_000).toISOString(), zones: [] });
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    expect(await screen.findByRole('region', { name: 'Serial watch' })).toHaveTextContent('· first round in 10 minutes · History');
  });

  it('says it is paused, and why', async () => {
    watch = report({
      state: 'paused',
      note: 'Paused: less than half of the Cloudflare API budget is left (400 of 1100).',
      last_round: { started_at: minutesAgo(2), finished_at: null, checked: 3, skipped: 1, complete: false, zones: 12, done: 4 },
      next_round_at: null,
      zones: [],
    });
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    expect(section).toHaveTextContent('Serial watch: every 15 minutes, at most 10 % of the API budget · paused (4 of 12 zones checked so far)');
    expect(section).toHaveTextContent('— Paused: less than half of the Cloudflare API budget is left (400 of 1100).');
    expect(section).not.toHaveTextContent('finds');
  });

  it('a small account: every 15 minutes, how far the round under way is, and how long a round takes in the tooltip', async () => {
    watch = report({
      state: 'running',
      next_round_at: null,
      last_round: { started_at: minutesAgo(0), finished_at: null, checked: 4, skipped: 1, complete: true, zones: 12, done: 5 },
      last_round_seconds: 38,
      round_estimate: { reads: 14, seconds: 34 },
    });
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    const section = await screen.findByRole('region', { name: 'Serial watch' });
    expect(section).toHaveTextContent('Serial watch: every 15 minutes, at most 10 % of the API budget · checking now: 5 of 12 zones checked · History');
    expect(section).not.toHaveTextContent('full round');
    expect(within(section).getByText(/^Serial watch:/)).toHaveAttribute(
      'title',
      expect.stringContaining('A full round needs 14 reads of the Cloudflare API: about 34 seconds at 10 % of the budget.'),
    );
  });

  it('a round longer than the interval: no "every 15 minutes", how far it is, how long a round takes, and what shortens it', async () => {
    // 2,000 zones at 10 % of 1,100 reads per 300 s: one read every 2.7 s, about 2,045 reads a round.
    const estimate = { reads: 2045, seconds: Math.round((2045 * 300) / 110) };
    watch = report({
      state: 'running',
      next_round_at: null,
      last_round: { started_at: minutesAgo(19), finished_at: null, checked: 400, skipped: 12, complete: true, zones: 2000, done: 412 },
      last_round_seconds: 5520,
      round_estimate: estimate,
    });
    const running = renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    let section = await screen.findByRole('region', { name: 'Serial watch' });
    expect(section).toHaveTextContent(
      'Serial watch: at most 10 % of the API budget · checking now: 412 of 2,000 zones checked · ' +
        'a full round takes about 1 hour 33 minutes, longer than the 15-minute interval: rounds run back to back ' +
        '(raise SERIAL_WATCH_BUDGET_PERCENT for shorter ones) · History',
    );
    expect(section).not.toHaveTextContent('every 15 minutes');
    running.unmount();

    // Between two rounds (the next one at once), at the largest share already: the last round's length, no "raise".
    watch = report({
      state: 'waiting',
      budget_percent: 50,
      next_round_at: new Date(Date.now() + 1_000).toISOString(),
      last_round: { started_at: minutesAgo(93), finished_at: minutesAgo(1), checked: 1988, skipped: 12, complete: true, zones: 2000, done: 2000 },
      last_round_seconds: 92 * 60,
      round_estimate: { reads: 2045, seconds: 5400 },
    });
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
    section = await screen.findByRole('region', { name: 'Serial watch' });
    expect(section).toHaveTextContent(
      'Serial watch: at most 50 % of the API budget · last round 1 minute ago (took 1 hour 32 minutes): 1,988 zones checked, 2 behind · ' +
        'a full round takes about 1 hour 30 minutes, longer than the 15-minute interval: rounds run back to back ' +
        '(50 % is the largest share the watch may take) · next any moment',
    );
  });

  it('when off, says nothing above the list; the Serials summary tells an admin how to turn it on, and nobody else', async () => {
    watch = report({ state: 'off', interval_minutes: 0, last_round: null, next_round_at: null, zones: [] });
    const seeded = (role: 'admin' | 'operator') => {
      const queryClient = signedInAs(role);
      queryClient.setQueryData(serialCheckKey(hex(1), 'incoming'), check(hex(1), 'example.net.', 'incoming', 12, 12));
      return queryClient;
    };
    const admin = renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: seeded('admin') });
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    await waitFor(() => expect(summary).toHaveTextContent('The serial watch can check every zone in the background'));
    expect(summary).toHaveTextContent("set SERIAL_WATCH_MINUTES on the dashboard's server.");
    expect(screen.queryByRole('region', { name: 'Serial watch' })).not.toBeInTheDocument();
    admin.unmount();

    const asked = fetchMock.mock.calls.length;
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: seeded('operator') });
    const operatorSummary = await screen.findByRole('region', { name: 'Zone serials' });
    // The watch's report has arrived (and said "off") before the absence counts.
    await waitFor(() => expect(paths().slice(asked)).toContain(WATCH));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(operatorSummary).not.toHaveTextContent('SERIAL_WATCH_MINUTES');
  });
});
