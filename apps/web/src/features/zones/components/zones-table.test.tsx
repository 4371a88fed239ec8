import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, rowsNeverOnScreen, signedInAs } from '../../../test/render';
import { ZonesTable } from './zones-table';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const hex = (n: number) => n.toString(16).padStart(32, '0');
const ZONES = [
  { id: hex(1), name: 'example.net', type: 'secondary', status: 'active' },
  { id: hex(2), name: 'legacy.example.org', type: 'secondary', status: 'pending' },
  { id: hex(3), name: 'example.com', type: 'full', status: 'active' },
  { id: hex(4), name: 'example.org', type: 'full', status: 'active' },
];

let fetchMock: ReturnType<typeof vi.fn>;
const WATCH = `/api/accounts/${ACCOUNT}/secondary_dns/serial_watch`;
/** The requests made, but the serial watch's poll (one per list, from the BFF's memory: no Cloudflare read). */
const paths = () => fetchMock.mock.calls.map(([input]) => String(input)).filter((path) => path !== WATCH);

beforeEach(() => {
  fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    if (url.pathname === '/api/zones') {
      return envelopeResponse({
        result: ZONES,
        result_info: { page: 1, per_page: 20, count: 4, total_count: 4, total_pages: 1 },
      });
    }
    if (url.pathname === `/api/zones/${hex(1)}/secondary_dns/incoming`) {
      return envelopeResponse({ result: { id: hex(1), name: 'example.net.', peers: [], soa_serial: 2024061201 } });
    }
    if (url.pathname === `/api/zones/${hex(5)}/secondary_dns/incoming`) {
      const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
      return envelopeResponse({
        result: { id: hex(5), name: 'stale.example.', peers: [], soa_serial: 7, auto_refresh_seconds: 3600, checked_time: hoursAgo(3) },
      });
    }
    if (url.pathname === `/api/zones/${hex(6)}/secondary_dns/incoming`) {
      const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
      return envelopeResponse({
        result: { id: hex(6), name: 'fresh.example.', peers: [], soa_serial: 8, auto_refresh_seconds: 3600, checked_time: hoursAgo(1.5) },
      });
    }
    if (url.pathname === `/api/zones/${hex(3)}/secondary_dns/outgoing/status`) {
      return envelopeResponse({ result: 'Enabled' });
    }
    return envelopeResponse(
      { success: false, errors: [{ code: 1003, message: 'no configuration' }] },
      { status: 404 },
    );
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

describe('ZonesTable', () => {
  it('asks one call per visible row: incoming for secondary zones, outgoing status for the others', async () => {
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { route: '/?q=example', queryClient: signedInAs('admin') });
    await screen.findByRole('link', { name: 'example.net' });
    const row = (name: string) => screen.getByRole('link', { name }).closest('tr') as HTMLElement;

    expect(await within(row('example.net')).findByText('2024061201')).toBeInTheDocument();
    // The number says what it is.
    expect(within(row('example.net')).getByTestId('incoming-example.net')).toHaveTextContent('Configuredserial 2024061201');
    expect(await within(row('example.com')).findByText('Enabled')).toBeInTheDocument();
    expect(await within(row('legacy.example.org')).findByText('Not configured')).toBeInTheDocument();
    expect(await within(row('example.org')).findByText('Not configured')).toBeInTheDocument();

    const list = paths().filter((path) => path.startsWith('/api/zones?'));
    expect(list).toEqual([`/api/zones?account_id=${ACCOUNT}&page=1&per_page=20&name=contains%3Aexample`]);
    const perRow = paths().filter((path) => !path.startsWith('/api/zones?'));
    expect(perRow.sort()).toEqual(
      [
        `/api/zones/${hex(1)}/secondary_dns/incoming`,
        `/api/zones/${hex(2)}/secondary_dns/incoming`,
        `/api/zones/${hex(3)}/secondary_dns/outgoing/status`,
        `/api/zones/${hex(4)}/secondary_dns/outgoing/status`,
      ].sort(),
    );
    expect(screen.getByTestId('row-count')).toHaveTextContent('4 zones matching');
    expect(fetchMock.mock.calls.filter(([input]) => String(input) === WATCH)).toHaveLength(1);
  });

  it('marks a secondary zone Overdue when its last check is more than twice its refresh interval ago', async () => {
    ZONES.push(
      { id: hex(5), name: 'stale.example', type: 'secondary', status: 'active' },
      { id: hex(6), name: 'fresh.example', type: 'secondary', status: 'active' },
    );
    try {
      renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('viewer') });
      const row = async (name: string) => (await screen.findByRole('link', { name })).closest('tr') as HTMLElement;
      const stale = await row('stale.example');
      expect(await within(stale).findByText('7')).toBeInTheDocument();
      expect(within(stale).getByText('Overdue')).toHaveTextContent('Overdue: last checked 3 hours ago, refresh every 1 hour');
      const fresh = await row('fresh.example');
      expect(await within(fresh).findByText('8')).toBeInTheDocument();
      expect(within(fresh).queryByText('Overdue')).not.toBeInTheDocument();
      expect(within(await row('example.net')).queryByText('Overdue')).not.toBeInTheDocument(); // no interval reported
    } finally {
      ZONES.splice(4);
    }
  });

  it('asks nothing for rows that are not on screen', async () => {
    rowsNeverOnScreen();
    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('admin') });
    await screen.findByRole('link', { name: 'example.net' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(paths().every((path) => path.startsWith('/api/zones?'))).toBe(true);
  });

  it('links "Not configured" rows to set up only for a role that may set them up', async () => {
    const admin = renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('admin') });
    expect(await screen.findByRole('link', { name: 'Set up secondary for legacy.example.org' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Set up primary for example.org' })).toBeInTheDocument();
    admin.unmount();

    renderWithProviders(<ZonesTable accountId={ACCOUNT} />, { queryClient: signedInAs('operator') });
    const row = (await screen.findByRole('link', { name: 'legacy.example.org' })).closest('tr') as HTMLElement;
    expect(await within(row).findByText('Not configured')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /^Set up/ })).not.toBeInTheDocument();
  });
});
