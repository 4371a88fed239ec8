import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuditEntry } from '@secdns/api-types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { RestoreChange } from './restore-change';

const A = '0123456789abcdef0123456789abcdef';
const P = 'fedcba9876543210fedcba9876543210';
const PEER_URL = `/api/accounts/${A}/secondary_dns/peers/${P}`;

const update = {
  id: 7, time: '2026-11-30T10:00:00.000Z', username: 'alice', role: 'admin', operation: 'peers.update', method: 'PUT',
  path: PEER_URL, account_id: A, zone_id: null, zone_name: null, resource_id: P, body: {}, reason: null, status: 200,
  outcome: 'success', upstream_error_codes: [], refusal: null, request_id: 'r7', client_ip: null,
  before: { id: P, name: 'ns1', ip: '192.0.2.10', port: 53 },
  after: { id: P, name: 'ns1', ip: '192.0.2.11', port: 53 },
  changes: [{ field: 'ip', before: '192.0.2.10', after: '192.0.2.11' }],
} as unknown as AuditEntry;

afterEach(() => vi.unstubAllGlobals());

function stubApi(current: unknown) {
  const sent: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      sent.push({ method, url: String(url), body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (method === 'GET' && String(url) === PEER_URL) return envelopeResponse({ result: current });
      if (method === 'PUT') return envelopeResponse({ result: { id: P, ...(JSON.parse(String(init!.body)) as object) } });
      return envelopeResponse({ result: [] });
    }),
  );
  return sent;
}

describe('RestoreChange', () => {
  it('puts back the values before an edit, after saying what changed since', async () => {
    const sent = stubApi({ id: P, name: 'ns1', ip: '192.0.2.12', port: 5353 });
    renderWithProviders(<RestoreChange entry={update} />, { queryClient: signedInAs('admin') });
    await userEvent.click(screen.getByRole('button', { name: 'Put back the values before' }));
    const dialog = await screen.findByRole('dialog', { name: 'Put back the values before this change?' });
    const values = within(dialog).getByRole('table', { name: 'Values to put back' });
    expect(within(values).getAllByRole('row').map((row) => row.textContent)).toEqual(['Namens1', 'IP192.0.2.10', 'Port53']);
    // Someone changed it again since: the dialog says so before it is replaced.
    await within(dialog).findByText('IP 192.0.2.11 → 192.0.2.12; Port 53 → 5353. Putting back replaces these later changes too.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Put back the values before' }));
    await screen.findByText('Previous values put back');
    expect(sent.find((request) => request.method === 'PUT')).toEqual({
      method: 'PUT',
      url: PEER_URL,
      body: { name: 'ns1', ip: '192.0.2.10', port: 53 },
    });
  });

  it('a deleted ACL: created again', async () => {
    const sent = stubApi(null);
    const deleted = {
      ...update, operation: 'acls.delete', method: 'DELETE', after: null,
      before: { id: 'x', name: 'office', ip_range: '192.0.2.0/24' },
    } as unknown as AuditEntry;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        sent.push({ method: init?.method ?? 'GET', url: String(url), body: init?.body ? JSON.parse(String(init.body)) : undefined });
        return envelopeResponse({ result: init?.method === 'POST' ? { id: 'new', name: 'office', ip_range: '192.0.2.0/24' } : [] });
      }),
    );
    renderWithProviders(<RestoreChange entry={deleted} />, { queryClient: signedInAs('admin') });
    await userEvent.click(screen.getByRole('button', { name: 'Create it again' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create it again?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create it again' }));
    await screen.findByText('Created again');
    expect(sent.find((request) => request.method === 'POST')).toEqual({
      method: 'POST',
      url: `/api/accounts/${A}/secondary_dns/acls`,
      body: { name: 'office', ip_range: '192.0.2.0/24' },
    });
  });

  it('a renamed TSIG key: renamed back with its secret kept, and no "changed since" for the secret the log never has', async () => {
    const key = (name: string, secret: string) => ({ id: P, name, algo: 'hmac-sha256.', secret });
    const renamed = {
      ...update, operation: 'tsigs.update', path: `/api/accounts/${A}/secondary_dns/tsigs/${P}`,
      before: key('old-name.', '[REDACTED]'), after: key('new-name.', '[REDACTED]'),
    } as unknown as AuditEntry;
    const reads: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        reads.push(String(url));
        return envelopeResponse({ result: String(url).endsWith(`/tsigs/${P}`) ? key('new-name.', '••••••••') : [] });
      }),
    );
    renderWithProviders(<RestoreChange entry={renamed} />, { queryClient: signedInAs('admin') });
    await userEvent.click(screen.getByRole('button', { name: 'Put back the values before' }));
    const dialog = await screen.findByRole('dialog', { name: 'Put back the values before this change?' });
    expect(within(dialog).getByRole('table', { name: 'Values to put back' })).toHaveTextContent('Secretkept as it is');
    await waitFor(() => expect(reads).toContain(`/api/accounts/${A}/secondary_dns/tsigs/${P}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(within(dialog).queryByText(/Changed since/)).toBeNull();
  });

  it('says why a rotated TSIG secret cannot be put back; an operator sees the button off', async () => {
    stubApi(null);
    const rotated = {
      ...update, operation: 'tsigs.update',
      before: { id: P, name: 'k.', algo: 'hmac-sha256.', secret: '[REDACTED]' },
      after: { id: P, name: 'k.', algo: 'hmac-sha256.', secret: '[REDACTED, changed]' },
    } as unknown as AuditEntry;
    const { unmount } = renderWithProviders(<RestoreChange entry={rotated} />, { queryClient: signedInAs('admin') });
    expect(screen.getByText(/Cannot be put back from here: .*secrets are never recorded/)).toBeInTheDocument();
    unmount();
    renderWithProviders(<RestoreChange entry={update} />, { queryClient: signedInAs('operator') });
    const button = screen.getByRole('button', { name: 'Put back the values before' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await waitFor(() => expect(button).toHaveAccessibleDescription(/admin/));
  });
});
