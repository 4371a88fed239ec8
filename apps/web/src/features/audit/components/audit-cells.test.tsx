import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SSO_ERRORS, type AuditEntry } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders } from '../../../test/render';
import { ChangesLine, REFUSALS, TargetCell } from './audit-cells';
import { EntryDetails } from './audit-entry-drawer';

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

  it('a delete recorded with what it deleted: named by the name it had', () => {
    const entry = {
      ...base, method: 'DELETE', operation: 'peers.delete', resource_id: 'c4b399e0472f4d8a9b0c1d2e3f405162', body: null,
      before: { id: 'c4b399e0472f4d8a9b0c1d2e3f405162', name: 'decommissioned-ns', ip: '192.0.2.99' },
    };
    renderWithProviders(<TargetCell entry={entry as unknown as AuditEntry} />);
    expect(screen.getByText(/decommissioned-ns/)).toHaveTextContent('Peer decommissioned-ns');
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

describe('EntryDetails: what the change changed', () => {
  afterEach(() => vi.unstubAllGlobals());
  const peers = [{ id: 't-old', name: 'transfer-key.' }, { id: 't-new', name: 'rotated-key.' }];
  const stubLists = () =>
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => envelopeResponse({ result: String(url).includes('/tsigs') ? peers : [] })),
    );
  const update = {
    ...base, operation: 'peers.update', resource_id: 'p1', zone_name: null, body: { name: 'ns1' },
    before: { id: 'p1', name: 'ns1', ip: '192.0.2.10', tsig_id: 't-old' },
    after: { id: 'p1', name: 'ns1', ip: '192.0.2.11', tsig_id: 't-new' },
    changes: [
      { field: 'ip', before: '192.0.2.10', after: '192.0.2.11' },
      { field: 'tsig_id', before: 't-old', after: 't-new' },
    ],
  };

  it('an update: each field before and after, keys by name', async () => {
    stubLists();
    renderWithProviders(<EntryDetails entry={update as unknown as AuditEntry} />);
    expect(screen.getByText('Changes')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Changes' });
    const rows = within(table).getAllByRole('row').map((row) => row.textContent);
    expect(rows[0]).toBe('FieldBeforeAfter');
    expect(rows[1]).toBe('IP192.0.2.10192.0.2.11');
    await within(table).findByText('rotated-key.');
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('TSIG keytransfer-key.rotated-key.');
  });

  it('a refused update says nothing was changed; a rotated secret is "changed (hidden)"', () => {
    stubLists();
    const refused = {
      ...update, outcome: 'failure', status: 400, after: null,
      changes: [{ field: 'secret', before: '[REDACTED]', after: '[REDACTED, changed]' }],
    };
    renderWithProviders(<EntryDetails entry={refused as unknown as AuditEntry} />);
    expect(screen.getByText('Changes asked')).toBeInTheDocument();
    expect(screen.getByText(/Refused: nothing was changed/)).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Changes' });
    expect(within(table).getAllByRole('row')[0]).toHaveTextContent('Asked (not made)');
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('Secrethiddenchanged (hidden)');
  });

  it('a delete: what it was; an entry without the state before says why', () => {
    stubLists();
    const deleted = {
      ...update, method: 'DELETE', operation: 'acls.delete', body: null, after: null,
      before: { id: 'a1', name: 'office', ip_range: '192.0.2.0/24' },
      changes: [
        { field: 'name', before: 'office', after: null },
        { field: 'ip_range', before: '192.0.2.0/24', after: null },
      ],
    };
    const { unmount } = renderWithProviders(<EntryDetails entry={deleted as unknown as AuditEntry} />);
    expect(screen.getByText('What was deleted')).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Changes' })).getAllByRole('row').map((row) => row.textContent);
    expect(rows).toEqual(['FieldWas', 'Nameoffice', 'IP range192.0.2.0/24']);
    unmount();
    renderWithProviders(<EntryDetails entry={{ ...deleted, before: null, changes: [] } as unknown as AuditEntry} />);
    expect(screen.getByText(/Not recorded: the dashboard could not read it/)).toBeInTheDocument();
  });
});

describe('EntryDetails: a refused sign-in', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('says why in words: an access that had ended is told apart from a wrong password', () => {
    vi.stubGlobal('fetch', vi.fn(async () => envelopeResponse({ result: [] })));
    const login = {
      ...base, method: 'POST', path: '/auth/login', operation: 'auth.login', resource_id: null, zone_name: null, account_id: null,
      username: 'dana', role: 'operator', status: 401, outcome: 'failure', refusal: 'access_expired',
      body: { username: 'dana', password: '[REDACTED]' }, changes: [],
    };
    renderWithProviders(<EntryDetails entry={login as unknown as AuditEntry} />);
    expect(screen.getByText('Their access had ended (right password)')).toBeInTheDocument();
  });
});

describe('ChangesLine', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('one line under the target; a refused change says it was not made; nothing when nothing is known', () => {
    vi.stubGlobal('fetch', vi.fn(async () => envelopeResponse({ result: [] })));
    const changes = [{ field: 'ip_range', before: '192.0.2.0/24', after: '192.0.2.0/25' }];
    const { unmount } = renderWithProviders(<ChangesLine entry={{ operation: 'acls.update', outcome: 'failure', status: 400, changes }} accountId="a" />);
    expect(screen.getByText('Asked, not made: IP range 192.0.2.0/24 → 192.0.2.0/25')).toBeInTheDocument();
    unmount();
    const timedOut = renderWithProviders(<ChangesLine entry={{ operation: 'acls.update', outcome: 'failure', status: 504, changes }} accountId="a" />);
    expect(screen.getByText('Asked (may have been made): IP range 192.0.2.0/24 → 192.0.2.0/25')).toBeInTheDocument();
    timedOut.unmount();
    renderWithProviders(<ChangesLine entry={{ operation: 'acls.update', outcome: 'success', status: 200, changes: [] }} accountId="a" />);
    expect(screen.queryByText(/→|Asked/)).toBeNull();
  });
});

describe('refusal words', () => {
  it('has words for every reason a single sign-on is refused (the BFF records them as sso_<reason>)', () => {
    expect(SSO_ERRORS.filter((reason) => !REFUSALS[`sso_${reason}`])).toEqual([]);
    expect(REFUSALS.api_token_zone_scope).toBe('Outside the zones its API token is limited to');
  });
});
