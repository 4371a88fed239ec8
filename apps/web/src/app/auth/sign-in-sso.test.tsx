/**
 * The sign-in page with single sign-on configured (ADR 021): "Sign in with <provider>" first, going to the BFF's
 * start with where the user was going; a refused sign-in comes back with `?sso_error=` and is said in words (an
 * unknown code is not shown); without single sign-on there is no such button.
 */
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { envelopeResponse, renderWithProviders } from '../../test/render';
import SignInPage from '../routes/sign-in-page';

function stub(sso: { name: string; start: string } | null) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url === '/auth/me') return envelopeResponse({ success: false, errors: [{ code: 10000, message: 'Not signed in.' }] }, { status: 401 });
      if (url === '/api/meta') return envelopeResponse({ result: { mode: 'cloudflare', defaultAccountId: null, sso } });
      return envelopeResponse({ success: false, errors: [{ code: 1003, message: `unexpected ${url}` }] }, { status: 404 });
    }),
  );
}
afterEach(() => vi.unstubAllGlobals());

const renderAt = (route: string) =>
  renderWithProviders(
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
    </Routes>,
    { route },
  );

describe('sign-in with single sign-on', () => {
  it('offers the provider first, keeping where the user was going; the password form stays below', async () => {
    stub({ name: 'Okta', start: '/auth/oidc/start' });
    renderAt('/sign-in?next=%2Faccounts%2Fa1%2Fpeers');
    const button = await screen.findByRole('link', { name: 'Sign in with Okta' });
    expect(button).toHaveAttribute('href', '/auth/oidc/start?next=%2Faccounts%2Fa1%2Fpeers');
    expect(screen.getByText('or with a dashboard password')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('says why the provider’s sign-in was refused', async () => {
    stub({ name: 'Okta', start: '/auth/oidc/start' });
    renderAt('/sign-in?sso_error=no_role');
    expect(await screen.findByRole('alert')).toHaveTextContent('none of your groups may use this dashboard');
  });

  it('an unknown reason is not shown, and without single sign-on there is no provider button', async () => {
    stub(null);
    renderAt('/sign-in?sso_error=%3Cscript%3E');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
  });

  it('back from the provider after Sign out (OIDC_SIGN_OUT=provider): says both sessions ended', async () => {
    stub({ name: 'Okta', start: '/auth/oidc/start' });
    const first = renderAt('/sign-in?state=signed_out');
    expect(await screen.findByRole('status')).toHaveTextContent('You are signed out of this dashboard and of Okta.');
    first.unmount();
    // Any other visit: nothing to say.
    renderAt('/sign-in?state=other');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByText(/You are signed out/)).not.toBeInTheDocument();
  });
});
