import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import type { Session } from '@secdns/api-types';
import { createTestQueryClient, envelopeResponse, renderWithProviders } from '../../test/render';
import { sessionKey } from '../../lib/session';
import { clearSessionEnd, sessionEndReason } from '../../lib/session-end';
import { RequireSession } from './require-session';

const ASKED_FOR = '/accounts/a1/zones';
const ADMIN_SET = 'set-by-the-admin-0123';
const OWN = 'chosen-by-dana-0123';

const session = (mustChange: boolean): Session => ({
  user: { username: 'dana', role: 'operator', must_change_password: mustChange, must_enrol_two_factor: false },
  csrfToken: mustChange ? 'csrf-1' : 'csrf-2',
  idleExpiresAt: '2099-01-01T00:00:00Z',
  expiresAt: '2099-01-01T00:00:00Z',
});

let fetchMock: ReturnType<typeof vi.fn>;
/** What POST /auth/password answers (the BFF's own refusals are tried too), and the sign-in after it. */
let passwordAnswer: () => Response;
let loginAnswer: () => Response;

beforeEach(() => {
  passwordAnswer = () => envelopeResponse({ result: null });
  loginAnswer = () => envelopeResponse({ result: session(false) });
  // Every route the screen calls: the password change, the sign-in that follows it, the sign-out.
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if (url === '/auth/password' && init.method === 'POST') return passwordAnswer();
    if (url === '/auth/login' && init.method === 'POST') return loginAnswer();
    if (url === '/auth/logout' && init.method === 'POST') return envelopeResponse({ result: null });
    return envelopeResponse({ success: false, errors: [{ code: 10002, message: `unexpected ${url}` }] }, { status: 403 });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  clearSessionEnd();
});

function renderAt(current: Session) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(sessionKey, current);
  return renderWithProviders(
    <Routes>
      <Route
        path="/accounts/:accountId/zones"
        element={
          <RequireSession>
            <h1>Zones</h1>
          </RequireSession>
        }
      />
      <Route path="/sign-in" element={<h1>Sign in page</h1>} />
    </Routes>,
    { route: ASKED_FOR, queryClient },
  );
}

const calls = () =>
  fetchMock.mock.calls.map(([input, init]) => ({
    call: `${(init as RequestInit).method ?? 'GET'} ${String(input)}`,
    body: JSON.parse(String((init as RequestInit).body ?? 'null')) as unknown,
  }));

async function fill(user: ReturnType<typeof userEvent.setup>, current: string, next: string, again = next) {
  await user.type(screen.getByLabelText(/^Current password/), current);
  await user.type(screen.getByLabelText(/^New password/), next);
  await user.type(screen.getByLabelText(/^Repeat new password/), again);
}

describe('RequireSession', () => {
  it('shows the page asked for to a signed-in user who chose their own password', async () => {
    renderAt(session(false));
    expect(await screen.findByRole('heading', { name: 'Zones' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Choose your password' })).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows only "Choose your password" to a user an admin gave a password; after the change, signed in again, the page asked for', async () => {
    const user = userEvent.setup();
    renderAt(session(true));
    expect(await screen.findByRole('heading', { name: 'Choose your password' })).toBeInTheDocument();
    expect(screen.getByText(/An administrator set the password you signed in with as dana/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Zones' })).not.toBeInTheDocument();

    // The contract's rules before anything is sent; the admin's password again is no choice.
    await fill(user, ADMIN_SET, ADMIN_SET);
    await user.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByText('New password is your current password; choose another one')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText(/^New password/));
    await user.clear(screen.getByLabelText(/^Repeat new password/));
    await user.type(screen.getByLabelText(/^New password/), OWN);
    await user.type(screen.getByLabelText(/^Repeat new password/), OWN);
    await user.click(screen.getByRole('button', { name: 'Save my password' }));

    expect(await screen.findByRole('heading', { name: 'Zones' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Choose your password' })).not.toBeInTheDocument();
    expect(calls()).toEqual([
      { call: 'POST /auth/password', body: { currentPassword: ADMIN_SET, newPassword: OWN } },
      { call: 'POST /auth/login', body: { username: 'dana', password: OWN } },
    ]);
  });

  it('keeps what was typed when the BFF refuses (a wrong current password lands on its field)', async () => {
    passwordAnswer = () =>
      envelopeResponse(
        {
          errors: [{ code: 1001, message: 'currentPassword: is not your current password', source: { pointer: '/currentPassword' } }],
        },
        { status: 400 },
      );
    const user = userEvent.setup();
    renderAt(session(true));
    await screen.findByRole('heading', { name: 'Choose your password' });
    await fill(user, 'a-wrong-password-0', OWN);
    await user.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByText('Current password is not your current password')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Current password/)).toHaveValue('a-wrong-password-0');
    expect(screen.getByLabelText(/^New password/)).toHaveValue(OWN);
    expect(screen.getByLabelText(/^Repeat new password/)).toHaveValue(OWN);
    expect(screen.getByRole('heading', { name: 'Choose your password' })).toBeInTheDocument();
    expect(calls().map(({ call }) => call)).toEqual(['POST /auth/password']);
  });

  it('when the sign-in with the new password fails, asks them to sign in with it (the sign-in page says why)', async () => {
    loginAnswer = () =>
      envelopeResponse({ errors: [{ code: 10429, message: 'Too many failed sign-ins. Try again in 15 minutes.' }] }, { status: 429 });
    const user = userEvent.setup();
    renderAt(session(true));
    await screen.findByRole('heading', { name: 'Choose your password' });
    await fill(user, ADMIN_SET, OWN);
    await user.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByRole('heading', { name: 'Sign in page' })).toBeInTheDocument();
    expect(sessionEndReason()).toBe('password-changed');
    expect(calls().map(({ call }) => call)).toEqual(['POST /auth/password', 'POST /auth/login']);
  });

  it('with two-factor sign-in on, the new password alone starts no session: the sign-in page asks for the code', async () => {
    loginAnswer = () => envelopeResponse({ result: { twoFactorRequired: true, challenge: 'c', expiresAt: '2099-01-01T00:05:00Z' } });
    const user = userEvent.setup();
    renderAt(session(true));
    await screen.findByRole('heading', { name: 'Choose your password' });
    await fill(user, ADMIN_SET, OWN);
    await user.click(screen.getByRole('button', { name: 'Save my password' }));
    expect(await screen.findByRole('heading', { name: 'Sign in page' })).toBeInTheDocument();
    expect(sessionEndReason()).toBe('password-changed');
  });

  it('shows only "Set up two-factor sign-in" when the dashboard requires it and the user has none', async () => {
    renderAt({ ...session(false), user: { ...session(false).user, must_enrol_two_factor: true } });
    expect(await screen.findByRole('heading', { name: 'Set up two-factor sign-in' })).toBeInTheDocument();
    expect(screen.getByText(/This dashboard asks everyone, dana too, for a code/)).toBeInTheDocument();
    expect(screen.getByLabelText('Your password')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Zones' })).not.toBeInTheDocument();
  });

  it('lets them sign out instead', async () => {
    const user = userEvent.setup();
    renderAt(session(true));
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in page' })).toBeInTheDocument();
    await waitFor(() => expect(calls().map(({ call }) => call)).toEqual(['POST /auth/logout']));
  });
});
