/**
 * A lost password: the `reset-password` command (built as `pnpm build` builds it) resets it offline from DATA_DIR
 * (generated and printed once, or read from standard input), enables the user, ends their sessions, forgets their
 * failed sign-ins and records it in the audit log; the app then signs them in with it. And a start with
 * DASHBOARD_ADMIN_PASSWORD set when users exist says that it is ignored (never its value).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes } from '@secdns/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { totpCode } from '../../src/auth/two-factor.js';
import { TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD, appFor, emptyDir, signIn, startTestSandbox, testClock, type Sandbox } from '../helper.js';

const BFF_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STDIN_PASSWORD = 'typed-into-standard-input-1';

/** Where beforeAll builds the command, as `pnpm build` does (node build.mjs), to run it as production would. */
let outdir: string;

/** Runs the built command against `dataDir`, with nothing else in its environment. */
function run(dataDir: string, args: string[], options: { input?: string } = {}) {
  const result = spawnSync(process.execPath, [join(outdir, 'reset-password.mjs'), ...args], {
    cwd: BFF_ROOT,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const printedPassword = (stdout: string) => /^ {4}(\S+)$/m.exec(stdout)?.[1];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  mkdirSync(join(BFF_ROOT, 'dist'), { recursive: true });
  outdir = mkdtempSync(join(BFF_ROOT, 'dist', 'test-build-'));
  const build = spawnSync(process.execPath, ['build.mjs', '--outdir', outdir], { cwd: BFF_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (build.status !== 0) throw new Error(`node build.mjs failed: ${build.stderr}`);
});
afterAll(async () => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  await sandbox?.close();
});

describe('reset-password', () => {
  it('resets a locked-out, signed-in user offline: a new password printed once, sessions ended, failures forgotten, audited', async () => {
    const dataDir = emptyDir();
    const first = await appFor(sandbox, { DATA_DIR: dataDir, LOGIN_MAX_FAILURES: '3' });
    let cookie: string;
    try {
      await first.app.storage.users.create({ username: 'bob', role: 'operator', passwordHash: await hashPassword(TEST_USER_PASSWORD) }, new Date());
      cookie = (await signIn(first.anonymous, 'bob', TEST_USER_PASSWORD)).cookie;
      for (let i = 0; i < 3; i += 1) {
        await first.anonymous({ method: 'POST', url: '/auth/login', remoteAddress: '192.0.2.44', payload: { username: 'bob', password: `guess-${i}-wrong` } });
      }
    } finally {
      await first.app.close();
    }

    const result = run(dataDir, ['bob']);
    expect(result.status, result.stderr).toBe(0);
    const password = printedPassword(result.stdout)!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(result.stdout).toContain(
      'bob: enabled; 1 session ended; failed sign-ins forgotten; must choose their own password at the next sign-in; recorded in the audit log.',
    );

    const second = await appFor(sandbox, { DATA_DIR: dataDir, LOGIN_MAX_FAILURES: '3' });
    try {
      expect((await second.anonymous({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode).toBe(401);
      const login = (remoteAddress: string, secret: string) =>
        second.anonymous({ method: 'POST', url: '/auth/login', remoteAddress, payload: { username: 'bob', password: secret } });
      expect((await login('192.0.2.44', TEST_USER_PASSWORD)).statusCode).toBe(401);
      // From the address that was locked out, at once: the failures were forgotten in the database.
      expect((await login('192.0.2.44', password)).statusCode).toBe(200);

      const audit = (await second.app.inject({ method: 'GET', url: '/api/audit?operation=users.password.reset.cli' })).json().result;
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        username: null,
        role: null,
        resource_id: 'bob',
        status: 200,
        outcome: 'success',
        request_id: 'cli',
        reason: expect.stringMatching(/^Password reset from the command line by the operating-system user \S+/),
        body: { username: 'bob', password: '[REDACTED]', source: 'generated', sessions_ended: 1 },
        before: { must_change_password: false },
        after: { role: 'operator', disabled: false, password: '[REDACTED, changed]', must_change_password: true },
      });
      const everything = (await second.app.inject({ method: 'GET', url: '/api/audit.csv' })).body;
      expect(everything).not.toContain(password);
    } finally {
      await second.app.close();
    }
  });

  it('takes the password from standard input with --password-stdin and enables a disabled user', async () => {
    const dataDir = emptyDir();
    const first = await appFor(sandbox, { DATA_DIR: dataDir });
    try {
      const created = await first.app.inject({ method: 'POST', url: '/api/users', payload: { username: 'carol', password: TEST_USER_PASSWORD, role: 'viewer' } });
      expect(created.statusCode).toBe(200);
      expect((await first.app.inject({ method: 'PATCH', url: '/api/users/carol', payload: { disabled: true } })).statusCode).toBe(200);
    } finally {
      await first.app.close();
    }

    const result = run(dataDir, ['Carol', '--password-stdin'], { input: `${STDIN_PASSWORD}\n` });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain(STDIN_PASSWORD);
    expect(result.stdout).toContain('carol: enabled again;');

    // Without a final newline too.
    const admin = run(dataDir, ['admin', '--password-stdin'], { input: 'admin-from-standard-input' });
    expect(admin.status, admin.stderr).toBe(0);

    const second = await appFor(sandbox, { DATA_DIR: dataDir }, { signIn: false });
    try {
      expect((await signIn(second.anonymous, 'carol', STDIN_PASSWORD)).role).toBe('viewer');
      // The password went through a terminal: the admin must choose their own before anything else.
      const flagged = await signIn(second.anonymous, 'admin', 'admin-from-standard-input');
      const me = await flagged.inject({ method: 'GET', url: '/auth/me' });
      expect(me.json().result.user).toEqual({ username: 'admin', role: 'admin', must_change_password: true, must_enrol_two_factor: false });
      const refused = await flagged.inject({ method: 'GET', url: '/api/audit' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().errors[0].code).toBe(ErrorCodes.mustChangePassword);
      const changed = await flagged.inject({
        method: 'POST',
        url: '/auth/password',
        payload: { currentPassword: 'admin-from-standard-input', newPassword: 'admin-chose-this-one' },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      const admin = await signIn(second.anonymous, 'admin', 'admin-chose-this-one');
      const audit = (await admin.inject({ method: 'GET', url: '/api/audit?operation=users.password.reset.cli' })).json().result;
      expect(audit.map((entry: { resource_id: string; body: { source: string } }) => [entry.resource_id, entry.body.source])).toEqual([
        ['admin', 'stdin'],
        ['carol', 'stdin'],
      ]);
      expect(audit[1].before).toMatchObject({ disabled: true });
    } finally {
      await second.app.close();
    }
  });

  it('--reset-two-factor turns two-factor sign-in off (a lost phone), with the password or, --keep-password, alone; audited', async () => {
    const dataDir = emptyDir();
    const clock = testClock(Date.now());
    const first = await appFor(sandbox, { DATA_DIR: dataDir }, { now: clock.now });
    try {
      // The only admin has two-factor on, and the phone is lost.
      const started = await first.app.inject({ method: 'POST', url: '/auth/two-factor/enrolment', payload: { password: TEST_ADMIN_PASSWORD } });
      const { secret } = started.json().result as { secret: string };
      const confirmed = await first.app.inject({ method: 'POST', url: '/auth/two-factor/enrolment/confirm', payload: { code: totpCode(secret, clock.now()) } });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
    } finally {
      await first.app.close();
    }

    // A plain reset leaves it on, and says so.
    const plain = run(dataDir, ['admin', '--password-stdin'], { input: `${STDIN_PASSWORD}\n` });
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('Two-factor sign-in stays on: admin still needs the authenticator app (or a recovery code).');
    expect(plain.stdout).toContain('--reset-two-factor --keep-password');

    expect(run(dataDir, ['admin', '--keep-password']).status).toBe(2);
    const only = run(dataDir, ['admin', '--reset-two-factor', '--keep-password']);
    expect(only.status, only.stderr).toBe(0);
    expect(only.stdout).toContain('admin: two-factor sign-in turned off; recorded in the audit log.');
    expect(printedPassword(only.stdout)).toBeUndefined();

    const second = await appFor(sandbox, { DATA_DIR: dataDir }, { signIn: false });
    try {
      // The password from standard input alone signs in (it is flagged: the reset above went through a terminal).
      const admin = await signIn(second.anonymous, 'admin', STDIN_PASSWORD);
      await admin.inject({ method: 'POST', url: '/auth/password', payload: { currentPassword: STDIN_PASSWORD, newPassword: 'admin-chose-this-one' } });
      const again = await signIn(second.anonymous, 'admin', 'admin-chose-this-one');
      const audit = (await again.inject({ method: 'GET', url: '/api/audit?operation=users.twoFactor.reset.cli' })).json().result;
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        username: null,
        resource_id: 'admin',
        request_id: 'cli',
        reason: expect.stringMatching(/^Two-factor sign-in reset from the command line by the operating-system user \S+/),
        before: { two_factor_enabled: true, recovery_codes_left: 10 },
        after: { two_factor_enabled: false, recovery_codes_left: 0 },
      });
    } finally {
      await second.app.close();
    }

    // With the password: both, in one run.
    const both = run(dataDir, ['admin', '--reset-two-factor']);
    expect(both.status, both.stderr).toBe(0);
    expect(both.stdout).toContain('must choose their own password at the next sign-in; two-factor sign-in was off already; recorded in the audit log.');
  });

  it('changes nothing for a user that does not exist, a data directory without a database, a short password or bad usage', async () => {
    const dataDir = emptyDir();
    const t = await appFor(sandbox, { DATA_DIR: dataDir });
    await t.app.close();

    const unknown = run(dataDir, ['nobody']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('There is no user nobody in');
    expect(unknown.stderr).toContain('Users: admin.');

    const empty = emptyDir();
    const missing = run(empty, ['admin']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('There is no dashboard database at');
    expect(existsSync(join(empty, 'dashboard.db'))).toBe(false);

    const short = run(dataDir, ['admin', '--password-stdin'], { input: 'too-short\n' });
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('password: must be at least 12 characters');
    expect(run(dataDir, []).status).toBe(2);

    const again = await appFor(sandbox, { DATA_DIR: dataDir }, { signIn: false });
    try {
      // The admin's password is still the one it had.
      await signIn(again.anonymous, 'admin', TEST_ADMIN_PASSWORD);
    } finally {
      await again.app.close();
    }
  });
});

describe('DASHBOARD_ADMIN_PASSWORD once users exist', () => {
  it('is ignored, with a warning that says how to reset a password, and never its value', async () => {
    const dataDir = emptyDir();
    const first = await appFor(sandbox, { DATA_DIR: dataDir });
    await first.app.close();
    expect(first.logs.some((line) => line.includes('is set but ignored'))).toBe(false);

    const other = 'another-admin-password-set-later';
    const second = await appFor(sandbox, { DATA_DIR: dataDir, DASHBOARD_ADMIN_PASSWORD: other }, { signIn: false });
    try {
      const warnings = second.logs.filter((line) => line.includes('DASHBOARD_ADMIN_PASSWORD is set but ignored'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40 });
      expect(warnings[0]).toContain('npm run reset-password -- <username>');
      expect(second.logs.join('\n')).not.toContain(other);
      expect(second.logs.join('\n')).not.toContain(TEST_ADMIN_PASSWORD);
    } finally {
      await second.app.close();
    }
  });
});
