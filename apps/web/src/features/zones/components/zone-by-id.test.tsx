import { screen, within } from '@testing-library/react';
import { Route, Routes, useLocation, useParams } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { ZoneDetail } from './zone-detail';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const OTHER_ACCOUNT = 'abcdef0123456789abcdef0123456789';
/** A zone of the account shown, beyond the first pages of its list. */
const DEEP = { id: 'd'.repeat(32), name: 'deep.example.com', type: 'full', status: 'active', account: { id: ACCOUNT, name: 'Example Corp' } };
/** A secondary zone of another account, pulled from a primary of that account. */
const STAGING = {
  id: '5'.repeat(32), name: 'staging.example.com', type: 'secondary', status: 'active', account: { id: OTHER_ACCOUNT, name: 'Staging' },
};
const STAGING_PRIMARY = { id: '7'.repeat(32), name: 'staging-primary', ip: '192.0.2.53', port: 53 };
const ZONES = [DEEP, STAGING];

afterEach(() => vi.unstubAllGlobals());

/**
 * The BFF: `zones.get` for the two zones (7003 for any other), a zones list that never has them (as beyond its first
 * pages), each account's peers, and the staging zone's incoming configuration.
 */
function stubApi() {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const { pathname } = new URL(String(input), 'http://localhost');
    if (pathname === '/api/zones') return envelopeResponse({ result: [], result_info: { page: 1, per_page: 50, count: 0, total_count: 2000, total_pages: 40 } });
    const zone = /^\/api\/zones\/([0-9a-f]{32})$/.exec(pathname);
    if (zone) {
      const found = ZONES.find((candidate) => candidate.id === zone[1]);
      if (found) return envelopeResponse({ result: found });
      return envelopeResponse(
        { errors: [{ code: 7003, message: `Could not route to /zones/${zone[1]}, perhaps your object identifier is invalid?` }] },
        { status: 404 },
      );
    }
    if (pathname === `/api/zones/${STAGING.id}/secondary_dns/incoming`) {
      return envelopeResponse({ result: { id: STAGING.id, name: 'staging.example.com.', peers: [STAGING_PRIMARY.id], auto_refresh_seconds: 3600, soa_serial: 2024060401 } });
    }
    if (pathname === `/api/accounts/${OTHER_ACCOUNT}/secondary_dns/peers`) return envelopeResponse({ result: [STAGING_PRIMARY] });
    if (pathname.endsWith('/secondary_dns/outgoing') || pathname.endsWith('/secondary_dns/outgoing/status')) {
      return envelopeResponse({ errors: [{ code: 1003, message: 'not configured' }] }, { status: 404 });
    }
    return envelopeResponse({ result: [] });
  });
  vi.stubGlobal('fetch', fetchMock);
  const paths = () => fetchMock.mock.calls.map(([input]) => new URL(String(input), 'http://localhost').pathname);
  return { fetchMock, paths };
}

/** The zone page as the router renders it, and where the address is. */
function Page() {
  const { accountId = '', zoneId = '' } = useParams();
  const location = useLocation();
  return (
    <>
      <p data-testid="location">{location.pathname}</p>
      <ZoneDetail key={zoneId} accountId={accountId} zoneId={zoneId} />
    </>
  );
}

function renderAt(accountId: string, zoneId: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/accounts/:accountId/zones/:zoneId" element={<Page />} />
    </Routes>,
    { route: `/accounts/${accountId}/zones/${zoneId}`, queryClient: signedInAs('operator') },
  );
}

describe('a zone by ID in the address', () => {
  it('a zone beyond the first pages of the list opens with one zones.get, no list paged', async () => {
    const { paths } = stubApi();
    renderAt(ACCOUNT, DEEP.id);
    expect(await screen.findByRole('heading', { level: 1, name: 'deep.example.com' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByText('Cloudflare is primary for this zone and can serve it to your secondaries.')).toBeInTheDocument();
    expect(paths().filter((path) => path === `/api/zones/${DEEP.id}`)).toHaveLength(1);
    expect(paths()).not.toContain('/api/zones');
    expect(screen.getByTestId('location')).toHaveTextContent(`/accounts/${ACCOUNT}/zones/${DEEP.id}`);
  });

  it("a zone of another account opens under its own account, its primaries read from that account's peers", async () => {
    const { paths } = stubApi();
    renderAt(ACCOUNT, STAGING.id);
    expect(await screen.findByRole('heading', { level: 1, name: 'staging.example.com' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(`/accounts/${OTHER_ACCOUNT}/zones/${STAGING.id}`);
    await screen.findByTestId('incoming-serial');
    const incoming = screen.getByRole('region', { name: 'Secondary (incoming)' });
    expect(within(incoming).getByRole('link', { name: 'staging-primary' })).toHaveAttribute(
      'href',
      `/accounts/${OTHER_ACCOUNT}/peers?q=staging-primary`,
    );
    expect(paths()).toContain(`/api/accounts/${OTHER_ACCOUNT}/secondary_dns/peers`);
    // Nothing of the account shown before is read for this zone, and its peers are not taken for missing.
    expect(paths().some((path) => path.startsWith(`/api/accounts/${ACCOUNT}/`))).toBe(false);
    expect(screen.queryByText(/no longer exist/)).toBeNull();
    expect(paths().filter((path) => path === `/api/zones/${STAGING.id}`)).toHaveLength(1);
    expect(paths()).not.toContain('/api/zones');
  });

  it('an ID no account has is not found, after the one zones.get', async () => {
    const { paths } = stubApi();
    const unknown = 'e'.repeat(32);
    renderAt(ACCOUNT, unknown);
    expect(await screen.findByRole('heading', { name: 'Zone not found' })).toBeInTheDocument();
    expect(screen.getByText(/No account the dashboard can see has a zone with the ID/)).toHaveTextContent(unknown);
    expect(paths().filter((path) => path === `/api/zones/${unknown}`)).toHaveLength(1);
    expect(paths()).not.toContain('/api/zones');
  });
});

describe('a zone by name in the address, of another account', () => {
  it('is looked up in every account and opens under its own account', async () => {
    const { fetchMock } = stubApi();
    fetchMock.mockImplementationOnce(async () =>
      envelopeResponse({ result: [STAGING], result_info: { page: 1, per_page: 50, count: 1, total_count: 1, total_pages: 1 } }),
    );
    renderAt(ACCOUNT, 'Staging.Example.com.');
    expect(await screen.findByRole('heading', { level: 1, name: 'staging.example.com' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(`/accounts/${OTHER_ACCOUNT}/zones/${STAGING.id}`);
    const search = new URL(String(fetchMock.mock.calls[0]![0]), 'http://localhost');
    expect(search.pathname).toBe('/api/zones');
    expect(search.searchParams.get('name')).toBe('staging.example.com');
    expect(search.searchParams.has('account_id')).toBe(false);
  });
});
