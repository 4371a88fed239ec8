/**
 * tsigs.delete: the dashboard does not delete a TSIG key that peers sign with (their zones would stop transferring);
 * it says which peers, sends nothing, and records the refusal. Cloudflare documents no such refusal itself.
 */
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appFor, recorded, startTestSandbox, type Sandbox } from '../helper.js';

const A = SEED.accountId;
const TSIGS = `/accounts/${A}/secondary_dns/tsigs`;
const PEERS = `/accounts/${A}/secondary_dns/peers`;

let sandbox: Sandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  // No read cache: each test sees the peers as they are now.
  ({ app } = await appFor(sandbox, { READ_CACHE_TTL_MS: '0' }));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.clearRequests();
  sandbox.faults.clear();
});

const deletes = () => recorded(sandbox).filter((request) => request.method === 'DELETE');

describe('DELETE a TSIG key', () => {
  it('refuses a key peers sign with, naming them, and sends no delete', async () => {
    const response = await app.inject({ method: 'DELETE', url: `/api${TSIGS}/${SEED.tsigs.transferKey}` });
    expect(response.statusCode).toBe(409);
    const json = response.json();
    expect(json.errors[0].code).toBe(ErrorCodes.dependency);
    expect(json.errors[0].message).toBe(
      'Not deleted: peers ns1-primary, ns2-primary sign transfers with this key, and their zones would stop transferring. ' +
        'Move them to another key (or none) first.',
    );
    expect(deletes()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/api${TSIGS}/${SEED.tsigs.transferKey}` })).statusCode).toBe(200);

    const audit = (await app.inject({ method: 'GET', url: '/api/audit?operation=tsigs.delete' })).json().result;
    expect(audit[0]).toMatchObject({ status: 409, outcome: 'failure', resource_id: SEED.tsigs.transferKey });
  });

  it('deletes it once no peer uses it', async () => {
    const created = await app.inject({ method: 'POST', url: `/api${TSIGS}`, payload: { name: 'spare.', algo: 'hmac-sha256.', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMw==' } });
    const id = created.json().result.id as string;
    const peer = await app.inject({ method: 'POST', url: `/api${PEERS}`, payload: { name: 'spare-user', ip: '192.0.2.88', tsig_id: id } });
    expect(peer.statusCode, peer.body).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api${TSIGS}/${id}` })).statusCode).toBe(409);

    const peerId = peer.json().result.id as string;
    const moved = await app.inject({ method: 'PUT', url: `/api${PEERS}/${peerId}`, payload: { name: 'spare-user', ip: '192.0.2.88' } });
    expect(moved.statusCode, moved.body).toBe(200);
    sandbox.clearRequests();
    const response = await app.inject({ method: 'DELETE', url: `/api${TSIGS}/${id}` });
    expect(response.statusCode, response.body).toBe(200);
    expect(deletes()).toMatchObject([{ path: `${TSIGS}/${id}` }]);
  });

  it('when the peers cannot be read, the delete goes to Cloudflare, which decides', async () => {
    sandbox.faults.add({ match: { method: 'GET', path: PEERS }, times: 10, status: 500 });
    const response = await app.inject({ method: 'DELETE', url: `/api${TSIGS}/${SEED.tsigs.notifyKey}` });
    expect(deletes()).toMatchObject([{ path: `${TSIGS}/${SEED.tsigs.notifyKey}` }]);
    // The sandbox itself refuses a key in use (400): the answer is Cloudflare's, passed through.
    expect(response.statusCode).toBe(400);
  });
});
