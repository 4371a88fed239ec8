/**
 * Sign-in and sessions: the login answer and cookie, the same 401 for a wrong user or password, throttling (429),
 * sign-out, inactivity and absolute expiry (on a test clock), revocation (disable, delete, password change), and
 * persistence across a restart on the same DATA_DIR.
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey } from '../../src/auth/throttle.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import {
  TEST_ADMIN_PASSWORD,
  TEST_USER_PASSWORD,
  appFor,
  cookieFrom,
  emptyDir,
  signIn,
  startTestSandbox,
  testClock,
  type Sandbox,
  type TestApp,
} from '../helper.js';

const A = SEED.accountId;
const ACLS = `/api/accounts/${A}/secondary_dns/acls`;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('POST /auth/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appFor(sandbox, {
      LOGIN_MAX_FAILURES: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '6',
      LOGIN_MAX_FAILURES_PER_USERNAME: '5',
      LOGIN_WINDOW_MINUTES: '15',
    });
  });
  afterAll(async () => t?.app.close());

  it('answers {user, csrfToken} in the envelope and sets an HttpOnly SameSite=Strict cookie `sid`', async () => {
    const response = await t.anonymous({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.success).toBe(true);
    expect(body.result.user).toEqual({ username: 'admin', role: 'admin', must_change_password: false, must_enrol_two_factor: false });
    expect(body.result.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(Date.parse(body.result.expiresAt)).toBeGreaterThan(Date.now());
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^sid=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('the session cookie is stored hashed: the database never holds the id', async () => {
    const client = await signIn(t.anonymous, 'admin', TEST_ADMIN_PASSWORD);
    const id = client.cookie.split('=')[1]!;
    const db = readFileSync(join(t.app.config.dataDir, 'dashboard.db')).toString('latin1');
    expect(db).not.toContain(id);
  });

  it('answers the same 401 for an unknown user and a wrong password', async () => {
    const unknown = await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'nobody', password: 'whatever-password' } });
    const wrong = await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'wrong-password!' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const { request_id: _a, ...unknownBody } = unknown.json();
    const { request_id: _b, ...wrongBody } = wrong.json();
    expect(unknownBody).toEqual(wrongBody);
    expect(unknown.json().errors[0].code).toBe(ErrorCodes.authentication);
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  const login = (remoteAddress: string, username: string, password: string) =>
    t.anonymous({ method: 'POST', url: '/auth/login', remoteAddress, payload: { username, password } });
  const newUser = async (username: string) =>
    t.app.storage.users.create({ username, role: 'viewer', passwordHash: await hashPassword(TEST_USER_PASSWORD) }, new Date());

  it('throttles one user at one address with 429 and Retry-After, before checking the password; others there still sign in', async () => {
    await newUser('olivia');
    for (let i = 0; i < 3; i += 1) expect((await login('192.0.2.1', 'olivia', 'wrong-password!')).statusCode).toBe(401);
    const refused = await login('192.0.2.1', 'olivia', TEST_USER_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
    expect(refused.json().errors[0]).toMatchObject({
      code: ErrorCodes.rateLimited,
      message: 'Too many failed sign-ins. Try again in 15 minutes.',
    });
    // The same address (everyone behind one proxy): the admin, who did not fail, signs in.
    expect((await login('192.0.2.1', 'admin', TEST_ADMIN_PASSWORD)).statusCode).toBe(200);
    // Olivia herself from another address: below the per-username limit.
    expect((await login('192.0.2.2', 'olivia', TEST_USER_PASSWORD)).statusCode).toBe(200);
  });

  /** The failed sign-ins in the audit log (read by an admin), and the one a response's request id names. */
  const failedSignIns = async () => {
    const admin = await signIn(t.anonymous, 'admin', TEST_ADMIN_PASSWORD);
    return (await admin.inject({ method: 'GET', url: '/api/audit?operation=auth.login&outcome=failure' })).json().result as { request_id: string }[];
  };
  const entryOf = (entries: { request_id: string }[], response: { json(): { request_id: string } }) =>
    entries.find((candidate) => candidate.request_id === response.json().request_id);

  it("records a failed sign-in of a username no user has without that username: it may be someone's password", async () => {
    const typed = 'Correct-Horse-Battery';
    const failed = await login('203.0.113.41', typed, 'whatever-password');
    expect(failed.statusCode).toBe(401);
    const entries = await failedSignIns();
    expect(entryOf(entries, failed)).toMatchObject({ username: 'co… (no such user, 21 characters)', refusal: 'invalid_credentials', status: 401 });
    expect(JSON.stringify(entries).toLowerCase()).not.toContain(typed.toLowerCase());
    // A real user's failed sign-in still names the user.
    const wrong = await login('203.0.113.42', 'admin', 'wrong-password!');
    expect(entryOf(await failedSignIns(), wrong)).toMatchObject({ username: 'admin' });
  });

  it('a throttled sign-in (429) of a username no user has is recorded masked too, not as typed', async () => {
    // The address's limit (6) reached with other names: then every name from it is throttled before any check.
    for (let i = 0; i < 6; i += 1) await login('203.0.113.61', `spray-${i}`, 'whatever-password');
    const typed = 'Tr0ub4dor-and-3';
    const refused = await login('203.0.113.61', typed, 'whatever-password');
    expect(refused.statusCode).toBe(429);
    const entries = await failedSignIns();
    expect(entryOf(entries, refused)).toMatchObject({ username: 'tr… (no such user, 15 characters)', refusal: 'throttled', status: 429 });
    expect(JSON.stringify(entries).toLowerCase()).not.toContain(typed.toLowerCase());
    // A real user throttled there is still named.
    const real = await login('203.0.113.61', 'admin', 'wrong-password!');
    expect(real.statusCode).toBe(429);
    expect(entryOf(await failedSignIns(), real)).toMatchObject({ username: 'admin' });
  });

  it('throttles wrong current passwords at POST /auth/password like failed sign-ins (a session is no password oracle)', async () => {
    await newUser('petra');
    const client = await signIn(t.anonymous, 'petra', TEST_USER_PASSWORD);
    const change = (currentPassword: string) =>
      client.inject({ method: 'POST', url: '/auth/password', payload: { currentPassword, newPassword: 'petra-new-password-1' } });
    for (let i = 0; i < 3; i += 1) expect((await change('wrong-password!')).statusCode).toBe(400);
    const refused = await change(TEST_USER_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json().errors[0].code).toBe(ErrorCodes.rateLimited);
    // Not changed: the old password still works from another address.
    expect((await login('192.0.2.99', 'petra', TEST_USER_PASSWORD)).statusCode).toBe(200);
  });

  it('throttles a username across addresses at LOGIN_MAX_FAILURES_PER_USERNAME (a distributed guesser)', async () => {
    await newUser('oscar');
    for (let i = 0; i < 5; i += 1) expect((await login(`192.0.2.${10 + i}`, 'oscar', 'wrong-password!')).statusCode).toBe(401);
    const refused = await login('192.0.2.20', 'oscar', TEST_USER_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await login('192.0.2.20', 'admin', TEST_ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('throttles a client address at LOGIN_MAX_FAILURES_PER_ADDRESS, whatever the username (a sprayer)', async () => {
    const spray = (username: string) => login('198.51.100.7', username, 'x');
    for (const username of ['u1', 'u2', 'u3', 'u4', 'u5']) expect((await spray(username)).statusCode).toBe(401);
    // Five failures from that address, none of them admin's: admin still signs in from it.
    expect((await login('198.51.100.7', 'admin', TEST_ADMIN_PASSWORD)).statusCode).toBe(200);
    expect((await spray('u6')).statusCode).toBe(401);
    const refused = await login('198.51.100.7', 'admin', TEST_ADMIN_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().errors[0].message).toBe('Too many failed sign-ins. Try again in 15 minutes.');
    expect((await login('198.51.100.8', 'admin', TEST_ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('counts sign-ins sent at the same time before their password checks: a burst cannot slip past the limit', async () => {
    await newUser('pablo');
    // LOGIN_MAX_FAILURES is 3 here: of 8 parallel guesses, only 3 reach a password check.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => login('192.0.2.77', 'pablo', `guess-${i}-wrong!`)));
    expect(answers.filter((answer) => answer.statusCode === 401)).toHaveLength(3);
    expect(answers.filter((answer) => answer.statusCode === 429)).toHaveLength(5);
    // A right password from there is refused too; a sign-in that works is not counted as a failure.
    expect((await login('192.0.2.77', 'pablo', TEST_USER_PASSWORD)).statusCode).toBe(429);
    for (let i = 0; i < 4; i += 1) expect((await login('192.0.2.78', 'admin', TEST_ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('counts an IPv6 client by its /64 (one host has a whole /64), and an IPv4-mapped address as IPv4', async () => {
    await newUser('quinn');
    for (let i = 0; i < 3; i += 1) expect((await login(`2001:db8:5:6::${i + 1}`, 'quinn', 'wrong-password!')).statusCode).toBe(401);
    expect((await login('2001:db8:5:6:ffff::9', 'quinn', TEST_USER_PASSWORD)).statusCode).toBe(429);
    expect((await login('2001:db8:5:7::1', 'quinn', TEST_USER_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a malformed body with 400', async () => {
    const response = await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].source.pointer).toBe('/password');
  });
});

describe('the throttle window', () => {
  it('lets sign-ins through again once the failures are older than LOGIN_WINDOW_MINUTES', async () => {
    const clock = testClock();
    const t = await appFor(sandbox, { LOGIN_MAX_FAILURES: '2', LOGIN_WINDOW_MINUTES: '15' }, { now: clock.now });
    try {
      for (let i = 0; i < 2; i += 1) {
        await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'nope-nope-nope' } });
      }
      const login = () => t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
      const refused = await login();
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('900');
      clock.advance(15 * 60_000 + 1);
      expect((await login()).statusCode).toBe(200);
    } finally {
      await t.app.close();
    }
  });
});

describe('the throttle across a restart', () => {
  it('a restart on the same DATA_DIR keeps the failures still in the window (a guesser gets no fresh start)', async () => {
    const dataDir = emptyDir();
    const clock = testClock();
    const env = { DATA_DIR: dataDir, LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW_MINUTES: '15' };
    const first = await appFor(sandbox, env, { now: clock.now });
    try {
      for (let i = 0; i < 3; i += 1) {
        const response = await first.anonymous({ method: 'POST', url: '/auth/login', remoteAddress: '203.0.113.9', payload: { username: 'admin', password: `guess-number-${i}` } });
        expect(response.statusCode).toBe(401);
      }
    } finally {
      await first.app.close();
    }
    clock.advance(5 * 60_000);
    const second = await appFor(sandbox, env, { now: clock.now, signIn: false });
    try {
      const login = (remoteAddress: string) =>
        second.anonymous({ method: 'POST', url: '/auth/login', remoteAddress, payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
      const refused = await login('203.0.113.9');
      expect(refused.statusCode).toBe(429);
      // The oldest failure leaves the window 10 minutes from now.
      expect(Number(refused.headers['retry-after'])).toBe(600);
      expect(refused.json().errors[0].message).toBe('Too many failed sign-ins. Try again in 10 minutes.');
      clock.advance(10 * 60_000 + 1);
      expect((await login('203.0.113.9')).statusCode).toBe(200);
    } finally {
      await second.app.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  /** Three failures for admin "from" 203.0.113.1 as the proxy says, then admin's real sign-in "from" 203.0.113.2. */
  async function throughProxy(env: Record<string, string>, remoteAddress = '127.0.0.1') {
    const t = await appFor(sandbox, { LOGIN_MAX_FAILURES: '3', ...env }, { signIn: false });
    try {
      const login = (forwardedFor: string, password: string) =>
        t.anonymous({
          method: 'POST',
          url: '/auth/login',
          remoteAddress,
          headers: { 'x-forwarded-for': forwardedFor },
          payload: { username: 'admin', password },
        });
      for (let i = 0; i < 3; i += 1) expect((await login('203.0.113.1', `guess-number-${i}`)).statusCode).toBe(401);
      const other = (await login('203.0.113.2', TEST_ADMIN_PASSWORD)).statusCode;
      const same = (await login('203.0.113.1', TEST_ADMIN_PASSWORD)).statusCode;
      const { entries } = await t.app.storage.audit.query({ operation: 'auth.login' }, { offset: 0, limit: 10 });
      return { other, same, recordedAddresses: [...new Set(entries.map((entry) => entry.clientIp))].sort() };
    } finally {
      await t.app.close();
    }
  }

  it('with the proxy named, the client address is X-Forwarded-For’s: throttled per real address, recorded in the audit log', async () => {
    expect(await throughProxy({ TRUST_PROXY: '127.0.0.1' })).toEqual({
      other: 200,
      same: 429,
      recordedAddresses: ['203.0.113.1', '203.0.113.2'],
    });
    expect(await throughProxy({ TRUST_PROXY: '10.0.0.0/8,127.0.0.0/8' })).toMatchObject({ other: 200, same: 429 });
  });

  it('without it (the default), or from an address it does not name, X-Forwarded-For is ignored', async () => {
    expect(await throughProxy({})).toEqual({ other: 429, same: 429, recordedAddresses: ['127.0.0.1'] });
    expect(await throughProxy({ TRUST_PROXY: '10.0.0.1' })).toEqual({ other: 429, same: 429, recordedAddresses: ['127.0.0.1'] });
  });
});

describe('GET /auth/me and POST /auth/logout', () => {
  it('me answers the user and the same csrf token; logout needs the token, ends the session and clears the cookie', async () => {
    const t = await appFor(sandbox);
    try {
      const client = await t.as('operator');
      const me = await client.inject({ method: 'GET', url: '/auth/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json().result).toMatchObject({ user: { username: 'test-operator', role: 'operator' }, csrfToken: client.csrfToken });

      const noToken = await client.inject({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': '' } });
      expect(noToken.statusCode).toBe(403);

      const out = await client.inject({ method: 'POST', url: '/auth/logout' });
      expect(out.statusCode).toBe(200);
      expect(String(out.headers['set-cookie'])).toMatch(/^sid=;.*Expires=Thu, 01 Jan 1970/);
      expect((await client.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
      expect((await client.inject({ method: 'GET', url: ACLS })).statusCode).toBe(401);
      expect((await t.anonymous({ method: 'POST', url: '/auth/logout' })).statusCode).toBe(401);
    } finally {
      await t.app.close();
    }
  });

  it('a new sign-in never reuses the session the browser brought', async () => {
    const t = await appFor(sandbox);
    try {
      const first = await signIn(t.anonymous, 'admin', TEST_ADMIN_PASSWORD);
      const again = await first.inject({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
      expect(again.statusCode).toBe(200);
      expect(cookieFrom(again.headers['set-cookie'])).not.toBe(first.cookie);
      expect((await first.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    } finally {
      await t.app.close();
    }
  });
});

describe('COOKIE_SECURE=true', () => {
  it('names the cookie __Host-sid and marks it Secure; a plain sid is then not read', async () => {
    const t = await appFor(sandbox, { COOKIE_SECURE: 'true' });
    try {
      const response = await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/^__Host-sid=[\w-]{43};/);
      expect(setCookie).toContain('Secure');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).not.toContain('Domain');
      const cookie = cookieFrom(response.headers['set-cookie']);
      expect((await t.anonymous({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode).toBe(200);
      // The same session id as a plain `sid` (set by a sibling sub-domain, or over plain HTTP) is not taken.
      const planted = cookie.replace(/^__Host-sid=/, 'sid=');
      expect((await t.anonymous({ method: 'GET', url: '/auth/me', headers: { cookie: planted } })).statusCode).toBe(401);
    } finally {
      await t.app.close();
    }
  });
});

describe('session expiry', () => {
  it('ends after SESSION_IDLE_MINUTES without a request, and activity keeps it alive', async () => {
    const clock = testClock();
    const t = await appFor(sandbox, { SESSION_IDLE_MINUTES: '30' }, { now: clock.now, signIn: false });
    try {
      const client = await t.as('viewer');
      for (let i = 0; i < 4; i += 1) {
        clock.advance(29 * 60_000);
        expect((await client.inject({ method: 'GET', url: '/auth/me' })).statusCode, `after ${(i + 1) * 29} min`).toBe(200);
      }
      clock.advance(30 * 60_000);
      const expired = await client.inject({ method: 'GET', url: ACLS });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().errors[0].code).toBe(ErrorCodes.authentication);
      expect((await client.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    } finally {
      await t.app.close();
    }
  });

  it('polling /api/meta/ratelimit or the serial watch (and its history) does not keep a session alive past SESSION_IDLE_MINUTES; an ordinary request does', async () => {
    const clock = testClock();
    const t = await appFor(sandbox, { SESSION_IDLE_MINUTES: '30' }, { now: clock.now, signIn: false });
    try {
      // Signed in at the same moment: one tab only polls the budget, the other is used.
      const polling = await t.as('viewer');
      const used = await t.as('operator');
      for (let minutes = 10; minutes < 30; minutes += 10) {
        clock.advance(10 * 60_000);
        // The poll is authenticated as usual while the session lives...
        expect((await polling.inject({ method: 'GET', url: '/api/meta/ratelimit' })).statusCode, `poll at ${minutes} min`).toBe(200);
        const watch = `/api/accounts/${SEED.accountId}/secondary_dns/serial_watch`;
        expect((await polling.inject({ method: 'GET', url: watch })).statusCode, `watch poll at ${minutes} min`).toBe(200);
        // The zone page's reload of the watch's history after each round: the same.
        expect((await polling.inject({ method: 'GET', url: `${watch}/history` })).statusCode, `history at ${minutes} min`).toBe(200);
        expect((await used.inject({ method: 'GET', url: ACLS })).statusCode, `read at ${minutes} min`).toBe(200);
      }
      // ...but 30 minutes after sign-in only the session that did something is still there.
      clock.advance(10 * 60_000);
      const expired = await polling.inject({ method: 'GET', url: '/api/meta/ratelimit' });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().errors[0].code).toBe(ErrorCodes.authentication);
      expect((await polling.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
      expect((await used.inject({ method: 'GET', url: '/api/meta/ratelimit' })).statusCode).toBe(200);
      expect((await used.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(200);
    } finally {
      await t.app.close();
    }
  });

  it('ends SESSION_MAX_HOURS after sign-in, however active', async () => {
    const clock = testClock();
    const t = await appFor(sandbox, { SESSION_IDLE_MINUTES: '60', SESSION_MAX_HOURS: '2' }, { now: clock.now, signIn: false });
    try {
      const client = await t.as('viewer');
      for (let i = 0; i < 3; i += 1) {
        clock.advance(35 * 60_000);
        expect((await client.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(200);
      }
      clock.advance(16 * 60_000);
      expect((await client.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    } finally {
      await t.app.close();
    }
  });
});

describe('revocation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appFor(sandbox);
  });
  afterAll(async () => t?.app.close());

  const createAndSignIn = async (username: string, role = 'viewer') => {
    // Signed in to use the dashboard at once, not to choose a password first (must-change-password.test.ts).
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username, password: TEST_USER_PASSWORD, role, must_change_password: false },
    });
    expect(created.statusCode).toBe(200);
    return signIn(t.anonymous, username, TEST_USER_PASSWORD);
  };

  it('disabling a user ends their sessions and refuses their sign-in (same 401)', async () => {
    const client = await createAndSignIn('to-disable');
    expect((await client.inject({ method: 'GET', url: ACLS })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/to-disable', payload: { disabled: true } })).statusCode).toBe(200);
    expect((await client.inject({ method: 'GET', url: ACLS })).statusCode).toBe(401);
    const again = await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'to-disable', password: TEST_USER_PASSWORD } });
    expect(again.statusCode).toBe(401);
  });

  it('deleting a user ends their sessions', async () => {
    const client = await createAndSignIn('to-delete');
    expect((await t.app.inject({ method: 'DELETE', url: '/api/users/to-delete' })).statusCode).toBe(200);
    expect((await client.inject({ method: 'GET', url: ACLS })).statusCode).toBe(401);
  });

  it('an admin changing a password ends that user’s sessions; the new password works', async () => {
    const client = await createAndSignIn('to-reset');
    const reset = await t.app.inject({ method: 'PATCH', url: '/api/users/to-reset', payload: { password: 'a-brand-new-password' } });
    expect(reset.statusCode).toBe(200);
    expect((await client.inject({ method: 'GET', url: ACLS })).statusCode).toBe(401);
    await expect(signIn(t.anonymous, 'to-reset', TEST_USER_PASSWORD)).rejects.toThrow(/401/);
    await signIn(t.anonymous, 'to-reset', 'a-brand-new-password');
  });

  it('changing your own password (POST /auth/password) ends all your sessions', async () => {
    const client = await createAndSignIn('self-change');
    const other = await signIn(t.anonymous, 'self-change', TEST_USER_PASSWORD);
    const wrong = await client.inject({
      method: 'POST',
      url: '/auth/password',
      payload: { currentPassword: 'not-my-password', newPassword: 'my-new-password-1' },
    });
    expect(wrong.statusCode).toBe(400);
    const changed = await client.inject({
      method: 'POST',
      url: '/auth/password',
      payload: { currentPassword: TEST_USER_PASSWORD, newPassword: 'my-new-password-1' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await client.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    expect((await other.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    await signIn(t.anonymous, 'self-change', 'my-new-password-1');
  });

  it('a role change applies to the next request of a live session', async () => {
    const client = await createAndSignIn('promoted', 'viewer');
    const force = { method: 'POST' as const, url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr` };
    expect((await client.inject(force)).statusCode).toBe(403);
    await t.app.inject({ method: 'PATCH', url: '/api/users/promoted', payload: { role: 'operator' } });
    expect((await client.inject(force)).statusCode).toBe(200);
  });
});

describe('a restart on the same DATA_DIR', () => {
  it('keeps users, sessions and the audit log', async () => {
    const dataDir = emptyDir();
    const first = await appFor(sandbox, { DATA_DIR: dataDir });
    let cookie: string;
    let csrf: string;
    try {
      const created = await first.app.inject({
        method: 'POST',
        url: '/api/users',
        payload: { username: 'survivor', password: TEST_USER_PASSWORD, role: 'operator', must_change_password: false },
      });
      expect(created.statusCode).toBe(200);
      const survivor = await signIn(first.anonymous, 'survivor', TEST_USER_PASSWORD);
      cookie = survivor.cookie;
      csrf = survivor.csrfToken;
      const forced = await survivor.inject({
        method: 'POST',
        url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`,
        payload: { reason: 'before restart' },
      });
      expect(forced.statusCode).toBe(200);
    } finally {
      await first.app.close();
    }

    // DASHBOARD_ADMIN_PASSWORD changed: users exist, so it is not applied again.
    const second = await appFor(sandbox, { DATA_DIR: dataDir, DASHBOARD_ADMIN_PASSWORD: 'another-password-here' }, { signIn: false });
    try {
      const me = await second.anonymous({ method: 'GET', url: '/auth/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().result).toMatchObject({ user: { username: 'survivor', role: 'operator' }, csrfToken: csrf });
      const admin = await signIn(second.anonymous, 'admin', TEST_ADMIN_PASSWORD);
      const users = (await admin.inject({ method: 'GET', url: '/api/users' })).json().result as { username: string }[];
      expect(users.map((user) => user.username).sort()).toEqual(['admin', 'survivor']);
      const audit = (await admin.inject({ method: 'GET', url: '/api/audit?operation=forceAxfr' })).json().result;
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ username: 'survivor', reason: 'before restart', status: 200 });
      expect(await second.app.storage.migrations()).toEqual(MIGRATIONS.map((migration) => migration.version));
    } finally {
      await second.app.close();
    }
  });
});

describe('the first start', () => {
  it('without DASHBOARD_ADMIN_PASSWORD creates admin with a generated password: logged once, written 0600', async () => {
    const dataDir = emptyDir();
    const t = await appFor(sandbox, { DATA_DIR: dataDir, DASHBOARD_ADMIN_PASSWORD: '' }, { signIn: false });
    try {
      const file = join(dataDir, 'initial-admin-password');
      const password = readFileSync(file, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'dashboard.db')).mode & 0o777).toBe(0o600);
      const lines = t.logs.filter((line) => line.includes(password));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('INITIAL ADMIN PASSWORD');
      const admin = await signIn(t.anonymous, 'admin', password);
      expect(admin.role).toBe('admin');
    } finally {
      await t.app.close();
    }
    const again = await appFor(sandbox, { DATA_DIR: dataDir, DASHBOARD_ADMIN_PASSWORD: '' }, { signIn: false });
    try {
      expect(again.logs.some((line) => line.includes('INITIAL ADMIN PASSWORD'))).toBe(false);
    } finally {
      await again.app.close();
    }
  });
});

describe('addressKey', () => {
  it('keeps IPv4, maps IPv4-mapped IPv6 to IPv4, and counts IPv6 by its /64', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:5:6::1')).toBe('2001:db8:5:6::/64');
    expect(addressKey('2001:0db8:0005:0006:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:5:6::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
