import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PeerSerial, SerialCheck } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, rowsNeverOnScreen, signedInAs } from '../../../test/render';
import { zoneVerdict } from '../serial-check';
import { SWEEP_CONCURRENCY } from '../use-serial-sweep';
import { ZonesTable } from './zones-table';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const hex = (n: number) => n.toString(16).padStart(32, '0');
/** behind: Cloudflare 100, primary 103. synced: both 200. silent: the primary does not answer. unset: no config. */
const ZONES = [
  { id: hex(1), name: 'behind.example', type: 'secondary', status: 'active' },
  { id: hex(2), name: 'synced.example', type: 'secondary', status: 'active' },
  { id: hex(3), name: 'silent.example', type: 'secondary', status: 'active' },
  { id: hex(4), name: 'unset.example', type: 'secondary', status: 'pending' },
  { id: hex(5), name: 'served.example', type: 'full', status: 'active' },
  { id: hex(6), name: 'off.example', type: 'full', status: 'active' },
];

/** Cloudflare's serial per zone (incoming: its copy; outgoing: what it serves) and what the peer holds. */
let cloudflare: Record<string, number>;
let peerSerial: Record<string, number | null>;
let inFlight: number;
let mostInFlight: number;
let refuseFrom: number | null;
let serialCalls: string[];
let budgetRemaining: number;
/** The BFF's report of this user's own reads (reads limited per user), or none. */
let yourReads: { used: number; share: number; nextSeconds: number } | undefined;
let bulkReads: { used: number; share: number; nextSeconds: number } | undefined;
/** The x-budget-purpose header of each serial check the page sent. */
let serialPurposes: (string | null)[] = [];
/** The refusal's code: 10429 the shared budget, 10430 this user's share of reads. */
let refuseCode: number;
/** From the Nth serial call on, Cloudflare fails (502): null for never. */
let failFrom: number | null;
/** Milliseconds before a zone list page with 50 a page answers (the "Check all" listing). */
let listDelay: number;
/** Zones the list's total_count reports beyond those it lists (an account past the listing's cap of 20 pages). */
let unlisted: number;
let serialDelay: number;
let forced: string[];
/** Cloudflare takes the transfer at once (the sandbox) or later (the real thing: the serial has not moved yet). */
let transferAtOnce: boolean;

function peer(zoneId: string, direction: 'incoming' | 'outgoing'): PeerSerial {
  const serial = peerSerial[zoneId] ?? null;
  const ours = cloudflare[zoneId]!;
  const relation = serial === null ? null : serial === ours ? 'same' : serial > ours ? 'peer-ahead' : 'peer-behind';
  return {
    peer_id: 'p1', peer_name: direction === 'incoming' ? 'ns1' : 'sec1', address: '192.0.2.1', port: 53,
    status: serial === null ? 'timeout' : 'answered', serial, authoritative: serial === null ? null : true, relation,
    ms: serial === null ? null : 2, transport: serial === null ? null : 'udp', message: `message for ${zoneId}`,
  };
}

function check(zoneId: string, direction: 'incoming' | 'outgoing'): SerialCheck {
  return {
    zone_id: zoneId, zone_name: `${ZONES.find((z) => z.id === zoneId)!.name}.`, direction,
    cloudflare_serial: cloudflare[zoneId]!, checked_at: new Date().toISOString(), timeout_ms: 2000, emulated: false,
    peers: [peer(zoneId, direction)],
  };
}

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  cloudflare = { [hex(1)]: 100, [hex(2)]: 200, [hex(3)]: 300, [hex(5)]: 500, [hex(6)]: 600 };
  peerSerial = { [hex(1)]: 103, [hex(2)]: 200, [hex(3)]: null, [hex(5)]: 498, [hex(6)]: 590 };
  inFlight = 0;
  mostInFlight = 0;
  refuseFrom = null;
  serialCalls = [];
  budgetRemaining = 1000;
  yourReads = undefined;
  bulkReads = undefined;
  serialPurposes = [];
  refuseCode = 10429;
  failFrom = null;
  listDelay = 0;
  unlisted = 0;
  serialDelay = 20;
  forced = [];
  transferAtOnce = true;
  fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const [, , , zoneId, , direction, tail] = url.pathname.split('/');
    if (url.pathname === '/api/meta/ratelimit') {
      return envelopeResponse({
        result: {
          limit: 1200, windowSeconds: 300, headroom: 100, capacity: 1100, remaining: budgetRemaining, used: 1100 - budgetRemaining,
          nextTokenSeconds: 0, resetSeconds: 0, queueLength: 0, lockedOutUntil: null, ...(yourReads ? { yourReads } : {}),
          ...(bulkReads ? { bulkReads } : {}),
        },
      });
    }
    if (url.pathname === '/api/zones') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      if (perPage === 50 && listDelay) await new Promise((resolve) => setTimeout(resolve, listDelay));
      const onPage = ZONES.slice((page - 1) * perPage, page * perPage);
      return envelopeResponse({
        result: onPage,
        result_info: { page, per_page: perPage, count: onPage.length, total_count: ZONES.length + unlisted, total_pages: Math.ceil(ZONES.length / perPage) },
      });
    }
    if (tail === 'serials') {
      serialCalls.push(zoneId!);
      serialPurposes.push(new Headers(init?.headers).get('x-budget-purpose'));
      if (refuseFrom !== null && serialCalls.length >= refuseFrom) {
        return envelopeResponse(
          { success: false, errors: [{ code: refuseCode, message: 'The shared budget is spent.' }] },
          { status: 429 },
        );
      }
      if (failFrom !== null && serialCalls.length >= failFrom) {
        return envelopeResponse(
          { success: false, errors: [{ code: 10502, message: 'Cloudflare answered with a server error (HTTP 502).' }] },
          { status: 502 },
        );
      }
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, serialDelay));
      inFlight -= 1;
      if (zoneId === hex(4)) return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'none' }] }, { status: 404 });
      return envelopeResponse({ result: check(zoneId!, direction as 'incoming' | 'outgoing') });
    }
    if (direction === 'force_axfr' && init?.method === 'POST') {
      forced.push(zoneId!);
      if (transferAtOnce) cloudflare[zoneId!] = peerSerial[zoneId!]!;
      return envelopeResponse({ result: 'OK' });
    }
    if (direction === 'incoming' && tail === undefined && zoneId !== hex(4) && cloudflare[zoneId!] !== undefined) {
      return envelopeResponse({ result: { id: zoneId, name: 'x.', peers: ['p1'], soa_serial: cloudflare[zoneId!], auto_refresh_seconds: 86400 } });
    }
    if (direction === 'outgoing' && tail === 'status') return envelopeResponse({ result: zoneId === hex(6) ? 'Disabled' : 'Enabled' });
    if (direction === 'outgoing' && tail === undefined) {
      return envelopeResponse({ result: { id: zoneId, name: 'x.', peers: ['p1'], soa_serial: cloudflare[zoneId!] } });
    }
    return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'no configuration' }] }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

const row = (name: string) => within(screen.getByRole('table', { name: 'Zones' })).getByRole('link', { name }).closest('tr') as HTMLElement;

async function sweepPage(role: 'viewer' | 'operator' = 'operator') {
  renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs(role) });
  await screen.findByRole('link', { name: 'behind.example' });
  // The row states first, so the zone known to have no configuration is not asked.
  await within(row('unset.example')).findByText('Not configured');
  expect(screen.queryByRole('columnheader', { name: 'Serials' })).not.toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
  return screen.findByRole('region', { name: 'Zone serials' });
}

describe('Check serials on the zones list', () => {
  it('asks every configured zone of the page, a few at a time, and says what it found per zone and for the page', async () => {
    const summary = await sweepPage();
    await within(summary).findByText(/5 zones checked/);
    expect(serialCalls.sort()).toEqual([hex(1), hex(2), hex(3), hex(5), hex(6)].sort());
    expect(mostInFlight).toBeLessThanOrEqual(SWEEP_CONCURRENCY);
    expect(mostInFlight).toBeGreaterThan(1);

    expect(screen.getByRole('columnheader', { name: 'Serials' })).toBeInTheDocument();
    expect(within(row('behind.example')).getByText('Cloudflare behind').closest('[data-kind]')).toHaveAttribute('data-kind', 'behind');
    expect(within(row('synced.example')).getByText('In sync').closest('[data-kind]')).toHaveAttribute('data-kind', 'in-sync');
    expect(within(row('silent.example')).getByText('No answer').closest('[data-kind]')).toHaveAttribute('data-kind', 'attention');
    expect(within(row('served.example')).getByText('Secondary behind').closest('[data-kind]')).toHaveAttribute('data-kind', 'behind');
    // Transfers off: Force NOTIFY cannot help, so it is something to look at.
    expect(within(row('off.example')).getByText('Behind, transfers off').closest('[data-kind]')).toHaveAttribute('data-kind', 'attention');
    expect(within(row('unset.example')).getByText('Not configured: nobody to ask')).toBeInTheDocument();

    expect(summary).toHaveTextContent(
      '5 zones checked: 1 in sync, 1 zone where Cloudflare is behind its primary, 1 zone whose secondaries are behind Cloudflare, 2 to look at.',
    );
    expect(within(summary).getByRole('link', { name: 'silent.example' })).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: 'off.example' })).toBeInTheDocument();
    expect(within(summary).getByRole('button', { name: /Force AXFR on 1 zone behind/ })).toBeInTheDocument();
    expect(within(summary).getByRole('button', { name: /Force NOTIFY on 1 zone behind/ })).toBeInTheDocument();

    // For the incident ticket: one line per zone, what needs doing first.
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await userEvent.click(within(summary).getByRole('button', { name: 'Copy findings' }));
    await waitFor(() => expect(writeText).toHaveBeenCalled());
    const lines = (writeText.mock.calls[0] as unknown as [string])[0].split('\n');
    expect(lines[0]).toBe("Serials on this page (asked from the dashboard's server; zone, verdict, peers, asked at):");
    expect(lines.slice(1).map((line) => line.split('\t').slice(0, 2).join(' | '))).toEqual([
      'behind.example | Cloudflare behind',
      'served.example | Secondary behind',
      'off.example | Behind, transfers off',
      'silent.example | No answer',
      'synced.example | In sync',
    ]);
    expect(lines[1]).toContain("the primary is ahead of Cloudflare's copy; Cloudflare 100, ns1 103");
    expect(lines[4]).toContain('ns1 timeout');
  });

  it('forces the zones behind from the summary (picked already) and checks them again after the run', async () => {
    const summary = await sweepPage('operator');
    await within(summary).findByText(/5 zones checked/);
    await userEvent.click(await within(summary).findByRole('button', { name: /Force AXFR on 1 zone behind/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Force AXFR where Cloudflare is behind' });
    const box = await within(dialog).findByRole('checkbox', { name: /behind\.example/ });
    await waitFor(() => expect(box).toBeChecked());
    expect(within(dialog).getAllByRole('checkbox')).toHaveLength(1);
    const before = serialCalls.length;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Force AXFR on 1 zone' }));
    await within(dialog).findByRole('button', { name: 'Done' });
    expect(forced).toEqual([hex(1)]);
    // Checked again: only the forced zone, now in sync.
    await waitFor(() => expect(serialCalls.slice(before)).toEqual([hex(1)]));
    await waitFor(() => expect(within(row('behind.example')).getByText('In sync')).toBeInTheDocument());
  });

  it('a zone still behind right after its Force is "not in yet", not offered the Force again', async () => {
    transferAtOnce = false;
    const summary = await sweepPage('operator');
    await within(summary).findByText(/5 zones checked/);
    await userEvent.click(within(summary).getByRole('button', { name: /Force AXFR on 1 zone behind/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Force AXFR where Cloudflare is behind' });
    await waitFor(() => expect(within(dialog).getByRole('checkbox', { name: /behind\.example/ })).toBeChecked());
    await userEvent.click(within(dialog).getByRole('button', { name: 'Force AXFR on 1 zone' }));
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Done' }));
    await waitFor(() => expect(within(row('behind.example')).getByText('Forced, not in yet')).toBeInTheDocument());
    expect(summary).toHaveTextContent('1 zone forced a moment ago and not in yet (Cloudflare transfers in the background: check again in a minute)');
    expect(within(summary).queryByRole('button', { name: /Force AXFR on/ })).not.toBeInTheDocument();
  });

  it('a zone still behind minutes after its Force is named apart, with where to look, and not offered the Force again', async () => {
    const queryClient = signedInAs('operator');
    queryClient.setQueryData(['zones', 'detail', hex(1), 'forced'], Date.now() - 10 * 60_000);
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient });
    await screen.findByRole('link', { name: 'behind.example' });
    await within(row('unset.example')).findByText('Not configured');
    await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    await within(summary).findByText(/5 zones checked/);
    expect(within(row('behind.example')).getByText('Still behind after Force')).toBeInTheDocument();
    expect(summary).toHaveTextContent('1 still behind after a Force');
    expect(summary).toHaveTextContent(/forcing again will not help.*setup check/);
    expect(within(summary).getByRole('link', { name: 'behind.example' })).toBeInTheDocument();
    expect(within(summary).queryByRole('button', { name: /Force AXFR on/ })).not.toBeInTheDocument();
  });

  it('a viewer sees the findings; the Force buttons are off with the reason', async () => {
    const summary = await sweepPage('viewer');
    const force = await within(summary).findByRole('button', { name: /Force AXFR on 1 zone behind/ });
    expect(force).toHaveAttribute('aria-disabled', 'true');
  });

  it('stops when the shared budget is spent and says so; the zones not asked are marked', async () => {
    refuseFrom = 3;
    const summary = await sweepPage();
    await within(summary).findByText(/Stopped after \d+ of 5 zones: the shared Cloudflare API budget is spent/);
    expect(serialCalls.length).toBeLessThan(5 + SWEEP_CONCURRENCY);
    expect(screen.getAllByText('Not asked: budget').length).toBeGreaterThan(0);
  });

  it('stops after three of Cloudflare\'s failures in a row, and says it is Cloudflare failing, not the zones', async () => {
    failFrom = 1;
    const summary = await sweepPage();
    await within(summary).findByText(
      /Stopped after \d+ of 5 zones: Cloudflare failed 3 times in a row, so it is failing for everyone, not these zones \(Cloudflare answered with a server error \(HTTP 502\)\.\)\. Check the rest when it answers again/,
    );
    // Four run at once: those in flight when the third failure came back end; no zone is asked after it.
    expect(serialCalls.length).toBeLessThan(5 + SWEEP_CONCURRENCY);
  });

  it("stops when this user's share of the budget is used, and says it is theirs", async () => {
    refuseFrom = 3;
    refuseCode = 10430;
    const summary = await sweepPage();
    await within(summary).findByText(
      /Stopped after \d+ of 5 zones: you have used your share of the shared Cloudflare API budget \(You have used your share/,
    );
  });
});

describe('Check serials on every page', () => {
  it('after a page, checks every zone of the list (read page by page) and sums them up; the column shows this page', async () => {
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { route: '/?per_page=5', queryClient: signedInAs('operator') });
    await screen.findByRole('link', { name: 'behind.example' });
    expect(screen.queryByRole('link', { name: 'off.example' })).not.toBeInTheDocument(); // on page 2
    await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    await within(summary).findByText(/zones checked/);
    expect(serialCalls).not.toContain(hex(6));

    await userEvent.click(within(summary).getByRole('button', { name: 'Check all 6 zones' }));
    await waitFor(() => expect(summary).toHaveTextContent(/^Serials of all 6 zones/));
    await within(summary).findByText(/5 zones checked: 1 in sync/);
    expect(serialCalls).toContain(hex(6));
    const lists = fetchMock.mock.calls.map(([input]) => String(input)).filter((path) => path.startsWith('/api/zones?'));
    expect(lists).toContain(`/api/zones?account_id=${ACCOUNT}&page=1&per_page=50`);
    // off.example (page 2) is among the zones to look at; the table still shows page 1.
    expect(within(summary).getByRole('link', { name: 'off.example' })).toBeInTheDocument();
    expect(within(row('behind.example')).getByText('Cloudflare behind')).toBeInTheDocument();
    expect(within(summary).queryByRole('button', { name: /Check all \d/ })).not.toBeInTheDocument();

    // Only the zones that need something, from every page, in one table.
    await userEvent.click(within(summary).getByRole('button', { name: 'Show only the 4 zones not in sync' }));
    const table = screen.getByRole('table', { name: 'Zones' });
    const names = () => within(table).getAllByRole('link').map((link) => link.textContent);
    expect(names()).toEqual(['behind.example', 'off.example', 'served.example', 'silent.example']);
    expect(screen.getByTestId('row-count')).toHaveTextContent('4 of 5 checked zones not in sync');
    expect(screen.queryByRole('button', { name: 'Page 2' })).not.toBeInTheDocument();
    await userEvent.click(within(summary).getByRole('button', { name: 'Show every zone' }));
    expect(names()).toContain('synced.example');
    expect(screen.getByRole('button', { name: 'Page 2' })).toBeInTheDocument();
  });
});

describe('Check serials, after leaving the list', () => {
  it('keeps the last run when the list is opened again (e.g. back from a zone page)', async () => {
    const queryClient = signedInAs('operator');
    const first = renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { route: '/?per_page=5', queryClient });
    await screen.findByRole('link', { name: 'behind.example' });
    await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    await within(summary).findByText(/zones checked/);
    await userEvent.click(within(summary).getByRole('button', { name: 'Check all 6 zones' }));
    await waitFor(() => expect(summary).toHaveTextContent(/^Serials of all 6 zones/));
    await within(summary).findByText(/5 zones checked/);
    first.unmount();
    const calls = serialCalls.length;

    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { route: '/?per_page=5', queryClient });
    const again = await screen.findByRole('region', { name: 'Zone serials' });
    expect(again).toHaveTextContent(/^Serials of all 6 zones/);
    expect(again).toHaveTextContent('5 zones checked: 1 in sync');
    expect(serialCalls.length).toBe(calls); // shown from what was kept, nothing asked again
  });
});

describe('Check serials stops', () => {
  it('when the page is left: the checks in flight finish, no new one is sent', async () => {
    // Long enough that the first checks are still in flight when the page is left, however slow the machine.
    serialDelay = 1_000;
    const view = renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('operator') });
    await screen.findByRole('link', { name: 'behind.example' });
    await within(row('unset.example')).findByText('Not configured');
    await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
    await waitFor(() => expect(serialCalls.length).toBeGreaterThan(0));
    view.unmount();
    const atUnmount = serialCalls.length;
    // The checks in flight end after serialDelay; none is sent after them.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(serialCalls.length).toBe(atUnmount);
    expect(atUnmount).toBeLessThan(5);
  });

  it('with Stop while the zones are being listed: none is asked', async () => {
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { route: '/?per_page=5', queryClient: signedInAs('operator') });
    await screen.findByRole('link', { name: 'behind.example' });
    await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    await within(summary).findByText(/zones checked/);
    const before = serialCalls.length;
    // Slow enough that Stop lands while a page is being listed, however slow the machine.
    listDelay = 800;
    await userEvent.click(within(summary).getByRole('button', { name: 'Check all 6 zones' }));
    await within(summary).findByText(/Listing the zones/);
    await userEvent.click(within(summary).getByRole('button', { name: 'Stop' }));
    await within(summary).findByText('Stopped before any zone was asked.', {}, { timeout: 4_000 });
    expect(serialCalls.length).toBe(before);
    // The page's findings are still there: a listing that did not finish changes nothing.
    expect(summary).toHaveTextContent(/^Serials on this page/);
  });
});

describe('Check serials and the shared budget', () => {
  it('takes at most half of what is left of the budget, and says which zones it left', async () => {
    budgetRemaining = 6; // a share of 3 reads: the first three configured zones
    const summary = await sweepPage();
    await within(summary).findByText(/3 zones checked/);
    expect(serialCalls.sort()).toEqual([hex(1), hex(2), hex(3)]);
    expect(summary).toHaveTextContent(
      'Asked 3 of 5 zones: the others would take more than half of what is left of the shared Cloudflare budget (6 requests).',
    );
    expect(within(row('served.example')).getByText('Not checked yet')).toBeInTheDocument();
  });

  it("takes at most half of what is left of this user's share of reads, when that is less", async () => {
    yourReads = { used: 544, share: 550, nextSeconds: 0 }; // 6 left of the share: 3 reads
    const summary = await sweepPage();
    await within(summary).findByText(/3 zones checked/);
    expect(serialCalls.sort()).toEqual([hex(1), hex(2), hex(3)]);
    expect(summary).toHaveTextContent(
      'Asked 3 of 5 zones: the others would take more than half of what is left of your share of the shared Cloudflare budget (6 requests).',
    );
  });

  it("takes at most half of what is left of the bulk actions' share (everyone's), and names itself to the BFF", async () => {
    bulkReads = { used: 546, share: 550, nextSeconds: 0 }; // 4 left of the bulk actions' share: 2 reads
    const summary = await sweepPage();
    await within(summary).findByText(/2 zones checked/);
    expect(serialCalls.sort()).toEqual([hex(1), hex(2)]);
    expect(summary).toHaveTextContent(
      "Asked 2 of 5 zones: the others would take more than half of what is left of the share for actions over many zones (everyone's) of the shared Cloudflare budget (4 requests).",
    );
    // Each check says it is part of Check serials: the BFF counts it in the bulk actions' share.
    expect(serialPurposes).toEqual(['check-serials', 'check-serials']);
  });
});

describe('Check serials in turns (more zones than the budget share)', () => {
  async function copied(summary: HTMLElement): Promise<string[]> {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await userEvent.click(within(summary).getByRole('button', { name: /Copy findings|Copied/ }));
    await waitFor(() => expect(writeText).toHaveBeenCalled());
    return (writeText.mock.calls[0] as unknown as [string])[0].split('\n');
  }

  it('a page: says how many were asked and how many not; "Check the rest" asks only those, and the findings add up', async () => {
    budgetRemaining = 6; // a share of 3 reads: the first three configured zones
    const summary = await sweepPage();
    await within(summary).findByText(/3 zones checked/);
    const heading = 'Serials of 3 of 6 zones on this page (2 not asked yet: more would take more than half of what is left of the shared Cloudflare budget; check the rest in a minute; 1 not configured)';
    expect(summary).toHaveTextContent(heading);
    expect(summary).not.toHaveTextContent('Serials on this page');
    expect((await copied(summary))[0]).toBe(`${heading} (asked from the dashboard's server; zone, verdict, peers, asked at):`);

    budgetRemaining = 1000; // a minute later
    const before = serialCalls.length;
    await userEvent.click(within(summary).getByRole('button', { name: 'Check the rest (2)' }));
    await within(summary).findByText(/5 zones checked/, {}, { timeout: 4_000 });
    expect(serialCalls.slice(before).sort()).toEqual([hex(5), hex(6)]);
    // The first three keep their checks (not asked again), the other two have theirs.
    expect(within(row('behind.example')).getByText('Cloudflare behind')).toBeInTheDocument();
    expect(within(row('served.example')).getByText('Secondary behind')).toBeInTheDocument();
    expect(summary).toHaveTextContent(/^Serials on this page/);
    expect(summary).not.toHaveTextContent('not asked yet');
    expect(within(summary).queryByRole('button', { name: /Check the rest/ })).not.toBeInTheDocument();
    const lines = await copied(summary);
    expect(lines[0]).toBe("Serials on this page (asked from the dashboard's server; zone, verdict, peers, asked at):");
    expect(lines).toHaveLength(6);
  });

  it('every page: continues where the last run stopped, and says "all" only once every zone listed was asked', async () => {
    budgetRemaining = 6;
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { route: '/?per_page=5', queryClient: signedInAs('operator') });
    await screen.findByRole('link', { name: 'behind.example' });
    await within(row('unset.example')).findByText('Not configured');
    await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    await within(summary).findByText(/3 zones checked/);
    await userEvent.click(within(summary).getByRole('button', { name: 'Check all 6 zones' }));
    await waitFor(() => expect(summary).toHaveTextContent(/^Serials of 3 of 6 zones listed \(2 not asked yet: more would take/));
    expect(summary).toHaveTextContent(/Asked 3 of 5 zones: .*Check the rest in a minute/);
    const partial = (await copied(summary))[0]!;
    expect(partial).toMatch(/^Serials of 3 of 6 zones listed \(2 not asked yet: /);
    expect(partial).not.toContain('all 6');

    budgetRemaining = 1000;
    const before = serialCalls.length;
    await userEvent.click(within(summary).getByRole('button', { name: 'Check the rest (2)' }));
    await within(summary).findByText(/5 zones checked/, {}, { timeout: 4_000 });
    // Only the zones not asked yet: served.example (page 1) and off.example (page 2).
    expect(serialCalls.slice(before).sort()).toEqual([hex(5), hex(6)]);
    await waitFor(() => expect(summary).toHaveTextContent(/^Serials of all 6 zones/));
    expect(within(summary).getByRole('link', { name: 'off.example' })).toBeInTheDocument();
    expect((await copied(summary))[0]).toMatch(/^Serials of all 6 zones \(asked from/);

    // A full run again stays available, from the top.
    const again = serialCalls.length;
    await userEvent.click(within(summary).getByRole('button', { name: 'Check all again' }));
    await waitFor(() => expect(serialCalls.length - again).toBe(5), { timeout: 4_000 });
  });

  it('names the zones the list did not reach (beyond its cap), and then never says "all"', async () => {
    unlisted = 12;
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { route: '/?per_page=5', queryClient: signedInAs('operator') });
    await screen.findByRole('link', { name: 'behind.example' });
    await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    await within(summary).findByText(/zones checked/);
    await userEvent.click(within(summary).getByRole('button', { name: 'Check all 18 zones' }));
    await waitFor(() => expect(summary).toHaveTextContent(/^Serials of 5 of 6 zones listed; 12 zones beyond the first 6 not listed/));
    expect((await copied(summary))[0]).toMatch(/^Serials of 5 of 6 zones listed; 12 zones beyond the first 6 not listed \(asked from/);
    // The button says "Copied" for 2 s: let its timer end within the test (the file's environment goes after it).
    await within(summary).findByRole('button', { name: 'Copy findings' }, { timeout: 5_000 });
  });
});

describe('Check serials before the rows have loaded (rows not scrolled to)', () => {
  it("reads a primary zone's transfer status with its check, so secondaries behind with transfers off are not offered Force NOTIFY", async () => {
    rowsNeverOnScreen();
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('operator') });
    await screen.findByRole('link', { name: 'behind.example' });
    await userEvent.click(screen.getByRole('button', { name: 'Check serials' }));
    const summary = await screen.findByRole('region', { name: 'Zone serials' });
    // unset.example was not known to be unconfigured, so it was asked: the BFF said so (404).
    await within(summary).findByText(/5 zones checked/);
    expect(serialCalls).toContain(hex(4));
    const statusCalls = fetchMock.mock.calls.map(([input]) => String(input)).filter((path) => path.endsWith('/outgoing/status'));
    expect(statusCalls.sort()).toEqual([`/api/zones/${hex(5)}/secondary_dns/outgoing/status`, `/api/zones/${hex(6)}/secondary_dns/outgoing/status`]);
    expect(within(row('off.example')).getByText('Behind, transfers off')).toBeInTheDocument();
    expect(within(row('unset.example')).getByText('Not configured: nobody to ask')).toBeInTheDocument();
    expect(within(summary).getByRole('button', { name: /Force NOTIFY on 1 zone behind/ })).toBeInTheDocument();
  });
});

describe('zoneVerdict', () => {
  const base = check.bind(null);
  it('names the zones behind, in sync, and to look at', () => {
    cloudflare = { a: 10 } as Record<string, number>;
    ZONES.push({ id: 'a', name: 'a.example', type: 'secondary', status: 'active' });
    try {
      peerSerial = { a: 12 };
      expect(zoneVerdict(base('a', 'incoming'))).toEqual({ kind: 'behind', label: 'Cloudflare behind', color: 'orange' });
      peerSerial = { a: 8 };
      expect(zoneVerdict(base('a', 'incoming'))).toMatchObject({ kind: 'attention', label: 'Primary behind' });
      expect(zoneVerdict(base('a', 'outgoing'))).toMatchObject({ kind: 'behind', label: 'Secondary behind' });
      expect(zoneVerdict(base('a', 'outgoing'), { transfersDisabled: true })).toMatchObject({ kind: 'attention' });
      // Forced from this browser a moment before the check: not in yet; long before: behind again.
      peerSerial = { a: 12 };
      const checkedAt = Date.parse(base('a', 'incoming').checked_at);
      expect(zoneVerdict(base('a', 'incoming'), { forcedAt: checkedAt - 10_000 })).toMatchObject({ kind: 'waiting', label: 'Forced, not in yet' });
      expect(zoneVerdict(base('a', 'incoming'), { forcedAt: checkedAt - 5 * 60_000 })).toMatchObject({
        kind: 'behind',
        label: 'Still behind after Force',
        afterForce: true,
      });
      peerSerial = { a: 10 };
      expect(zoneVerdict(base('a', 'incoming'), { forcedAt: checkedAt - 10_000 })).toMatchObject({ kind: 'in-sync' });
      expect(zoneVerdict(base('a', 'incoming'))).toMatchObject({ kind: 'in-sync', label: 'In sync' });
      expect(zoneVerdict({ ...base('a', 'incoming'), peers: [] })).toMatchObject({ kind: 'attention', label: 'No primaries' });
      // Cloudflare has no copy yet and the primary answers: a transfer is what is missing.
      expect(zoneVerdict({ ...base('a', 'incoming'), cloudflare_serial: null })).toMatchObject({ kind: 'behind' });
      // Serials wrap (RFC 1982): 1 is ahead of 4294967295.
      cloudflare = { a: 4294967295 };
      peerSerial = { a: 1 };
      const wrapped = { ...base('a', 'incoming'), peers: [{ ...base('a', 'incoming').peers[0]!, relation: 'peer-ahead' as const }] };
      expect(zoneVerdict(wrapped)).toMatchObject({ kind: 'behind', label: 'Cloudflare behind' });
    } finally {
      ZONES.splice(6);
    }
  });
});
