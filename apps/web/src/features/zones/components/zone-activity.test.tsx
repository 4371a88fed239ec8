import { screen, within } from '@testing-library/react';
import type { ZoneActivityEntry } from '@secdns/api-types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { ZoneActivity } from './zone-activity';

const ZONE = 'fedcba9876543210fedcba9876543210';
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const ENTRIES: ZoneActivityEntry[] = [
  {
    id: 9, time: minutesAgo(2), username: 'vera', role: 'viewer', operation: 'forceAxfr', status: 403, outcome: 'failure',
    reason: null, refusal: 'forbidden', request_id: 'r9', upstream_error_codes: [10001],
  },
  {
    id: 8, time: minutesAgo(5), username: 'oscar', role: 'operator', operation: 'forceAxfr', status: 200, outcome: 'success',
    reason: 'TICKET-7 primary outage', refusal: null, request_id: 'r8', upstream_error_codes: [],
  },
];

let entries: ZoneActivityEntry[];
let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  entries = ENTRIES;
  fetchMock = vi.fn(async () => envelopeResponse({ result: entries }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('ZoneActivity', () => {
  it("lists the zone's latest actions by everyone: who, what, when, why, outcome", async () => {
    renderWithProviders(<ZoneActivity zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    expect(String(fetchMock.mock.calls[0]![0])).toBe(`/api/zones/${ZONE}/activity?limit=10`);
    const [, refused, forced] = within(table).getAllByRole('row');
    expect(refused).toHaveTextContent('2 minutes ago');
    expect(refused).toHaveTextContent('vera');
    expect(refused).toHaveTextContent('Force AXFR');
    expect(refused).toHaveTextContent('Failure');
    expect(refused).toHaveTextContent('Refused: role too low');
    expect(forced).toHaveTextContent('oscar');
    expect(forced).toHaveTextContent('operator');
    expect(forced).toHaveTextContent('Success');
    expect(forced).toHaveTextContent('TICKET-7 primary outage');
    expect(screen.getByRole('link', { name: 'Audit log for this zone' })).toHaveAttribute('href', `/audit?zone=${ZONE}`);
  });

  it('says when nothing was done on the zone yet', async () => {
    entries = [];
    renderWithProviders(<ZoneActivity zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    expect(await screen.findByText(/Nobody has changed or forced anything on this zone/)).toBeInTheDocument();
  });
});
