import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Peer, Tsig } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { MovePeersDialog } from './move-peers-dialog';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const OLD: Tsig = { id: 'a'.repeat(32), name: 'old-key.', algo: 'hmac-sha256.', secret: '••' };
const NEW: Tsig = { id: 'b'.repeat(32), name: 'new-key.', algo: 'hmac-sha512.', secret: '••' };
const P1: Peer = { id: '1'.repeat(32), name: 'ns1', ip: '192.0.2.1', port: 5353, ixfr_enable: true, tsig_id: OLD.id };
const P2: Peer = { id: '2'.repeat(32), name: 'ns2', ip: '192.0.2.2', tsig_id: OLD.id };
const P3: Peer = { id: '3'.repeat(32), name: 'ns3', ip: '192.0.2.3', tsig_id: NEW.id };

let peers: Peer[];
let listReads: number;
let changeAfterFirstRead: ((list: Peer[]) => Peer[]) | null;
let puts: { path: string; body: unknown }[];

beforeEach(() => {
  peers = [P1, P2, P3];
  listReads = 0;
  changeAfterFirstRead = null;
  puts = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      if (path.endsWith('/secondary_dns/tsigs')) return envelopeResponse({ result: [OLD, NEW] });
      if (path.endsWith('/secondary_dns/peers')) {
        listReads += 1;
        if (listReads > 1 && changeAfterFirstRead) peers = changeAfterFirstRead(peers);
        return envelopeResponse({ result: peers });
      }
      if (init.method === 'PUT') {
        const body = JSON.parse(String(init.body));
        puts.push({ path, body });
        return envelopeResponse({ result: { id: path.split('/').at(-1), ...body } });
      }
      return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'unexpected' }] }, { status: 404 });
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

async function open(choice: RegExp) {
  const user = userEvent.setup();
  renderWithProviders(<MovePeersDialog accountId={ACCOUNT} tsig={OLD} onClose={() => {}} />, { queryClient: signedInAs('admin') });
  const dialog = await screen.findByRole('dialog', { name: 'Move the peers of old-key. to another key' });
  const list = await within(dialog).findByRole('list', { name: 'Peers to change' });
  await within(list).findByText('ns1');
  await user.click(within(dialog).getByRole('textbox', { name: 'Move to' }));
  await user.click(await screen.findByRole('option', { name: choice }));
  return { user, dialog, list };
}

describe('Move the peers of a TSIG key to another key', () => {
  it("switches each peer that uses the key, keeping the rest of its configuration, and says the other side comes first", async () => {
    const { user, dialog, list } = await open(/new-key\. \(hmac-sha512\.\)/);
    expect(dialog).toHaveTextContent('Put the new key (the same name, algorithm and secret) on each peer');
    expect(within(list).queryByText('ns3')).not.toBeInTheDocument();
    expect(list).toHaveTextContent('ns1 · 192.0.2.1 · old-key. → new-key.');
    await user.click(within(dialog).getByRole('button', { name: 'Move 2 peers' }));
    expect(await within(dialog).findByText('Done: 2 changed, 0 failed, 0 not sent.')).toBeInTheDocument();
    expect(puts).toEqual([
      { path: `/api/accounts/${ACCOUNT}/secondary_dns/peers/${P1.id}`, body: { name: 'ns1', ip: '192.0.2.1', port: 5353, ixfr_enable: true, tsig_id: NEW.id } },
      { path: `/api/accounts/${ACCOUNT}/secondary_dns/peers/${P2.id}`, body: { name: 'ns2', ip: '192.0.2.2', tsig_id: NEW.id } },
    ]);
    expect(within(dialog).getByRole('list', { name: 'Key change results' })).toHaveTextContent('Signs with new-key. (hmac-sha512.) instead of old-key.');
    expect(within(dialog).getByRole('list', { name: 'Key change results' })).not.toHaveTextContent('old-key..'); // one full stop
  });

  it('to no key: the peers stop signing; a peer changed since is left as it is', async () => {
    changeAfterFirstRead = (list) => list.map((peer) => (peer.id === P2.id ? { ...peer, tsig_id: undefined } : peer));
    const { user, dialog } = await open(/No key: transfers not signed/);
    await user.click(within(dialog).getByRole('button', { name: 'Move 2 peers' }));
    expect(await within(dialog).findByText('Done: 1 changed, 0 failed, 1 skipped, 0 not sent.')).toBeInTheDocument();
    expect(puts).toEqual([{ path: `/api/accounts/${ACCOUNT}/secondary_dns/peers/${P1.id}`, body: { name: 'ns1', ip: '192.0.2.1', port: 5353, ixfr_enable: true } }]);
    const results = within(dialog).getByRole('list', { name: 'Key change results' });
    expect(results).toHaveTextContent('No longer signs transfers (was old-key.)');
    expect(results).toHaveTextContent('It no longer uses old-key.');
  });
});
