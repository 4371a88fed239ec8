/** The users API (admin): list, create, update, delete; validation; the last admin is kept; audited. */
import { ErrorCodes } from '@secdns/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD, appFor, signIn, startTestSandbox, testClock, type Sandbox, type TestApp, type TestClient } from '../helper.js';

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

describe('users API', () => {
  it('creates, lists, updates and deletes users; never shows a password hash', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'alice', password: TEST_USER_PASSWORD, role: 'operator' },
    });
    expect(created.statusCode).toBe(200);
    expect(created.json().result).toMatchObject({ username: 'alice', role: 'operator', disabled: false, last_login_at: null });

    const list = await t.app.inject({ method: 'GET', url: '/api/users' });
    expect(list.statusCode).toBe(200);
    expect(list.json().result.map((user: { username: string }) => user.username)).toEqual(['admin', 'alice']);
    expect(list.body).not.toContain('argon2');
    expect(list.body).not.toContain(TEST_USER_PASSWORD);

    const updated = await t.app.inject({ method: 'PATCH', url: '/api/users/alice', payload: { role: 'viewer', disabled: true } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().result).toMatchObject({ role: 'viewer', disabled: true });

    const enabled = await t.app.inject({ method: 'PATCH', url: '/api/users/alice', payload: { disabled: false } });
    expect(enabled.json().result.disabled).toBe(false);
    await signIn(t.anonymous, 'alice', TEST_USER_PASSWORD);
    const afterLogin = await t.app.inject({ method: 'GET', url: '/api/users' });
    expect(afterLogin.json().result[1].last_login_at).not.toBeNull();

    const deleted = await t.app.inject({ method: 'DELETE', url: '/api/users/alice' });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().result).toEqual({ username: 'alice' });
    expect((await t.app.inject({ method: 'DELETE', url: '/api/users/alice' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/alice', payload: { role: 'admin' } })).statusCode).toBe(404);
  });

  it('refuses a taken username with 409 and bad input with 400 and pointers', async () => {
    await t.app.inject({ method: 'POST', url: '/api/users', payload: { username: 'bob', password: TEST_USER_PASSWORD, role: 'viewer' } });
    const taken = await t.app.inject({ method: 'POST', url: '/api/users', payload: { username: 'bob', password: TEST_USER_PASSWORD, role: 'viewer' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0]).toMatchObject({ code: ErrorCodes.conflict, source: { pointer: '/username' } });

    const bad = await t.app.inject({ method: 'POST', url: '/api/users', payload: { username: 'Bob Smith', password: 'short', role: 'root' } });
    expect(bad.statusCode).toBe(400);
    const pointers = bad.json().errors.map((error: { source: { pointer: string } }) => error.source.pointer).sort();
    expect(pointers).toEqual(['/password', '/role', '/username']);

    const empty = await t.app.inject({ method: 'PATCH', url: '/api/users/bob', payload: {} });
    expect(empty.statusCode).toBe(400);
    const long = await t.app.inject({ method: 'PATCH', url: '/api/users/bob', payload: { password: 'x'.repeat(257) } });
    expect(long.statusCode).toBe(400);
    const badName = await t.app.inject({ method: 'PATCH', url: '/api/users/NOT%20OK', payload: { disabled: true } });
    expect(badName.statusCode).toBe(400);
  });

  it('keeps the last enabled admin: no delete, demote or disable (409); possible once another admin exists', async () => {
    for (const request of [
      { method: 'DELETE' as const, url: '/api/users/admin' },
      { method: 'PATCH' as const, url: '/api/users/admin', payload: { role: 'operator' } },
      { method: 'PATCH' as const, url: '/api/users/admin', payload: { disabled: true } },
    ]) {
      const response = await t.app.inject(request);
      expect(response.statusCode, `${request.method} ${JSON.stringify(request.payload)}`).toBe(409);
      expect(response.json().errors[0].message).toContain('last enabled admin');
    }
    // A disabled admin does not count.
    await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'carol', password: TEST_USER_PASSWORD, role: 'admin', must_change_password: false },
    });
    await t.app.inject({ method: 'PATCH', url: '/api/users/carol', payload: { disabled: true } });
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/admin', payload: { role: 'viewer' } })).statusCode).toBe(409);
    // An enabled second admin does.
    await t.app.inject({ method: 'PATCH', url: '/api/users/carol', payload: { disabled: false } });
    const carol = await signIn(t.anonymous, 'carol', TEST_USER_PASSWORD);
    expect((await carol.inject({ method: 'PATCH', url: '/api/users/admin', payload: { role: 'operator' } })).statusCode).toBe(200);
    expect((await carol.inject({ method: 'PATCH', url: '/api/users/carol', payload: { role: 'viewer' } })).statusCode).toBe(409);
    expect((await carol.inject({ method: 'DELETE', url: '/api/users/carol' })).statusCode).toBe(409);
  });

  it('records every user change in the audit log with the password redacted', async () => {
    const carol = await signIn(t.anonymous, 'carol', TEST_USER_PASSWORD);
    const audit = await carol.inject({ method: 'GET', url: '/api/audit?operation=users.create' });
    const entries = audit.json().result as { resource_id: string; body: { password: string }; username: string }[];
    expect(entries.map((entry) => entry.resource_id)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol']));
    for (const entry of entries) expect(entry.body.password).toBe('[REDACTED]');
    expect(audit.body).not.toContain(TEST_USER_PASSWORD);
    const updates = (await carol.inject({ method: 'GET', url: '/api/audit?operation=users.update&outcome=failure' })).json().result;
    expect(updates.some((entry: { status: number }) => entry.status === 409)).toBe(true);
  });

  it("shows who is signed in now, and signs a user out everywhere (they may sign in again); audited", async () => {
    const u = await appFor(sandbox);
    try {
      const admin = await u.as('admin');
      await admin.inject({ method: 'POST', url: '/api/users', payload: { username: 'bob', password: TEST_USER_PASSWORD, role: 'operator' } });
      const laptop = await signIn(u.anonymous, 'bob', TEST_USER_PASSWORD);
      const phone = await signIn(u.anonymous, 'bob', TEST_USER_PASSWORD);
      const bob = async () => {
        const response = await admin.inject({ method: 'GET', url: '/api/users' });
        expect(response.statusCode, response.body).toBe(200);
        return (response.json().result as { username: string; sessions: number; last_active_at: string | null }[]).find((user) => user.username === 'bob')!;
      };
      expect(await bob()).toMatchObject({ sessions: 2, last_active_at: expect.any(String) });

      const ended = await admin.inject({ method: 'DELETE', url: '/api/users/bob/sessions' });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(ended.json().result).toEqual({ username: 'bob', ended: 2, api_tokens_revoked: 0 });
      for (const client of [laptop, phone]) expect((await client.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
      expect(await bob()).toMatchObject({ sessions: 0, last_active_at: null });
      await signIn(u.anonymous, 'bob', TEST_USER_PASSWORD);
      expect(await bob()).toMatchObject({ sessions: 1 });

      expect((await admin.inject({ method: 'DELETE', url: '/api/users/nobody/sessions' })).statusCode).toBe(404);
      const viewer = await u.as('viewer');
      expect((await viewer.inject({ method: 'DELETE', url: '/api/users/bob/sessions' })).statusCode).toBe(403);
      const audit = (await admin.inject({ method: 'GET', url: '/api/audit?operation=users.sessions.delete' })).json().result as Record<string, unknown>[];
      expect(audit.find((entry) => entry.resource_id === 'bob' && entry.status === 200)).toMatchObject({ username: admin.username, outcome: 'success' });

      // Your own sessions: this one ends too.
      const self = await admin.inject({ method: 'DELETE', url: `/api/users/${admin.username}/sessions` });
      expect(self.statusCode).toBe(200);
      expect(String(self.headers['set-cookie'])).toMatch(/sid=;/);
      expect((await admin.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    } finally {
      await u.app.close();
    }
  });
});

describe('the end of a user’s access (expires_at)', () => {
  it('set for a contractor: refused in the past and on admins; at the end their session ends and sign-in says why; extended', async () => {
    const clock = testClock();
    const u = await appFor(sandbox, {}, { now: clock.now });
    try {
      const day = 24 * 60 * 60_000;
      const ends = new Date(clock.now() + day).toISOString();
      const create = (payload: Record<string, unknown>) => u.app.inject({ method: 'POST', url: '/api/users', payload });
      const created = await create({ username: 'dana', password: TEST_USER_PASSWORD, role: 'operator', must_change_password: false, expires_at: ends });
      expect(created.statusCode).toBe(200);
      expect(created.json().result).toMatchObject({ username: 'dana', expires_at: ends });

      const past = await create({ username: 'erin', password: TEST_USER_PASSWORD, role: 'viewer', expires_at: new Date(clock.now() - 1000).toISOString() });
      expect(past.statusCode).toBe(400);
      expect(past.json().errors[0]).toMatchObject({ source: { pointer: '/expires_at' }, message: expect.stringMatching(/in the past: .*disable the user/) });
      const admin = await create({ username: 'erin', password: TEST_USER_PASSWORD, role: 'admin', expires_at: ends });
      expect(admin.statusCode).toBe(400);
      expect(admin.json().errors[0]).toMatchObject({ source: { pointer: '/expires_at' }, message: expect.stringMatching(/admin's access does not end/) });
      const notATime = await create({ username: 'erin', password: TEST_USER_PASSWORD, role: 'viewer', expires_at: 'next friday' });
      expect(notATime.statusCode).toBe(400);
      expect(notATime.json().errors[0].source).toEqual({ pointer: '/expires_at' });
      // Made admin while an end is set: refused on the role, unless the end goes in the same change.
      const promoted = await u.app.inject({ method: 'PATCH', url: '/api/users/dana', payload: { role: 'admin' } });
      expect(promoted.statusCode).toBe(400);
      expect(promoted.json().errors[0].source).toEqual({ pointer: '/role' });
      expect((await u.app.storage.users.get('dana'))?.role).toBe('operator');

      const dana = await signIn(u.anonymous, 'dana', TEST_USER_PASSWORD);
      const me = await dana.inject({ method: 'GET', url: '/auth/me' });
      expect(me.statusCode).toBe(200);
      // She sees the end of her own access (the dashboard says it in her last days).
      expect(me.json().result.user.access_ends_at).toBe(ends);
      const danaIn = async (list: Pick<TestClient, 'inject'>) =>
        ((await list.inject({ method: 'GET', url: '/api/users' })).json().result as { username: string; sessions: number }[]).find(
          (row) => row.username === 'dana',
        )?.sessions;
      expect(await danaIn(u.app)).toBe(1);

      // The end passes: her session ends with it (not "signed in now" even before its next use), and her right
      // password is answered with why.
      clock.advance(day);
      const boss = await signIn(u.anonymous, 'admin', TEST_ADMIN_PASSWORD);
      expect(await danaIn(boss)).toBe(0);
      expect((await dana.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
      const login = () => u.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'dana', password: TEST_USER_PASSWORD } });
      const refused = await login();
      expect(refused.statusCode).toBe(401);
      expect(refused.json().errors[0]).toMatchObject({
        code: ErrorCodes.accessExpired,
        message: 'Your access to this dashboard ended on 2030-01-02 00:00:00 UTC. Ask an admin to extend it.',
      });
      // A wrong password still says only that.
      const wrong = await u.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'dana', password: 'not-her-password' } });
      expect(wrong.json().errors[0].code).toBe(ErrorCodes.authentication);

      // An admin extends it by a week (audited, before and after); she signs in again.
      const week = new Date(clock.now() + 7 * day).toISOString();
      const extended = await boss.inject({ method: 'PATCH', url: '/api/users/dana', payload: { expires_at: week } });
      expect(extended.statusCode).toBe(200);
      expect(extended.json().result.expires_at).toBe(week);
      // Given with an offset, kept in UTC.
      const offset = await boss.inject({ method: 'PATCH', url: '/api/users/dana', payload: { expires_at: '2030-01-20T01:00:00+02:00' } });
      expect(offset.json().result.expires_at).toBe('2030-01-19T23:00:00.000Z');
      await boss.inject({ method: 'PATCH', url: '/api/users/dana', payload: { expires_at: week } });
      expect((await login()).statusCode).toBe(200);
      const audit = (await boss.inject({ method: 'GET', url: '/api/audit?operation=users.update&outcome=success' })).json().result;
      const changes = audit.flatMap((entry: { changes: unknown[] }) => entry.changes);
      expect(changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'expires_at', before: ends, after: week })]));
      const refusals = (await boss.inject({ method: 'GET', url: '/api/audit?operation=auth.login&outcome=failure' })).json().result;
      expect(refusals.some((entry: { refusal: string | null }) => entry.refusal === 'access_expired')).toBe(true);

      // No end any more; then made admin.
      const open = await boss.inject({ method: 'PATCH', url: '/api/users/dana', payload: { expires_at: null } });
      expect(open.json().result.expires_at).toBeNull();
      expect((await boss.inject({ method: 'PATCH', url: '/api/users/dana', payload: { role: 'admin' } })).statusCode).toBe(200);
    } finally {
      await u.app.close();
    }
  });
});
