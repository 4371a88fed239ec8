import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incoming } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders } from '../../../test/render';
import { IncomingForm, toIncomingBody } from './incoming-form';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const ZONE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const TSIGS = [{ id: hex(9), name: 'transfer-key.example.net.', algo: 'hmac-sha256.', secret: '••••••••' }];
const PEERS = [
  { id: hex(1), name: 'ns1-primary', ip: '192.0.2.10', port: 53, tsig_id: hex(9) },
  { id: hex(2), name: 'ns2-primary', ip: '2001:db8:10::53', port: 53, tsig_id: hex(9) },
  { id: hex(3), name: 'hidden-primary', ip: '198.51.100.20', port: 5353 },
];

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
let onWrite: Handler;
let peers = PEERS;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  peers = PEERS;
  onWrite = (_url, init) =>
    envelopeResponse({ result: { id: ZONE, ...JSON.parse(String(init.body)), soa_serial: 2024010101 } });
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if ((init.method ?? 'GET') === 'GET' && url.endsWith('/secondary_dns/peers')) {
      return envelopeResponse({ result: peers });
    }
    if ((init.method ?? 'GET') === 'GET' && url.endsWith('/secondary_dns/tsigs')) return envelopeResponse({ result: TSIGS });
    return onWrite(url, init);
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

function writes() {
  return fetchMock.mock.calls.filter(([, init]) => ((init as RequestInit | undefined)?.method ?? 'GET') !== 'GET');
}

function renderForm(incoming?: Incoming | null) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderWithProviders(
    <IncomingForm
      accountId={ACCOUNT}
      zoneId={ZONE}
      zoneName="legacy.example.org"
      incoming={incoming}
      opened
      onClose={onClose}
    />,
  );
  return { user, onClose };
}

const primaries = () => screen.getByRole('textbox', { name: /^Primaries/ });

async function pickPeer(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(primaries());
  await user.click(await screen.findByRole('option', { name: new RegExp(name) }));
}

describe('toIncomingBody', () => {
  it('turns an empty auto refresh box into undefined and text into a number', () => {
    expect(toIncomingBody({ name: 'a.', peers: [], auto_refresh_seconds: '' })).toEqual({
      name: 'a.',
      peers: [],
      auto_refresh_seconds: undefined,
    });
    expect(toIncomingBody({ name: 'a.', peers: [], auto_refresh_seconds: '3600' }).auto_refresh_seconds).toBe(3600);
  });

  it('keeps what is not a whole number as typed (the schema refuses it) and takes BIND durations in seconds', () => {
    const seconds = (typed: string) => toIncomingBody({ name: 'a.', peers: [], auto_refresh_seconds: typed }).auto_refresh_seconds;
    expect(seconds('3600.5')).toBe(3600.5);
    expect(seconds('abc')).toBe('abc');
    expect(seconds('1.5e3')).toBe('1.5e3');
    expect(seconds('1h')).toBe(3600);
    expect(seconds('1h30m')).toBe(5400);
  });
});

describe('IncomingForm', () => {
  it('prefills the zone name with the trailing dot and the default auto refresh, read in words', () => {
    renderForm();
    expect(screen.getByRole('dialog', { name: 'Set up secondary for legacy.example.org' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('legacy.example.org.');
    expect(screen.getByLabelText(/^Auto refresh \(seconds\)/)).toHaveValue('86400');
    expect(screen.getByText(/every 1 day/)).toBeInTheDocument();
  });

  it('refuses an auto refresh under 300 seconds and no primaries, without calling the server', async () => {
    const { user } = renderForm();
    const refresh = screen.getByLabelText(/^Auto refresh \(seconds\)/);
    await user.clear(refresh);
    await user.type(refresh, '120');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Auto refresh must be at least 300 seconds (5 minutes)')).toBeInTheDocument();
    expect(screen.getByText('Primaries must list at least one peer')).toBeInTheDocument();
    expect(refresh).toHaveAttribute('aria-invalid', 'true');
    expect(writes()).toHaveLength(0);
  });

  it.each([
    ['3600.5', 'Auto refresh must be a whole number of seconds'],
    ['abc', 'Auto refresh must be a whole number of seconds'],
    ['1.5e3', 'Auto refresh must be a whole number of seconds'],
    ['30m1h', 'Auto refresh must be a whole number of seconds'],
    ['-300', 'Auto refresh must be at least 300 seconds (5 minutes)'],
    ['1m', 'Auto refresh must be at least 300 seconds (5 minutes)'],
  ])('keeps an auto refresh of %s as typed and refuses it: %s', async (typed, message) => {
    const { user } = renderForm({ id: ZONE, name: 'legacy.example.org.', peers: [hex(1)], auto_refresh_seconds: 3600 });
    const refresh = screen.getByLabelText(/^Auto refresh \(seconds\)/);
    await user.clear(refresh);
    await user.type(refresh, typed);
    expect(refresh).toHaveValue(typed);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(refresh).toHaveAttribute('aria-invalid', 'true');
    expect(refresh).toHaveValue(typed);
    expect(writes()).toHaveLength(0);
  });

  it('takes a BIND duration (1h30m) as seconds, says so, and sends the seconds', async () => {
    const { user, onClose } = renderForm({ id: ZONE, name: 'legacy.example.org.', peers: [hex(1)], auto_refresh_seconds: 3600 });
    const refresh = screen.getByLabelText(/^Auto refresh \(seconds\)/);
    await user.clear(refresh);
    await user.type(refresh, '1h30m');
    expect(screen.getByText(/^1h30m = 5400 s\. Cloudflare checks the primaries' SOA serial every 1 hour 30 minutes/)).toBeInTheDocument();
    await user.clear(refresh);
    await user.type(refresh, '1D');
    expect(screen.getByText(/^1D = 86400 s\./)).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'Auto refresh presets:' })).getByRole('button', { name: '1 day' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(JSON.parse(String((writes()[0] as [string, RequestInit])[1].body))).toMatchObject({ auto_refresh_seconds: 86400 });
  });

  it('sets auto refresh from a preset', async () => {
    const { user } = renderForm();
    await user.click(
      within(screen.getByRole('group', { name: 'Auto refresh presets:' })).getByRole('button', { name: '5 minutes' }),
    );
    expect(screen.getByLabelText(/^Auto refresh \(seconds\)/)).toHaveValue('300');
    expect(screen.getByText(/every 5 minutes/)).toBeInTheDocument();
  });

  it('refuses more than 30 primaries', async () => {
    peers = Array.from({ length: 31 }, (_, i) => ({ id: hex(100 + i), name: `ns-${i}`, ip: '192.0.2.1', port: 53 }));
    const { user } = renderForm({
      id: ZONE,
      name: 'legacy.example.org.',
      peers: peers.map((peer) => peer.id),
      auto_refresh_seconds: 3600,
    });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Primaries must list at most 30 peers')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
  });

  it('says before Save when the chosen primaries use different TSIG keys (Cloudflare refuses that), naming the keys', async () => {
    const { user } = renderForm();
    await pickPeer(user, 'ns1-primary');
    expect(await screen.findByRole('option', { name: /hidden-primary/ })).toHaveTextContent('198.51.100.20:5353');
    expect(screen.getByRole('option', { name: /ns2-primary/ })).toHaveTextContent('[2001:db8:10::53]:53 · transfer-key.example.net.');
    await pickPeer(user, 'ns2-primary');
    expect(screen.queryByText(/use different TSIG keys/)).not.toBeInTheDocument(); // the same key
    await pickPeer(user, 'hidden-primary');
    expect(await screen.findByText(/^These peers use different TSIG keys/)).toHaveTextContent(
      'ns1-primary: transfer-key.example.net.; ns2-primary: transfer-key.example.net.; hidden-primary: no key',
    );
  });

  it('creates with the chosen primaries picked by name', async () => {
    const { user, onClose } = renderForm();
    await pickPeer(user, 'hidden-primary');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = writes()[0] as [string, RequestInit];
    expect(url).toBe(`/api/zones/${ZONE}/secondary_dns/incoming`);
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({
      name: 'legacy.example.org.',
      peers: [hex(3)],
      auto_refresh_seconds: 86400,
    });
  });

  it('Enter in Primaries with a search typed (by name or address) picks the top match instead of submitting', async () => {
    const { user, onClose } = renderForm();
    await user.type(primaries(), 'hidden');
    await screen.findByRole('option', { name: /hidden-primary/ });
    await user.keyboard('{Enter}');
    await user.type(primaries(), '192.0.2.10{Enter}');
    expect(writes()).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [, init] = writes()[0] as [string, RequestInit];
    expect(JSON.parse(String(init.body)).peers).toEqual([hex(3), hex(1)]);
  });

  it('shows the zone\'s name read-only: a configuration takes no other name', async () => {
    const { user } = renderForm();
    const name = screen.getByLabelText(/^Name/);
    expect(name).toHaveAttribute('readonly');
    // The first field to type in has the keyboard (not the close button); its list opens when typed in.
    await waitFor(() => expect(primaries()).toHaveFocus());
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    await user.type(name, 'x');
    expect(name).toHaveValue('legacy.example.org.');
  });

  it('puts a refusal with pointer /name under Name and keeps what was chosen', async () => {
    onWrite = () =>
      envelopeResponse(
        {
          success: false,
          errors: [
            {
              code: 1001,
              message: "name: must be the zone's name, legacy.example.org. (got other.example.)",
              source: { pointer: '/name' },
            },
          ],
        },
        { status: 400, requestId: 'req-name' },
      );
    const { user, onClose } = renderForm();
    const name = screen.getByLabelText(/^Name/);
    await pickPeer(user, 'ns1-primary');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText("Name must be the zone's name, legacy.example.org. (got other.example.)")).toBeInTheDocument();
    expect(name).toHaveValue('legacy.example.org.');
    expect(within(screen.getByRole('dialog')).getByText('ns1-primary')).toBeInTheDocument();
    expect(within(screen.getByRole('dialog')).queryByRole('alert')).not.toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('puts a refusal with pointer /peers/1 under Primaries, naming the peer', async () => {
    onWrite = () =>
      envelopeResponse(
        {
          success: false,
          errors: [
            {
              code: 1001,
              message: 'peers.1: peer hidden-primary uses no TSIG key but peer ns1-primary uses TSIG key x',
              source: { pointer: '/peers/1' },
            },
          ],
        },
        { status: 400 },
      );
    const { user } = renderForm();
    await pickPeer(user, 'ns1-primary');
    await pickPeer(user, 'hidden-primary');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText(
        'Peer 2 (hidden-primary): peer hidden-primary uses no TSIG key but peer ns1-primary uses TSIG key x',
      ),
    ).toBeInTheDocument();
    expect(primaries()).toHaveAttribute('aria-invalid', 'true');
    // The refusal focuses the picker; its list stays closed so the message under it is seen.
    await waitFor(() => expect(primaries()).toHaveFocus());
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('shows a refusal without a pointer at the top of the form, with the request id', async () => {
    onWrite = () =>
      envelopeResponse(
        { success: false, errors: [{ code: 1005, message: 'zone legacy.example.org already has an incoming configuration' }] },
        { status: 400, requestId: 'req-conflict' },
      );
    const { user } = renderForm();
    await pickPeer(user, 'ns1-primary');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(within(alert).getByText(/already has an incoming configuration/)).toBeInTheDocument();
    expect(within(alert).getByText(/req-conflict/)).toBeInTheDocument();
  });

  it('disables Save while the request is pending and updates an existing configuration', async () => {
    let release: (response: Response) => void = () => {};
    onWrite = () => new Promise<Response>((resolve) => (release = resolve));
    const { user, onClose } = renderForm({
      id: ZONE,
      name: 'legacy.example.org.',
      peers: [hex(1)],
      auto_refresh_seconds: 21600,
    });
    expect(screen.getByRole('dialog', { name: 'Edit secondary for legacy.example.org' })).toBeInTheDocument();
    expect(screen.getByText(/every 6 hours/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled());
    const [, init] = writes()[0] as [string, RequestInit];
    expect(init.method).toBe('PUT');
    release(envelopeResponse({ result: { id: ZONE, name: 'legacy.example.org.', peers: [hex(1)] } }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});
