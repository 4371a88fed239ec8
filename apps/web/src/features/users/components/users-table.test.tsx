import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders, signedInAs } from '../../../test/render';
import { UsersTable } from './users-table';

const USER: User = {
  username: 'admin',
  role: 'admin',
  disabled: false,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  last_login_at: null,
  sessions: 1,
  last_active_at: null,
  locked_until: null,
  must_change_password: false,
  two_factor_enabled: false,
  expires_at: null,
};

let users: User[];
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  const inTenMinutes = new Date(Date.now() + 10 * 60_000).toISOString();
  users = [
    USER,
    { ...USER, username: 'bob', role: 'viewer', sessions: 0, locked_until: inTenMinutes },
    // A lock that has already ended is no lock.
    { ...USER, username: 'carol', role: 'operator', sessions: 0, locked_until: new Date(Date.now() - 1000).toISOString() },
  ];
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if (url === '/api/users' && (init.method ?? 'GET') === 'GET') {
      return envelopeResponse({ result: users });
    }
    if (url.startsWith('/api/users/ci-bot/sessions') && init.method === 'DELETE') {
      const revoked = url.endsWith('?api_tokens=revoke') ? (users.find((one) => one.username === 'ci-bot')?.api_tokens ?? 0) : 0;
      return envelopeResponse({ result: { username: 'ci-bot', ended: users.find((one) => one.username === 'ci-bot')?.sessions ?? 0, api_tokens_revoked: revoked } });
    }
    if (url === '/api/users/bob/unlock' && init.method === 'POST') {
      users = users.map((user) => (user.username === 'bob' ? { ...user, locked_until: null } : user));
      return envelopeResponse({ result: { username: 'bob', unlocked: true } });
    }
    return envelopeResponse({ success: false, errors: [{ code: 10000, message: 'unexpected' }] }, { status: 500 });
  });
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => vi.unstubAllGlobals());

const rowOf = (username: string) => screen.getByRole('row', { name: new RegExp(`^${username}\\b`) });

describe('UsersTable', () => {
  it('marks a user locked out of sign-in, and an admin unlocks them (POST …/unlock, then the list again)', async () => {
    const user = userEvent.setup();
    renderWithProviders(<UsersTable onAdd={() => undefined} onEdit={() => undefined} currentUsername="admin" />, {
      queryClient: signedInAs('admin'),
    });
    await screen.findByText('bob');
    expect(within(rowOf('bob')).getByText('Locked out')).toBeInTheDocument();
    expect(within(rowOf('carol')).queryByText('Locked out')).not.toBeInTheDocument();
    expect(within(rowOf('admin')).queryByText('Locked out')).not.toBeInTheDocument();
    // Only a locked-out user can be unlocked.
    expect(within(rowOf('carol')).getByRole('button', { name: 'Unlock sign-in of carol' })).toHaveAttribute('aria-disabled', 'true');

    await user.click(within(rowOf('bob')).getByRole('button', { name: 'Unlock sign-in of bob' }));
    const dialog = await screen.findByRole('dialog', { name: 'Unlock sign-in of bob?' });
    expect(dialog).toHaveTextContent('Unlocking forgets those failures, from every address');
    await user.click(within(dialog).getByRole('button', { name: 'Unlock' }));

    await waitFor(() => expect(within(rowOf('bob')).queryByText('Locked out')).not.toBeInTheDocument());
    const calls = fetchMock.mock.calls.map(([input, init]) => `${(init as RequestInit | undefined)?.method ?? 'GET'} ${String(input)}`);
    expect(calls).toEqual(['GET /api/users', 'POST /api/users/bob/unlock', 'GET /api/users']);
    expect(await screen.findByText('bob unlocked')).toBeInTheDocument();
  });

  it('marks a user who must still replace the password an admin set', async () => {
    users = [USER, { ...USER, username: 'dana', role: 'viewer', sessions: 0, must_change_password: true }];
    renderWithProviders(<UsersTable onAdd={() => undefined} onEdit={() => undefined} currentUsername="admin" />, {
      queryClient: signedInAs('admin'),
    });
    await screen.findByText('dana');
    const badge = within(rowOf('dana')).getByText('Must change password');
    expect(badge.closest('[title]')).toHaveAttribute('title', expect.stringContaining('must choose their own'));
    expect(within(rowOf('admin')).queryByText('Must change password')).not.toBeInTheDocument();
  });

  it('marks a user whose scripts hold API tokens, and Sign out everywhere says the tokens keep working', async () => {
    const user = userEvent.setup();
    users = [USER, { ...USER, username: 'ci-bot', role: 'operator', sessions: 1, api_tokens: 2 }, { ...USER, username: 'eve', role: 'viewer', api_tokens: 0 }];
    renderWithProviders(<UsersTable onAdd={() => undefined} onEdit={() => undefined} currentUsername="admin" />, {
      queryClient: signedInAs('admin'),
    });
    await screen.findByText('ci-bot');
    expect(within(rowOf('ci-bot')).getByText('2 API tokens')).toBeInTheDocument();
    expect(within(rowOf('eve')).queryByText(/API token/)).not.toBeInTheDocument();
    await user.click(within(rowOf('ci-bot')).getByRole('button', { name: 'Sign ci-bot out everywhere' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign ci-bot out everywhere?' });
    expect(dialog).toHaveTextContent('Unticked, they keep working: scripts are not sessions');
    // A suspected take-over: the tokens go too.
    await user.click(within(dialog).getByRole('checkbox', { name: 'Also revoke their 2 API tokens' }));
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith('/api/users/ci-bot/sessions?api_tokens=revoke', expect.objectContaining({ method: 'DELETE' })),
    );
    expect(await screen.findByText('1 session ended; 2 API tokens revoked.')).toBeInTheDocument();
  });

  it('Sign out everywhere without the box ticked keeps the API tokens', async () => {
    const user = userEvent.setup();
    users = [
      USER,
      { ...USER, username: 'ci-bot', role: 'operator', sessions: 3, api_tokens: 1 },
      { ...USER, username: 'svc', role: 'operator', sessions: 0, api_tokens: 1 },
      { ...USER, username: 'idle', role: 'viewer', sessions: 0, api_tokens: 0 },
    ];
    renderWithProviders(<UsersTable onAdd={() => undefined} onEdit={() => undefined} currentUsername="admin" />, {
      queryClient: signedInAs('admin'),
    });
    // Nothing to end for a user with neither a session nor a token; a service user's tokens can still be revoked.
    expect(within(await screen.findByRole('row', { name: /^idle\b/ })).getByRole('button', { name: 'Sign idle out everywhere' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(within(screen.getByRole('row', { name: /^svc\b/ })).getByRole('button', { name: 'Sign svc out everywhere' })).not.toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await user.click(await within(await screen.findByRole('row', { name: /^ci-bot\b/ })).findByRole('button', { name: 'Sign ci-bot out everywhere' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign ci-bot out everywhere?' });
    expect(within(dialog).getByRole('checkbox', { name: 'Also revoke their API token' })).not.toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith('/api/users/ci-bot/sessions', expect.objectContaining({ method: 'DELETE' })));
    expect(await screen.findByText('3 sessions ended.')).toBeInTheDocument();
  });

  it("shows when a user's access ends: soon in orange, later in grey, ended in red", async () => {
    const day = 24 * 60 * 60_000;
    users = [
      USER,
      { ...USER, username: 'erin', role: 'operator', expires_at: new Date(Date.now() + 3 * day + 60_000).toISOString() },
      { ...USER, username: 'fred', role: 'viewer', expires_at: new Date(Date.now() + 40 * day).toISOString() },
      { ...USER, username: 'gina', role: 'viewer', expires_at: new Date(Date.now() - day).toISOString() },
    ];
    renderWithProviders(<UsersTable onAdd={() => undefined} onEdit={() => undefined} currentUsername="admin" />, {
      queryClient: signedInAs('admin'),
    });
    await screen.findByText('erin');
    const soon = within(rowOf('erin')).getByText('Access ends in 3 days');
    expect(soon.closest('[title]')).toHaveAttribute('title', expect.stringContaining('sign-in is refused and their sessions end'));
    expect(soon.closest('.mantine-Badge-root')).toHaveStyle({ '--badge-color': 'var(--mantine-color-orange-light-color)' });
    const later = users[2]!.expires_at!.slice(0, 10);
    expect(within(rowOf('fred')).getByText(`Access until ${later}`).closest('.mantine-Badge-root')).toHaveStyle({
      '--badge-color': 'var(--mantine-color-gray-light-color)',
    });
    const ended = within(rowOf('gina')).getByText('Access ended');
    expect(ended.closest('[title]')).toHaveAttribute('title', expect.stringContaining('Edit to extend it'));
    expect(within(rowOf('admin')).queryByText(/^Access/)).not.toBeInTheDocument();
  });

  it('an operator cannot unlock: the button is off for anyone but an admin', async () => {
    renderWithProviders(<UsersTable onAdd={() => undefined} onEdit={() => undefined} currentUsername="someone" />, {
      queryClient: signedInAs('operator'),
    });
    await screen.findByText('bob');
    expect(within(rowOf('bob')).getByRole('button', { name: 'Unlock sign-in of bob' })).toHaveAttribute('aria-disabled', 'true');
  });
});
