/**
 * A user locked out of sign-in (429 after too many wrong passwords): the users list says until when; an admin's
 * password reset, re-enable or Unlock (POST /api/users/:username/unlock, audited) lets them in again — their pairs
 * with every address and their own count are forgotten, in memory and in the database; an address's count is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { TEST_USER_PASSWORD, appFor, emptyDir, startTestSandbox, testClock, type Sandbox, type TestApp } from '../helper.js';

const NEW_PASSWORD = 'a-brand-new-password-for-bob';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

function helpers(t: TestApp) {
  const login = (remoteAddress: string, username: string, password: string) =>
    t.anonymous({ method: 'POST', url: '/auth/login', remoteAddress, payload: { username, password } });
  const fail = async (remoteAddress: string, username: string, times: number) => {
    for (let i = 0; i < times; i += 1) {
      const response = await login(remoteAddress, username, `wrong-password-${i}`);
      expect([401, 429]).toContain(response.statusCode);
    }
  };
  const usersList = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/users' })).json().result as { username: string; locked_until: string | null }[];
  const lockedUntil = async (username: string) => (await usersList()).find((user) => user.username === username)?.locked_until;
  const newUser = async (username: string) => {
    if (!(await t.app.storage.users.get(username))) {
      await t.app.storage.users.create({ username, role: 'viewer', passwordHash: await hashPassword(TEST_USER_PASSWORD) }, new Date());
    }
  };
  const auditOf = async (operation: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/audit?operation=${operation}` })).json().result as Record<string, unknown>[];
  return { login, fail, lockedUntil, newUser, auditOf };
}

describe('an admin resetting a locked-out user', () => {
  const clock = testClock();
  let t: TestApp;
  let h: ReturnType<typeof helpers>;
  beforeAll(async () => {
    t = await appFor(sandbox, { LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_USERNAME: '8', LOGIN_MAX_FAILURES_PER_ADDRESS: '50' }, { now: clock.now });
    h = helpers(t);
  });
  afterAll(async () => t?.app.close());

  it("a new password (PATCH) unlocks them at once, audited as users.update with the lock it cleared", async () => {
    await h.newUser('bob');
    expect(await h.lockedUntil('bob')).toBeNull();
    await h.fail('192.0.2.1', 'bob', 5);
    expect((await h.login('192.0.2.1', 'bob', TEST_USER_PASSWORD)).statusCode).toBe(429);
    // Locked at that address until the first failure leaves the 15-minute window.
    expect(await h.lockedUntil('bob')).toBe(new Date(clock.now() + 15 * 60_000).toISOString());

    const reset = await t.app.inject({ method: 'PATCH', url: '/api/users/bob', payload: { password: NEW_PASSWORD } });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(await h.lockedUntil('bob')).toBeNull();
    expect((await h.login('192.0.2.1', 'bob', NEW_PASSWORD)).statusCode).toBe(200);

    const [entry] = await h.auditOf('users.update');
    expect(entry).toMatchObject({
      resource_id: 'bob',
      status: 200,
      before: { role: 'viewer', disabled: false, password: '[REDACTED]', locked_until: expect.any(String) },
      after: { role: 'viewer', disabled: false, password: '[REDACTED, changed]', locked_until: null },
    });
  });

  it('enabling a disabled user again unlocks them; changing only the role does not', async () => {
    await h.newUser('carol');
    await h.fail('192.0.2.2', 'carol', 5);
    expect(await h.lockedUntil('carol')).not.toBeNull();
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/carol', payload: { role: 'operator' } })).statusCode).toBe(200);
    expect(await h.lockedUntil('carol')).not.toBeNull();
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/carol', payload: { disabled: true } })).statusCode).toBe(200);
    expect(await h.lockedUntil('carol')).not.toBeNull();
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/carol', payload: { disabled: false } })).statusCode).toBe(200);
    expect(await h.lockedUntil('carol')).toBeNull();
    expect((await h.login('192.0.2.2', 'carol', TEST_USER_PASSWORD)).statusCode).toBe(200);
  });

  it('Unlock forgets the failures from every address and the per-username count; audited as users.unlock', async () => {
    await h.newUser('dave');
    // 4 addresses × 2 failures: under the pair limit (5) everywhere, at the per-username limit (8).
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) await h.fail(address, 'dave', 2);
    expect((await h.login('198.51.100.9', 'dave', TEST_USER_PASSWORD)).statusCode).toBe(429);
    expect(await h.lockedUntil('dave')).not.toBeNull();

    const unlock = await t.app.inject({ method: 'POST', url: '/api/users/dave/unlock' });
    expect(unlock.statusCode, unlock.body).toBe(200);
    expect(unlock.json().result).toEqual({ username: 'dave', unlocked: true });
    expect(await h.lockedUntil('dave')).toBeNull();
    // The pairs are forgotten too: 4 more failures at one address do not reach its pair limit of 5.
    await h.fail('198.51.100.1', 'dave', 4);
    expect((await h.login('198.51.100.1', 'dave', TEST_USER_PASSWORD)).statusCode).toBe(200);

    const [entry] = await h.auditOf('users.unlock');
    expect(entry).toMatchObject({
      username: 'admin',
      operation: 'users.unlock',
      method: 'POST',
      resource_id: 'dave',
      status: 200,
      before: { locked_until: expect.any(String) },
      after: { locked_until: null },
    });
    // Nothing to forget: answered all the same.
    expect((await t.app.inject({ method: 'POST', url: '/api/users/dave/unlock' })).json().result).toEqual({ username: 'dave', unlocked: false });
  });

  it("keeps an address's own count: a sprayer there gets no fresh start from an admin's unlock", async () => {
    const sprayer = await appFor(sandbox, { LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6' });
    try {
      const s = helpers(sprayer);
      await s.newUser('erin');
      await s.fail('203.0.113.66', 'erin', 3);
      await s.fail('203.0.113.66', 'someone-else', 3);
      expect((await s.login('203.0.113.66', 'erin', TEST_USER_PASSWORD)).statusCode).toBe(429);
      expect((await sprayer.app.inject({ method: 'POST', url: '/api/users/erin/unlock' })).json().result.unlocked).toBe(true);
      // Still refused at that address (its 6 failures count whatever the username), not anywhere else.
      expect((await s.login('203.0.113.66', 'erin', TEST_USER_PASSWORD)).statusCode).toBe(429);
      expect((await s.login('203.0.113.67', 'erin', TEST_USER_PASSWORD)).statusCode).toBe(200);
    } finally {
      await sprayer.app.close();
    }
  });

  it('answers 404 for a user that does not exist, and only to admins', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/users/nobody-here/unlock' })).statusCode).toBe(404);
    const operator = await t.as('operator');
    expect((await operator.inject({ method: 'POST', url: '/api/users/bob/unlock' })).statusCode).toBe(403);
  });
});

describe('across a restart', () => {
  it('the lock is restored with its addresses, and an unlock clears it in the database too', async () => {
    const dataDir = emptyDir();
    const clock = testClock();
    const env = { DATA_DIR: dataDir, LOGIN_MAX_FAILURES: '3' };
    const first = await appFor(sandbox, env, { now: clock.now });
    try {
      const h = helpers(first);
      await h.newUser('frank');
      await h.fail('192.0.2.77', 'frank', 3);
    } finally {
      await first.app.close();
    }
    const second = await appFor(sandbox, env, { now: clock.now });
    try {
      const h = helpers(second);
      expect((await h.login('192.0.2.77', 'frank', TEST_USER_PASSWORD)).statusCode).toBe(429);
      expect(await h.lockedUntil('frank')).toBe(new Date(clock.now() + 15 * 60_000).toISOString());
      expect((await second.app.inject({ method: 'POST', url: '/api/users/frank/unlock' })).json().result.unlocked).toBe(true);
    } finally {
      await second.app.close();
    }
    const third = await appFor(sandbox, env, { now: clock.now, signIn: false });
    try {
      expect((await helpers(third).login('192.0.2.77', 'frank', TEST_USER_PASSWORD)).statusCode).toBe(200);
    } finally {
      await third.app.close();
    }
  });
});
