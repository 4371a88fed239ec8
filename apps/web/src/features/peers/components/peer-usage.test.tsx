import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PeerUsage } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { PeersTable } from './peers-table';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const NS1 = hex(0xa1);
const NS2 = hex(0xa2);
const SPARE = hex(0xa3);
const GONE = hex(0xaf);
const PEERS = [
  { id: NS1, name: 'ns1-primary', ip: '192.0.2.10', port: 53 },
  { id: NS2, name: 'secondary-a', ip: '203.0.113.53', port: 53 },
  { id: SPARE, name: 'spare-ns', ip: '192.0.2.99', port: 53 },
];

function usageAnswer(overrides: Partial<PeerUsage> = {}): PeerUsage {
  return {
    account_id: ACCOUNT,
    checked_at: new Date().toISOString(),
    zones_total: 4,
    zones_read: 4,
    zones_before: 0,
    not_read: 0,
    stopped_by: null,
    resume_from: null,
    upstream_calls: 5,
    stale: false,
    complete: true,
    uses: [
      { peer_id: NS1, zone_id: hex(1), zone_name: 'example.net', direction: 'incoming' },
      { peer_id: NS1, zone_id: hex(2), zone_name: 'mail.example.net', direction: 'incoming' },
      { peer_id: NS2, zone_id: hex(3), zone_name: 'example.com', direction: 'outgoing' },
      { peer_id: GONE, zone_id: hex(4), zone_name: 'old.example', direction: 'incoming' },
    ],
    unread: [],
    message: 'Read the transfer configuration of all 4 zones (5 calls to Cloudflare).',
    ...overrides,
  };
}

let usage: () => Response;
let forced: string[];
let fetchMock: ReturnType<typeof vi.fn>;
const usageCalls = () => fetchMock.mock.calls.map(([input]) => String(input)).filter((url) => url.includes('/peers/usage'));

/** What the budget report says is left; null: no report (the look-up then never runs by itself). */
let budgetLeft: number | null;

beforeEach(() => {
  budgetLeft = null;
  usage = () => envelopeResponse({ result: usageAnswer() });
  forced = [];
  fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    if (url.pathname === `/api/accounts/${ACCOUNT}/secondary_dns/peers`) return envelopeResponse({ result: PEERS });
    if (url.pathname === `/api/accounts/${ACCOUNT}/secondary_dns/tsigs`) return envelopeResponse({ result: [] });
    if (url.pathname === `/api/accounts/${ACCOUNT}/secondary_dns/peers/usage`) return usage();
    if (url.pathname.endsWith('/force_axfr')) {
      forced.push(url.pathname.split('/')[3]!);
      return envelopeResponse({ result: 'OK' });
    }
    if (url.pathname.endsWith('/secondary_dns/incoming')) {
      const zoneId = url.pathname.split('/')[3]!;
      return envelopeResponse({
        result: { id: zoneId, name: 'x.', peers: [NS1], auto_refresh_seconds: 86400, soa_serial: 7, checked_time: new Date().toISOString() },
      });
    }
    if (url.pathname === '/api/meta/ratelimit' && budgetLeft !== null) {
      return envelopeResponse({ result: { capacity: 1200, remaining: budgetLeft, windowSeconds: 300 } });
    }
    if (url.pathname.endsWith('/zones') && budgetLeft !== null) {
      return envelopeResponse({ result: [], result_info: { page: 1, per_page: 50, count: 0, total_count: 4, total_pages: 1 } });
    }
    return envelopeResponse({ success: false, errors: [{ code: 1000, message: `unexpected ${url.pathname}` }] }, { status: 500 });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

function renderTable() {
  return renderWithProviders(<PeersTable accountId={ACCOUNT} onAdd={() => {}} onEdit={() => {}} />, {
    queryClient: signedInAs('admin'),
  });
}

const rowOf = (name: string) => screen.getByRole('row', { name: new RegExp(name) });

describe('Zones using each peer', () => {
  it('looks only when asked, then shows each peer’s zones, what was read, and zones naming a missing peer', async () => {
    renderTable();
    await screen.findByText('ns1-primary');
    expect(screen.queryByRole('columnheader', { name: 'Zones' })).not.toBeInTheDocument();
    expect(usageCalls()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Find zones using peers' }));
    expect(await screen.findByText('Read the transfer configuration of all 4 zones (5 calls to Cloudflare).')).toBeInTheDocument();
    expect(usageCalls()).toEqual([`/api/accounts/${ACCOUNT}/secondary_dns/peers/usage`]);
    expect(screen.getByRole('columnheader', { name: 'Zones' })).toBeInTheDocument();

    const ns1 = within(rowOf('ns1-primary'));
    expect(ns1.getByRole('link', { name: 'example.net' })).toHaveAttribute('href', `/accounts/${ACCOUNT}/zones/${hex(1)}`);
    expect(ns1.getByText('+1')).toBeInTheDocument();
    expect(ns1.getByTitle('example.net (as its primary), mail.example.net (as its primary)')).toBeInTheDocument();
    expect(within(rowOf('secondary-a')).getByTitle('example.com (as its secondary)')).toBeInTheDocument();
    // Every zone was read: an unused peer says so.
    expect(within(rowOf('spare-ns')).getByText('No zone')).toBeInTheDocument();

    const missing = screen.getByRole('alert', { name: 'Zones naming a peer this account does not have' });
    expect(missing).toHaveTextContent('Zones naming a peer this account does not have');
    expect(within(missing).getByRole('link', { name: 'old.example' })).toHaveAttribute('href', `/accounts/${ACCOUNT}/zones/${hex(4)}`);
    expect(missing).toHaveTextContent(GONE);

    // The search box finds peers by zone too.
    await userEvent.type(screen.getByRole('textbox', { name: /search/i }), 'mail.example');
    await waitFor(() => expect(screen.queryByText('secondary-a')).not.toBeInTheDocument());
    expect(screen.getByText('ns1-primary')).toBeInTheDocument();
  });

  it('never says "no zone" when some zones were not read; "Read the rest" continues where the look-up stopped', async () => {
    usage = () =>
      envelopeResponse({
        result: usageAnswer({
          zones_total: 6,
          zones_read: 4,
          not_read: 1,
          stopped_by: 'budget',
          resume_from: 'slow.example',
          complete: false,
          uses: [{ peer_id: NS1, zone_id: hex(1), zone_name: 'example.net', direction: 'incoming' }],
          unread: [{ zone_id: hex(5), zone_name: 'big.example', reason: 'error', message: 'Internal error' }],
          message: 'Read 4 of 6 zones (5 calls to Cloudflare). Not read: 1 to spare the shared Cloudflare budget; 1 because Cloudflare answered an error.',
        }),
      });
    renderTable();
    await screen.findByText('ns1-primary');
    await userEvent.click(screen.getByRole('button', { name: 'Find zones using peers' }));
    expect(await screen.findByText(/Read 4 of 6 zones/)).toBeInTheDocument();
    const notRead = screen.getByRole('list', { name: 'Zones not read' });
    expect(within(notRead).getByRole('link', { name: 'big.example' })).toBeInTheDocument();
    expect(notRead).toHaveTextContent('big.example: Internal error');
    expect(within(rowOf('spare-ns')).getByText('None found')).toBeInTheDocument();
    expect(screen.queryByText('No zone')).not.toBeInTheDocument();

    // The rest, from where it stopped; the answers add up.
    usage = () =>
      envelopeResponse({
        result: usageAnswer({
          zones_total: 6,
          zones_read: 1,
          zones_before: 5,
          upstream_calls: 2,
          uses: [{ peer_id: SPARE, zone_id: hex(6), zone_name: 'slow.example', direction: 'outgoing' }],
          message: 'Read the transfer configuration of the 1 zone from slow.example on (2 calls to Cloudflare).',
        }),
      });
    await userEvent.click(screen.getByRole('button', { name: 'Read the rest' }));
    expect(await screen.findByText(/Read 5 of 6 zones so far, in turns \(7 calls to Cloudflare\)/)).toBeInTheDocument();
    expect(usageCalls()).toEqual([
      `/api/accounts/${ACCOUNT}/secondary_dns/peers/usage`,
      `/api/accounts/${ACCOUNT}/secondary_dns/peers/usage?from=slow.example`,
    ]);
    expect(within(rowOf('spare-ns')).getByRole('link', { name: 'slow.example' })).toBeInTheDocument();
    expect(within(rowOf('ns1-primary')).getByRole('link', { name: 'example.net' })).toBeInTheDocument();
    // big.example could not be read: still "None found", never "No zone".
    expect(within(rowOf('secondary-a')).getByText('None found')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Read the rest' })).not.toBeInTheDocument();
  });

  it('shows what a delete touches in the dialog, and can look from there', async () => {
    renderTable();
    await screen.findByText('ns1-primary');
    await userEvent.click(within(rowOf('ns1-primary')).getByRole('button', { name: /delete/i }));
    const dialog = await screen.findByRole('dialog');
    expect(usageCalls()).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Check which zones use it' }));
    expect(
      await within(dialog).findByText(
        /Used by 2 zones: example.net \(as its primary\), mail.example.net \(as its primary\)\. Remove the peer from those zones first/,
      ),
    ).toBeInTheDocument();
    expect(usageCalls()).toHaveLength(1);
    // The table behind the dialog got the same answer (one look-up, one cache entry).
    expect(screen.getByRole('columnheader', { name: 'Zones', hidden: true })).toBeInTheDocument();
  });

  it('on a small account the delete dialog names the zones by itself, under the same rule as the edit form', async () => {
    budgetLeft = 1100;
    renderTable();
    await screen.findByText('ns1-primary');
    await userEvent.click(within(rowOf('ns1-primary')).getByRole('button', { name: /delete/i }));
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        /Used by 2 zones: example.net \(as its primary\), mail.example.net \(as its primary\)\. Remove the peer from those zones first/,
      ),
    ).toBeInTheDocument();
    expect(usageCalls()).toHaveLength(1);
    expect(within(dialog).queryByRole('button', { name: 'Check which zones use it' })).not.toBeInTheDocument();
  });

  it('shows the error with a retry when the look-up fails', async () => {
    usage = () =>
      envelopeResponse(
        { success: false, errors: [{ code: 10000, message: 'Authentication error' }] },
        { status: 403, requestId: 'req-123' },
      );
    renderTable();
    await screen.findByText('ns1-primary');
    await userEvent.click(screen.getByRole('button', { name: 'Find zones using peers' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not find the zones using each peer');
    expect(alert).toHaveTextContent('Authentication error');
    usage = () => envelopeResponse({ result: usageAnswer() });
    await userEvent.click(within(alert).getByRole('button', { name: /retry|try again/i }));
    expect(await screen.findByText(/Read the transfer configuration of all 4 zones/)).toBeInTheDocument();
  });

  it("opens a peer's zones from its cell, and forces a transfer of all of them at once", async () => {
    renderTable();
    await screen.findByText('ns1-primary');
    await userEvent.click(screen.getByRole('button', { name: 'Find zones using peers' }));
    await userEvent.click(await screen.findByRole('button', { name: '+1 more: all zones of ns1-primary' }));
    const menu = await screen.findByRole('group', { name: 'Zones of ns1-primary' });
    expect(menu).toHaveTextContent('2 zones use ns1-primary');
    expect(within(menu).getByRole('link', { name: 'mail.example.net' })).toHaveAttribute('href', `/accounts/${ACCOUNT}/zones/${hex(2)}`);
    expect(within(menu).queryByRole('button', { name: /Force NOTIFY/ })).not.toBeInTheDocument();

    await userEvent.click(within(menu).getByRole('button', { name: 'Force AXFR on its 2 zones…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Force AXFR on the zones of ns1-primary' });
    expect(within(dialog).getByText('Zones Cloudflare pulls from ns1-primary')).toBeInTheDocument();
    expect(dialog).toHaveTextContent("Cloudflare asks each zone's primaries for a full transfer now.");
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Select all (2)' }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'INC-7 ns1 back');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Force AXFR on 2 zones' }));
    expect(await within(dialog).findByText(/^Done: 2 requested/)).toBeInTheDocument();
    expect(forced).toEqual([hex(1), hex(2)]);

    // Closed, the dialog gives focus back to the cell's button (the popover's buttons are gone), not the page body.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: '+1 more: all zones of ns1-primary' })).toHaveFocus());
  });
});
