import { act, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestQueryClient, signedInAs } from '../test/render';
import { sessionQuery, signIn, signOut, signOutAndLeave } from './session';

/** A page that polls while signed in, as the header's budget does (the gate stands for RequireSession). */
function Poller() {
  const budget = useQuery({
    queryKey: ['budget'],
    queryFn: async ({ signal }) => (await fetch('/api/meta/ratelimit', { signal })).json(),
    refetchInterval: 5,
  });
  return <p>{budget.data ? 'polling' : 'loading'}</p>;
}
function Gate() {
  const session = useQuery(sessionQuery());
  return session.data ? <Poller /> : <p>signed out</p>;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('signOut', () => {
  it('stops the queries first: the pending read is cancelled and nothing is read after the sign-out', async () => {
    const calls: string[] = [];
    const aborted: string[] = [];
    let slow = false;
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init?: RequestInit) => {
        calls.push(url);
        const answer = () => new Response(JSON.stringify({ success: true, errors: [], messages: [], result: null }), { status: 200 });
        if (url === '/auth/logout' || !slow) return Promise.resolve(answer());
        // A read still under way when the user signs out.
        return new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener('abort', () => {
            aborted.push(url);
            reject(new DOMException('aborted', 'AbortError'));
          });
        });
      }),
    );
    const queryClient = signedInAs('operator', createTestQueryClient());
    render(
      <QueryClientProvider client={queryClient}>
        <Gate />
      </QueryClientProvider>,
    );
    expect(await screen.findByText('polling')).toBeInTheDocument();
    slow = true;
    await waitFor(() => expect(queryClient.isFetching({ queryKey: ['budget'] })).toBe(1));

    await act(() => signOut(queryClient));
    expect(aborted).toEqual(['/api/meta/ratelimit']);
    expect(await screen.findByText('signed out')).toBeInTheDocument();
    const logout = calls.lastIndexOf('/auth/logout');
    expect(logout).toBeGreaterThan(0);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(calls.slice(logout + 1)).toEqual([]);
    expect(queryClient.getQueryData(['session'])).toBeNull();
  });
});

describe('signOutAndLeave', () => {
  const answering = (result: unknown, status = 200) =>
    vi.fn(() => Promise.resolve(new Response(JSON.stringify({ success: status < 400, errors: [], messages: [], result }), { status })));

  it('goes on to the identity provider when the BFF says so (OIDC_SIGN_OUT=provider)', async () => {
    const url = 'https://idp.example/session/end?id_token_hint=a.b.c&post_logout_redirect_uri=https%3A%2F%2Fdash.example%2Fsign-in';
    vi.stubGlobal('fetch', answering({ provider_sign_out_url: url }));
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const toSignIn = vi.fn();
    const queryClient = signedInAs('operator', createTestQueryClient());
    await signOutAndLeave(queryClient, toSignIn);
    expect(assign).toHaveBeenCalledWith(url);
    expect(toSignIn).not.toHaveBeenCalled();
    expect(queryClient.getQueryData(['session'])).toBeNull();
  });

  it('goes to the sign-in page otherwise — a password session, or a sign-out that failed', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    for (const fetch of [answering(null), answering(null, 500)]) {
      vi.stubGlobal('fetch', fetch);
      const toSignIn = vi.fn();
      const queryClient = signedInAs('operator', createTestQueryClient());
      await signOutAndLeave(queryClient, toSignIn);
      expect(toSignIn).toHaveBeenCalledOnce();
      expect(queryClient.getQueryData(['session'])).toBeNull();
    }
    expect(assign).not.toHaveBeenCalled();
  });
});

describe('signIn', () => {
  it('forgets what an earlier session read (another user on the same browser after an expiry)', async () => {
    const session = { user: { username: 'vera', role: 'viewer' }, csrfToken: 't', idleExpiresAt: '', expiresAt: '' };
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify({ success: true, errors: [], messages: [], result: session }), { status: 200 }))),
    );
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(['users', 'list'], [{ username: 'admin' }]);
    queryClient.setQueryData(['session'], null);
    await signIn({ username: 'vera', password: 'a-password-of-vera' }, queryClient);
    expect(queryClient.getQueryData(['users', 'list'])).toBeUndefined();
    expect(queryClient.getQueryData(['session'])).toEqual(session);
  });

  it('refuses to go on when the BFF says the browser will drop the cookie (COOKIE_SECURE over plain HTTP), saying why', async () => {
    const session = { user: { username: 'vera', role: 'viewer' }, csrfToken: 't', idleExpiresAt: '', expiresAt: '' };
    const warning = 'COOKIE_SECURE=true but this sign-in came over plain HTTP: the browser drops the session cookie.';
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(new Response(JSON.stringify({ success: true, errors: [], messages: [{ code: 1092, message: warning }], result: session }), { status: 200 })),
      ),
    );
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(['session'], null);
    await expect(signIn({ username: 'vera', password: 'a-password-of-vera' }, queryClient)).rejects.toThrow(warning);
    expect(queryClient.getQueryData(['session'])).toBeNull();
  });
});
