import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Zone } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { BulkSetupSecondaries } from './bulk-setup';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const id = (n: number) => String(n).repeat(32).slice(0, 32);
const ZONES: Zone[] = [
  { id: id(1), name: 'a.example', type: 'secondary', status: 'pending' },
  { id: id(2), name: 'b.example', type: 'secondary', status: 'pending' },
  { id: id(3), name: 'c.example', type: 'secondary', status: 'active' },
  { id: id(4), name: 'full.example', type: 'full', status: 'active' },
] as Zone[];
const PEERS = [
  { id: 'a'.repeat(32), name: 'ns1-primary', ip: '192.0.2.1', port: 53 },
  { id: 'b'.repeat(32), name: 'ns2-primary', ip: '192.0.2.2', port: 53 },
];

let configured: Set<string>;
let posts: { zoneId: string; body: Record<string, unknown> }[];
let refuse: string | null;

beforeEach(() => {
  configured = new Set([id(3)]);
  posts = [];
  refuse = null;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      if (path.endsWith('/secondary_dns/peers')) return envelopeResponse({ result: PEERS });
      const zoneId = path.split('/')[3]!;
      if (path.endsWith('/secondary_dns/incoming') && init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        posts.push({ zoneId, body });
        if (zoneId === refuse) {
          return envelopeResponse(
            { success: false, errors: [{ code: 1003, message: 'peers: peer not reachable from Cloudflare', source: { pointer: '/peers/0' } }] },
            { status: 400 },
          );
        }
        configured.add(zoneId);
        return envelopeResponse({ result: { id: zoneId, ...body, soa_serial: null } });
      }
      if (path.endsWith('/secondary_dns/incoming')) {
        if (!configured.has(zoneId)) return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'not configured' }] }, { status: 404 });
        return envelopeResponse({ result: { id: zoneId, name: 'c.example.', peers: [PEERS[0]!.id], auto_refresh_seconds: 86400, soa_serial: 7 } });
      }
      return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'unexpected' }] }, { status: 404 });
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

async function openDialog(role: 'admin' | 'operator' = 'admin') {
  const user = userEvent.setup();
  renderWithProviders(<BulkSetupSecondaries zones={ZONES} accountId={ACCOUNT} />, { queryClient: signedInAs(role) });
  await user.click(screen.getByRole('button', { name: 'Set up secondaries on several zones' }));
  const dialog = await screen.findByRole('dialog', { name: 'Set up secondaries on several zones' });
  await within(dialog).findByText(/already set up \(serial 7\)/);
  return { user, dialog };
}

async function pickPeer(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, name: string) {
  await user.click(within(dialog).getByRole('textbox', { name: /^Primaries/ }));
  await user.click(await screen.findByRole('option', { name: new RegExp(name) }));
}

describe('Set up secondaries on several zones', () => {
  it('lists the secondary zones, only those not set up pickable; sets each up in turn with its own name', async () => {
    const { user, dialog } = await openDialog();
    expect(within(dialog).queryByText('full.example')).not.toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: 'c.example' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Select all not set up (2)' }));
    expect(within(dialog).getByRole('checkbox', { name: 'a.example' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'b.example' })).toBeChecked();

    await pickPeer(user, dialog, 'ns2-primary');
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('button', { name: '1 hour' }));
    await user.click(within(dialog).getByRole('button', { name: 'Set up 2 secondaries' }));

    const results = await within(dialog).findByRole('list', { name: 'Set up secondaries results' });
    expect(await within(dialog).findByText('Done: 2 set up, 0 failed, 0 not sent.')).toBeInTheDocument();
    expect(posts).toEqual([
      { zoneId: id(1), body: { name: 'a.example.', peers: [PEERS[1]!.id], auto_refresh_seconds: 3600 } },
      { zoneId: id(2), body: { name: 'b.example.', peers: [PEERS[1]!.id], auto_refresh_seconds: 3600 } },
    ]);
    expect(results).toHaveTextContent('Primaries ns2-primary; Cloudflare checks their serial every 1 hour');
  });

  it('refuses without primaries, keeping the picks and what was typed; a zone refused by the server says why, the others go on', async () => {
    const { user, dialog } = await openDialog();
    await user.click(within(dialog).getByRole('checkbox', { name: 'a.example' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'b.example' }));
    const refresh = within(dialog).getByRole('textbox', { name: /Auto refresh/ });
    await user.clear(refresh);
    await user.type(refresh, '120');
    await user.click(within(dialog).getByRole('button', { name: 'Set up 2 secondaries' }));
    expect(await within(dialog).findByText('Primaries must list at least one peer')).toBeInTheDocument();
    expect(within(dialog).getByText(/300/, { selector: '.mantine-NumberInput-error' })).toBeInTheDocument();
    expect(posts).toEqual([]);
    expect(within(dialog).getByRole('checkbox', { name: 'a.example' })).toBeChecked();
    expect(refresh).toHaveValue('120');

    refuse = id(1);
    await pickPeer(user, dialog, 'ns1-primary');
    await user.keyboard('{Escape}');
    await user.clear(refresh);
    await user.type(refresh, '600');
    await user.click(within(dialog).getByRole('button', { name: 'Set up 2 secondaries' }));
    const results = await within(dialog).findByRole('list', { name: 'Set up secondaries results' });
    expect(await within(dialog).findByText('Done: 1 set up, 1 failed, 0 not sent.')).toBeInTheDocument();
    expect(results).toHaveTextContent('Peer 1 (ns1-primary): peer not reachable from Cloudflare');
    expect(posts.map((post) => post.zoneId)).toEqual([id(1), id(2)]);
  });

  it('is an admin action', async () => {
    renderWithProviders(<BulkSetupSecondaries zones={ZONES} accountId={ACCOUNT} />, { queryClient: signedInAs('operator') });
    expect(screen.getByRole('button', { name: 'Set up secondaries on several zones' })).toHaveAttribute('aria-disabled', 'true');
  });
});
