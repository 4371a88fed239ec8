/**
 * CSRF: every write under /api (and /auth/logout) needs `x-csrf-token` = the session's token and no cross-site
 * Origin / Sec-Fetch-Site; otherwise 403 in the envelope, recorded in the audit log, and nothing goes upstream.
 */
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, appFor, startTestSandbox, type Sandbox, type TestApp, type TestClient } from '../helper.js';

const Z = SEED.zones;
const FORCE = `/api/zones/${Z.exampleNet}/secondary_dns/force_axfr`;
const CREATE_ACL = `/api/accounts/${SEED.accountId}/secondary_dns/acls`;

let sandbox: Sandbox;
let t: TestApp;
let operator: TestClient;
let admin: TestClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox);
  operator = await t.as('operator');
  admin = await t.as('admin');
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

const refusals: [string, Record<string, string>][] = [
  ['missing token', { 'x-csrf-token': '' }],
  ['wrong token', { 'x-csrf-token': 'A'.repeat(43) }],
  ['another session’s token', {}],
  ['cross-origin Origin', { origin: 'https://evil.example' }],
  ['same host, other scheme', { origin: 'https://localhost:80' }],
  ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
];

describe.each(refusals)('%s', (name, headers) => {
  it('is 403 in the envelope, with no upstream call, and audited', async () => {
    for (const request of [
      { method: 'POST' as const, url: FORCE, payload: { reason: 'csrf test' } },
      { method: 'POST' as const, url: CREATE_ACL, payload: { name: 'x', ip_range: '192.0.2.0/24' } },
    ]) {
      sandbox.clearRequests();
      const client = request.url === FORCE ? operator : admin;
      const other = client === admin ? operator : admin;
      const extra = name === 'another session’s token' ? { 'x-csrf-token': other.csrfToken } : headers;
      const response = await client.inject({ ...request, headers: extra });
      expect(response.statusCode, `${name} ${request.url}`).toBe(403);
      expect(response.json().errors[0].code).toBe(ErrorCodes.forbidden);
      expect(sandbox.requests).toHaveLength(0);
    }
    const audit = await admin.inject({ method: 'GET', url: '/api/audit?operation=forceAxfr&per_page=1' });
    expect(audit.json().result[0]).toMatchObject({ username: 'test-operator', status: 403, refusal: 'csrf', outcome: 'failure' });
  });
});

describe('accepted writes', () => {
  it('a same-origin Origin with the right token goes through', async () => {
    sandbox.clearRequests();
    const response = await operator.inject({
      method: 'POST',
      url: FORCE,
      headers: { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' },
    });
    expect(response.statusCode).toBe(200);
    // The configuration read first (ADR 018), then the Force.
    expect(sandbox.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('GETs need no token', async () => {
    const response = await operator.inject({ method: 'GET', url: `/api/zones/${Z.exampleNet}/secondary_dns/incoming`, headers: { 'x-csrf-token': '' } });
    expect(response.statusCode).toBe(200);
  });

  it('users API writes and logout need the token too', async () => {
    const create = await admin.inject({
      method: 'POST',
      url: '/api/users',
      headers: { 'x-csrf-token': '' },
      payload: { username: 'csrf-user', password: 'a-long-password', role: 'viewer' },
    });
    expect(create.statusCode).toBe(403);
    expect((await t.app.storage.users.get('csrf-user'))).toBeNull();
    expect((await operator.inject({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': 'nope' } })).statusCode).toBe(403);
  });

  it('a cross-site sign-in is refused (login CSRF)', async () => {
    const response = await t.anonymous({
      method: 'POST',
      url: '/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
