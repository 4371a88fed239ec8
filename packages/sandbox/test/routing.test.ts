import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, buildPath, operationList } from '@secdns/api-types';
import { SEED, type RunningSandbox } from '../src/index.js';
import { api, pointers, start, TOKEN } from './helpers.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await start();
});
afterAll(async () => {
  await sandbox.close();
});

describe('authentication', () => {
  it('answers 401 code 10000 without a token', async () => {
    const response = await api(sandbox, 'GET', '/accounts', undefined, { token: null });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ success: false, result: null, errors: [{ code: 10000, message: 'Authentication error' }] });
  });

  it('answers 403 code 9109 for a wrong token', async () => {
    const response = await api(sandbox, 'GET', '/accounts', undefined, { token: 'not-the-token' });
    expect(response.status).toBe(403);
    expect(response.body.errors).toEqual([{ code: 9109, message: 'Invalid access token' }]);
  });

  it('treats a non-Bearer authorization header as missing credentials', async () => {
    const response = await api(sandbox, 'GET', '/accounts', undefined, {
      token: null,
      headers: { authorization: `Basic ${TOKEN}` },
    });
    expect(response.status).toBe(401);
  });

  it('protects the control endpoints too', async () => {
    const response = await fetch(`${sandbox.origin}/__sandbox/requests`);
    expect(response.status).toBe(401);
    expect((await response.json()).success).toBe(false);
  });
});

describe('routing and envelopes', () => {
  it('registers every operation of the contract', async () => {
    const ids = {
      account_id: SEED.accountId,
      zone_id: SEED.zones.exampleCom,
      acl_id: '0'.repeat(32),
      peer_id: '0'.repeat(32),
      tsig_id: '0'.repeat(32),
    };
    for (const operation of operationList) {
      // A GET of every path; wrong methods give 405 (never the 7000 "no route" of an unknown path).
      const path = buildPath(operation.path, ids);
      const response = await api(sandbox, operation.method === 'GET' ? 'GET' : 'PATCH', path);
      expect(response.body.errors.map((error) => error.code), operation.id).not.toContain(7000);
    }
    expect(operationList).toHaveLength(31);
  });

  it('answers unknown routes with 404 in the envelope', async () => {
    const response = await api(sandbox, 'GET', '/accounts/x/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ success: false, errors: [{ code: 7000 }], messages: [], result: null });
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const response = await api(sandbox, 'PATCH', `/accounts/${SEED.accountId}/secondary_dns/peers`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('POST');
    expect(response.body.errors[0]?.code).toBe(ErrorCodes.methodNotAllowed);
  });

  it('answers malformed JSON with 400 in the envelope', async () => {
    const response = await api(sandbox, 'POST', `/accounts/${SEED.accountId}/secondary_dns/acls`, undefined, {
      rawBody: '{"name": "x",',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ success: false, errors: [{ code: 6007, message: 'Malformed JSON in request body' }] });
  });

  it('answers an unsupported content type with 415 in the envelope', async () => {
    const response = await api(sandbox, 'POST', `/accounts/${SEED.accountId}/secondary_dns/acls`, undefined, {
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.body.success).toBe(false);
  });

  it('answers unknown accounts and zones with 404 code 7003', async () => {
    const account = await api(sandbox, 'GET', `/accounts/${'a'.repeat(32)}/secondary_dns/peers`);
    expect(account.status).toBe(404);
    expect(account.body.errors[0]?.code).toBe(7003);
    const zone = await api(sandbox, 'GET', `/zones/${'b'.repeat(32)}/secondary_dns/incoming`);
    expect(zone.status).toBe(404);
    expect(zone.body.errors[0]?.code).toBe(7003);
  });

  it('validates path parameters with pointers', async () => {
    const response = await api(sandbox, 'GET', `/accounts/NOT-AN-ID/secondary_dns/peers`);
    expect(response.status).toBe(400);
    expect(pointers(response)).toEqual(['/params/account_id']);
  });

  it('rejects unknown query parameters with a pointer', async () => {
    const response = await api(sandbox, 'GET', `/zones?account_id=${SEED.accountId}`);
    expect(response.status).toBe(400);
    expect(pointers(response)).toEqual(['/query/account_id']);
  });

  it('answers unknown resource ids with 404', async () => {
    const id = 'c'.repeat(32);
    for (const kind of ['acls', 'peers', 'tsigs']) {
      const response = await api(sandbox, 'GET', `/accounts/${SEED.accountId}/secondary_dns/${kind}/${id}`);
      expect(response.status, kind).toBe(404);
      expect(response.body.errors[0]?.code).toBe(ErrorCodes.notFound);
      expect(response.body.errors[0]?.message).toContain(id);
    }
  });

  it('does not find another account\'s resources through the wrong account', async () => {
    const response = await api(sandbox, 'GET', `/accounts/${SEED.secondAccountId}/secondary_dns/peers/${SEED.peers.ns1Primary}`);
    expect(response.status).toBe(404);
  });
});

describe('buildSandbox (no listen)', () => {
  it('answers through app.inject', async () => {
    const { buildSandbox } = await import('../src/index.js');
    const built = await buildSandbox({ token: TOKEN });
    const response = await built.app.inject({ method: 'GET', url: '/client/v4/accounts', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json().result).toHaveLength(2);
    expect(built.requests).toHaveLength(1);
    await built.close();
  });
});
