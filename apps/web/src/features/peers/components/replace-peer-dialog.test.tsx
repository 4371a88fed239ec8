import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Peer, PeerUsage } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { peerKeys } from '../api/queries';
import { ReplacePeerDialog } from './replace-peer-dialog';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const OLD = hex(0xa1);
const KEPT = hex(0xa2);
const NEW = hex(0xa3);
const SEC = hex(0xb1);
const PEERS: Peer[] = [
  { id: OLD, name: 'old-primary', ip: '192.0.2.10', port: 53 },
  { id: KEPT, name: 'ns2-primary', ip: '192.0.2.20', port: 53 },
  { id: NEW, name: 'new-primary', ip: '192.0.2.30', port: 53 },
  { id: SEC, name: 'secondary-a', ip: '203.0.113.53', port: 53 },
];
// a.example: old + kept (incoming); b.example: old only (incoming); c.example: old as a secondary (outgoing);
// d.example: changed since the look-up (no longer uses old).
const ZONE = { a: hex(1), b: hex(2), c: hex(3), d: hex(4) };
const USAGE: PeerUsage = {
  account_id: ACCOUNT,
  checked_at: new Date().toISOString(),
  zones_total: 5,
  zones_read: 5,
  zones_before: 0,
  not_read: 0,
  stopped_by: null,
  resume_from: null,
  upstream_calls: 6,
  stale: false,
  complete: true,
  uses: [
    { peer_id: OLD, zone_id: ZONE.a, zone_name: 'a.example', direction: 'incoming' },
    { peer_id: KEPT, zone_id: ZONE.a, zone_name: 'a.example', direction: 'incoming' },
    { peer_id: OLD, zone_id: ZONE.b, zone_name: 'b.example', direction: 'incoming' },
    { peer_id: OLD, zone_id: ZONE.c, zone_name: 'c.example', direction: 'outgoing' },
    { peer_id: SEC, zone_id: ZONE.c, zone_name: 'c.example', direction: 'outgoing' },
    { peer_id: OLD, zone_id: ZONE.d, zone_name: 'd.example', direction: 'incoming' },
  ],
  unread: [],
  message: 'Read the transfer configuration of all 5 zones (6 calls to Cloudflare).',
};

const configs: Record<string, { name: string; peers: string[]; auto_refresh_seconds?: number }> = {};
let fetchMock: ReturnType<typeof vi.fn>;
const puts = () =>
  fetchMock.mock.calls
    .filter(([, init]) => (init as RequestInit | undefined)?.method === 'PUT')
    .map(([input, init]) => ({ path: String(input), body: JSON.parse(String((init as RequestInit).body)) }));

beforeEach(() => {
  configs[`${ZONE.a}/incoming`] = { name: 'a.example.', peers: [OLD, KEPT], auto_refresh_seconds: 3600 };
  configs[`${ZONE.b}/incoming`] = { name: 'b.example.', peers: [OLD], auto_refresh_seconds: 86400 };
  configs[`${ZONE.c}/outgoing`] = { name: 'c.example.', peers: [OLD, SEC] };
  configs[`${ZONE.d}/incoming`] = { name: 'd.example.', peers: [KEPT], auto_refresh_seconds: 86400 };
  fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    if (url.pathname === `/api/accounts/${ACCOUNT}/secondary_dns/peers`) return envelopeResponse({ result: PEERS });
    if (url.pathname === `/api/accounts/${ACCOUNT}/secondary_dns/peers/usage`) {
      // The look-up after the run: old-primary is no longer used.
      return envelopeResponse({ result: { ...USAGE, uses: USAGE.uses.map((use) => (use.peer_id === OLD ? { ...use, peer_id: NEW } : use)) } });
    }
    const match = url.pathname.match(/^\/api\/zones\/([0-9a-f]{32})\/secondary_dns\/(incoming|outgoing)$/);
    if (match) {
      const key = `${match[1]}/${match[2]}`;
      if (init?.method === 'PUT') {
        configs[key] = JSON.parse(String(init.body));
        return envelopeResponse({ result: { id: match[1], ...configs[key] } });
      }
      if (configs[key]) return envelopeResponse({ result: { id: match[1], ...configs[key] } });
      return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'not configured' }] }, { status: 404 });
    }
    return envelopeResponse({ success: false, errors: [{ code: 1000, message: `unexpected ${url.pathname}` }] }, { status: 500 });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

function renderDialog(role: 'admin' | 'viewer' = 'admin') {
  const queryClient = signedInAs(role);
  queryClient.setQueryData(peerKeys.usage(ACCOUNT), USAGE);
  const onClose = vi.fn();
  renderWithProviders(<ReplacePeerDialog accountId={ACCOUNT} peer={PEERS[0]!} onClose={onClose} />, { queryClient });
  return { onClose };
}

async function pick(label: RegExp) {
  await userEvent.click(screen.getByRole('textbox', { name: 'Replace with' }));
  await userEvent.click(await screen.findByRole('option', { name: label }));
}

describe('ReplacePeerDialog', () => {
  it('previews each zone, then changes them one after another from their current configuration', async () => {
    renderDialog();
    const dialog = await screen.findByRole('dialog', { name: 'Replace old-primary in its zones' });
    expect(dialog).toHaveTextContent('4 zones use old-primary');
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: 'Replace with' })).toBeEnabled());
    await pick(/^new-primary/);

    const preview = within(dialog).getByRole('list', { name: 'Zones to change' });
    const items = within(preview).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'a.example · primary · will changeold-primary, ns2-primary → new-primary, ns2-primary',
      'b.example · primary · will changeold-primary → new-primary',
      'c.example · secondary · will changeold-primary, secondary-a → new-primary, secondary-a',
      'd.example · primary · will changeold-primary → new-primary',
    ]);
    expect(puts()).toEqual([]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Change 4 zones' }));
    expect(await within(dialog).findByText('Done: 3 changed, 0 failed, 1 skipped, 0 not sent.')).toBeInTheDocument();
    expect(puts()).toEqual([
      { path: `/api/zones/${ZONE.a}/secondary_dns/incoming`, body: { name: 'a.example.', peers: [NEW, KEPT], auto_refresh_seconds: 3600 } },
      { path: `/api/zones/${ZONE.b}/secondary_dns/incoming`, body: { name: 'b.example.', peers: [NEW], auto_refresh_seconds: 86400 } },
      { path: `/api/zones/${ZONE.c}/secondary_dns/outgoing`, body: { name: 'c.example.', peers: [NEW, SEC] } },
    ]);
    const results = within(within(dialog).getByRole('list', { name: 'Replacement results' })).getAllByRole('listitem');
    expect(results[0]).toHaveTextContent('a.example · Changedold-primary, ns2-primary → new-primary, ns2-primary');
    // d.example was changed by someone else after the look-up: read again, left alone.
    expect(results[3]).toHaveTextContent('d.example · SkippedIt no longer uses old-primary.');
    // The look-up runs again so the table shows what is left.
    await waitFor(() =>
      expect(fetchMock.mock.calls.filter(([input]) => String(input).endsWith('/peers/usage'))).toHaveLength(1),
    );
    // The new look-up lists no zone of old-primary any more: the results stay those of the run.
    await waitFor(() => expect(within(dialog).queryByRole('list', { name: 'Zones to change' })).not.toBeInTheDocument());
    expect(within(within(dialog).getByRole('list', { name: 'Replacement results' })).getAllByRole('listitem')).toHaveLength(4);
    expect(within(dialog).getByRole('status')).toHaveTextContent('Done: 3 changed, 0 failed, 1 skipped, 0 not sent.');
  });

  it('removing the peer leaves a secondary zone with no other primary as it is, and says why', async () => {
    renderDialog();
    const dialog = await screen.findByRole('dialog', { name: 'Replace old-primary in its zones' });
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: 'Replace with' })).toBeEnabled());
    await pick(/^Nothing: remove old-primary/);
    const items = within(within(dialog).getByRole('list', { name: 'Zones to change' })).getAllByRole('listitem');
    expect(items[1]).toHaveTextContent('b.example · primary · left as it is');
    expect(items[1]).toHaveTextContent('its only primary');
    expect(items[1]).toHaveAttribute('data-change', 'false');
    expect(items[3]).toHaveAttribute('data-change', 'false');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Change 2 zones' }));
    expect(await within(dialog).findByText('Done: 2 changed, 0 failed, 0 not sent.')).toBeInTheDocument();
    expect(puts().map((put) => put.body.peers)).toEqual([[KEPT], [SEC]]);
  });

  it('is turned off for a role that may not change zones', async () => {
    renderDialog('viewer');
    const dialog = await screen.findByRole('dialog', { name: 'Replace old-primary in its zones' });
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: 'Replace with' })).toBeEnabled());
    await pick(/^new-primary/);
    const button = within(dialog).getByRole('button', { name: 'Change 4 zones' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(button);
    expect(puts()).toEqual([]);
  });
});
