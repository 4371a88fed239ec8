import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Zone } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { BulkForceAxfr, BulkForceNotify } from './bulk-force';

const id = (n: number) => String(n).repeat(32).slice(0, 32);
const ZONES: Zone[] = [
  { id: id(1), name: 'a.example', type: 'secondary', status: 'active' },
  { id: id(2), name: 'b.example', type: 'secondary', status: 'active' },
  { id: id(3), name: 'c.example', type: 'secondary', status: 'active' },
  { id: id(4), name: 'unset.example', type: 'secondary', status: 'pending' },
  { id: id(5), name: 'full.example', type: 'full', status: 'active' },
] as Zone[];
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

let serial: Record<string, number>;
let posts: { path: string; body: unknown }[];
let refuseSecond: boolean;

beforeEach(() => {
  serial = { [id(1)]: 100, [id(2)]: 200, [id(3)]: 300 };
  posts = [];
  refuseSecond = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input), 'http://localhost').pathname;
      const zoneId = path.split('/')[3]!;
      if (path.endsWith('/force_axfr')) {
        posts.push({ path, body: JSON.parse(String(init?.body ?? '{}')) });
        if (refuseSecond && posts.length === 2) {
          return new Response(
            JSON.stringify({ success: false, errors: [{ code: 1090, message: 'Not sent to Cloudflare: the budget is used up.' }], messages: [], result: null }),
            { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '30' } },
          );
        }
        serial[zoneId] = (serial[zoneId] ?? 0) + 1;
        return envelopeResponse({ result: 'OK' });
      }
      if (path.endsWith('/incoming/serials')) {
        // a.example: the primary is 2 ahead; b.example: in sync; c.example: the primary does not answer.
        const primary = zoneId === id(1) ? serial[zoneId]! + 2 : zoneId === id(2) ? serial[zoneId]! : null;
        return envelopeResponse({
          result: {
            zone_id: zoneId, zone_name: 'x.', direction: 'incoming', cloudflare_serial: serial[zoneId] ?? null,
            checked_at: new Date().toISOString(), timeout_ms: 2000, emulated: false,
            peers: [{
              peer_id: 'p1', peer_name: 'ns1', address: '192.0.2.1', port: 53, status: primary === null ? 'timeout' : 'answered',
              serial: primary, authoritative: primary === null ? null : true,
              relation: primary === null ? null : primary === serial[zoneId] ? 'same' : 'peer-ahead',
              ms: null, transport: null, message: 'm',
            }],
          },
        });
      }
      if (path.endsWith('/secondary_dns/incoming')) {
        if (!(zoneId in serial)) return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'not configured' }] }, { status: 404 });
        return envelopeResponse({
          result: {
            id: zoneId, name: 'x.', peers: [], auto_refresh_seconds: 86400, soa_serial: serial[zoneId],
            checked_time: zoneId === id(2) ? daysAgo(3) : daysAgo(0.01),
          },
        });
      }
      return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'unexpected' }] }, { status: 404 });
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

async function openDialog() {
  renderWithProviders(<BulkForceAxfr zones={ZONES} />, { queryClient: signedInAs('operator') });
  await userEvent.click(screen.getByRole('button', { name: 'Force AXFR on several zones' }));
  const dialog = await screen.findByRole('dialog', { name: 'Force AXFR on several zones' });
  await within(dialog).findByText(/serial 300/);
  return dialog;
}

describe('BulkForceAxfr', () => {
  it('lists the secondary zones, picks the overdue ones, and forces each in turn with the one reason', async () => {
    const dialog = await openDialog();
    expect(within(dialog).queryByText('full.example')).not.toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: /unset\.example/ })).toBeDisabled();
    expect(within(dialog).getByText(/no secondary configuration/)).toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Select overdue (1)' }));
    expect(within(dialog).getByRole('checkbox', { name: /b\.example/ })).toBeChecked();
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /c\.example/ }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'INC-9 primary back');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Force AXFR on 2 zones' }));

    expect(await within(dialog).findByText('Done: 2 requested, 0 failed, 0 not sent.')).toBeInTheDocument();
    expect(posts).toEqual([
      { path: `/api/zones/${id(2)}/secondary_dns/force_axfr`, body: { reason: 'INC-9 primary back' } },
      { path: `/api/zones/${id(3)}/secondary_dns/force_axfr`, body: { reason: 'INC-9 primary back' } },
    ]);
    const results = within(dialog).getByRole('list', { name: 'Force AXFR results' });
    expect(within(results).getAllByRole('listitem')[0]).toHaveTextContent('b.example · RequestedSerial 200 → 201');
    expect(within(results).getAllByRole('listitem')[1]).toHaveTextContent('Serial 300 → 301');
  });

  it("checks the listed zones' serials and picks the zones where Cloudflare is behind", async () => {
    renderWithProviders(<BulkForceAxfr zones={ZONES} accountId={'f'.repeat(32)} />, { queryClient: signedInAs('operator') });
    await userEvent.click(screen.getByRole('button', { name: 'Force AXFR on several zones' }));
    const dialog = await screen.findByRole('dialog', { name: 'Force AXFR on several zones' });
    await within(dialog).findByText(/serial 300/);
    expect(within(dialog).queryByRole('button', { name: /Select behind/ })).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Check serials' }));
    await userEvent.click(await within(dialog).findByRole('button', { name: 'Select behind (1)' }));
    expect(within(dialog).getByRole('checkbox', { name: /a\.example/ })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: /b\.example/ })).not.toBeChecked();
    expect(within(dialog).getByText('Cloudflare behind')).toBeInTheDocument();
    expect(within(dialog).getByText('In sync')).toBeInTheDocument();
    expect(within(dialog).getByText('No answer')).toBeInTheDocument();
    // Only the zones that can be forced were asked (not the one without a configuration).
    const asked = vi.mocked(fetch).mock.calls.map(([input]) => String(input)).filter((url) => url.includes('/serials'));
    expect(asked).toHaveLength(3);
    expect(within(dialog).getByRole('button', { name: 'Check serials again' })).toBeInTheDocument();
  });

  it('stops at a budget refusal and names the zones not sent', async () => {
    refuseSecond = true;
    const dialog = await openDialog();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Select all (3)' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Force AXFR on 3 zones' }));
    expect(await within(dialog).findByText('Done: 1 requested, 1 failed, 1 not sent.')).toBeInTheDocument();
    expect(posts).toHaveLength(2);
    const items = within(within(dialog).getByRole('list', { name: 'Force AXFR results' })).getAllByRole('listitem');
    expect(items[1]).toHaveTextContent('Failed');
    expect(items[1]).toHaveTextContent('Try again in 30 s');
    expect(items[2]).toHaveTextContent('Not sent: the shared Cloudflare API budget is spent');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('asks before Escape drops a typed reason, and not once the run is over', async () => {
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'INC-12');
    await userEvent.keyboard('{Escape}');
    const ask = await within(dialog).findByRole('alert');
    expect(ask).toHaveTextContent('Discard what you typed?');
    await userEvent.click(within(ask).getByRole('button', { name: 'Keep editing' }));
    expect(within(dialog).getByRole('textbox', { name: /Reason/ })).toHaveValue('INC-12');

    await userEvent.click(within(dialog).getByRole('checkbox', { name: /c\.example/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Force AXFR on 1 zone' }));
    expect(await within(dialog).findByText('Done: 1 requested, 0 failed, 0 not sent.')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByText('Discard what you typed?')).not.toBeInTheDocument();
  });

  it('is off for a viewer', async () => {
    renderWithProviders(<BulkForceAxfr zones={ZONES} />, { queryClient: signedInAs('viewer') });
    expect(screen.getByRole('button', { name: 'Force AXFR on several zones' })).toHaveAttribute('aria-disabled', 'true');
  });
});

describe('BulkForceNotify', () => {
  it('offers only zones whose outgoing transfers are enabled, and notifies each in turn', async () => {
    const zones = [
      { id: id(6), name: 'on.example', type: 'full', status: 'active' },
      { id: id(7), name: 'off.example', type: 'full', status: 'active' },
      { id: id(8), name: 'none.example', type: 'full', status: 'active' },
      { id: id(1), name: 'a.example', type: 'secondary', status: 'active' },
    ] as Zone[];
    const notified: string[] = [];
    let transferred = '2026-11-01T00:00:00Z';
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const path = new URL(String(input), 'http://localhost').pathname;
        const zoneId = path.split('/')[3]!;
        if (path.endsWith('/outgoing/force_notify') && init?.method === 'POST') {
          notified.push(zoneId);
          transferred = new Date().toISOString();
          return envelopeResponse({ result: 'OK' });
        }
        if (path.endsWith('/outgoing/status')) {
          if (zoneId === id(8)) return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'none' }] }, { status: 404 });
          return envelopeResponse({ result: zoneId === id(6) ? 'Enabled' : 'Disabled' });
        }
        if (path.endsWith('/secondary_dns/outgoing')) {
          if (zoneId === id(8)) return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'none' }] }, { status: 404 });
          return envelopeResponse({
            result: { id: zoneId, name: 'x.', peers: ['p'], soa_serial: 42, checked_time: transferred, last_transferred_time: transferred },
          });
        }
        return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'unexpected' }] }, { status: 404 });
      }),
    );
    renderWithProviders(<BulkForceNotify zones={zones} />, { queryClient: signedInAs('operator') });
    await userEvent.click(screen.getByRole('button', { name: 'Force NOTIFY on several zones' }));
    const dialog = await screen.findByRole('dialog', { name: 'Force NOTIFY on several zones' });
    await within(dialog).findByText(/serial 42 · last transferred/);
    // The NOTIFY dialog says what NOTIFY does (it once said what AXFR does).
    expect(dialog).toHaveTextContent('Cloudflare sends a NOTIFY for each zone to its secondaries now');
    expect(dialog).not.toHaveTextContent('full transfer');
    expect(within(dialog).queryByText('a.example')).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: /Select overdue/ })).not.toBeInTheDocument();
    expect(await within(dialog).findByText(/transfers disabled: a NOTIFY gets no transfer/)).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: /off\.example/ })).toBeDisabled();
    expect(within(dialog).getByRole('checkbox', { name: /none\.example/ })).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Select all (1)' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Force NOTIFY on 1 zone' }));
    expect(await within(dialog).findByText('Done: 1 requested, 0 failed, 0 not sent.')).toBeInTheDocument();
    expect(notified).toEqual([id(6)]);
    expect(within(dialog).getByRole('list', { name: 'Force NOTIFY results' })).toHaveTextContent('Cloudflare accepted the NOTIFY; a secondary transferred the zone');
  });
});
