/**
 * Two-factor sign-in (TOTP) with the real app on a test clock: enrolment needs the password and then a right code;
 * sign-in asks for a code after the password and starts no session until it is right; the previous and next 30 s
 * step are accepted, two steps off are not; a code is good once; a recovery code works once; wrong codes count in
 * the sign-in throttle; the second step expires and is bound to the password it followed; turning it off needs the
 * password and a code; an admin can reset it; REQUIRE_TWO_FACTOR has users without it set it up first; and the
 * secret, the recovery codes and the challenge are in no log line, audit entry or later answer.
 */
import { ErrorCodes, type TwoFactorEnrolment } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/two-factor.js';
import {
  TEST_ADMIN_PASSWORD,
  TEST_USER_PASSWORD,
  appFor,
  cookieFrom,
  signIn,
  startTestSandbox,
  testClock,
  type Sandbox,
  type TestApp,
  type TestClient,
} from '../helper.js';

const PEERS = `/api/accounts/${SEED.accountId}/secondary_dns/peers`;
const STEP = 30_000;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

/** A user an admin created (not asked to change the password), signed in. */
async function newUser(t: TestApp, username: string, role = 'operator'): Promise<TestClient> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    payload: { username, password: TEST_USER_PASSWORD, role, must_change_password: false },
  });
  expect(created.statusCode, created.body).toBe(200);
  return signIn(t.anonymous, username, TEST_USER_PASSWORD);
}

/** Starts an enrolment and confirms it with the code of `now`: the secret and the recovery codes. */
async function enrol(client: TestClient, now: number, secretWord = TEST_USER_PASSWORD): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await client.inject({ method: 'POST', url: '/auth/two-factor/enrolment', payload: { password: secretWord } });
  expect(started.statusCode, started.body).toBe(200);
  const { secret } = started.json().result as TwoFactorEnrolment;
  const confirmed = await client.inject({
    method: 'POST',
    url: '/auth/two-factor/enrolment/confirm',
    payload: { code: totpCode(secret, now) },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret, recoveryCodes: confirmed.json().result.recoveryCodes as string[] };
}

/** The first step: the password. Returns the challenge (two-factor on) and the raw answer. */
async function password(inject: FastifyInstance['inject'], username: string, remoteAddress = '127.0.0.1') {
  const response = await inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { username, password: TEST_USER_PASSWORD } });
  return { response, challenge: (response.json().result?.challenge ?? '') as string };
}

function code(inject: FastifyInstance['inject'], challenge: string, value: string, remoteAddress = '127.0.0.1') {
  return inject({ method: 'POST', url: '/auth/login/two-factor', remoteAddress, payload: { challenge, code: value } });
}

/** Both steps, expecting a session: the signed-in answer. */
async function signInWithCode(inject: FastifyInstance['inject'], username: string, value: string): Promise<LightMyRequestResponse> {
  const { challenge } = await password(inject, username);
  const response = await code(inject, challenge, value);
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

async function audit(t: TestApp, query: string) {
  return (await t.app.inject({ method: 'GET', url: `/api/audit?${query}` })).json().result as Array<Record<string, unknown>>;
}

describe('enrolment', () => {
  let t: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    t = await appFor(sandbox, {}, { now: clock.now });
  });
  afterAll(async () => t?.app.close());

  it('needs the password, then a right code; until then it is off; on, other sessions end', async () => {
    const olivia = await newUser(t, 'olivia');
    const elsewhere = await signIn(t.anonymous, 'olivia', TEST_USER_PASSWORD);
    const status = async () => (await olivia.inject({ method: 'GET', url: '/auth/two-factor' })).json().result;
    expect(await status()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false });

    const wrongPassword = await olivia.inject({ method: 'POST', url: '/auth/two-factor/enrolment', payload: { password: 'not-her-password' } });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().errors[0].source).toEqual({ pointer: '/password' });

    const started = await olivia.inject({ method: 'POST', url: '/auth/two-factor/enrolment', payload: { password: TEST_USER_PASSWORD } });
    expect(started.statusCode).toBe(200);
    const enrolment = started.json().result as TwoFactorEnrolment;
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.otpauthUri).toBe(
      `otpauth://totp/Secondary%20DNS%20dashboard:olivia%40localhost?issuer=Secondary%20DNS%20dashboard&secret=${enrolment.secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(enrolment.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(enrolment.qrCode.split(',')[1]!, 'base64').toString()).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    expect(enrolment).toMatchObject({ issuer: 'Secondary DNS dashboard', accountName: 'olivia@localhost' });
    expect(started.headers['cache-control']).toBe('no-store');

    // A wrong code (or the code of another secret) switches nothing on; what was sent is refused on its field.
    const wrong = await olivia.inject({ method: 'POST', url: '/auth/two-factor/enrolment/confirm', payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ code: ErrorCodes.validation, source: { pointer: '/code' } });
    const malformed = await olivia.inject({ method: 'POST', url: '/auth/two-factor/enrolment/confirm', payload: { code: '12345' } });
    expect(malformed.statusCode).toBe(400);
    expect((await status()).enabled).toBe(false);
    expect((await password(t.anonymous, 'olivia')).response.json().result.csrfToken).toBeDefined();

    // As the app shows it ("123 456"), it is right.
    const right = totpCode(enrolment.secret, clock.now());
    const confirmed = await olivia.inject({
      method: 'POST',
      url: '/auth/two-factor/enrolment/confirm',
      payload: { code: `${right.slice(0, 3)} ${right.slice(3)}` },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const { recoveryCodes } = confirmed.json().result as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    for (const recoveryCode of recoveryCodes) expect(recoveryCode).toMatch(/^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$/);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await status()).toEqual({ enabled: true, enabledAt: new Date(clock.now()).toISOString(), recoveryCodesLeft: 10, required: false });

    // This session goes on; those signed in elsewhere with the password alone (two: above) end.
    expect((await olivia.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(200);
    expect((await elsewhere.inject({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);

    // The Users page says so; a second enrolment is refused while it is on; the confirm code cannot sign in.
    const users = (await t.app.inject({ method: 'GET', url: '/api/users' })).json().result as { username: string; two_factor_enabled: boolean }[];
    expect(users.find((user) => user.username === 'olivia')?.two_factor_enabled).toBe(true);
    expect(users.find((user) => user.username === 'admin')?.two_factor_enabled).toBe(false);
    const again = await olivia.inject({ method: 'POST', url: '/auth/two-factor/enrolment', payload: { password: TEST_USER_PASSWORD } });
    expect(again.statusCode).toBe(409);
    const { challenge } = await password(t.anonymous, 'olivia');
    expect((await code(t.anonymous, challenge, right)).json().errors[0].message).toMatch(/used already/);

    // Audited: the wrong code and the switch, without the code; never an answer with the secret again.
    const entries = await audit(t, 'user=olivia&operation=auth.twoFactor.enable');
    expect(entries.map((entry) => [entry.status, entry.refusal])).toEqual([
      [200, null],
      [400, null],
      [400, 'invalid_two_factor_code'],
    ]);
    expect(entries[0]).toMatchObject({
      body: { code: '[REDACTED]' },
      after: { two_factor_enabled: true, recovery_codes_left: 10, other_sessions_ended: 2 },
    });
    const starts = await audit(t, 'user=olivia&operation=auth.twoFactor.enrolment');
    expect(starts.map((entry) => entry.status)).toEqual([409, 200, 400]);
    expect(starts[1]).toMatchObject({ body: { password: '[REDACTED]' } });
  });

  it('a set-up waits 15 minutes for its code', async () => {
    const pat = await newUser(t, 'pat');
    const started = await pat.inject({ method: 'POST', url: '/auth/two-factor/enrolment', payload: { password: TEST_USER_PASSWORD } });
    const { secret } = started.json().result as TwoFactorEnrolment;
    clock.advance(16 * 60_000);
    const late = await pat.inject({ method: 'POST', url: '/auth/two-factor/enrolment/confirm', payload: { code: totpCode(secret, clock.now()) } });
    expect(late.statusCode).toBe(409);
    expect(late.json().errors[0].message).toMatch(/start again/);
  });
});

describe('sign-in with two-factor on', () => {
  let t: TestApp;
  const clock = testClock();
  let secret: string;
  let recoveryCodes: string[];
  beforeAll(async () => {
    t = await appFor(sandbox, { LOGIN_MAX_FAILURES: '50', LOGIN_MAX_FAILURES_PER_ADDRESS: '100', LOGIN_MAX_FAILURES_PER_USERNAME: '50' }, { now: clock.now });
    ({ secret, recoveryCodes } = await enrol(await newUser(t, 'quinn'), clock.now()));
    clock.advance(5 * STEP);
  });
  afterAll(async () => t?.app.close());

  it('a right password gives a challenge and no session; a wrong code none either; the right code signs in', async () => {
    const { response, challenge } = await password(t.anonymous, 'quinn');
    expect(response.statusCode).toBe(200);
    expect(response.json().result).toEqual({ twoFactorRequired: true, challenge, expiresAt: new Date(clock.now() + 5 * 60_000).toISOString() });
    expect(challenge).toMatch(/^[\w-]{43}$/);
    expect(response.headers['set-cookie']).toBeUndefined();

    const wrong = await code(t.anonymous, challenge, '000000');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().errors[0]).toMatchObject({ code: ErrorCodes.authentication, source: { pointer: '/code' }, message: expect.stringMatching(/^code: Wrong code/) });
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const right = await code(t.anonymous, challenge, totpCode(secret, clock.now()));
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json().result.user).toEqual({ username: 'quinn', role: 'operator', must_change_password: false, must_enrol_two_factor: false });
    const cookie = cookieFrom(right.headers['set-cookie']);
    expect((await t.anonymous({ method: 'GET', url: PEERS, headers: { cookie } })).statusCode).toBe(200);

    // The challenge was for one sign-in.
    const reused = await code(t.anonymous, challenge, totpCode(secret, clock.now() + STEP));
    expect(reused.statusCode).toBe(401);
    expect(reused.json().errors[0].code).toBe(ErrorCodes.signInExpired);

    // Audited as two steps, the codes and the challenge redacted.
    const entries = await audit(t, 'user=quinn&operation=auth.login.twoFactor');
    expect(entries.map((entry) => [entry.status, entry.refusal])).toEqual([
      [200, null],
      [401, 'invalid_two_factor_code'],
    ]);
    expect(entries[0]!.body).toEqual({ challenge: '[REDACTED]', code: '[REDACTED]' });
    expect((await audit(t, 'user=quinn&operation=auth.login.password'))[0]).toMatchObject({ status: 200, outcome: 'success', role: 'operator' });
    // A wrong password stays a plain failed sign-in, no challenge.
    const bad = await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'quinn', password: 'not-the-password' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().result).toBeNull();
  });

  it('accepts the code of the step before and after now (clock drift), not two steps off; a code once (replay)', async () => {
    clock.advance(10 * STEP);
    const now = clock.now();
    for (const offset of [-2, 2]) {
      const { challenge } = await password(t.anonymous, 'quinn');
      const refused = await code(t.anonymous, challenge, totpCode(secret, now + offset * STEP));
      expect(refused.statusCode, `${offset} steps`).toBe(401);
    }
    await signInWithCode(t.anonymous, 'quinn', totpCode(secret, now - STEP));
    await signInWithCode(t.anonymous, 'quinn', totpCode(secret, now + STEP));

    // Replay: the code just used, and an older one still within the window, are refused.
    for (const used of [totpCode(secret, now + STEP), totpCode(secret, now)]) {
      const { challenge } = await password(t.anonymous, 'quinn');
      const replayed = await code(t.anonymous, challenge, used);
      expect(replayed.statusCode).toBe(401);
      expect(replayed.json().errors[0].message).toBe(
        'code: This code was used already: wait for the next one (your authenticator app shows a new code every 30 seconds).',
      );
    }
    // The next step's code is new.
    clock.advance(2 * STEP);
    await signInWithCode(t.anonymous, 'quinn', totpCode(secret, clock.now()));
  });

  it('a recovery code signs in once, in place of the app’s code, and says how many are left', async () => {
    const used = recoveryCodes[0]!;
    // Typed in capitals, without the dashes, it is the same code.
    await signInWithCode(t.anonymous, 'quinn', used.toUpperCase().replace(/-/g, ''));
    const entry = (await audit(t, 'user=quinn&operation=auth.login.recoveryCode'))[0];
    expect(entry).toMatchObject({ status: 200, after: { recovery_codes_left: 9 }, reason: 'Signed in with a recovery code; 9 left' });

    const { challenge } = await password(t.anonymous, 'quinn');
    const again = await code(t.anonymous, challenge, used);
    expect(again.statusCode).toBe(401);
    expect(again.json().errors[0].source).toEqual({ pointer: '/code' });
    // Another user's code is no code of quinn's.
    const status = await signIn(t.anonymous, 'admin', TEST_ADMIN_PASSWORD);
    expect((await status.inject({ method: 'GET', url: '/auth/two-factor' })).json().result.recoveryCodesLeft).toBe(0);
  });

  it('the second step expires after 5 minutes, and ends after 5 wrong codes', async () => {
    const late = await password(t.anonymous, 'quinn');
    clock.advance(5 * 60_000 + 1);
    const expired = await code(t.anonymous, late.challenge, totpCode(secret, clock.now()));
    expect(expired.statusCode).toBe(401);
    expect(expired.json().errors[0]).toMatchObject({ code: ErrorCodes.signInExpired, message: expect.stringMatching(/enter your username and password again/) });
    expect((await audit(t, 'operation=auth.login.twoFactor'))[0]).toMatchObject({ username: null, refusal: 'two_factor_challenge_expired' });

    const { challenge } = await password(t.anonymous, 'quinn');
    for (let i = 0; i < 4; i += 1) expect((await code(t.anonymous, challenge, `00000${i}`)).json().errors[0].code).toBe(ErrorCodes.authentication);
    const fifth = await code(t.anonymous, challenge, '000009');
    expect(fifth.json().errors[0]).toMatchObject({ code: ErrorCodes.signInExpired, message: expect.stringMatching(/^Too many wrong codes/) });
    expect((await code(t.anonymous, challenge, totpCode(secret, clock.now()))).json().errors[0].code).toBe(ErrorCodes.signInExpired);
  });

  it('the second step is bound to the password it followed: a password changed since, or a disabled user, ends it', async () => {
    clock.advance(2 * STEP);
    const { challenge } = await password(t.anonymous, 'quinn');
    const reset = await t.app.inject({ method: 'PATCH', url: '/api/users/quinn', payload: { password: 'admin-set-this-0123', must_change_password: false } });
    expect(reset.statusCode).toBe(200);
    const after = await code(t.anonymous, challenge, totpCode(secret, clock.now()));
    expect(after.statusCode).toBe(401);
    expect(after.json().errors[0].code).toBe(ErrorCodes.signInExpired);
    await t.app.inject({ method: 'PATCH', url: '/api/users/quinn', payload: { password: TEST_USER_PASSWORD, must_change_password: false } });

    const second = await password(t.anonymous, 'quinn');
    await t.app.inject({ method: 'PATCH', url: '/api/users/quinn', payload: { disabled: true } });
    expect((await code(t.anonymous, second.challenge, totpCode(secret, clock.now()))).json().errors[0].code).toBe(ErrorCodes.signInExpired);
    await t.app.inject({ method: 'PATCH', url: '/api/users/quinn', payload: { disabled: false } });
    await signInWithCode(t.anonymous, 'quinn', totpCode(secret, clock.now()));
  });

  it('an access that ends between the password and the code: the code is answered with why, not a session', async () => {
    clock.advance(2 * STEP);
    const ends = new Date(clock.now() + 2 * 60_000).toISOString();
    expect((await t.app.inject({ method: 'PATCH', url: '/api/users/quinn', payload: { expires_at: ends } })).statusCode).toBe(200);
    const { challenge } = await password(t.anonymous, 'quinn');
    expect(challenge).not.toBe('');
    clock.advance(3 * 60_000);
    const late = await code(t.anonymous, challenge, totpCode(secret, clock.now()));
    expect(late.statusCode).toBe(401);
    expect(late.json().errors[0]).toMatchObject({ code: ErrorCodes.accessExpired, message: expect.stringContaining('Ask an admin to extend it') });
    expect(late.headers['set-cookie']).toBeUndefined();
    await t.app.inject({ method: 'PATCH', url: '/api/users/quinn', payload: { expires_at: null } });
    clock.advance(2 * STEP);
    await signInWithCode(t.anonymous, 'quinn', totpCode(secret, clock.now()));
  });
});

describe('throttle', () => {
  let t: TestApp;
  const clock = testClock();
  let secret: string;
  beforeAll(async () => {
    t = await appFor(sandbox, { LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '50', LOGIN_MAX_FAILURES_PER_USERNAME: '5' }, { now: clock.now });
    ({ secret } = await enrol(await newUser(t, 'rita'), clock.now()));
    clock.advance(2 * STEP);
  });
  afterAll(async () => t?.app.close());

  it('wrong codes count like wrong passwords; a right password in between forgets none of them', async () => {
    const address = '198.51.100.7';
    let { challenge } = await password(t.anonymous, 'rita', address);
    expect((await code(t.anonymous, challenge, '111111', address)).statusCode).toBe(401);
    expect((await code(t.anonymous, challenge, '222222', address)).statusCode).toBe(401);
    // The password again: a new challenge, but the two wrong codes still count.
    ({ challenge } = await password(t.anonymous, 'rita', address));
    expect(challenge).not.toBe('');
    expect((await code(t.anonymous, challenge, '333333', address)).statusCode).toBe(401);
    // Three failures at this address: the right code is refused too, and so is the password.
    const refused = await code(t.anonymous, challenge, totpCode(secret, clock.now()), address);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json().errors[0]).toMatchObject({ code: ErrorCodes.rateLimited, message: expect.stringMatching(/^Too many failed sign-ins/) });
    expect((await password(t.anonymous, 'rita', address)).response.statusCode).toBe(429);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/users' })).json().result.find((user: { username: string }) => user.username === 'rita');
    expect(listed.locked_until).not.toBeNull();

    // From another address the pair's count is fresh; the right code then forgets the username's failures.
    const other = '198.51.100.8';
    ({ challenge } = await password(t.anonymous, 'rita', other));
    expect((await code(t.anonymous, challenge, totpCode(secret, clock.now()), other)).statusCode).toBe(200);
  });
});

describe('turning it off, new recovery codes, an admin’s reset', () => {
  let t: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    t = await appFor(sandbox, {}, { now: clock.now });
  });
  afterAll(async () => t?.app.close());

  it('turning it off needs the password and a code', async () => {
    const sam = await newUser(t, 'sam');
    const { secret } = await enrol(sam, clock.now());
    clock.advance(STEP);
    const disable = (payload: Record<string, string>) => sam.inject({ method: 'POST', url: '/auth/two-factor/disable', payload });

    const noCode = await disable({ password: TEST_USER_PASSWORD });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json().errors[0].source).toEqual({ pointer: '/code' });
    const wrongPassword = await disable({ password: 'not-the-password', code: totpCode(secret, clock.now()) });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().errors[0].source).toEqual({ pointer: '/password' });
    const wrongCode = await disable({ password: TEST_USER_PASSWORD, code: '000000' });
    expect(wrongCode.statusCode).toBe(400);
    expect(wrongCode.json().errors[0]).toMatchObject({ source: { pointer: '/code' }, message: expect.stringMatching(/^code: Wrong code/) });
    expect((await sam.inject({ method: 'GET', url: '/auth/two-factor' })).json().result.enabled).toBe(true);

    const off = await disable({ password: TEST_USER_PASSWORD, code: totpCode(secret, clock.now()) });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().result).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false });
    // The password alone signs in again.
    expect((await password(t.anonymous, 'sam')).response.json().result.csrfToken).toBeDefined();
    const entries = await audit(t, 'user=sam&operation=auth.twoFactor.disable');
    expect(entries.map((entry) => entry.status)).toEqual([200, 400, 400, 400]);
    expect(entries[0]).toMatchObject({
      body: { password: '[REDACTED]', code: '[REDACTED]' },
      before: { two_factor_enabled: true, recovery_codes_left: 10 },
      after: { two_factor_enabled: false },
    });
  });

  it('a recovery code turns it off too; new recovery codes replace the old ones', async () => {
    const tess = await newUser(t, 'tess');
    const { secret, recoveryCodes } = await enrol(tess, clock.now());
    clock.advance(STEP);
    const renewed = await tess.inject({
      method: 'POST',
      url: '/auth/two-factor/recovery-codes',
      payload: { password: TEST_USER_PASSWORD, code: totpCode(secret, clock.now()) },
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    const fresh = renewed.json().result.recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.some((value) => recoveryCodes.includes(value))).toBe(false);
    const { challenge } = await password(t.anonymous, 'tess');
    expect((await code(t.anonymous, challenge, recoveryCodes[1]!)).statusCode).toBe(401);

    const off = await tess.inject({ method: 'POST', url: '/auth/two-factor/disable', payload: { password: TEST_USER_PASSWORD, code: fresh[0]! } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await audit(t, 'user=tess&operation=auth.twoFactor.disable'))[0]!.reason).toBe('A recovery code was used in place of the app’s code');
  });

  it('an admin resets a user’s two-factor (a lost phone), audited; others may not', async () => {
    const uma = await newUser(t, 'uma');
    await enrol(uma, clock.now());
    const viewer = await newUser(t, 'vera', 'viewer');
    const refused = await viewer.inject({ method: 'DELETE', url: '/api/users/uma/two-factor' });
    expect(refused.statusCode).toBe(403);
    // Not even one's own: turning it off takes the password and a code.
    expect((await uma.inject({ method: 'DELETE', url: '/api/users/uma/two-factor' })).statusCode).toBe(403);

    const waiting = await password(t.anonymous, 'uma');
    const reset = await t.app.inject({ method: 'DELETE', url: '/api/users/uma/two-factor' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().result).toEqual({ username: 'uma', was_enabled: true });
    expect((await t.app.inject({ method: 'DELETE', url: '/api/users/uma/two-factor' })).json().result.was_enabled).toBe(false);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/users/nobody/two-factor' })).statusCode).toBe(404);

    // A sign-in waiting for the old phone's code cannot be completed; the password alone signs in now.
    expect((await code(t.anonymous, waiting.challenge, '123456')).json().errors[0].code).toBe(ErrorCodes.signInExpired);
    expect((await password(t.anonymous, 'uma')).response.json().result.csrfToken).toBeDefined();
    const entry = (await audit(t, 'operation=users.twoFactor.reset&resource=uma'))[1];
    expect(entry).toMatchObject({
      username: 'admin',
      status: 200,
      before: { two_factor_enabled: true, recovery_codes_left: 10 },
      after: { two_factor_enabled: false, recovery_codes_left: 0 },
    });
    expect(entry!.changes).toEqual(expect.arrayContaining([{ field: 'two_factor_enabled', before: true, after: null }]));
  });

  it('a user deleted and created again under the same name starts without it', async () => {
    await enrol(await newUser(t, 'wes'), clock.now());
    expect((await t.app.inject({ method: 'DELETE', url: '/api/users/wes' })).statusCode).toBe(200);
    await newUser(t, 'wes');
    expect((await password(t.anonymous, 'wes')).response.json().result.csrfToken).toBeDefined();
  });
});

describe('REQUIRE_TWO_FACTOR', () => {
  let t: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    t = await appFor(sandbox, { REQUIRE_TWO_FACTOR: 'true' }, { now: clock.now, signIn: false });
  });
  afterAll(async () => t?.app.close());

  it('a user without it may only set it up (or change the password, or sign out) until they have', async () => {
    const admin = await signIn(t.anonymous, 'admin', TEST_ADMIN_PASSWORD);
    const me = await admin.inject({ method: 'GET', url: '/auth/me' });
    expect(me.json().result.user.must_enrol_two_factor).toBe(true);
    const refused = await admin.inject({ method: 'GET', url: PEERS });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0]).toMatchObject({ code: ErrorCodes.mustEnrolTwoFactor, message: expect.stringMatching(/^Set up two-factor sign-in first/) });
    expect((await admin.inject({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    expect((await admin.inject({ method: 'GET', url: '/auth/two-factor' })).json().result).toMatchObject({ enabled: false, required: true });
    const entry = (await (await signIn(t.anonymous, 'admin', TEST_ADMIN_PASSWORD)).inject({ method: 'GET', url: '/api/audit' })).json();
    expect(entry.errors[0].code).toBe(ErrorCodes.mustEnrolTwoFactor);

    const { secret } = await enrol(admin, clock.now(), TEST_ADMIN_PASSWORD);
    expect((await admin.inject({ method: 'GET', url: '/auth/me' })).json().result.user.must_enrol_two_factor).toBe(false);
    expect((await admin.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);
    const refusals = (await admin.inject({ method: 'GET', url: '/api/audit?outcome=failure' })).json().result as { refusal: string }[];
    expect(refusals.some((item) => item.refusal === 'must_enrol_two_factor')).toBe(true);

    // Turned off again (password and code), they are asked again at once.
    clock.advance(STEP);
    const off = await admin.inject({
      method: 'POST',
      url: '/auth/two-factor/disable',
      payload: { password: TEST_ADMIN_PASSWORD, code: totpCode(secret, clock.now()) },
    });
    expect(off.statusCode).toBe(200);
    expect((await admin.inject({ method: 'GET', url: PEERS })).json().errors[0].code).toBe(ErrorCodes.mustEnrolTwoFactor);
  });
});

describe('secrets stay secret', () => {
  it('the secret, the recovery codes, the codes and the challenge are in no log line, audit entry or later answer', async () => {
    const clock = testClock();
    const t = await appFor(sandbox, { LOG_LEVEL: 'trace' }, { now: clock.now });
    try {
      const xena = await newUser(t, 'xena');
      const started = await xena.inject({ method: 'POST', url: '/auth/two-factor/enrolment', payload: { password: TEST_USER_PASSWORD } });
      const { secret, otpauthUri } = started.json().result as TwoFactorEnrolment;
      const first = totpCode(secret, clock.now());
      await xena.inject({ method: 'POST', url: '/auth/two-factor/enrolment/confirm', payload: { code: '999999' } });
      const confirmed = await xena.inject({ method: 'POST', url: '/auth/two-factor/enrolment/confirm', payload: { code: first } });
      const recoveryCodes = confirmed.json().result.recoveryCodes as string[];
      clock.advance(STEP);
      const { challenge } = await password(t.anonymous, 'xena');
      await code(t.anonymous, challenge, '000000');
      const second = totpCode(secret, clock.now());
      const signedIn = await code(t.anonymous, challenge, second);
      const cookie = cookieFrom(signedIn.headers['set-cookie']);
      const later = await password(t.anonymous, 'xena');
      await code(t.anonymous, later.challenge, recoveryCodes[3]!);
      const status = await t.anonymous({ method: 'GET', url: '/auth/two-factor', headers: { cookie } });
      clock.advance(STEP);
      await xena.inject({ method: 'POST', url: '/auth/two-factor/disable', payload: { password: TEST_USER_PASSWORD, code: recoveryCodes[4]! } });

      const secrets = [secret, otpauthUri, challenge, later.challenge, ...recoveryCodes, secret.toLowerCase()];
      const log = t.logs.join('\n');
      const everything = (await t.app.inject({ method: 'GET', url: '/api/audit.csv' })).body;
      const users = (await t.app.inject({ method: 'GET', url: '/api/users' })).body;
      for (const value of secrets) {
        expect(log, `the log holds ${value.slice(0, 6)}…`).not.toContain(value);
        expect(everything, `the audit log holds ${value.slice(0, 6)}…`).not.toContain(value);
        expect(status.body + users).not.toContain(value);
      }
      // The codes typed are in neither (a recovery code is a secret; a TOTP code is worth nothing later, but still).
      for (const value of [first, second]) expect(everything).not.toContain(`"${value}"`);
      expect(everything).toContain('auth.login.recoveryCode');
    } finally {
      await t.app.close();
    }
  });
});
