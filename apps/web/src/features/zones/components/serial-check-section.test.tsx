import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SerialCheck } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { zoneKeys } from '../api/queries';
import { serialCheckKey, summaryOf, verdictOf } from '../serial-check';
import { SerialCheckSection } from './serial-check-section';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const ZONE = 'fedcba9876543210fedcba9876543210';

function checkWith(cloudflare: number, primary: number): SerialCheck {
  return {
    zone_id: ZONE,
    zone_name: 'example.net.',
    direction: 'incoming',
    cloudflare_serial: cloudflare,
    checked_at: new Date().toISOString(),
    timeout_ms: 2000,
    emulated: false,
    peers: [
      {
        peer_id: 'p1', peer_name: 'ns1-primary', address: '192.0.2.10', port: 53, status: 'answered', serial: primary,
        authoritative: true, relation: primary === cloudflare ? 'same' : 'peer-ahead', ms: 3, transport: 'udp',
        message: primary === cloudflare ? `Serial ${primary}, the same as Cloudflare's.` : `Serial ${primary}: ahead of Cloudflare's copy.`,
      },
      {
        peer_id: 'p2', peer_name: 'ns2-primary', address: '2001:db8:10::53', port: 53, status: 'timeout', serial: null,
        authoritative: null, relation: null, ms: null, transport: null, message: 'No answer from [2001:db8:10::53] port 53 within 2 s.',
      },
    ],
  };
}

let answer: () => Response;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  answer = () => envelopeResponse({ result: checkWith(2024061201, 2024061205) });
  fetchMock = vi.fn(async () => answer());
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

function serialCalls(): string[] {
  return fetchMock.mock.calls.map(([input]) => String(input)).filter((url) => url.includes('/serials'));
}

/** The serial watch's report: its check of the zone 3 minutes ago (Cloudflare 2024061201, the primary 2024061205), behind for 40. */
function watchFoundBehind() {
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const watchedCheck = { ...checkWith(2024061201, 2024061205), checked_at: minutesAgo(3) };
  fetchMock.mockImplementation(async (input: RequestInfo | URL) =>
    String(input) === `/api/accounts/${ACCOUNT}/secondary_dns/serial_watch`
      ? envelopeResponse({
          result: {
            state: 'waiting', interval_minutes: 15, budget_percent: 10, note: null, last_round: null, next_round_at: null,
            zones: [
              {
                account_id: ACCOUNT, zone_id: ZONE, zone_name: 'example.net.', direction: 'incoming', kind: 'behind',
                label: 'Cloudflare behind', behind_since: minutesAgo(40), check: watchedCheck,
              },
            ],
          },
        })
      : answer(),
  );
}

describe('SerialCheckSection', () => {
  it("shows the serial watch's check when it is the newest, and since when the watch finds the zone behind, without asking", async () => {
    watchFoundBehind();
    renderWithProviders(
      <SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061201} />,
      { queryClient: signedInAs('viewer') },
    );
    expect(await screen.findByText(/^Asked 3 minutes ago by the serial watch: 0 of 2 primaries in sync/)).toHaveTextContent(
      'The serial watch first found this zone behind 40 minutes ago.',
    );
    expect(await screen.findByRole('table', { name: 'Serials of the primaries' })).toBeInTheDocument();
    expect(serialCalls()).toEqual([]);
  });

  it("the watch's check compared again with Cloudflare's serial read after it (a Force AXFR that worked): no longer behind, without asking", async () => {
    watchFoundBehind();
    const queryClient = signedInAs('viewer');
    renderWithProviders(
      <SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061201} />,
      { queryClient },
    );
    const table = await screen.findByRole('table', { name: 'Serials of the primaries' });
    expect(within(table).getByText('Cloudflare behind')).toBeInTheDocument();
    // The configuration read again (as the Force AXFR's reload does): Cloudflare has the primary's serial now.
    queryClient.setQueryData(zoneKeys.incoming(ZONE), { id: ZONE, name: 'example.net.', peers: ['p1', 'p2'], auto_refresh_seconds: 86400, soa_serial: 2024061205 });
    expect(await within(table).findByText('In sync')).toBeInTheDocument();
    expect(within(table).queryByText('Cloudflare behind')).not.toBeInTheDocument();
    expect(screen.getByText(/^Asked 3 minutes ago by the serial watch: 1 of 2 primaries in sync/)).toHaveTextContent(
      "Cloudflare's serial has moved since (it was 2024061201): the primaries' answers are compared with its serial now (2024061205).",
    );
    expect(screen.queryByText(/first found this zone behind/)).not.toBeInTheDocument();
    expect(serialCalls()).toEqual([]);
  });

  it("after a Force from this browser, asks the peers at once and again when Cloudflare's serial moves (not the watch's old answers)", async () => {
    watchFoundBehind();
    const queryClient = signedInAs('operator');
    const { rerender } = renderWithProviders(
      <SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061201} />,
      { queryClient },
    );
    await screen.findByText(/^Asked 3 minutes ago by the serial watch/);
    expect(serialCalls()).toEqual([]);
    // Force AXFR (the mutation writes when it was sent).
    queryClient.setQueryData(zoneKeys.forced(ZONE), Date.now());
    await waitFor(() => expect(serialCalls()).toHaveLength(1));
    expect(await screen.findByText(/^Asked just now: 0 of 2 primaries in sync/)).toBeInTheDocument();
    // The transfer arrived: Cloudflare's serial moved, and the primaries are asked again.
    answer = () => envelopeResponse({ result: checkWith(2024061205, 2024061205) });
    rerender(<SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061205} />);
    await waitFor(() => expect(serialCalls()).toHaveLength(2));
    expect(await screen.findByText(/^Asked just now: 1 of 2 primaries in sync/)).toBeInTheDocument();
  });

  it('a Force long ago (back on the page later) does not make it ask by itself', async () => {
    watchFoundBehind();
    const queryClient = signedInAs('operator');
    queryClient.setQueryData(zoneKeys.forced(ZONE), Date.now() - 20 * 60_000);
    const { rerender } = renderWithProviders(
      <SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061201} />,
      { queryClient },
    );
    await screen.findByText(/^Asked 3 minutes ago by the serial watch/);
    rerender(<SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061205} />);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(serialCalls()).toEqual([]);
    // Whereas a Force now does.
    queryClient.setQueryData(zoneKeys.forced(ZONE), Date.now());
    await waitFor(() => expect(serialCalls()).toHaveLength(1));
  });

  it('asks only when told to, then shows each serial beside Cloudflare’s', async () => {
    renderWithProviders(
      <SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061201} />,
      { queryClient: signedInAs('viewer') },
    );
    expect(screen.getByText(/Ask the primaries for their SOA serial/)).toBeInTheDocument();
    expect(serialCalls()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Ask the primaries' }));
    const table = await screen.findByRole('table', { name: 'Serials of the primaries' });
    expect(serialCalls()).toEqual([`/api/zones/${ZONE}/secondary_dns/incoming/serials?account_id=${ACCOUNT}`]);
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent('ns1-primary');
    expect(first).toHaveTextContent('192.0.2.10:53');
    expect(first).toHaveTextContent('2024061205');
    expect(first).toHaveTextContent('Cloudflare behind');
    expect(second).toHaveTextContent('[2001:db8:10::53]:53');
    expect(second).toHaveTextContent('No answer');
    expect(screen.getByText(/0 of 2 primaries in sync; 1 ahead of Cloudflare's copy, 1 without an answer/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ask the primaries again' })).toBeInTheDocument();
  });

  it("asks again by itself when Cloudflare's serial moves (after Force AXFR)", async () => {
    const { rerender } = renderWithProviders(
      <SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061201} />,
      { queryClient: signedInAs('viewer') },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Ask the primaries' }));
    await screen.findByText('Cloudflare behind');
    answer = () => envelopeResponse({ result: checkWith(2024061205, 2024061205) });
    rerender(<SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061205} />);
    expect(await screen.findByText('In sync')).toBeInTheDocument();
    expect(serialCalls()).toHaveLength(2);
  });

  it('shows a check made from the zones list with its time, and asks again when told to or when the serial moves', async () => {
    const queryClient = signedInAs('viewer');
    queryClient.setQueryData(serialCheckKey(ZONE, 'incoming'), checkWith(2024061201, 2024061205));
    const { rerender } = renderWithProviders(
      <SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061201} />,
      { queryClient },
    );
    expect(await screen.findByText('Cloudflare behind')).toBeInTheDocument();
    expect(screen.getByText(/^Asked just now: 0 of 2 primaries in sync/)).toBeInTheDocument();
    expect(serialCalls()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Ask the primaries again' }));
    await waitFor(() => expect(serialCalls()).toHaveLength(1));
    answer = () => envelopeResponse({ result: checkWith(2024061205, 2024061205) });
    rerender(<SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" cloudflareSerial={2024061205} />);
    expect(await screen.findByText('In sync')).toBeInTheDocument();
    expect(serialCalls()).toHaveLength(2);
  });

  it('shows a refusal with its message and lets the user ask again', async () => {
    answer = () =>
      envelopeResponse(
        { success: false, errors: [{ code: 1001, message: 'no incoming configuration for this zone' }] },
        { status: 404 },
      );
    renderWithProviders(<SerialCheckSection accountId={ACCOUNT} zoneId={ZONE} direction="incoming" />, {
      queryClient: signedInAs('viewer'),
    });
    await userEvent.click(screen.getByRole('button', { name: 'Ask the primaries' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The serial check did not run');
    expect(alert).toHaveTextContent('no incoming configuration for this zone');
    answer = () => envelopeResponse({ result: checkWith(7, 7) });
    await userEvent.click(screen.getByRole('button', { name: 'Ask the primaries again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(await screen.findByText('In sync')).toBeInTheDocument();
  });
});

describe('verdictOf / summaryOf', () => {
  it('names who is behind from the side of the transfer', () => {
    const peer = checkWith(1, 2).peers[0]!;
    expect(verdictOf({ ...peer, relation: 'peer-behind' }, 'incoming').label).toBe('Primary behind');
    expect(verdictOf({ ...peer, relation: 'peer-behind' }, 'outgoing').label).toBe('Secondary behind');
    expect(verdictOf({ ...peer, status: 'refused', relation: null }, 'incoming')).toEqual({ label: 'Refused', color: 'red' });
  });

  it('summarises', () => {
    expect(summaryOf(checkWith(5, 5))).toBe('1 of 2 primaries in sync; 1 without an answer');
    const one = checkWith(5, 9);
    expect(summaryOf({ ...one, peers: [one.peers[0]!] })).toBe("the primary is ahead of Cloudflare's copy");
    expect(summaryOf({ ...one, peers: [one.peers[1]!] })).toBe('the primary did not answer with a serial');
    const both = checkWith(5, 5);
    both.peers[1] = { ...both.peers[0]!, peer_id: 'p3' };
    expect(summaryOf(both)).toBe('both primaries in sync');
    expect(summaryOf({ ...both, direction: 'outgoing', peers: [both.peers[0]!] })).toBe('the secondary is in sync');
    expect(summaryOf({ ...both, peers: [] })).toBe('no primaries configured');
  });
});
