import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { SetupCheckSection } from './setup-check-section';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const PEERS = [
  { id: 'p1', name: 'secondary-a', ip: '203.0.113.53', port: 53, tsig_id: 't1' },
  { id: 'p2', name: 'secondary-b', ip: '192.0.2.53', port: 53, tsig_id: 't1' },
];
const TSIGS = [{ id: 't1', name: 'notify-key.example.com.', algo: 'hmac-sha512.', secret: '********' }];
const ACLS = [{ id: 'a1', name: 'office', ip_range: '192.0.2.0/24' }];

let aclsFail = true;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  aclsFail = true;
  fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const path = new URL(String(input), 'http://localhost').pathname;
    if (path.endsWith('/secondary_dns/peers')) return envelopeResponse({ result: PEERS });
    if (path.endsWith('/secondary_dns/tsigs')) return envelopeResponse({ result: TSIGS });
    if (path.endsWith('/secondary_dns/acls')) {
      if (aclsFail) {
        return envelopeResponse(
          { success: false, errors: [{ code: 1502, message: 'Cloudflare answered with a server error' }] },
          { status: 502 },
        );
      }
      return envelopeResponse({ result: ACLS });
    }
    return envelopeResponse({ success: false, errors: [{ code: 1003, message: 'not found' }] }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

describe('SetupCheckSection', () => {
  it('says which lookup failed and leaves its checks out, then checks again on "Try again"', async () => {
    renderWithProviders(
      <SetupCheckSection accountId={ACCOUNT} side="primary" zoneName="example.com." peerIds={['p1', 'p2']} enabled />,
      { queryClient: signedInAs('viewer') },
    );
    // Nothing is wrong that can be seen without the ACLs, so the section starts closed.
    const control = await screen.findByRole('button', { name: /^Setup check/ });
    await waitFor(() => expect(control).toHaveTextContent('Setup check · No problems found'));
    expect(control).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(control);
    const results = await screen.findByRole('list', { name: 'Setup check results' });
    expect(await within(results).findByText(/Could not load the account's ACLs/)).toBeInTheDocument();
    expect(within(results).getByText('Every secondary has an address')).toBeInTheDocument();
    expect(within(results).queryByText(/in no ACL/)).not.toBeInTheDocument();

    aclsFail = false;
    await userEvent.click(within(results).getByRole('button', { name: 'Try again' }));
    // Now something is wrong: the section opens by itself (a new list).
    const after = await screen.findByRole('list', { name: 'Setup check results' });
    expect(await within(after).findByText('secondary-a (203.0.113.53) is in no ACL')).toBeInTheDocument();
    const reopened = screen.getByRole('button', { name: /^Setup check/ });
    expect(reopened).toHaveTextContent('Setup check · 1 warning');
    expect(reopened).toHaveAttribute('aria-expanded', 'true');
    expect(within(after).queryByText(/Could not load/)).not.toBeInTheDocument();
    expect(screen.getByTestId('server-excerpt')).toHaveTextContent('primaries { 172.65.64.6 key "notify-key.example.com."; };');
  });

  it('writes the excerpt for the server picked (BIND 9 first), copies that one, and remembers the choice', async () => {
    aclsFail = false;
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const props = { accountId: ACCOUNT, side: 'primary', zoneName: 'example.com.', peerIds: ['p1', 'p2'], enabled: true } as const;
    const first = renderWithProviders(<SetupCheckSection {...props} />, { queryClient: signedInAs('viewer') });
    await userEvent.click(await screen.findByRole('button', { name: /^Setup check/ }));
    const excerpt = await screen.findByTestId('server-excerpt');
    expect(excerpt).toHaveTextContent('// BIND 9 on your secondary server(s) for example.com');
    expect(screen.getByText('BIND 9 excerpt (named.conf)')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'Knot DNS' }));
    expect(screen.getByText('Knot DNS excerpt (knot.conf)')).toBeInTheDocument();
    expect(screen.getByTestId('server-excerpt')).toHaveTextContent('master: cloudflare');
    await userEvent.click(screen.getByRole('button', { name: 'Copy excerpt' }));
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('# Knot DNS on your secondary server(s) for example.com'));

    await userEvent.click(screen.getByRole('radio', { name: 'NSD' }));
    expect(screen.getByTestId('server-excerpt')).toHaveTextContent('request-xfr: 172.65.64.6 notify-key.example.com.');
    first.unmount();

    renderWithProviders(<SetupCheckSection {...props} />, { queryClient: signedInAs('viewer') });
    await userEvent.click(await screen.findByRole('button', { name: /^Setup check/ }));
    expect(await screen.findByText('NSD excerpt (nsd.conf)')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'NSD' })).toBeChecked();
  });
});
