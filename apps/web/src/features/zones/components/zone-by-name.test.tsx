import { screen } from '@testing-library/react';
import { Route, Routes, useParams } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { findCachedZone } from '../api/queries';
import { ZoneDetail } from './zone-detail';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const EXACT = { id: 'e'.repeat(32), name: 'example.com', type: 'full', status: 'active' };
/** Sixty zones whose names contain "example.com" and sort before it ("a0.example.com" …). */
const OTHERS = Array.from({ length: 60 }, (_, n) => ({
  id: n.toString(16).padStart(32, '0'),
  name: `a${String(n).padStart(2, '0')}.example.com`,
  type: 'full',
  status: 'active',
}));
const ALL = [...OTHERS, EXACT];

afterEach(() => vi.unstubAllGlobals());

/** Cloudflare's zones list: `name=contains:x` or an exact name (case aside), by name, paged. */
function stubZones() {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    if (!url.pathname.endsWith('/zones')) return envelopeResponse({ result: [] });
    const filter = url.searchParams.get('name') ?? '';
    const matching = filter.startsWith('contains:')
      ? ALL.filter((zone) => zone.name.includes(filter.slice('contains:'.length)))
      : ALL.filter((zone) => !filter || zone.name === filter.toLowerCase());
    const page = Number(url.searchParams.get('page') ?? 1);
    const perPage = Number(url.searchParams.get('per_page') ?? 20);
    const result = matching.slice((page - 1) * perPage, page * perPage);
    return envelopeResponse({
      result,
      result_info: { page, per_page: perPage, count: result.length, total_count: matching.length, total_pages: Math.ceil(matching.length / perPage) },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function Page() {
  const { zoneId = '' } = useParams();
  return /^[0-9a-f]{32}$/.test(zoneId) ? <p>Opened zone {zoneId}</p> : <ZoneDetail accountId={ACCOUNT} zoneId={zoneId} />;
}

function renderAt(name: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/accounts/:accountId/zones/:zoneId" element={<Page />} />
    </Routes>,
    { route: `/accounts/${ACCOUNT}/zones/${name}`, queryClient: signedInAs('viewer') },
  );
}

describe('a zone by name in the address', () => {
  it('opens the zone of exactly that name even when many more zones contain it', async () => {
    stubZones();
    const { queryClient } = renderAt('Example.com.');
    expect(await screen.findByText(`Opened zone ${EXACT.id}`)).toBeInTheDocument();
    // The zone's page then takes its name and type from that answer, as from any zones list.
    expect(findCachedZone(queryClient, EXACT.id)?.zone).toMatchObject({ name: 'example.com' });
  });

  it('says there is no zone of that name only when Cloudflare has none', async () => {
    stubZones();
    renderAt('missing.example.com');
    expect(await screen.findByRole('heading', { name: 'Zone not found' })).toBeInTheDocument();
    expect(screen.getByText(/No account the dashboard can see has a zone named/)).toHaveTextContent('missing.example.com');
  });
});
