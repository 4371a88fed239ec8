import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Outgoing } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders } from '../../../test/render';
import { OutgoingForm } from './outgoing-form';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const ZONE = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const PEERS = [
  { id: hex(1), name: 'secondary-a', ip: '203.0.113.53', port: 53 },
  { id: hex(2), name: 'secondary-b', ip: '2001:db8:20::53', port: 53 },
];

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
let onWrite: Handler;
let peers = PEERS;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  peers = PEERS;
  onWrite = (_url, init) => envelopeResponse({ result: { id: ZONE, ...JSON.parse(String(init.body)) } });
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if ((init.method ?? 'GET') === 'GET' && url.endsWith('/secondary_dns/peers')) {
      return envelopeResponse({ result: peers });
    }
    return onWrite(url, init);
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

function writes() {
  return fetchMock.mock.calls.filter(([, init]) => ((init as RequestInit | undefined)?.method ?? 'GET') !== 'GET');
}

function renderForm(outgoing?: Outgoing | null) {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderWithProviders(
    <OutgoingForm accountId={ACCOUNT} zoneId={ZONE} zoneName="example.org" outgoing={outgoing} opened onClose={onClose} />,
  );
  return { user, onClose };
}

const secondaries = () => screen.getByRole('textbox', { name: /^Secondaries to NOTIFY/ });

describe('OutgoingForm', () => {
  it('sets up a primary with no secondaries (they may poll on their own)', async () => {
    const { user, onClose } = renderForm();
    expect(screen.getByRole('dialog', { name: 'Set up primary for example.org' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('example.org.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = writes()[0] as [string, RequestInit];
    expect(url).toBe(`/api/zones/${ZONE}/secondary_dns/outgoing`);
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ name: 'example.org.', peers: [] });
  });

  it('refuses more than 30 secondaries on the client', async () => {
    peers = Array.from({ length: 31 }, (_, i) => ({ id: hex(100 + i), name: `sec-${i}`, ip: '192.0.2.1', port: 53 }));
    const { user } = renderForm({ id: ZONE, name: 'example.org.', peers: peers.map((peer) => peer.id) });
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('readonly');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Secondaries must list at most 30 peers')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
  });

  it('edits: puts a refusal with pointer /peers/1 under the picker, naming the peer, and keeps the choice', async () => {
    onWrite = () =>
      envelopeResponse(
        {
          success: false,
          errors: [
            {
              code: 1001,
              message: 'peers.1: peer 0000000000000000000000000000002 does not exist in account x',
              source: { pointer: '/peers/1' },
            },
          ],
        },
        { status: 400 },
      );
    const { user, onClose } = renderForm({ id: ZONE, name: 'example.org.', peers: [hex(1), hex(2)] });
    expect(screen.getByRole('dialog', { name: 'Edit primary for example.org' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/^Peer 2 \(secondary-b\): peer .* does not exist/)).toBeInTheDocument();
    expect(secondaries()).toHaveAttribute('aria-invalid', 'true');
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('secondary-a')).toBeInTheDocument();
    expect(within(dialog).getByText('secondary-b')).toBeInTheDocument();
    const [, init] = writes()[0] as [string, RequestInit];
    expect(init.method).toBe('PUT');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('Enter in the picker with a search typed picks the top match and does not submit; Enter with the picker closed saves', async () => {
    const { user, onClose } = renderForm();
    await user.type(secondaries(), 'ary-b');
    expect(await screen.findByRole('option', { name: /secondary-b/ })).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(writes()).toHaveLength(0);
    expect(secondaries()).toHaveValue('');
    expect(screen.queryByRole('option', { name: /secondary-b/ })).not.toBeInTheDocument();
    await user.type(secondaries(), 'no such peer{Enter}');
    expect(writes()).toHaveLength(0);
    await user.keyboard('{Escape}');
    await user.clear(secondaries());
    await user.keyboard('{Escape}{Enter}');
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(onClose).toHaveBeenCalled();
    const [, init] = writes()[0] as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ name: 'example.org.', peers: [hex(2)] });
  });

  it('puts a refusal with pointer /name under Name', async () => {
    onWrite = () =>
      envelopeResponse(
        {
          success: false,
          errors: [{ code: 1001, message: "name: must be the zone's name, example.org. (got typo.org.)", source: { pointer: '/name' } }],
        },
        { status: 400 },
      );
    const { user } = renderForm();
    const name = screen.getByLabelText(/^Name/);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText("Name must be the zone's name, example.org. (got typo.org.)")).toBeInTheDocument();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveValue('example.org.');
  });
});
