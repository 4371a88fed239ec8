/**
 * The permission matrix over HTTP: every role × every operation of the contract (and the BFF's own routes) is
 * allowed or refused exactly as the contract's `role` says; a refusal is 403 (401 without a session) in the
 * envelope, and the sandbox records no request for it.
 */
import { ErrorCodes, ROLES, buildPath, operationIds, operations, roleAllows, type OperationId, type Role } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

const A = SEED.accountId;
const Z = SEED.zones;
const P = SEED.peers;
const T = SEED.tsigs;
const L = SEED.acls;

/** A valid request for every operation (ordered so the admin's deletes come last). */
export const REQUESTS: { id: OperationId; params: Record<string, string>; body?: unknown }[] = [
  { id: 'accounts.list', params: {} },
  { id: 'zones.list', params: {} },
  { id: 'zones.get', params: { zone_id: Z.exampleCom } },
  { id: 'acls.list', params: { account_id: A } },
  { id: 'acls.get', params: { account_id: A, acl_id: L.officeNetwork } },
  { id: 'acls.create', params: { account_id: A }, body: { name: 'matrix-acl', ip_range: '192.0.2.64/28' } },
  { id: 'acls.update', params: { account_id: A, acl_id: L.monitoring }, body: { name: 'm2', ip_range: '198.51.100.54/32' } },
  { id: 'peers.list', params: { account_id: A } },
  { id: 'peers.get', params: { account_id: A, peer_id: P.ns1Primary } },
  { id: 'peers.create', params: { account_id: A }, body: { name: 'matrix-peer' } },
  { id: 'peers.update', params: { account_id: A, peer_id: P.hiddenPrimary }, body: { name: 'hidden-primary', ip: '198.51.100.21', port: 5353 } },
  { id: 'tsigs.list', params: { account_id: A } },
  { id: 'tsigs.get', params: { account_id: A, tsig_id: T.transferKey } },
  { id: 'tsigs.create', params: { account_id: A }, body: { name: 'matrix.example.com.', algo: 'hmac-sha256.', secret: 'bWF0cml4' } },
  { id: 'tsigs.update', params: { account_id: A, tsig_id: T.legacyKey }, body: { name: 'legacy-key.', algo: 'hmac-sha512.', secret: 'bmV3' } },
  { id: 'incoming.get', params: { zone_id: Z.exampleNet } },
  { id: 'incoming.create', params: { zone_id: Z.legacyExampleOrg }, body: { name: 'legacy.example.org.', peers: [P.hiddenPrimary], auto_refresh_seconds: 3600 } },
  { id: 'incoming.update', params: { zone_id: Z.mailExampleNet }, body: { name: 'mail.example.net.', peers: [P.hiddenPrimary], auto_refresh_seconds: 7200 } },
  { id: 'forceAxfr', params: { zone_id: Z.exampleNet }, body: { reason: 'matrix' } },
  { id: 'outgoing.get', params: { zone_id: Z.exampleCom } },
  { id: 'outgoing.create', params: { zone_id: Z.exampleOrg }, body: { name: 'example.org.', peers: [P.secondaryA] } },
  { id: 'outgoing.update', params: { zone_id: Z.docsExampleCom }, body: { name: 'docs.example.com.', peers: [P.secondaryA] } },
  { id: 'outgoing.enable', params: { zone_id: Z.docsExampleCom }, body: {} },
  { id: 'outgoing.status.get', params: { zone_id: Z.docsExampleCom } },
  { id: 'outgoing.forceNotify', params: { zone_id: Z.exampleCom } },
  { id: 'outgoing.disable', params: { zone_id: Z.docsExampleCom } },
  { id: 'acls.delete', params: { account_id: A, acl_id: L.ipv6Transfer } },
  { id: 'peers.delete', params: { account_id: A, peer_id: P.decommissioned } },
  { id: 'tsigs.delete', params: { account_id: A, tsig_id: T.legacyKey } },
  { id: 'incoming.delete', params: { zone_id: Z.legacyExampleOrg } },
  { id: 'outgoing.delete', params: { zone_id: Z.exampleOrg } },
];

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

function requestFor(c: (typeof REQUESTS)[number]) {
  const op = operations[c.id];
  return {
    method: op.method,
    url: `/api${buildPath(op.path, c.params)}`,
    ...(c.body !== undefined ? { payload: c.body as object } : {}),
  };
}

describe('the request table', () => {
  it('covers the 31 operations once each', () => {
    expect(REQUESTS.map((c) => c.id).sort()).toEqual([...operationIds].sort());
  });
});

describe('without a session', () => {
  it('every operation is 401 in the envelope and never reaches the upstream', async () => {
    for (const c of REQUESTS) {
      sandbox.clearRequests();
      const response = await t.anonymous(requestFor(c));
      expect(response.statusCode, c.id).toBe(401);
      expect(response.json().errors[0].code, c.id).toBe(ErrorCodes.authentication);
      expect(sandbox.requests, c.id).toHaveLength(0);
    }
  });
});

// Viewer and operator first: they change nothing but forced transfers, so the admin's run sees the seed.
describe.each(['viewer', 'operator', 'admin'] as Role[])('as %s', (role) => {
  it('each operation is allowed exactly when the contract says so; a 403 never reaches the upstream', async () => {
    const client = await t.as(role);
    const outcomes: string[] = [];
    for (const c of REQUESTS) {
      const op = operations[c.id];
      sandbox.clearRequests();
      const response = await client.inject(requestFor(c));
      const allowed = roleAllows(role, op.role);
      outcomes.push(`${c.id}:${allowed ? 'allowed' : 'refused'}`);
      if (allowed) {
        expect([401, 403], `${role} ${c.id} -> ${response.statusCode} ${response.body}`).not.toContain(response.statusCode);
        expect(sandbox.requests.length, `${role} ${c.id} reached the upstream`).toBeGreaterThan(0);
      } else {
        expect(response.statusCode, `${role} ${c.id}`).toBe(403);
        const error = response.json().errors[0];
        expect(error.code).toBe(ErrorCodes.forbidden);
        expect(error.message).toContain(`needs the ${op.role} role`);
        expect(sandbox.requests, `${role} ${c.id}`).toHaveLength(0);
      }
    }
    const allowedCount = outcomes.filter((outcome) => outcome.endsWith('allowed')).length;
    expect(allowedCount).toBe({ viewer: 12, operator: 14, admin: 31 }[role]);
  });

  it('an invalid body to a refused operation is 403, not 400 (refused before validation)', async () => {
    const client = await t.as(role);
    const response = await client.inject({
      method: 'POST',
      url: `/api/accounts/${A}/secondary_dns/peers`,
      payload: { nonsense: true },
    });
    expect(response.statusCode).toBe(role === 'admin' ? 400 : 403);
  });

  it('the BFF-owned routes: users (admin), audit (everyone), TSIG secret (admin), docs (everyone)', async () => {
    const client = await t.as(role);
    const expectations: [string, string, boolean][] = [
      ['GET', '/api/users', role === 'admin'],
      ['GET', '/api/audit', true],
      ['GET', '/api/audit.csv', true],
      ['GET', `/api/accounts/${A}/secondary_dns/tsigs/${T.transferKey}/secret`, role === 'admin'],
      ['GET', '/api/openapi.json', true],
      ['GET', '/auth/me', true],
    ];
    for (const [method, url, allowed] of expectations) {
      sandbox.clearRequests();
      const response = await client.inject({ method: method as 'GET', url });
      if (allowed) expect(response.statusCode, url).toBe(200);
      else {
        expect(response.statusCode, url).toBe(403);
        expect(sandbox.requests).toHaveLength(0);
      }
    }
  });
});

describe('public routes', () => {
  it('need no session: /healthz, /api/meta, /auth/me (401 body, not refused), the SPA', async () => {
    expect((await t.anonymous({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.anonymous({ method: 'GET', url: '/api/meta' })).statusCode).toBe(200);
    expect((await t.anonymous({ method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
    expect((await t.anonymous({ method: 'GET', url: '/zones/abc' })).statusCode).toBe(200);
  });

  it('everything else under /api needs a session', async () => {
    for (const url of ['/api/users', '/api/audit', '/api/openapi.json', '/api/docs/']) {
      expect((await t.anonymous({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  it('a percent-encoded path (/%61pi/…, which the router decodes) is checked like the route it reaches', async () => {
    const viewer = await t.as('viewer');
    const secret = `/%61pi/accounts/${A}/secondary_dns/tsigs/${T.transferKey}/secret`;
    for (const url of [`/%61pi/accounts/${A}/secondary_dns/tsigs`, '/%61pi/users', '/%61pi/audit', secret]) {
      sandbox.clearRequests();
      const response = await t.anonymous({ method: 'GET', url });
      expect([401, 404], `${url} -> ${response.statusCode} ${response.body}`).toContain(response.statusCode);
      expect(sandbox.requests, url).toHaveLength(0);
    }
    sandbox.clearRequests();
    expect((await viewer.inject({ method: 'GET', url: secret })).statusCode).toBe(403);
    expect(sandbox.requests).toHaveLength(0);
    const write = await t.anonymous({ method: 'POST', url: '/%61pi/users', payload: { username: 'mallory', password: 'x'.repeat(16), role: 'admin' } });
    expect(write.statusCode).toBe(401);
    expect(await t.app.storage.users.get('mallory')).toBeFalsy();
    const audited = await t.app.storage.audit.query({}, { offset: 0, limit: 5 });
    expect(audited.entries.find((entry) => entry.path === '/%61pi/users')?.refusal).toBe('unauthenticated');
  });

  it('ROLES are the three of the issue', () => {
    expect(ROLES).toEqual(['viewer', 'operator', 'admin']);
  });
});
