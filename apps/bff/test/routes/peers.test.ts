/**
 * peers.create: Cloudflare creates with `{name}` only, so the BFF creates then updates; when the update fails the
 * answer says the peer exists without its details, names its id, and carries the created peer.
 */
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appFor, direct, recorded, startTestSandbox, type Sandbox } from '../helper.js';

const A = SEED.accountId;
const PEERS = `/accounts/${A}/secondary_dns/peers`;

let sandbox: Sandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app } = await appFor(sandbox, { UPSTREAM_TIMEOUT_MS: '300' }));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.clearRequests();
  sandbox.faults.clear();
});

describe('POST /api/accounts/:account_id/secondary_dns/peers', () => {
  it('creates with the name, then updates the new id with the whole peer', async () => {
    const body = { name: 'ns9', ip: '192.0.2.9', port: 53, ixfr_enable: false, tsig_id: SEED.tsigs.transferKey };
    const response = await app.inject({ method: 'POST', url: `/api${PEERS}`, payload: body });
    expect(response.statusCode, response.body).toBe(200);
    const json = response.json();
    expect(json).toMatchObject({ success: true, errors: [], result: body });
    const id = json.result.id as string;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(recorded(sandbox)).toMatchObject([
      { method: 'POST', path: PEERS, body: { name: 'ns9' } },
      { method: 'PUT', path: `${PEERS}/${id}`, body },
    ]);
    // The sandbox now has the full peer.
    expect((await direct(sandbox, 'GET', `${PEERS}/${id}`)).json).toMatchObject({ result: body });
  });

  it('sends a single create when only the name is given', async () => {
    const response = await app.inject({ method: 'POST', url: `/api${PEERS}`, payload: { name: 'name-only' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ success: true, result: { name: 'name-only' } });
    expect(recorded(sandbox)).toMatchObject([{ method: 'POST', path: PEERS, body: { name: 'name-only' } }]);
    expect(sandbox.requests).toHaveLength(1);
  });

  it('keeps the update’s 4xx, names the created peer, and lists the upstream errors', async () => {
    sandbox.faults.add({ match: { method: 'PUT', path: PEERS }, times: 1, status: 400, code: 1004, message: 'bad port' });
    const response = await app.inject({
      method: 'POST',
      url: `/api${PEERS}`,
      payload: { name: 'ns-partial', ip: '192.0.2.10', port: 5353 },
    });
    expect(response.statusCode).toBe(400);
    const json = response.json();
    const id = json.result.id as string;
    expect(json.success).toBe(false);
    expect(json.result).toMatchObject({ id, name: 'ns-partial' });
    expect(json.errors[0].code).toBe(ErrorCodes.partialCreate);
    expect(json.errors[0].message).toContain(`Peer "ns-partial" was created (id ${id})`);
    expect(json.errors[0].message).toContain('ip, port');
    expect(json.errors[0].message).toContain('bad port');
    expect(json.errors[0].message).toContain('Edit the peer to finish');
    expect(json.errors.slice(1)).toEqual([expect.objectContaining({ code: 1004, message: 'bad port' })]);
    expect(recorded(sandbox).map((r) => r.method)).toEqual(['POST', 'PUT']);
  });

  it('keeps 502 when the update meets a server error', async () => {
    sandbox.faults.add({ match: { method: 'PUT', path: PEERS }, times: 1, status: 500 });
    const response = await app.inject({
      method: 'POST',
      url: `/api${PEERS}`,
      payload: { name: 'ns-500', ip: '192.0.2.11' },
    });
    expect(response.statusCode).toBe(502);
    const json = response.json();
    expect(json.errors[0]).toMatchObject({ code: ErrorCodes.partialCreate });
    expect(json.errors[0].message).toContain(json.result.id);
    expect(json.errors[1].code).toBe(ErrorCodes.upstreamServerError);
  });

  it('keeps 504 when the update times out', async () => {
    sandbox.faults.add({ match: { method: 'PUT', path: PEERS }, times: 1, hang: true });
    const response = await app.inject({
      method: 'POST',
      url: `/api${PEERS}`,
      payload: { name: 'ns-slow', tsig_id: SEED.tsigs.notifyKey },
    });
    expect(response.statusCode).toBe(504);
    const json = response.json();
    expect(json.errors[0].code).toBe(ErrorCodes.partialCreate);
    expect(json.errors[0].message).toMatch(/TSIG/);
    expect(json.result).toMatchObject({ name: 'ns-slow' });
  });

  it('passes a failing create through unchanged (nothing created, no update sent)', async () => {
    sandbox.faults.add({ match: { method: 'POST', path: PEERS }, times: 1, status: 403, code: 10001, message: 'no perms' });
    const response = await app.inject({ method: 'POST', url: `/api${PEERS}`, payload: { name: 'x', ip: '192.0.2.1' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ success: false, errors: [{ code: 10001, message: 'no perms' }] });
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe('upstream 4xx pass through', () => {
  it('an unknown peer keeps Cloudflare’s 404, code and message', async () => {
    const missing = 'ffffffffffffffffffffffffffffffff';
    const reference = await direct(sandbox, 'GET', `${PEERS}/${missing}`);
    const response = await app.inject({ method: 'GET', url: `/api${PEERS}/${missing}` });
    expect(response.statusCode).toBe(reference.status);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual(reference.json);
  });
});
