import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Zone } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { BulkSetupMenu } from './bulk-setup';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const id = (n: number) => String(n).repeat(32).slice(0, 32);
const ZONES: Zone[] = [
  { id: id(1), name: 'a.example', type: 'secondary', status: 'pending' },
  { id: id(2), name: 'b.example', type: 'secondary', status: 'pending' },
  { id: id(3), name: 'c.example', type: 'secondary', status: 'active' },
  { id: id(4), name: 'full.example', type: 'full', status: 'active' },
  { id: id(5), name: 'served.example', type: 'full', status: 'active' },
  { id: id(6), name: 'new.example', type: 'full', status: 'active' },
] as Zone[];
/** The list's other pages (the page shows ZONES). */
const OTHER: Zone[] = [
  { id: id(7), name: 'd.example', type: 'secondary', status: 'pending' },
  { id: id(8), name: 'e.example', type: 'secondary', status: 'active' },
  { id: id(9), name: 'other-full.example', type: 'full', status: 'active' },
] as Zone[];
const PEERS = [
  { id: 'a'.repeat(32), name: 'ns1-primary', ip: '192.0.2.1', port: 53 },
  { id: 'b'.repeat(32), name: 'ns2-primary', ip: '192.0.2.2', port: 53 },
];

let configured: Set<string>;
let serving: Set<string>;
let refuseEnable: string | null;
let posts: { zoneId: string; body: Record<string, unknown> }[];
/** What the budget report says is left (`GET /api/meta/ratelimit`). */
let budgetLeft = 1000;
let refuse: { zoneId: string; pointer?: string; message: string } | null;
let listed: string[];
/** The x-budget-purpose header of each read of a zone's incoming configuration, and (`create …`) of each creation. */
let checkPurposes: (string | null)[];

beforeEach(() => {
  configured = new Set([id(3)]);
  serving = new Set([id(5)]);
  refuseEnable = null;
  posts = [];
  budgetLeft = 1000;
  refuse = null;
  listed = [];
  checkPurposes = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://localhost');
      const path = url.pathname;
      if (path.endsWith('/secondary_dns/peers')) return envelopeResponse({ result: PEERS });
      if (path === '/api/zones') {
        listed.push(url.search);
        const all = [...ZONES, ...OTHER];
        const page = Number(url.searchParams.get('page'));
        const perPage = Number(url.searchParams.get('per_page'));
        const result = all.slice((page - 1) * perPage, page * perPage);
        const total_pages = Math.ceil(all.length / perPage);
        return envelopeResponse({ result, result_info: { page, per_page: perPage, count: result.length, total_count: all.length, total_pages } });
      }
      if (path === '/api/meta/ratelimit') return envelopeResponse({ result: { capacity: 1100, remaining: budgetLeft, windowSeconds: 300 } });
      const zoneId = path.split('/')[3]!;
      if (path.endsWith('/secondary_dns/outgoing/enable')) {
        posts.push({ zoneId, body: { enable: true } });
        if (zoneId === refuseEnable) return envelopeResponse({ success: false, errors: [{ code: 1000, message: 'zone is not active' }] }, { status: 400 });
        return envelopeResponse({ result: 'Enabled' });
      }
      if (path.endsWith('/secondary_dns/outgoing/status')) return envelopeResponse({ result: 'Disabled' });
      if (path.endsWith('/secondary_dns/outgoing') && init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        posts.push({ zoneId, body });
        serving.add(zoneId);
        return envelopeResponse({ result: { id: zoneId, ...body } });
      }
      if (path.endsWith('/secondary_dns/outgoing')) {
        if (!serving.has(zoneId)) return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'not configured' }] }, { status: 404 });
        return envelopeResponse({ result: { id: zoneId, name: 'served.example.', peers: [], soa_serial: 9 } });
      }
      if (path.endsWith('/secondary_dns/incoming') && init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        posts.push({ zoneId, body });
        checkPurposes.push(`create ${new Headers(init.headers).get('x-budget-purpose')}`);
        if (zoneId === refuse?.zoneId) {
          const source = refuse.pointer ? { source: { pointer: refuse.pointer } } : {};
          return envelopeResponse({ success: false, errors: [{ code: 1003, message: refuse.message, ...source }] }, { status: 400 });
        }
        configured.add(zoneId);
        return envelopeResponse({ result: { id: zoneId, ...body, soa_serial: null } });
      }
      if (path.endsWith('/secondary_dns/incoming')) {
        checkPurposes.push(new Headers(init.headers).get('x-budget-purpose'));
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
  renderWithProviders(<BulkSetupMenu zones={ZONES} accountId={ACCOUNT} />, { queryClient: signedInAs(role) });
  await user.click(screen.getByRole('button', { name: 'Set up several zones' }));
  await user.click(await screen.findByRole('menuitem', { name: 'Secondaries on several zones…' }));
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
    expect(results).toHaveTextContent('Primaries ns2-primary, refresh every 1 hour. Cloudflare pulls the zone from them shortly');
  });

  it('takes the auto refresh typed as a BIND duration (2h) in seconds for every zone', async () => {
    const { user, dialog } = await openDialog();
    await user.click(within(dialog).getByRole('checkbox', { name: 'a.example' }));
    await pickPeer(user, dialog, 'ns2-primary');
    await user.keyboard('{Escape}');
    const refresh = within(dialog).getByRole('textbox', { name: /Auto refresh/ });
    await user.clear(refresh);
    await user.type(refresh, '2h');
    expect(within(dialog).getByText(/^2h = 7200 s\./)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Set up 1 secondary' }));
    expect(await within(dialog).findByText('Done: 1 set up, 0 failed, 0 not sent.')).toBeInTheDocument();
    expect(posts).toEqual([{ zoneId: id(1), body: { name: 'a.example.', peers: [PEERS[1]!.id], auto_refresh_seconds: 7200 } }]);
  });

  it('Enter in Primaries with a search typed picks the top match; it does not start the set-up', async () => {
    const { user, dialog } = await openDialog();
    await user.click(within(dialog).getByRole('checkbox', { name: 'a.example' }));
    await user.type(within(dialog).getByRole('textbox', { name: /^Primaries/ }), 'ns2');
    await screen.findByRole('option', { name: /ns2-primary/ });
    await user.keyboard('{Enter}');
    expect(posts).toEqual([]);
    expect(within(dialog).queryByText(/^Done:/)).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('button', { name: 'Set up 1 secondary' }));
    expect(await within(dialog).findByText('Done: 1 set up, 0 failed, 0 not sent.')).toBeInTheDocument();
    expect(posts).toEqual([{ zoneId: id(1), body: { name: 'a.example.', peers: [PEERS[1]!.id], auto_refresh_seconds: 86400 } }]);
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
    expect(within(dialog).getByText(/300/, { selector: '.mantine-TextInput-error' })).toBeInTheDocument();
    expect(posts).toEqual([]);
    expect(within(dialog).getByRole('checkbox', { name: 'a.example' })).toBeChecked();
    expect(refresh).toHaveValue('120');

    // A refusal of this zone alone: said, and the next zone goes on.
    refuse = { zoneId: id(1), message: 'zone a.example. is not a secondary zone at Cloudflare' };
    await pickPeer(user, dialog, 'ns1-primary');
    await user.keyboard('{Escape}');
    await user.clear(refresh);
    await user.type(refresh, '600');
    await user.click(within(dialog).getByRole('button', { name: 'Set up 2 secondaries' }));
    expect(await within(dialog).findByText('Done: 1 set up, 1 failed, 0 not sent.')).toBeInTheDocument();
    expect(within(dialog).getByRole('list', { name: 'Set up secondaries results' })).toHaveTextContent('zone a.example. is not a secondary zone at Cloudflare');
    expect(posts.map((post) => post.zoneId)).toEqual([id(1), id(2)]);
  });

  it('a refusal of the shared fields stops the run (every zone would get it) and goes back to the form, on its field, with what was typed', async () => {
    const { user, dialog } = await openDialog();
    refuse = { zoneId: id(1), pointer: '/peers/0', message: 'peers: peer not reachable from Cloudflare' };
    await user.click(within(dialog).getByRole('button', { name: 'Select all not set up (2)' }));
    await pickPeer(user, dialog, 'ns1-primary');
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('button', { name: 'Set up 2 secondaries' }));
    expect(await within(dialog).findByText('Done: 0 set up, 1 failed, 1 not sent.')).toBeInTheDocument();
    const results = within(dialog).getByRole('list', { name: 'Set up secondaries results' });
    expect(results).toHaveTextContent('Peer 1 (ns1-primary): peer not reachable from Cloudflare');
    expect(results).toHaveTextContent('Not sent: Cloudflare refused the fields every zone shares.');
    expect(posts.map((post) => post.zoneId)).toEqual([id(1)]);

    await user.click(within(dialog).getByRole('button', { name: 'Back to the form' }));
    expect(await within(dialog).findByText('Peer 1 (ns1-primary): peer not reachable from Cloudflare')).toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: 'a.example' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'b.example' })).toBeChecked();
    expect(within(dialog).getByText('ns1-primary')).toBeInTheDocument(); // the pick, kept
  });

  it('primaries: the zones Cloudflare serves, secondaries optional, transfers enabled when asked; an enable refused says the zone is set up', async () => {
    const user = userEvent.setup();
    renderWithProviders(<BulkSetupMenu zones={ZONES} accountId={ACCOUNT} />, { queryClient: signedInAs('admin') });
    await user.click(screen.getByRole('button', { name: 'Set up several zones' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Primaries on several zones…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up primaries on several zones' });
    await within(dialog).findByText(/already set up \(serial 9\)/);
    expect(within(dialog).queryByText('a.example')).not.toBeInTheDocument();
    expect(within(dialog).getByRole('checkbox', { name: 'served.example' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Select all not set up (2)' }));
    await user.click(within(dialog).getByRole('textbox', { name: /^Secondaries to NOTIFY/ }));
    await user.click(await screen.findByRole('option', { name: /ns1-primary/ }));
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('checkbox', { name: /Enable outgoing transfers/ }));
    refuseEnable = id(6);
    await user.click(within(dialog).getByRole('button', { name: 'Set up 2 primaries' }));
    expect(await within(dialog).findByText('Done: 1 set up, 1 failed, 0 not sent.')).toBeInTheDocument();
    expect(posts).toEqual([
      { zoneId: id(4), body: { name: 'full.example.', peers: [PEERS[0]!.id] } },
      { zoneId: id(4), body: { enable: true } },
      { zoneId: id(6), body: { name: 'new.example.', peers: [PEERS[0]!.id] } },
      { zoneId: id(6), body: { enable: true } },
    ]);
    const results = within(dialog).getByRole('list', { name: 'Set up primaries results' });
    expect(results).toHaveTextContent('Secondaries ns1-primary. Outgoing transfers enabled (Cloudflare sent a NOTIFY).');
    expect(results).toHaveTextContent('Set up (secondaries ns1-primary), but enabling transfers failed: zone is not active');
  });

  it("adds the zones of the list's other pages: listed first, names shown; each read before its creation, one set up already skipped", async () => {
    configured.add(id(8));
    const user = userEvent.setup();
    renderWithProviders(<BulkSetupMenu zones={ZONES} accountId={ACCOUNT} scope={{ q: 'example', totalCount: ZONES.length + OTHER.length }} />, {
      queryClient: signedInAs('admin'),
    });
    await user.click(screen.getByRole('button', { name: 'Set up several zones' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Secondaries on several zones…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up secondaries on several zones' });
    await within(dialog).findByText(/already set up \(serial 7\)/);
    expect(listed).toEqual([]); // nothing listed until asked
    await user.click(within(dialog).getByRole('checkbox', { name: "Also the secondary zones on the list's other pages" }));
    expect(await within(dialog).findByText('2 more zones on the other pages:')).toBeInTheDocument();
    // The other pages' secondary zones only (not the full zone, not the page's own), with the list's search.
    expect(within(dialog).getByTestId('other-pages-zones')).toHaveTextContent(/^d\.example, e\.example$/);
    expect(listed).toEqual(['?account_id=0123456789abcdef0123456789abcdef&page=1&per_page=50&name=contains%3Aexample']);

    await user.click(within(dialog).getByRole('checkbox', { name: 'a.example' }));
    await pickPeer(user, dialog, 'ns1-primary');
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('button', { name: 'Set up 1 secondary + any of 2 more not set up' }));
    expect(await within(dialog).findByText('Done: 2 set up, 0 failed, 1 skipped, 0 not sent.')).toBeInTheDocument();
    expect(posts.map((post) => post.zoneId)).toEqual([id(1), id(7)]);
    expect(posts[1]!.body).toEqual({ name: 'd.example.', peers: [PEERS[0]!.id], auto_refresh_seconds: 86400 });
    // Each zone's check and creation name the bulk set-up to the BFF (its share of the budget, its report).
    // (The dialog read the page's zones when it opened, as the page does: no purpose. The run read again only the
    // other pages' zones, d and e, before creating.)
    expect(checkPurposes).toEqual([null, null, null, 'create bulk-setup', 'bulk-setup', 'create bulk-setup', 'bulk-setup']);
    const results = within(dialog).getByRole('list', { name: 'Set up secondaries results' });
    expect(results).toHaveTextContent('e.example · SkippedAlready set up (serial 7): left as it was. Change it on its page.');

    // Unticked: the other pages are out of the next run.
    await user.click(within(dialog).getByRole('button', { name: 'Back to the form' }));
    await user.click(within(dialog).getByRole('checkbox', { name: "Also the secondary zones on the list's other pages" }));
    expect(within(dialog).queryByTestId('other-pages-zones')).not.toBeInTheDocument();
  });

  it("stops checking other pages' zones past half of what was left of the shared budget, naming those not checked", async () => {
    budgetLeft = 3; // half: one read for the other pages' zones
    const user = userEvent.setup();
    renderWithProviders(<BulkSetupMenu zones={ZONES} accountId={ACCOUNT} scope={{ q: 'example', totalCount: ZONES.length + OTHER.length }} />, {
      queryClient: signedInAs('admin'),
    });
    await user.click(screen.getByRole('button', { name: 'Set up several zones' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Secondaries on several zones…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up secondaries on several zones' });
    await user.click(within(dialog).getByRole('checkbox', { name: "Also the secondary zones on the list's other pages" }));
    await within(dialog).findByText('2 more zones on the other pages:');
    await pickPeer(user, dialog, 'ns1-primary');
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('button', { name: 'Set up 0 secondaries + any of 2 more not set up' }));
    const results = await within(dialog).findByRole('list', { name: 'Set up secondaries results' });
    await within(dialog).findByText(/^Done:/);
    expect(posts.map((post) => post.zoneId)).toEqual([id(7)]);
    expect(results).toHaveTextContent(/e\.example · .*Not checked: the zones of other pages checked so far \(1\) took half of what was left of the shared Cloudflare API budget when the run started \(3 requests\)/);
  });

  it('a kind the page has no zone of is off in the menu, unless the list has other pages', async () => {
    const user = userEvent.setup();
    renderWithProviders(<BulkSetupMenu zones={ZONES.filter((zone) => zone.type === 'full')} accountId={ACCOUNT} />, { queryClient: signedInAs('admin') });
    await user.click(screen.getByRole('button', { name: 'Set up several zones' }));
    expect(await screen.findByRole('menuitem', { name: 'Secondaries on several zones…' })).toBeDisabled();
    expect(screen.getByRole('menuitem', { name: 'Primaries on several zones…' })).toBeEnabled();
  });

  it('on a list of several pages, a kind this page lacks is offered from the other pages', async () => {
    const user = userEvent.setup();
    const fulls = ZONES.filter((zone) => zone.type === 'full');
    renderWithProviders(<BulkSetupMenu zones={fulls} accountId={ACCOUNT} scope={{ q: '', totalCount: 9 }} />, { queryClient: signedInAs('admin') });
    await user.click(screen.getByRole('button', { name: 'Set up several zones' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Secondaries on several zones…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up secondaries on several zones' });
    expect(within(dialog).getByText('None on this page.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Set up 0 secondaries' })).toBeDisabled();
    await user.click(within(dialog).getByRole('checkbox', { name: "Also the secondary zones on the list's other pages" }));
    expect(await within(dialog).findByText('5 more zones on the other pages:')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Set up 0 secondaries + any of 5 more not set up' })).toBeEnabled();
  });

  it('is an admin action', async () => {
    const user = userEvent.setup();
    renderWithProviders(<BulkSetupMenu zones={ZONES} accountId={ACCOUNT} />, { queryClient: signedInAs('operator') });
    const button = screen.getByRole('button', { name: 'Set up several zones' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await user.click(button);
    expect(screen.queryByRole('menuitem')).not.toBeInTheDocument();
  });
});
