import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerUsage } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { peerKeys } from '../api/queries';
import { PeerForm, toPeerBody } from './peer-form';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const TSIG = { id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'transfer-key.example.', algo: 'hmac-sha256.', secret: 's' };
const PEER = { id: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', name: 'ns1', ip: '192.0.2.1', port: 53, tsig_id: TSIG.id };

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
let onWrite: Handler;
let fetchMock: ReturnType<typeof vi.fn>;
let peerList: Record<string, unknown>[];
let tsigList: Record<string, unknown>[];
/** What the budget report, the zone count and the look-up answer (none: the request falls through to `onWrite`). */
let budgetLeft: number | null;
let zoneTotal: number | null;
let usageAnswer: PeerUsage | null;

beforeEach(() => {
  peerList = [PEER];
  tsigList = [TSIG];
  budgetLeft = null;
  zoneTotal = null;
  usageAnswer = null;
  onWrite = () => envelopeResponse({ result: { id: PEER.id, name: 'ns1' } });
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const path = new URL(url, 'http://localhost').pathname;
    if (path === '/api/meta/ratelimit' && budgetLeft !== null) {
      return envelopeResponse({ result: { capacity: 1200, remaining: budgetLeft, windowSeconds: 300 } });
    }
    if (path.endsWith('/zones') && zoneTotal !== null) {
      return envelopeResponse({ result: [], result_info: { page: 1, per_page: 50, count: 0, total_count: zoneTotal, total_pages: Math.ceil(zoneTotal / 50) } });
    }
    if (path.endsWith('/peers/usage') && usageAnswer !== null) return envelopeResponse({ result: usageAnswer });
    if ((init.method ?? 'GET') === 'GET' && url.endsWith('/secondary_dns/tsigs')) {
      return envelopeResponse({ result: tsigList });
    }
    if ((init.method ?? 'GET') === 'GET' && url.endsWith('/secondary_dns/peers')) return envelopeResponse({ result: peerList });
    return onWrite(url, init);
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

const calls = (part: string) => fetchMock.mock.calls.map(([input]) => String(input)).filter((url) => url.includes(part));

function writes() {
  return fetchMock.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method !== 'GET');
}

function renderForm(props: Partial<Parameters<typeof PeerForm>[0]> = {}, usage?: PeerUsage) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  const queryClient = signedInAs('admin');
  if (usage) queryClient.setQueryData(peerKeys.usage(ACCOUNT), usage);
  renderWithProviders(<PeerForm accountId={ACCOUNT} opened onClose={onClose} {...props} />, { queryClient });
  return { user, onClose };
}

/** The look-up of which zones use each peer: example.net pulls from ns1 and ns2 (both with TSIG), other.example from ns1 alone. */
function usageOf(...uses: [peerId: string, zone: string][]): PeerUsage {
  return {
    account_id: ACCOUNT, checked_at: new Date().toISOString(), zones_total: 2, zones_read: 2, zones_before: 0, not_read: 0,
    stopped_by: null, resume_from: null, upstream_calls: 3, stale: false, complete: true, unread: [], message: 'Read.',
    uses: uses.map(([peer_id, zone_name]) => ({ peer_id, zone_id: zone_name.replace(/\W/g, '').padEnd(32, '0'), zone_name, direction: 'incoming' as const })),
  };
}

describe('toPeerBody', () => {
  it('turns empty optional inputs into undefined', () => {
    expect(toPeerBody({ name: 'ns1', ip: ' ', port: '', ixfr_enable: false, tsig_id: 'none' })).toEqual({
      name: 'ns1',
      ip: undefined,
      port: undefined,
      ixfr_enable: false,
      tsig_id: undefined,
    });
    expect(toPeerBody({ name: 'ns1', ip: '192.0.2.1', port: 5353, ixfr_enable: true, tsig_id: TSIG.id })).toEqual({
      name: 'ns1',
      ip: '192.0.2.1',
      port: 5353,
      ixfr_enable: true,
      tsig_id: TSIG.id,
    });
  });

  it('keeps a port that is not a whole number as typed, for the schema to refuse', () => {
    const port = (typed: string) => toPeerBody({ name: 'ns1', ip: '', port: typed, ixfr_enable: false, tsig_id: 'none' }).port;
    expect(port(' 53 ')).toBe(53);
    expect(port('53.5')).toBe(53.5);
    expect(port('-53')).toBe(-53);
    expect(port('53a')).toBe('53a');
  });
});

describe('PeerForm', () => {
  it('has labelled inputs and a Save button', async () => {
    renderForm();
    expect(screen.getByRole('dialog', { name: 'Add peer' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toBeInTheDocument();
    expect(screen.getByLabelText('IP address')).toBeInTheDocument();
    expect(screen.getByLabelText('Port')).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: /IXFR/ })).not.toBeChecked();
    expect(screen.getByText(/only applies to secondary zones/i)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue('None');
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
  });

  it('shows client-side messages for an empty name, a bad IP and a port out of range', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText('IP address'), '300.1.2.3');
    await user.type(screen.getByLabelText('Port'), '70000');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Name is required')).toBeInTheDocument();
    expect(screen.getByText(/IP address must be an IPv4 or IPv6 address/)).toBeInTheDocument();
    expect(screen.getByText('Port must be a whole number from 1 to 65535')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(writes()).toHaveLength(0);
  });

  it.each(['53.5', '-53', '53a', '0', '1e3'])('keeps the port %s as typed and refuses it, sending nothing', async (port) => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'ns2');
    await user.type(screen.getByLabelText('Port'), port);
    expect(screen.getByLabelText('Port')).toHaveValue(port);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Port must be a whole number from 1 to 65535')).toBeInTheDocument();
    expect(screen.getByLabelText('Port')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Port')).toHaveValue(port);
    expect(writes()).toHaveLength(0);
  });

  it('sends the whole peer, with empty optional fields left out', async () => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'ns2');
    await user.type(screen.getByLabelText('IP address'), '2001:db8::53');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = writes()[0] as [string, RequestInit];
    expect(url).toBe(`/api/accounts/${ACCOUNT}/secondary_dns/peers`);
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ name: 'ns2', ip: '2001:db8::53', ixfr_enable: false });
  });

  it('puts a server refusal with pointer /ip on the IP field and keeps the typed values', async () => {
    onWrite = () =>
      envelopeResponse(
        {
          success: false,
          errors: [
            { code: 1001, message: 'ip: is not allowed: 192.0.2.99 is a Cloudflare address', source: { pointer: '/ip' } },
          ],
        },
        { status: 400, requestId: 'req-abc' },
      );
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'ns3');
    await user.type(screen.getByLabelText('IP address'), '192.0.2.99');
    await user.type(screen.getByLabelText('Port'), '5353');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const ip = screen.getByLabelText('IP address');
    await waitFor(() => expect(ip).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('IP address is not allowed: 192.0.2.99 is a Cloudflare address')).toBeInTheDocument();
    expect(ip).toHaveValue('192.0.2.99');
    expect(screen.getByLabelText(/^Name/)).toHaveValue('ns3');
    expect(screen.getByLabelText('Port')).toHaveValue('5353');
    expect(within(screen.getByRole('dialog')).queryByRole('alert')).not.toBeInTheDocument();
    // No form-level alert, but the request id is still there for support.
    expect(screen.getByTestId('request-id-note')).toHaveTextContent('Request ID: req-abc');
    expect(onClose).not.toHaveBeenCalled();

    // A Save the form stops itself (the name emptied) shows its own error, not the old request id beside it.
    await user.clear(screen.getByLabelText(/^Name/));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Name is required')).toBeInTheDocument();
    expect(screen.queryByTestId('request-id-note')).not.toBeInTheDocument();
  });

  it('shows a non-field error at the top of the form with the request id', async () => {
    onWrite = () =>
      envelopeResponse(
        { success: false, errors: [{ code: 1502, message: 'Cloudflare answered 500 Internal Server Error' }] },
        { status: 502, requestId: 'req-502' },
      );
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'ns4');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(within(alert).getByText('Cloudflare answered 500 Internal Server Error')).toBeInTheDocument();
    expect(within(alert).getByText(/req-502/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('ns4');
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('disables Save while the request is pending', async () => {
    let release: (response: Response) => void = () => {};
    onWrite = () => new Promise<Response>((resolve) => (release = resolve));
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'ns5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled());
    release(envelopeResponse({ result: { id: PEER.id, name: 'ns5' } }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('after a partial create (1010) shows a form-level message and saves again as an update', async () => {
    const newId = 'cccccccccccccccccccccccccccccccc';
    onWrite = () =>
      envelopeResponse(
        {
          success: false,
          errors: [{ code: 1010, message: `Peer ${newId} was created, but its details could not be saved.` }],
        },
        { status: 502 },
      );
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'ns6');
    await user.type(screen.getByLabelText('IP address'), '192.0.2.6');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(within(alert).getByText(/created without its settings/i)).toBeInTheDocument();
    expect(screen.getByLabelText('IP address')).toHaveValue('192.0.2.6');

    onWrite = () => envelopeResponse({ result: { id: newId, name: 'ns6' } });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes()).toHaveLength(2));
    const [url, init] = writes()[1] as [string, RequestInit];
    expect(init.method).toBe('PUT');
    expect(url).toBe(`/api/accounts/${ACCOUNT}/secondary_dns/peers/${newId}`);
  });

  it('edits an existing peer with its TSIG key shown by name', async () => {
    const { user, onClose } = renderForm({ peer: PEER });
    expect(screen.getByRole('dialog', { name: 'Edit peer ns1' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('ns1');
    expect(screen.getByLabelText('Port')).toHaveValue('53');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue(TSIG.name));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = writes()[0] as [string, RequestInit];
    expect(init.method).toBe('PUT');
    expect(url).toBe(`/api/accounts/${ACCOUNT}/secondary_dns/peers/${PEER.id}`);
    expect(JSON.parse(String(init.body))).toEqual({
      name: 'ns1',
      ip: '192.0.2.1',
      port: 53,
      ixfr_enable: false,
      tsig_id: TSIG.id,
    });
  });

  it('lists the TSIG keys by name, as the TSIG keys page does ("xfr-2" before "xfr-10", case aside), after None', async () => {
    const key = (n: number, name: string) => ({ ...TSIG, id: String(n).repeat(32), name });
    tsigList = [key(1, 'xfr-10.example.'), key(2, 'Xfr-2.example.'), key(3, 'alpha.example.'), TSIG];
    const { user } = renderForm();
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith(expect.stringMatching(/secondary_dns\/tsigs$/), expect.anything()));
    await user.click(screen.getByRole('textbox', { name: 'TSIG key' }));
    await screen.findByRole('option', { name: 'xfr-10.example.' });
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      'None',
      'alpha.example.',
      'transfer-key.example.',
      'Xfr-2.example.',
      'xfr-10.example.',
    ]);
  });

  it("editing the key of a peer in use names the zones whose peers would then have different keys", async () => {
    const NS2 = { id: 'cccccccccccccccccccccccccccccccc', name: 'ns2', ip: '192.0.2.2', port: 53, tsig_id: TSIG.id };
    peerList = [PEER, NS2];
    const { user } = renderForm({ peer: PEER }, usageOf([PEER.id, 'example.net'], [NS2.id, 'example.net'], [PEER.id, 'other.example']));
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue(TSIG.name));
    expect(screen.queryByText(/different TSIG keys/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('textbox', { name: 'TSIG key' }));
    await user.click(await screen.findByRole('option', { name: 'None' }));
    const hint = await screen.findByText(/different TSIG keys/);
    expect(hint).toHaveTextContent(
      'example.net would have primaries with different TSIG keys (ns2: transfer-key.example.). Every peer of a zone must use the same key',
    );
    // other.example has no other peer: nothing to say about it.
    expect(hint).not.toHaveTextContent('other.example');
  });

  it('after a look-up that did not read every zone, a new key still says zones may be missed', async () => {
    const partial = { ...usageOf([PEER.id, 'other.example']), complete: false, zones_total: 5, zones_read: 2, not_read: 3 };
    const { user } = renderForm({ peer: PEER }, partial);
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue(TSIG.name));
    await user.click(screen.getByRole('textbox', { name: 'TSIG key' }));
    await user.click(await screen.findByRole('option', { name: 'None' }));
    expect(await screen.findByText(/the look-up did not read 3 of 5 zones, so zones using ns1 may be missed/)).toBeInTheDocument();
  });

  it('editing the key or address of a peer before the look-up says to check which zones it touches', async () => {
    const { user } = renderForm({ peer: PEER });
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue(TSIG.name));
    expect(screen.queryByText(/go to the new address at once/)).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText('IP address'));
    await user.type(screen.getByLabelText('IP address'), '192.0.2.9');
    expect(await screen.findByText(/Transfers of every zone that uses ns1 go to the new address at once/)).toBeInTheDocument();
    await user.click(screen.getByRole('textbox', { name: 'TSIG key' }));
    await user.click(await screen.findByRole('option', { name: 'None' }));
    expect(await screen.findByText(/Every peer of a zone must use the same TSIG key .*“Check which zones use it” above says which zones using ns1/)).toBeInTheDocument();
  });

  it('clearing the address of a peer says what that does, not that transfers go to a new address', async () => {
    const { user } = renderForm({ peer: PEER });
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue(TSIG.name));
    expect(screen.queryByText(/No address:/)).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText('IP address'));
    expect(await screen.findByText(/No address: Cloudflare can no longer transfer from ns1 or send it NOTIFY/)).toBeInTheDocument();
    expect(screen.getByText(/“Check which zones use it” above names them/)).toBeInTheDocument();
    expect(screen.queryByText(/go to the new address at once/)).not.toBeInTheDocument();
    // A primary zone's secondaries in an ACL still poll it: it is not "served to nobody", only NOTIFYs nobody.
    expect(screen.queryByText(/served to nobody/)).not.toBeInTheDocument();
    expect(screen.getByText(/sends NOTIFY to nobody; secondaries an ACL allows can still ask it for transfers/)).toBeInTheDocument();
  });

  it('the same port typed again is no change: Escape closes without asking', async () => {
    const { user, onClose } = renderForm({ peer: PEER });
    await user.clear(screen.getByLabelText('Port'));
    await user.type(screen.getByLabelText('Port'), '53');
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Discard what you typed?')).not.toBeInTheDocument();
  });

  it('closes at once by Escape when nothing was typed', async () => {
    const untouched = renderForm();
    await untouched.user.keyboard('{Escape}');
    expect(untouched.onClose).toHaveBeenCalledTimes(1);
  });

  it('keeps what was typed when closed by mistake (Escape, the close button) until Discard', async () => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'ns-new');
    await user.keyboard('{Escape}');
    const ask = await screen.findByRole('alert');
    expect(ask).toHaveTextContent('Discard what you typed?');
    expect(onClose).not.toHaveBeenCalled();
    expect(within(ask).getByRole('button', { name: 'Keep editing' })).toHaveFocus();
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByText('Discard what you typed?')).not.toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('ns-new');

    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(await screen.findByRole('button', { name: 'Discard' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(writes()).toHaveLength(0);
  });

  it('refuses an address no nameserver can have (broadcast, multicast, unspecified) and keeps it', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'bcast');
    await user.type(screen.getByLabelText('IP address'), '255.255.255.255');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('IP address is the broadcast address: no nameserver can be there')).toBeInTheDocument();
    expect(screen.getByLabelText('IP address')).toHaveValue('255.255.255.255');
    expect(writes()).toHaveLength(0);
  });

  it('says when Cloudflare cannot reach the address typed (private, loopback…), and still saves it', async () => {
    const { user, onClose } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'inside');
    await user.type(screen.getByLabelText('IP address'), '10.0.0.5');
    expect(await screen.findByRole('status')).toHaveTextContent('Cloudflare cannot reach 10.0.0.5: it is a private address.');
    await user.clear(screen.getByLabelText('IP address'));
    await user.type(screen.getByLabelText('IP address'), '192.0.2.53');
    expect(screen.queryByText(/Cloudflare cannot reach/)).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText('IP address'));
    await user.type(screen.getByLabelText('IP address'), '127.0.0.1');
    expect(screen.getByRole('status')).toHaveTextContent('it is a loopback address');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('says when another peer has the name or the address and port typed (Cloudflare accepts both), not about itself', async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'NS1');
    expect(await screen.findByText(/^Another peer is already named ns1/)).toHaveTextContent('(192.0.2.1 port 53)');
    await user.type(screen.getByLabelText('IP address'), '192.0.2.1');
    expect(await screen.findByText(/^ns1 already has 192\.0\.2\.1 port 53/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Port'), '5353'); // another port: another server
    expect(screen.queryByText(/already has/)).not.toBeInTheDocument();
  });

  it('editing a peer does not warn about the peer itself', async () => {
    peerList = [PEER, { id: 'c'.repeat(32), name: 'ns1-twin', ip: '192.0.2.1', port: 53 }];
    renderForm({ peer: PEER });
    // Another peer on the same address is said (so the list was read) — the peer being edited is not.
    expect(await screen.findByText(/^ns1-twin already has 192\.0\.2\.1 port 53/)).toBeInTheDocument();
    expect(screen.queryByText(/Another peer is already named/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^ns1 already has/)).not.toBeInTheDocument();
  });
});

describe('PeerForm: which zones an edit touches, looked up by itself when cheap', () => {
  const note = () => screen.findByRole('status', { name: 'Zones using this peer' });
  /** ns1 is the primary of example.net and a secondary of served.example. */
  const bothWays = (): PeerUsage => ({
    ...usageOf(),
    uses: [
      { peer_id: PEER.id, zone_id: 'a'.repeat(32), zone_name: 'example.net', direction: 'incoming' },
      { peer_id: PEER.id, zone_id: 'b'.repeat(32), zone_name: 'served.example', direction: 'outgoing' },
    ],
  });

  it('on a small account with the budget not low, looks by itself when the form opens', async () => {
    budgetLeft = 1100;
    zoneTotal = 3;
    usageAnswer = { ...usageOf([PEER.id, 'other.example']), zones_total: 3, zones_read: 3 };
    renderForm({ peer: PEER });
    expect(await note()).toHaveTextContent('Used by 1 zone: other.example (as its primary).');
    expect(calls('/peers/usage')).toHaveLength(1);
    expect(calls('/zones?')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Check which zones use it' })).not.toBeInTheDocument();
  });

  it('on a large account does not look by itself: the button stays and says how many zones it would read', async () => {
    budgetLeft = 1100;
    zoneTotal = 320;
    usageAnswer = usageOf([PEER.id, 'other.example']);
    const { user } = renderForm({ peer: PEER });
    expect(
      await screen.findByText(/Not checked by itself: it would read 320 zones \(one request each\); it runs by itself only for accounts of at most 50 zones\./),
    ).toBeInTheDocument();
    expect(calls('/peers/usage')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Check which zones use it' }));
    expect(await note()).toHaveTextContent('Used by 1 zone: other.example');
    expect(calls('/peers/usage')).toHaveLength(1);
  });

  it('does not look by itself when the budget is low, and says so', async () => {
    budgetLeft = 150;
    zoneTotal = 3;
    usageAnswer = usageOf([PEER.id, 'other.example']);
    renderForm({ peer: PEER });
    expect(await screen.findByText(/Not checked by itself: only 150 of 1200 requests of the shared Cloudflare budget are left\./)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check which zones use it' })).toBeInTheDocument();
    expect(calls('/zones?')).toHaveLength(0);
    expect(calls('/peers/usage')).toHaveLength(0);
  });

  it('reuses a recent answer (e.g. from "Find zones using peers") without reading anything again', async () => {
    budgetLeft = 1100;
    zoneTotal = 3;
    usageAnswer = usageOf([PEER.id, 'example.net'], [PEER.id, 'other.example']);
    const recent = { ...usageOf([PEER.id, 'other.example']), checked_at: new Date(Date.now() - 60_000).toISOString() };
    renderForm({ peer: PEER }, recent);
    expect(await note()).toHaveTextContent('Used by 1 zone: other.example (as its primary).');
    expect(screen.getByText(/As of/)).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls('/peers/usage')).toHaveLength(0);
    expect(calls('/zones?')).toHaveLength(0);
    expect(calls('/meta/ratelimit')).toHaveLength(0);
  });

  it('reads again by itself when the answer is older than a budget window, counting zones from that answer', async () => {
    budgetLeft = 1100;
    zoneTotal = 3;
    usageAnswer = usageOf([PEER.id, 'example.net'], [PEER.id, 'other.example']);
    const old = { ...usageOf([PEER.id, 'other.example']), checked_at: new Date(Date.now() - 20 * 60_000).toISOString() };
    renderForm({ peer: PEER }, old);
    await waitFor(() => expect(screen.getByRole('status', { name: 'Zones using this peer' })).toHaveTextContent('Used by 2 zones'));
    expect(calls('/peers/usage')).toHaveLength(1);
    expect(calls('/zones?')).toHaveLength(0);
  });

  it('names the zones an address or key change touches before Save, with links and what their nameservers must do', async () => {
    const { user } = renderForm({ peer: PEER }, bothWays());
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue(TSIG.name));
    // A rename touches no transfer: nothing said.
    await user.type(screen.getByLabelText(/^Name/), '-renamed');
    expect(screen.queryByRole('region', { name: /^Saving changes the transfers of/ })).not.toBeInTheDocument();

    await user.clear(screen.getByLabelText('IP address'));
    await user.type(screen.getByLabelText('IP address'), '192.0.2.9');
    const impact = await screen.findByRole('region', { name: /^Saving changes the transfers of/ });
    expect(impact).toHaveTextContent('Saving changes the transfers of 2 zones');
    expect(within(impact).getByRole('link', { name: 'example.net' })).toHaveAttribute('href', `/accounts/${ACCOUNT}/zones/${'a'.repeat(32)}`);
    expect(within(impact).getByRole('link', { name: 'served.example' })).toHaveAttribute('href', `/accounts/${ACCOUNT}/zones/${'b'.repeat(32)}`);
    // In a new tab: what is typed here stays.
    expect(within(impact).getByRole('link', { name: 'served.example' })).toHaveAttribute('target', '_blank');
    expect(impact).toHaveTextContent('Cloudflare asks 192.0.2.9 port 53 for their SOA serial and transfers (AXFR/IXFR) instead of 192.0.2.1 port 53');
    expect(impact).toHaveTextContent('Cloudflare sends NOTIFY to 192.0.2.9 port 53 instead of 192.0.2.1 port 53');
    expect(impact).not.toHaveTextContent(/TSIG/);

    await user.click(screen.getByRole('textbox', { name: 'TSIG key' }));
    await user.click(await screen.findByRole('option', { name: 'None' }));
    await waitFor(() => expect(impact).toHaveTextContent('Cloudflare asks for transfers without a TSIG signature: the primary must allow unsigned transfers'));
    expect(impact).toHaveTextContent('Cloudflare no longer expects a TSIG signature from ns1');
  });

  it('a peer given its first address: the zones that name it start transferring from it, said before Save', async () => {
    const { user } = renderForm({ peer: { ...PEER, ip: undefined, port: undefined } }, bothWays());
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue(TSIG.name));
    expect(screen.queryByRole('region', { name: /^Saving changes the transfers of/ })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('IP address'), '192.0.2.9');
    const impact = await screen.findByRole('region', { name: /^Saving changes the transfers of/ });
    expect(impact).toHaveTextContent('Saving changes the transfers of 2 zones');
    expect(impact).toHaveTextContent('Cloudflare starts asking 192.0.2.9 port 53 for their SOA serial and transfers (AXFR/IXFR): without an address it could not');
    expect(impact).toHaveTextContent('Cloudflare starts sending NOTIFY to 192.0.2.9 port 53 when these zones change');
    expect(impact).not.toHaveTextContent(/instead of/);
  });

  it('a new key names what the primary and the secondary must accept', async () => {
    tsigList = [TSIG, { id: 'd'.repeat(32), name: 'new-key.example.', algo: 'hmac-sha256.', secret: 's' }];
    const { user } = renderForm({ peer: PEER }, bothWays());
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'TSIG key' })).toHaveValue(TSIG.name));
    await user.click(screen.getByRole('textbox', { name: 'TSIG key' }));
    await user.click(await screen.findByRole('option', { name: 'new-key.example.' }));
    const impact = await screen.findByRole('region', { name: /^Saving changes the transfers of/ });
    expect(impact).toHaveTextContent('Cloudflare signs its transfer requests with new-key.example.: the primary must accept that key');
    expect(impact).toHaveTextContent('ns1 must sign its AXFR/IXFR requests with new-key.example., and Cloudflare signs its NOTIFY with it: a secondary that still signs with transfer-key.example. is refused');
    expect(impact).not.toHaveTextContent(/NOTIFY to/);
  });
});
