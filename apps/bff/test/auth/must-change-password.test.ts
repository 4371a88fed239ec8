/**
 * A password someone else set: a user an admin created, or whose password an admin reset, must choose their own at
 * their next sign-in. Until then their session may read /auth/me, change the password and sign out, nothing else
 * (403, code 10002, audited as a refusal); the change clears the flag. The first admin from DASHBOARD_ADMIN_PASSWORD
 * is not flagged. (The reset-password command flags too: test/auth/reset-password.test.ts.)
 */
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_USER_PASSWORD, appFor, signIn, startTestSandbox, type Sandbox, type TestApp, type TestClient } from '../helper.js';

const PEERS = `/api/accounts/${SEED.accountId}/secondary_dns/peers`;
const OWN_PASSWORD = 'chosen-by-myself-0123';

let sandbox: Sandbox;
let t: TestApp;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox);
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

async function createUser(username: string, extra: Record<string, unknown> = {}) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    payload: { username, password: TEST_USER_PASSWORD, role: 'operator', ...extra },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().result as { must_change_password: boolean };
}

async function listed(username: string) {
  const list = (await t.app.inject({ method: 'GET', url: '/api/users' })).json().result as { username: string; must_change_password: boolean }[];
  return list.find((user) => user.username === username);
}

function expectRefused(response: { statusCode: number; json(): unknown }) {
  expect(response.statusCode).toBe(403);
  expect(response.json()).toMatchObject({
    success: false,
    result: null,
    errors: [{ code: ErrorCodes.mustChangePassword, message: expect.stringContaining('Choose your own password first') }],
  });
}

describe('must change password', () => {
  it('the first admin (DASHBOARD_ADMIN_PASSWORD) is not asked to change it', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/auth/me' });
    expect(me.json().result.user).toEqual({ username: 'admin', role: 'admin', must_change_password: false, must_enrol_two_factor: false });
    expect((await listed('admin'))?.must_change_password).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);
  });

  it('a user an admin created must change it: only /auth/me, the change and sign-out answer until they do', async () => {
    expect((await createUser('dana')).must_change_password).toBe(true);
    expect((await listed('dana'))?.must_change_password).toBe(true);

    const login = await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'dana', password: TEST_USER_PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(login.json().result.user).toEqual({ username: 'dana', role: 'operator', must_change_password: true, must_enrol_two_factor: false });
    const dana = await signIn(t.anonymous, 'dana', TEST_USER_PASSWORD);

    const me = await dana.inject({ method: 'GET', url: '/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().result.user.must_change_password).toBe(true);

    // Reads, writes, BFF-owned routes and Cloudflare's alike; refused before any upstream call.
    const upstreamBefore = sandbox.requests.length;
    expectRefused(await dana.inject({ method: 'GET', url: PEERS }));
    expectRefused(await dana.inject({ method: 'GET', url: '/api/audit' }));
    expectRefused(await dana.inject({ method: 'GET', url: '/api/meta/ratelimit' }));
    expectRefused(await dana.inject({ method: 'POST', url: `${PEERS}`, payload: { name: 'x', ip: '192.0.2.1' } }));
    expect(sandbox.requests.length).toBe(upstreamBefore);
    // A public route stays public (anyone may read it, signed in or not).
    expect((await dana.inject({ method: 'GET', url: '/api/meta' })).statusCode).toBe(200);
    // The CSRF check still comes first.
    const noToken = await dana.inject({ method: 'POST', url: '/auth/password', headers: { 'x-csrf-token': 'wrong' }, payload: {} });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().errors[0].code).toBe(ErrorCodes.forbidden);

    // The refusal is audited with the user and the reason.
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?user=dana&outcome=failure' })).json().result as {
      refusal: string | null;
      status: number;
      path: string;
    }[];
    expect(audit.some((entry) => entry.refusal === 'must_change_password' && entry.status === 403 && entry.path === PEERS)).toBe(true);

    // Keeping the password an admin set is no change.
    const same = await dana.inject({
      method: 'POST',
      url: '/auth/password',
      payload: { currentPassword: TEST_USER_PASSWORD, newPassword: TEST_USER_PASSWORD },
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0]).toMatchObject({ code: ErrorCodes.validation, source: { pointer: '/newPassword' } });
    expectRefused(await dana.inject({ method: 'GET', url: PEERS }));

    // The change: the normal auth.password, which ends every session (this one too), and clears the flag.
    const changed = await dana.inject({
      method: 'POST',
      url: '/auth/password',
      payload: { currentPassword: TEST_USER_PASSWORD, newPassword: OWN_PASSWORD },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await dana.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    expect((await listed('dana'))?.must_change_password).toBe(false);
    const entries = (await t.app.inject({ method: 'GET', url: '/api/audit?user=dana&operation=auth.password' })).json().result;
    // Newest first: the change, the same password refused, the request without the CSRF token.
    expect(entries.map((entry: { status: number }) => entry.status)).toEqual([200, 400, 403]);

    const again = await signIn(t.anonymous, 'dana', OWN_PASSWORD);
    expect((await again.inject({ method: 'GET', url: '/auth/me' })).json().result.user.must_change_password).toBe(false);
    expect((await again.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);
  });

  it('a flagged user may sign out', async () => {
    await createUser('erin');
    const erin = await signIn(t.anonymous, 'erin', TEST_USER_PASSWORD);
    const out = await erin.inject({ method: 'POST', url: '/auth/logout', payload: {} });
    expect(out.statusCode).toBe(200);
    expect((await erin.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
  });

  it("an admin's password reset flags the user again; must_change_password: false leaves them free", async () => {
    await createUser('fred', { must_change_password: false });
    expect((await listed('fred'))?.must_change_password).toBe(false);
    let fred: TestClient = await signIn(t.anonymous, 'fred', TEST_USER_PASSWORD);
    expect((await fred.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);

    const reset = await t.app.inject({ method: 'PATCH', url: '/api/users/fred', payload: { password: 'admin-knows-this-0123' } });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().result.must_change_password).toBe(true);
    const entry = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=users.update&resource=fred' })).json().result[0];
    expect(entry.before).toMatchObject({ must_change_password: false });
    expect(entry.after).toMatchObject({ password: '[REDACTED, changed]', must_change_password: true });

    fred = await signIn(t.anonymous, 'fred', 'admin-knows-this-0123');
    expectRefused(await fred.inject({ method: 'GET', url: PEERS }));

    // A reset the user chose (sitting beside the admin) need not be changed again.
    const chosen = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/fred',
      payload: { password: 'fred-chose-this-0123', must_change_password: false },
    });
    expect(chosen.json().result.must_change_password).toBe(false);
    fred = await signIn(t.anonymous, 'fred', 'fred-chose-this-0123');
    expect((await fred.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);

    // Other changes leave it as it is; and it goes with a password only.
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/fred', payload: { role: 'viewer' } })).json().result.must_change_password).toBe(false);
    const alone = await t.app.inject({ method: 'PATCH', url: '/api/users/fred', payload: { role: 'operator', must_change_password: true } });
    expect(alone.statusCode).toBe(400);
    expect(alone.json().errors[0].source.pointer).toBe('/must_change_password');
  });

  it('an admin who sets their own password on the Users page chose it: not flagged', async () => {
    const other = await t.app.inject({ method: 'POST', url: '/api/users', payload: { username: 'gina', password: TEST_USER_PASSWORD, role: 'admin', must_change_password: false } });
    expect(other.statusCode).toBe(200);
    const gina = await signIn(t.anonymous, 'gina', TEST_USER_PASSWORD);
    const own = await gina.inject({ method: 'PATCH', url: '/api/users/gina', payload: { password: 'gina-new-password-0123' } });
    expect(own.statusCode).toBe(200);
    expect(own.json().result.must_change_password).toBe(false);
  });
});
