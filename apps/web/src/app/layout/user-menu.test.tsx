/** The signed-in user's own end of access: in the user menu, and above every page in its last three days. */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { sessionKey } from '../../lib/session';
import { createTestQueryClient, renderWithProviders } from '../../test/render';
import { AccessEndNotice, UserMenu } from './user-menu';

function signedInAsUser(user: Record<string, unknown>) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(sessionKey, {
    user: { username: 'dana', role: 'operator', must_change_password: false, must_enrol_two_factor: false, ...user },
    csrfToken: 't',
    idleExpiresAt: '2099-01-01T00:00:00Z',
    expiresAt: '2099-01-01T00:00:00Z',
  });
  return queryClient;
}

const signedInUntil = (accessEndsAt: string | null) => signedInAsUser({ access_ends_at: accessEndsAt });

const DAY = 24 * 60 * 60_000;

describe('the end of my own access', () => {
  it('is in the user menu, and above the page in its last three days', async () => {
    const ends = new Date(Date.now() + 2 * DAY + 60 * 60_000).toISOString();
    const user = userEvent.setup();
    renderWithProviders(
      <>
        <UserMenu />
        <AccessEndNotice />
      </>,
      { queryClient: signedInUntil(ends) },
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      `Your access to this dashboard ends in 2 days (${ends.slice(0, 10)} ${ends.slice(11, 16)} UTC). Ask an admin to extend it`,
    );
    await user.click(screen.getByRole('button', { name: /dana/ }));
    expect(await screen.findByText(`Access until ${ends.slice(0, 10)} ${ends.slice(11, 16)} UTC`)).toBeInTheDocument();
  });

  it('says nothing above the page while the end is further away, or when there is none', () => {
    const { unmount } = renderWithProviders(<AccessEndNotice />, { queryClient: signedInUntil(new Date(Date.now() + 10 * DAY).toISOString()) });
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<AccessEndNotice />, { queryClient: signedInUntil(null) });
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});

describe('a single sign-on user’s menu', () => {
  it('has no password or two-factor items (the identity provider’s), and keeps API tokens', async () => {
    const queryClient = signedInAsUser({ username: 'sso-ann', sso: true });
    const user = userEvent.setup();
    renderWithProviders(<UserMenu />, { queryClient });
    await user.click(screen.getByRole('button', { name: /sso-ann/ }));
    expect(await screen.findByText('Signed in by single sign-on')).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Change password' })).not.toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'Two-factor sign-in' })).not.toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: 'API tokens' })).toBeInTheDocument();
  });
});
