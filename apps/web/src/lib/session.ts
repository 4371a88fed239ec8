/**
 * The signed-in user. `GET /auth/me` tells who is signed in (401 = nobody); sign-in and sign-out go through the
 * BFF's `/auth` routes. The CSRF token they return is handed to the api-client, which sends it on every write.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { LoginBody, LoginResult, LogoutResult, PasswordChangeBody, Session, TwoFactorChallenge, TwoFactorLoginBody } from '@secdns/api-types';
import { isApiError, request, setCsrfToken } from './api-client';
import { clearSessionEnd, markSessionEnded } from './session-end';

export const sessionKey = ['session'] as const;

export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    const { envelope } = await request('/auth/me', { method: 'GET', signal }, 'auth.me');
    const session = envelope.result as Session;
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQuery = () =>
  queryOptions({ queryKey: sessionKey, queryFn: ({ signal }) => fetchSession(signal), staleTime: Infinity, retry: false });

/** The BFF's message code for a sign-in whose Secure cookie the browser will drop (plain HTTP, COOKIE_SECURE=true). */
export const INSECURE_COOKIE_MESSAGE = 1092;

/**
 * The answer of a password that was right for a user with two-factor sign-in on: no session yet, a code must follow
 * (`signInWithCode`). Checked here rather than with the contract's `isTwoFactorChallenge`: this module is in the
 * first page's bundle, the contract's code is not.
 */
export function isChallenge(result: LoginResult | null | undefined): result is TwoFactorChallenge {
  return Boolean(result && (result as Partial<TwoFactorChallenge>).twoFactorRequired === true);
}

/**
 * Signs in: a session, or — the user has two-factor sign-in on — the challenge the code goes with (`signInWithCode`),
 * and no session yet.
 */
export async function signIn(body: LoginBody, queryClient: QueryClient): Promise<Session | TwoFactorChallenge> {
  const { envelope } = await request('/auth/login', { method: 'POST', body: JSON.stringify(body) }, 'auth.login');
  const result = envelope.result as LoginResult;
  if (isChallenge(result)) return result;
  return started(envelope, queryClient);
}

/** The second step of a sign-in: the code from the authenticator app (or a recovery code) for the challenge. */
export async function signInWithCode(body: TwoFactorLoginBody, queryClient: QueryClient): Promise<Session> {
  const { envelope } = await request(
    '/auth/login/two-factor',
    { method: 'POST', body: JSON.stringify(body) },
    'auth.login.twoFactor',
  );
  return started(envelope, queryClient);
}

/**
 * A session begins. What the cache holds then was read in an earlier session, perhaps by someone else (a shared
 * browser after a session expired): it is forgotten, so nobody is shown what another user's role could read.
 */
async function started(
  envelope: { result?: unknown; messages?: { code: number; message: string }[] },
  queryClient: QueryClient,
): Promise<Session> {
  // COOKIE_SECURE over plain HTTP: the browser drops the session cookie, so going on would only say "session ended".
  const insecure = envelope.messages?.find((message) => message.code === INSECURE_COOKIE_MESSAGE);
  if (insecure) throw new Error(insecure.message);
  const session = envelope.result as Session;
  setCsrfToken(session.csrfToken);
  clearSessionEnd();
  await queryClient.cancelQueries();
  queryClient.clear();
  queryClient.setQueryData(sessionKey, session);
  return session;
}

/**
 * Changes the signed-in user's password. The BFF then ends every session of theirs, this one included: the caller
 * sends them to sign in (the sign-in page says why).
 */
export async function changePassword(body: PasswordChangeBody, queryClient: QueryClient): Promise<void> {
  await request('/auth/password', { method: 'POST', body: JSON.stringify(body) }, 'auth.password');
  markSessionEnded('password-changed');
  setCsrfToken(null);
  await stopReading(queryClient);
  queryClient.clear();
  queryClient.setQueryData(sessionKey, null);
}

/**
 * The password an administrator set, replaced by the user's own (`must_change_password`). The BFF ends every session
 * of theirs, this one included, so they are signed in again at once with the password they just typed: they go on
 * where they were going, and only if that sign-in fails (throttled, the server gone) or needs a two-factor code are
 * they asked to sign in, with the sign-in page saying the password was changed. Unlike `changePassword`, the session is not cleared first: the
 * "Choose your password" screen stays until the new session replaces it.
 */
export async function choosePassword(username: string, body: PasswordChangeBody, queryClient: QueryClient): Promise<void> {
  await request('/auth/password', { method: 'POST', body: JSON.stringify(body) }, 'auth.password');
  setCsrfToken(null);
  try {
    // With two-factor sign-in on, the new password alone starts no session: the sign-in page asks for the code.
    if (isChallenge(await signIn({ username, password: body.newPassword }, queryClient))) throw new Error('code needed');
  } catch {
    markSessionEnded('password-changed');
    await stopReading(queryClient);
    queryClient.clear();
    queryClient.setQueryData(sessionKey, null);
  }
}

/**
 * Nothing more is read for a session that ends: the session is none at once (the pages, their polls included, give
 * way to the sign-in page, so no query is started again) and what is being read is cancelled. A read that reached
 * the BFF after the sign-out would be refused (401) and look, in the audit log, like someone without a session.
 */
async function stopReading(queryClient: QueryClient): Promise<void> {
  queryClient.setQueryData(sessionKey, null);
  await queryClient.cancelQueries();
}

/**
 * Ends the session. Resolves with where the browser goes next when the identity provider ends its session too
 * (a single sign-on session with OIDC_SIGN_OUT=provider: `LogoutResult`), else null.
 */
export async function signOut(queryClient: QueryClient): Promise<string | null> {
  try {
    await stopReading(queryClient);
    const { envelope } = await request('/auth/logout', { method: 'POST', body: '{}' }, 'auth.logout');
    const result = envelope.result as LogoutResult;
    return result?.provider_sign_out_url ?? null;
  } finally {
    clearSessionEnd();
    setCsrfToken(null);
    queryClient.clear();
    queryClient.setQueryData(sessionKey, null);
  }
}

/**
 * Sign out, then leave: to the identity provider, which ends its session too and sends the browser back to the
 * sign-in page with `?state=signed_out` (that page then says so), else straight to the sign-in page — also when the
 * sign-out request failed (the session is forgotten here all the same).
 */
export async function signOutAndLeave(queryClient: QueryClient, toSignIn: () => void): Promise<void> {
  const providerUrl = await signOut(queryClient).catch(() => null);
  if (!providerUrl) return toSignIn();
  window.location.assign(providerUrl);
}
