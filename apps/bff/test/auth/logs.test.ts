/**
 * A full run — sign-ins (right and wrong), user changes with passwords, TSIG create / update / reveal, forced
 * transfers, CSRF refusals, sign-out — logged at trace level: the captured log holds no API token, no password,
 * no TSIG secret, no session cookie value and no CSRF token.
 */
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, appFor, signIn, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

const A = SEED.accountId;
const TSIGS = `/api/accounts/${A}/secondary_dns/tsigs`;

let sandbox: Sandbox;
let t: TestApp;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox, { LOG_LEVEL: 'trace' });
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

describe('the log of a full run', () => {
  it('contains none of the secrets that went through', async () => {
    const userPassword = 'operator-password-7f3a9';
    const newPassword = 'operator-password-new-2b8c';
    const wrongPassword = 'wrong-password-5d1e';
    const tsigSecret = 'bG9nLWNhcHR1cmUtc2VjcmV0LXZhbHVl';
    const tsigSecret2 = 'c2Vjb25kLWxvZy1zZWNyZXQ=';
    const seen: string[] = [];

    const admin = await signIn(t.anonymous, 'admin', TEST_ADMIN_PASSWORD);
    await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: wrongPassword } });
    await admin.inject({ method: 'POST', url: '/api/users', payload: { username: 'ops', password: userPassword, role: 'operator' } });
    const ops = await signIn(t.anonymous, 'ops', userPassword);
    const created = await admin.inject({ method: 'POST', url: TSIGS, payload: { name: 'log.example.com.', algo: 'hmac-sha256.', secret: tsigSecret } });
    const id = created.json().result.id as string;
    await admin.inject({ method: 'PUT', url: `${TSIGS}/${id}`, payload: { name: 'log.example.com.', algo: 'hmac-sha256.', secret: tsigSecret2 } });
    const revealed = await admin.inject({ method: 'GET', url: `${TSIGS}/${id}/secret` });
    expect(revealed.json().result.secret).toBe(tsigSecret2);
    await admin.inject({ method: 'POST', url: TSIGS, payload: { name: 'bad name!', algo: 'x', secret: tsigSecret } });
    await ops.inject({ method: 'POST', url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`, payload: { reason: 'log test' } });
    await ops.inject({ method: 'POST', url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`, headers: { 'x-csrf-token': 'forged' } });
    await ops.inject({ method: 'GET', url: `${TSIGS}/${id}/secret` });
    await admin.inject({ method: 'PATCH', url: '/api/users/ops', payload: { password: newPassword } });
    await ops.inject({ method: 'GET', url: '/auth/me' });
    await admin.inject({ method: 'POST', url: '/auth/logout' });
    seen.push(admin.cookie.split('=')[1]!, ops.cookie.split('=')[1]!, admin.csrfToken, ops.csrfToken);

    const log = t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(20);
    expect(log).toContain('request refused by access control');
    for (const secret of [sandbox.token, TEST_ADMIN_PASSWORD, userPassword, newPassword, wrongPassword, tsigSecret, tsigSecret2, ...seen]) {
      expect(log, `the log leaks ${secret.slice(0, 6)}…`).not.toContain(secret);
    }
  });
});
