import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { ZoneNotFound } from './zone-detail';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const ZONE = 'fedcba9876543210fedcba9876543210';

afterEach(() => vi.unstubAllGlobals());

describe('ZoneNotFound', () => {
  it("a zone deleted since: what the dashboard recorded about it is still there (its delete, with what it had)", async () => {
    const fetchMock = vi.fn(async (url: string) =>
      envelopeResponse({
        result: String(url).includes(`/api/zones/${ZONE}/activity`)
          ? [
              {
                id: 4, time: new Date().toISOString(), username: 'alice', role: 'admin', operation: 'incoming.delete',
                status: 200, outcome: 'success', reason: null, refusal: null, request_id: 'r4', upstream_error_codes: [],
                changes: [{ field: 'auto_refresh_seconds', before: 3600, after: null }],
              },
            ]
          : [],
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<ZoneNotFound accountId={ACCOUNT} zoneId={ZONE} />, { queryClient: signedInAs('viewer') });
    expect(screen.getByRole('heading', { name: 'Zone not found' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Recent actions on this zone' });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('was: Refresh 1 hour');
    expect(screen.getByRole('link', { name: 'Audit log for this zone' })).toHaveAttribute('href', `/audit?zone=${ZONE}`);
  });

  it('a mistyped id: no history asked for', () => {
    const fetchMock = vi.fn(async () => envelopeResponse({ result: [] }));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<ZoneNotFound accountId={ACCOUNT} zoneId="not-a-zone" />, { queryClient: signedInAs('viewer') });
    expect(screen.getByRole('heading', { name: 'Zone not found' })).toBeInTheDocument();
    expect(screen.queryByText('Recent actions')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
