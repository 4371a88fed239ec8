/**
 * The sign-in page's second step: a right password for a user with two-factor sign-in on asks for the code (no
 * session yet); a wrong code is said on the field and what was typed stays; a recovery code can be used instead; a
 * challenge that ended sends the user back to the password with the server's sentence; the right code signs in and
 * goes where they were going.
 */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import type { Session } from '@secdns/api-types';
import { envelopeResponse, renderWithProviders } from '../../test/render';
import SignInPage from '../routes/sign-in-page';

const SESSION: Session = {
  user: { username: 'olivia', role: 'operator', must_change_password: false, must_enrol_two_factor: false },
  csrfToken: 'csrf-after-code',
  idleExpiresAt: '2099-01-01T00:00:00Z',
  expiresAt: '2099-01-01T00:00:00Z',
};
const CHALLENGE = { twoFactorRequired: true, challenge: 'challenge-from-the-bff', expiresAt: '2099-01-01T00:05:00Z' };

let fetchMock: ReturnType<typeof vi.fn>;
/** What POST /auth/login/two-factor answers next. */
let codeAnswers: Array<() => Response>;

beforeEach(() => {
  codeAnswers = [];
  fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    if (url === '/auth/me') return envelopeResponse({ success: false, errors: [{ code: 10000, message: 'Not signed in.' }] }, { status: 401 });
    if (url === '/api/meta') return envelopeResponse({ result: { mode: 'cloudflare', defaultAccountId: null } });
    if (url === '/auth/login' && init.method === 'POST') return envelopeResponse({ result: CHALLENGE });
    if (url === '/auth/login/two-factor' && init.method === 'POST') {
      const answer = codeAnswers.shift();
      if (!answer) throw new Error('no answer left for /auth/login/two-factor');
      return answer();
    }
    return envelopeResponse({ success: false, errors: [{ code: 1003, message: `unexpected ${url}` }] }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function renderSignIn() {
  return renderWithProviders(
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/accounts/a1/zones" element={<h1>Zones</h1>} />
    </Routes>,
    { route: '/sign-in?next=%2Faccounts%2Fa1%2Fzones' },
  );
}

const posts = (url: string) =>
  fetchMock.mock.calls
    .filter(([input, init]) => String(input) === url && (init as RequestInit).method === 'POST')
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)) as Record<string, string>);

async function passwordStep(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText('Username'), 'Olivia');
  await user.type(screen.getByLabelText('Password'), 'her-password-0123');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return screen.findByRole('heading', { name: 'Two-factor sign-in' });
}

const wrongCode = () =>
  envelopeResponse(
    {
      success: false,
      errors: [
        {
          code: 10000,
          message: 'code: Wrong code: enter the code your authenticator app shows now, or one of your recovery codes.',
          source: { pointer: '/code' },
        },
      ],
    },
    { status: 401, requestId: 'req-wrong' },
  );

describe('the second step of a sign-in', () => {
  it('asks for the code after a right password; a wrong code keeps what was typed; the right one signs in', async () => {
    const user = userEvent.setup();
    renderSignIn();
    await passwordStep(user);
    expect(screen.getByText(/Signing in as/)).toHaveTextContent('Signing in as olivia.');
    const field = screen.getByLabelText('Code');
    expect(field).toHaveAttribute('autocomplete', 'one-time-code');
    expect(field).toHaveFocus();
    expect(screen.getByText('Enter the 6-digit code from your authenticator app.')).toBeInTheDocument();

    // Too short: refused here, nothing sent.
    await user.type(field, '12345');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText('Code must be the 6 digits your authenticator app shows')).toBeInTheDocument();
    expect(posts('/auth/login/two-factor')).toHaveLength(0);

    codeAnswers.push(wrongCode);
    await user.type(field, '9');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByText(/^Wrong code: enter the code your authenticator app shows now/)).toBeInTheDocument();
    expect(screen.getByLabelText('Code')).toHaveValue('123459');
    expect(screen.queryByRole('heading', { name: 'Zones' })).not.toBeInTheDocument();

    codeAnswers.push(() => envelopeResponse({ result: SESSION }));
    await user.clear(screen.getByLabelText('Code'));
    await user.type(screen.getByLabelText('Code'), '654 321');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByRole('heading', { name: 'Zones' })).toBeInTheDocument();
    expect(posts('/auth/login')).toEqual([{ username: 'Olivia', password: 'her-password-0123' }]);
    // The spaces some apps show are taken out; the challenge goes back with the code.
    expect(posts('/auth/login/two-factor')).toEqual([
      { challenge: 'challenge-from-the-bff', code: '123459' },
      { challenge: 'challenge-from-the-bff', code: '654321' },
    ]);
  });

  it('takes a recovery code instead', async () => {
    const user = userEvent.setup();
    renderSignIn();
    await passwordStep(user);
    await user.click(screen.getByRole('button', { name: 'Use a recovery code' }));
    const field = await screen.findByLabelText('Recovery code');
    expect(screen.getByText(/Each works once/)).toBeInTheDocument();
    codeAnswers.push(() => envelopeResponse({ result: SESSION }));
    await user.type(field, 'k7m2-xq9d-4hwp');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByRole('heading', { name: 'Zones' })).toBeInTheDocument();
    expect(posts('/auth/login/two-factor')).toEqual([{ challenge: 'challenge-from-the-bff', code: 'k7m2-xq9d-4hwp' }]);
  });

  it('a challenge that ended sends the user back to the password, saying why; throttling says when to retry', async () => {
    const user = userEvent.setup();
    renderSignIn();
    await passwordStep(user);
    codeAnswers.push(() =>
      envelopeResponse(
        {
          success: false,
          errors: [{ code: 10429, message: 'Too many failed sign-ins. Try again in 15 minutes.' }],
        },
        { status: 429, requestId: 'req-throttled' },
      ),
    );
    await user.type(screen.getByLabelText('Code'), '111111');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many failed sign-ins. Try again in 15 minutes.');
    expect(screen.getByText('Request ID: req-throttled')).toBeInTheDocument();
    expect(screen.getByLabelText('Code')).toHaveValue('111111');

    codeAnswers.push(() =>
      envelopeResponse(
        {
          success: false,
          errors: [{ code: 10004, message: 'Too many wrong codes. This sign-in can no longer be completed: enter your username and password again.' }],
        },
        { status: 401 },
      ),
    );
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Secondary DNS' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Too many wrong codes.');
    // The username stays; the password is typed again.
    expect(screen.getByLabelText('Username')).toHaveValue('Olivia');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    await waitFor(() => expect(screen.getByLabelText('Password')).toHaveFocus());
  });

  it("a user whose access ended is told so, at the password or at the code, not \"wrong password\"", async () => {
    const ended = () =>
      envelopeResponse(
        {
          success: false,
          errors: [{ code: 10005, message: 'Your access to this dashboard ended on 2026-12-31 23:59:59 UTC. Ask an admin to extend it.' }],
        },
        { status: 401 },
      );
    const user = userEvent.setup();
    renderSignIn();
    await passwordStep(user);
    codeAnswers.push(ended);
    await user.type(screen.getByLabelText('Code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Secondary DNS' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Your access to this dashboard ended on 2026-12-31 23:59:59 UTC. Ask an admin to extend it.');

    // Without two-factor sign-in, the password's answer says it the same way.
    fetchMock.mockImplementationOnce(async () => ended());
    await user.type(screen.getByLabelText('Password'), 'her-password-0123');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    // Answered once the password box is emptied again.
    await waitFor(() => expect(screen.getByLabelText('Password')).toHaveValue(''));
    expect(posts('/auth/login')).toHaveLength(2);
    expect(screen.getByRole('alert')).toHaveTextContent('Your access to this dashboard ended on 2026-12-31');
    expect(screen.getByRole('alert')).not.toHaveTextContent('Wrong username or password');
  });

  it('Back to password leaves the second step', async () => {
    const user = userEvent.setup();
    renderSignIn();
    await passwordStep(user);
    await user.click(screen.getByRole('button', { name: 'Back to password' }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Secondary DNS' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
