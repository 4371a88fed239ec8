import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@secdns/api-types';
import { renderWithProviders } from '../../../test/render';
import { TargetCell } from './audit-cells';

const base = {
  id: 1,
  time: '2026-11-23T10:00:00.000Z',
  username: 'admin',
  role: 'admin',
  method: 'PUT',
  path: '/api/accounts/a/secondary_dns/peers/c4b399e0472f4d8a9b0c1d2e3f405162',
  account_id: 'a',
  zone_id: null,
  reason: null,
  status: 200,
  outcome: 'success',
  upstream_error_codes: [],
  refusal: null,
  request_id: 'r',
  client_ip: '127.0.0.1',
} as const;

describe('TargetCell', () => {
  it('names the resource by the name the request gave, with the id in the title', () => {
    const entry = { ...base, operation: 'peers.update', resource_id: 'c4b399e0472f4d8a9b0c1d2e3f405162', body: { name: 'ns1-primary', ip: '192.0.2.10' } };
    renderWithProviders(<TargetCell entry={entry as unknown as AuditEntry} />);
    const target = screen.getByText(/ns1-primary/);
    expect(target).toHaveTextContent('Peer ns1-primary');
    expect(target).toHaveAttribute('title', 'ns1-primary (c4b399e0472f4d8a9b0c1d2e3f405162)');
  });

  it('falls back to the shortened id when the request had no name (a delete)', () => {
    const entry = { ...base, method: 'DELETE', operation: 'peers.delete', resource_id: 'c4b399e0472f4d8a9b0c1d2e3f405162', body: null };
    renderWithProviders(<TargetCell entry={entry as unknown as AuditEntry} />);
    expect(screen.getByText(/c4b399e0472f…/)).toHaveTextContent('Peer c4b399e0472f…');
  });

  it('names the zone when the BFF knew its name, and keeps the id when it did not', () => {
    const zone = '6f43811ed5e3a1b7c649556215c30a4d';
    const entry = { ...base, operation: 'forceAxfr', method: 'POST', zone_id: zone, zone_name: 'example.net', resource_id: null, body: {} };
    const { unmount } = renderWithProviders(<TargetCell entry={entry as unknown as AuditEntry} />);
    const link = screen.getByRole('link', { name: 'Zone example.net' });
    expect(link).toHaveAttribute('href', `/accounts/a/zones/${zone}`);
    expect(link).toHaveAttribute('title', zone);
    unmount();
    renderWithProviders(<TargetCell entry={{ ...entry, zone_name: null } as unknown as AuditEntry} />);
    expect(screen.getByRole('link', { name: 'Zone 6f43811e…' })).toBeInTheDocument();
  });
});
