/**
 * Single sign-on (docs/decisions/021-single-sign-on.md) against a real OpenID Connect provider on 127.0.0.1
 * (test-idp.mjs: oidc-provider): the browser's round trip — the dashboard's /auth/oidc/start, the provider's login
 * page, back to /auth/oidc/callback — is driven over HTTP with a cookie jar per side. The user is bound to the
 * provider's subject, gets the role of their groups at each sign-in, is refused without a group, when disabled, and
 * never takes over a password user's name; a flow cannot be finished by another browser or twice.
 */
import { createServer, type Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSessionId } from '../../src/auth/tokens.js';
import { TEST_ADMIN_PASSWORD, buildTestApp, cookieFrom, signIn, type TestApp } from '../helper.js';
// @ts-expect-error: a plain ES module (also run as the e2e's provider), no types
import { startTestIdp } from '../test-idp.mjs';

const REDIRECT = 'http://dashboard.test/auth/oidc/callback';
const ACCOUNTS: Record<string, { groups?: string[]; email?: string; preferred_username?: string }> = {
  alice: { groups: ['DNS-Admins', 'staff'] },
  bob: { groups: ['noc'] },
  carol: { groups: ['marketing'] },
  dave: { groups: ['noc'], preferred_username: 'Not A Username!', email: 'Dave@Example.com' },
  hana: { groups: ['noc'] },
};
const BACKCHANNEL_PATH = '/auth/oidc/backchannel-logout';
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let idp: { issuer: string; clientId: string; clientSecret: string; close(): Promise<void> };
let t: TestApp;
/** The provider's signing key (it signs ID and logout tokens with it; a test signs forged logout tokens too). */
let signingKey: { privateKey: CryptoKey; kid: string };
/** The dashboard as the provider reaches it, server to server: each request handed to the app. */
let dashboard: Server;

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  signingKey = { privateKey, kid: 'test-idp-key-1' };
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: signingKey.kid, alg: 'RS256', use: 'sig' };
  dashboard = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void t.anonymous({ method: request.method as 'POST', url: request.url!, headers: request.headers as Record<string, string>, payload: Buffer.concat(chunks) }).then((answer) => {
        response.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'text/plain') });
        response.end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => dashboard.listen(0, '127.0.0.1', resolve));
  const { port } = dashboard.address() as { port: number };
  idp = await startTestIdp({
    redirectUris: [REDIRECT],
    accounts: ACCOUNTS,
    backchannelLogoutUri: `http://127.0.0.1:${port}${BACKCHANNEL_PATH}`,
    jwks: { keys: [jwk] },
  });
  t = await buildTestApp({
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_REDIRECT_URI: REDIRECT,
    OIDC_NAME: 'Example SSO',
    OIDC_ADMIN_GROUPS: 'dns-admins',
    OIDC_OPERATOR_GROUPS: 'noc, on-call',
  });
});
afterAll(async () => {
  await t?.app.close();
  await idp?.close();
  await new Promise((resolve) => dashboard?.close(resolve));
});

/** A browser's requests to the provider, with its cookies. */
function providerBrowser() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  };
}

/** The provider's side of the browser: follows its redirects and fills its login page, until it sends the browser back. */
async function throughProvider(authorizationUrl: string, login: string, send = providerBrowser()): Promise<URL> {
  let url = authorizationUrl;
  for (let step = 0; step < 10; step += 1) {
    const response = await send(url);
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(REDIRECT)) return next;
      url = next.href;
      continue;
    }
    // The login page: any login, any password.
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form at ${url}: ${response.status} ${html.slice(0, 200)}`);
    const posted = await send(new URL(action, url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'anything' }).toString(),
    });
    url = new URL(posted.headers.get('location')!, url).href;
  }
  throw new Error('the provider never sent the browser back');
}

/** The whole round trip as one browser: start, the provider, the callback. Returns the callback's answer. */
async function signInWithSso(login: string, next = '/accounts/x/peers', app: TestApp = t) {
  const start = await app.anonymous({ method: 'GET', url: `/auth/oidc/start?next=${encodeURIComponent(next)}` });
  expect(start.statusCode).toBe(302);
  const flowCookie = (start.headers['set-cookie'] as string).split(';')[0]!;
  const provider = providerBrowser();
  const back = await throughProvider(start.headers.location as string, login, provider);
  const callback = await app.anonymous({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: flowCookie } });
  return { start, back, flowCookie, callback, provider };
}

const me = async (cookie: string) => (await t.anonymous({ method: 'GET', url: '/auth/me', headers: { cookie } })).json().result?.user;

describe('single sign-on', () => {
  it('the sign-in page learns of it from /api/meta', async () => {
    const meta = (await t.anonymous({ method: 'GET', url: '/api/meta' })).json().result;
    expect(meta.sso).toEqual({ name: 'Example SSO', start: '/auth/oidc/start' });
  });

  it('signs a user of an admin group in as admin, back where they were going, and records it', async () => {
    const { start, callback } = await signInWithSso('alice');
    // PKCE, state and nonce on the way out; the flow bound to this browser by a cookie.
    const out = new URL(start.headers.location as string);
    expect(out.origin).toBe(idp.issuer);
    expect(out.searchParams.get('code_challenge_method')).toBe('S256');
    expect(out.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(out.searchParams.get('scope')).toContain('groups');
    expect(start.headers['set-cookie']).toMatch(/^sso_flow=.+; Max-Age=600; Path=\/auth\/oidc; HttpOnly; SameSite=Lax/);

    expect(callback.statusCode, callback.body).toBe(302);
    expect(callback.headers.location).toBe('/accounts/x/peers');
    const session = cookieFrom(callback.headers['set-cookie']);
    expect(await me(session)).toMatchObject({ username: 'alice', role: 'admin', sso: true });

    const users = (await t.app.inject({ method: 'GET', url: '/api/users' })).json().result as { username: string; sso?: boolean }[];
    expect(users.find((user) => user.username === 'alice')).toMatchObject({ sso: true });
    const entry = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=auth.login.sso' })).json().result[0];
    expect(entry).toMatchObject({ username: 'alice', role: 'admin', outcome: 'success', after: { username: 'alice', role: 'admin', created: true } });
    // Never the code or the state in the log.
    expect(JSON.stringify(entry)).not.toContain('code=');
  });

  it('takes the role from the groups at each sign-in, and the dashboard cannot change it or give a password', async () => {
    const first = await signInWithSso('bob');
    expect(await me(cookieFrom(first.callback.headers['set-cookie']))).toMatchObject({ username: 'bob', role: 'operator' });
    const refused = await t.app.inject({ method: 'PATCH', url: '/api/users/bob', payload: { role: 'admin' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0].message).toContain('comes from the identity provider’s groups');
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/bob', payload: { password: 'a-long-password-1234' } })).statusCode).toBe(409);

    ACCOUNTS.bob!.groups = ['dns-admins'];
    const again = await signInWithSso('bob');
    expect(await me(cookieFrom(again.callback.headers['set-cookie']))).toMatchObject({ username: 'bob', role: 'admin' });
    const entry = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=auth.login.sso&user=bob' })).json().result[0];
    expect(entry).toMatchObject({ before: { role: 'operator' }, after: { role: 'admin' } });
  });

  it('refuses a user in none of the groups, and says why on the sign-in page', async () => {
    const { callback } = await signInWithSso('carol');
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/sign-in?sso_error=no_role&next=%2Faccounts%2Fx%2Fpeers');
    expect(callback.headers['set-cookie']).not.toMatch(/sid=/);
    expect((await t.app.storage.users.get('carol'))).toBeNull();
    const entry = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=auth.login.sso&outcome=failure' })).json().result[0];
    expect(entry).toMatchObject({ username: 'carol', refusal: 'sso_no_role' });
  });

  it('a username that is not one falls back to the email', async () => {
    const { callback } = await signInWithSso('dave');
    expect(await me(cookieFrom(callback.headers['set-cookie']))).toMatchObject({ username: 'dave@example.com', role: 'operator' });
  });

  it('never takes over a password user of the same name', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'erin', password: 'erins-own-password-1', role: 'viewer', must_change_password: false },
    });
    expect(created.statusCode).toBe(200);
    ACCOUNTS.erin = { groups: ['dns-admins'] };
    const { callback } = await signInWithSso('erin');
    expect(callback.headers.location).toBe('/sign-in?sso_error=username_taken&next=%2Faccounts%2Fx%2Fpeers');
    expect((await t.app.storage.users.get('erin'))).toMatchObject({ role: 'viewer', ssoSubject: null });
    // Erin's password still works, as herself.
    expect((await signIn(t.anonymous, 'erin', 'erins-own-password-1')).role).toBe('viewer');
  });

  it('a disabled user is refused by the dashboard, whatever the provider says', async () => {
    ACCOUNTS.frank = { groups: ['noc'] };
    await signInWithSso('frank');
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/frank', payload: { disabled: true } })).statusCode).toBe(200);
    const { callback } = await signInWithSso('frank');
    expect(callback.headers.location).toBe('/sign-in?sso_error=disabled&next=%2Faccounts%2Fx%2Fpeers');
    expect(callback.headers['set-cookie']).not.toMatch(/sid=/);
  });

  it('a flow finishes once, in the browser that started it; the next page is always this dashboard’s', async () => {
    ACCOUNTS.gina = { groups: ['noc'] };
    const { back, flowCookie, callback } = await signInWithSso('gina');
    expect(callback.statusCode).toBe(302);
    // The same answer again (a replay): its state is spent.
    const replay = await t.anonymous({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: flowCookie } });
    expect(replay.headers.location).toBe('/sign-in?sso_error=expired');

    // Another browser (no flow cookie) bringing a fresh answer: login CSRF, refused.
    const start = await t.anonymous({ method: 'GET', url: '/auth/oidc/start' });
    const answer = await throughProvider(start.headers.location as string, 'gina');
    const elsewhere = await t.anonymous({ method: 'GET', url: `${answer.pathname}${answer.search}`, headers: { cookie: 'sso_flow=someone-else' } });
    expect(elsewhere.headers.location).toBe('/sign-in?sso_error=other_browser');

    // An outside `next` is not followed.
    const outside = await t.anonymous({ method: 'GET', url: `/auth/oidc/start?next=${encodeURIComponent('//evil.example/x')}` });
    const outsideBack = await throughProvider(outside.headers.location as string, 'gina');
    const done = await t.anonymous({
      method: 'GET',
      url: `${outsideBack.pathname}${outsideBack.search}`,
      headers: { cookie: (outside.headers['set-cookie'] as string).split(';')[0]! },
    });
    expect(done.headers.location).toBe('/');
  });

  it('the password sign-in of the local admin still works beside it (the way in when the provider is down)', async () => {
    expect((await signIn(t.anonymous, 'admin', TEST_ADMIN_PASSWORD)).role).toBe('admin');
  });
});

describe('back-channel logout', () => {
  /** A logout token as the provider makes them; `change` alters its claims, `key` signs with another key. */
  async function logoutToken(change: Record<string, unknown> = {}, key: CryptoKey = signingKey.privateKey) {
    const claims: Record<string, unknown> = {
      iss: idp.issuer,
      aud: idp.clientId,
      iat: Math.floor(Date.now() / 1000),
      jti: `jti-${Math.random().toString(36).slice(2)}`,
      sub: 'hana',
      events: { [BACKCHANNEL_EVENT]: {} },
      ...change,
    };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signingKey.kid }).sign(key);
  }
  const post = (token: string) =>
    t.anonymous({
      method: 'POST',
      url: BACKCHANNEL_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ logout_token: token }).toString(),
    });

  it('ends every dashboard session of a user when their session at the provider ends (the provider calls the dashboard)', async () => {
    const first = await signInWithSso('hana');
    const second = await signInWithSso('hana');
    const sessions = [cookieFrom(first.callback.headers['set-cookie']), cookieFrom(second.callback.headers['set-cookie'])];
    for (const session of sessions) expect(await me(session)).toMatchObject({ username: 'hana', sso: true });

    // Sign-out at the provider, in the first browser: its confirmation page, then "yes".
    const confirmPage = await first.provider(`${idp.issuer}/session/end`);
    const html = await confirmPage.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf, html.slice(0, 300)).toBeTruthy();
    await first.provider(new URL(action!, idp.issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });

    // Both sessions (the other browser's too) ended by the provider's call, and recorded.
    await expect.poll(async () => (await Promise.all(sessions.map(me))).every((user) => !user), { timeout: 5000 }).toBe(true);
    const entry = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=auth.logout.sso' })).json().result[0];
    expect(entry).toMatchObject({ username: 'hana', outcome: 'success', after: { sessions_ended: 2 } });
  });

  it('refuses a logout token that does not check out, and ends nothing', async () => {
    const { callback } = await signInWithSso('hana');
    const session = cookieFrom(callback.headers['set-cookie']);
    const other = (await generateKeyPair('RS256')).privateKey;
    const cases: [string, Promise<string>, RegExp][] = [
      ['signed with another key', logoutToken({}, other), /not valid/],
      ['for another client', logoutToken({ aud: 'someone-else' }), /not valid.*aud/],
      ['from another issuer', logoutToken({ iss: 'https://idp.example' }), /not valid.*iss/],
      ['issued ten minutes ago', logoutToken({ iat: Math.floor(Date.now() / 1000) - 600 }), /not valid/],
      ['without the logout event', logoutToken({ events: undefined }), /no http:\/\/schemas\.openid\.net\/event\/backchannel-logout event/],
      ['with a nonce (an ID token)', logoutToken({ nonce: 'n' }), /must not have a nonce/],
      ['with neither sub nor sid', logoutToken({ sub: undefined }), /names neither a sub nor a sid/],
    ];
    for (const [what, token, problem] of cases) {
      const answer = await post(await token);
      expect(answer.statusCode, what).toBe(400);
      expect(answer.json(), what).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(problem) });
    }
    expect((await post('not-a-jwt')).statusCode).toBe(400);
    const form = await t.anonymous({ method: 'POST', url: BACKCHANNEL_PATH, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(form.statusCode).toBe(400);
    expect(await me(session)).toMatchObject({ username: 'hana' });
    const refused = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=auth.logout.sso&outcome=failure' })).json().result;
    expect(refused.length).toBeGreaterThanOrEqual(cases.length);

    // A good one works once: the same token again is refused.
    const token = await logoutToken();
    expect((await post(token)).statusCode).toBe(200);
    expect(await me(session)).toBeFalsy();
    const again = await post(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().error_description).toContain('used already');
    // Someone who never signed in here: nothing to end, and the provider is told it is done.
    expect((await post(await logoutToken({ sub: 'nobody-here' }))).statusCode).toBe(200);
  });

  it("a token naming only the provider's session (sid) ends the dashboard sessions started from it, and no other", async () => {
    const first = await signInWithSso('hana');
    const second = await signInWithSso('hana'); // another browser: another session at the provider
    const [one, two] = [cookieFrom(first.callback.headers['set-cookie']), cookieFrom(second.callback.headers['set-cookie'])];
    // The provider's session id came with the ID token and is kept with each dashboard session.
    const sidOf = async (cookie: string) => (await t.app.storage.sessions.get(hashSessionId(cookie.slice(cookie.indexOf('=') + 1))))?.ssoSid;
    const [sidOne, sidTwo] = [await sidOf(one), await sidOf(two)];
    expect(sidOne).toMatch(/\w/);
    expect(sidTwo).toMatch(/\w/);
    expect(sidOne).not.toBe(sidTwo);

    const answer = await post(await logoutToken({ sub: undefined, sid: sidOne }));
    expect(answer.statusCode).toBe(200);
    expect(await me(one)).toBeFalsy();
    expect(await me(two)).toMatchObject({ username: 'hana' });
    const entry = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=auth.logout.sso&outcome=success' })).json().result[0];
    expect(entry).toMatchObject({ username: 'hana', after: { sessions_ended: 1 } });
    // A sid nobody here started from: nothing to end, and the provider is told it is done.
    expect((await post(await logoutToken({ sub: undefined, sid: 'unknown-provider-session' }))).statusCode).toBe(200);
    expect(await me(two)).toMatchObject({ username: 'hana' });
    // The subject named: every session of the user ends, as before.
    expect((await post(await logoutToken())).statusCode).toBe(200);
    expect(await me(two)).toBeFalsy();
  });

  it('the form body is for this route only: the rest of the dashboard still refuses a form post', async () => {
    const login = await t.anonymous({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'admin', password: TEST_ADMIN_PASSWORD }).toString(),
    });
    expect(login.statusCode).toBe(415);
  });
});

describe('Sign out at the provider too (OIDC_SIGN_OUT=provider)', () => {
  let p: TestApp;
  beforeAll(async () => {
    p = await buildTestApp({
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_REDIRECT_URI: REDIRECT,
      OIDC_ADMIN_GROUPS: 'dns-admins',
      OIDC_OPERATOR_GROUPS: 'noc',
      OIDC_SIGN_OUT: 'provider',
    });
  });
  afterAll(async () => {
    await p?.app.close();
  });

  const signOut = async (app: TestApp, cookie: string) => {
    const session = (await app.anonymous({ method: 'GET', url: '/auth/me', headers: { cookie } })).json().result;
    return app.anonymous({ method: 'POST', url: '/auth/logout', headers: { cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }, payload: '{}' });
  };

  it("ends the dashboard's session and sends the browser to the provider's, which then asks for a login again", async () => {
    const { callback, provider } = await signInWithSso('alice', '/', p);
    const cookie = cookieFrom(callback.headers['set-cookie']);
    const out = await signOut(p, cookie);
    expect(out.statusCode).toBe(200);
    const url = new URL(out.json().result.provider_sign_out_url);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('http://dashboard.test/sign-in');
    expect(url.searchParams.get('client_id')).toBe(idp.clientId);
    expect(url.searchParams.get('state')).toBe('signed_out');
    const hint = url.searchParams.get('id_token_hint');
    expect(hint).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // The dashboard's session is over already, whatever the browser does next; the ID token is in no log line.
    expect((await p.anonymous({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect(p.logs.join('\n')).not.toContain(hint!);

    // The browser at the provider: it takes the hint and the way back, asks "sign out?", and sends it to /sign-in.
    const confirmPage = await provider(url.href);
    const html = await confirmPage.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf, html.slice(0, 300)).toBeTruthy();
    const done = await provider(new URL(action!, idp.issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(done.headers.get('location')).toBe('http://dashboard.test/sign-in?state=signed_out');

    // Signed out there too: Sign in with SSO in the same browser shows the provider's login page, not straight back.
    const start = await p.anonymous({ method: 'GET', url: '/auth/oidc/start' });
    let at = start.headers.location as string;
    for (let step = 0; step < 5; step += 1) {
      const next = (await provider(at)).headers.get('location');
      if (!next) break;
      at = new URL(next, at).href;
    }
    expect(at.startsWith(REDIRECT)).toBe(false);
    expect(await (await provider(at)).text()).toMatch(/<form[^>]*action=/);
  });

  it('a password session signs out of the dashboard only', async () => {
    const admin = await p.as('admin');
    const out = await signOut(p, admin.cookie);
    expect(out.statusCode).toBe(200);
    expect(out.json().result).toBeNull();
  });

  it('by default (OIDC_SIGN_OUT=dashboard) a single sign-on session signs out of the dashboard only', async () => {
    const { callback, provider } = await signInWithSso('bob', '/', t);
    const out = await signOut(t, cookieFrom(callback.headers['set-cookie']));
    expect(out.statusCode).toBe(200);
    expect(out.json().result).toBeNull();
    // Still signed in at the provider: the next sign-in goes straight back to the dashboard.
    const start = await t.anonymous({ method: 'GET', url: '/auth/oidc/start' });
    const back = await throughProvider(start.headers.location as string, 'bob', provider);
    expect(back.href.startsWith(REDIRECT)).toBe(true);
  });

  it('is dashboard or provider', async () => {
    const { loadConfig } = await import('../../src/config.js');
    const base = { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b', OIDC_VIEWER_GROUPS: 's' };
    expect(loadConfig(base).oidc?.signOut).toBe('dashboard');
    expect(loadConfig({ ...base, OIDC_SIGN_OUT: 'Provider' }).oidc?.signOut).toBe('provider');
    expect(() => loadConfig({ ...base, OIDC_SIGN_OUT: 'everywhere' })).toThrow(/OIDC_SIGN_OUT: must be dashboard .* or provider/);
  });
});

describe('single sign-on configuration', () => {
  it('asks for the client and the groups, and an https issuer unless it is on this machine', async () => {
    const { loadConfig } = await import('../../src/config.js');
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example.com' })).toThrow(/OIDC_CLIENT_ID: is required[\s\S]*OIDC_CLIENT_SECRET: is required[\s\S]*OIDC_VIEWER_GROUPS: one of/);
    expect(() =>
      loadConfig({ OIDC_ISSUER: 'http://login.example.com', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b', OIDC_VIEWER_GROUPS: 'staff' }),
    ).toThrow(/OIDC_ISSUER: must be https/);
    const config = loadConfig({
      OIDC_ISSUER: 'https://login.example.com/realms/x',
      OIDC_CLIENT_ID: 'a',
      OIDC_CLIENT_SECRET: 'b',
      OIDC_VIEWER_GROUPS: 'staff, contractors',
    });
    expect(config.oidc).toMatchObject({
      name: 'single sign-on',
      scope: 'openid profile email groups',
      groups: { admin: [], operator: [], viewer: ['staff', 'contractors'] },
    });
    expect(() =>
      loadConfig({ OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b', OIDC_VIEWER_GROUPS: 's', OIDC_SCOPE: 'profile email' }),
    ).toThrow(/OIDC_SCOPE: must include openid/);
  });

  it('an unreachable provider sends the browser back to the sign-in page, saying so', async () => {
    const app = await buildTestApp({
      OIDC_ISSUER: 'http://127.0.0.1:9/',
      OIDC_CLIENT_ID: 'a',
      OIDC_CLIENT_SECRET: 'b',
      OIDC_VIEWER_GROUPS: 'staff',
    });
    try {
      const start = await app.anonymous({ method: 'GET', url: '/auth/oidc/start' });
      expect(start.statusCode).toBe(302);
      expect(start.headers.location).toBe('/sign-in?sso_error=provider_unreachable');
      expect(app.logs.join('\n')).not.toContain('"b"');
    } finally {
      await app.app.close();
    }
  });
});
