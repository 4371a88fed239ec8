/**
 * Every operation in the contract table, through the BFF to a real sandbox: the upstream method, path, query and
 * body the sandbox recorded are exactly right, and the envelope comes back intact.
 */
import { SEED } from '@secdns/sandbox';
import { TSIG_SECRET_MASK, buildPath, isBase64Secret, operationIds, operations, type OperationId } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, direct, recorded, startTestSandbox, type Sandbox } from '../helper.js';
import { beforeReadOf } from '../../src/routes/operations.js';

const A = SEED.accountId;
const Z = SEED.zones;
const P = SEED.peers;
const T = SEED.tsigs;
const L = SEED.acls;

interface Case {
  id: OperationId;
  params: Record<string, string>;
  /** Query string sent to the BFF. */
  query?: Record<string, string>;
  body?: unknown;
  /** The requests the sandbox must record (defaults to one: the op's method and path, body as sent). */
  upstream?: { method: string; path: string; query?: Record<string, string>; body?: unknown }[];
  /** Expected upstream query (defaults to none). */
  upstreamQuery?: Record<string, string>;
  /** What the result must contain. */
  result?: unknown;
}

const newPeer = { name: 'bff-test-peer', ip: '192.0.2.77', port: 5300, ixfr_enable: true, tsig_id: T.transferKey };

/** Ordered: creates come before what uses them, deletes last. */
const cases: Case[] = [
  { id: 'accounts.list', params: {}, query: { page: '1', per_page: '20' }, upstreamQuery: { page: '1', per_page: '20' } },
  {
    id: 'zones.list',
    params: {},
    query: { account_id: A, name: 'example.com', page: '1', per_page: '50' },
    upstreamQuery: { 'account.id': A, name: 'example.com', page: '1', per_page: '50' },
  },
  {
    id: 'zones.get',
    params: { zone_id: Z.stagingExampleCom },
    result: { id: Z.stagingExampleCom, name: 'staging.example.com', type: 'secondary', account: { id: SEED.secondAccountId } },
  },

  { id: 'acls.list', params: { account_id: A } },
  { id: 'acls.get', params: { account_id: A, acl_id: L.officeNetwork }, result: { id: L.officeNetwork } },
  {
    id: 'acls.create',
    params: { account_id: A },
    body: { name: 'bff-test-acl', ip_range: '192.0.2.64/28' },
    result: { name: 'bff-test-acl', ip_range: '192.0.2.64/28' },
  },
  {
    id: 'acls.update',
    params: { account_id: A, acl_id: L.monitoring },
    body: { name: 'monitoring-2', ip_range: '198.51.100.54/32' },
    result: { id: L.monitoring, name: 'monitoring-2', ip_range: '198.51.100.54/32' },
  },
  { id: 'acls.delete', params: { account_id: A, acl_id: L.ipv6Transfer }, result: { id: L.ipv6Transfer } },

  { id: 'peers.list', params: { account_id: A } },
  { id: 'peers.get', params: { account_id: A, peer_id: P.ns1Primary }, result: { id: P.ns1Primary, name: 'ns1-primary' } },
  {
    id: 'peers.create',
    params: { account_id: A },
    body: newPeer,
    // Create with the name only, then update the new id with the whole peer (the update's path is checked below).
    upstream: [
      { method: 'POST', path: `/accounts/${A}/secondary_dns/peers`, body: { name: newPeer.name } },
      { method: 'PUT', path: `/accounts/${A}/secondary_dns/peers/{new}`, body: newPeer },
    ],
    result: newPeer,
  },
  {
    id: 'peers.update',
    params: { account_id: A, peer_id: P.hiddenPrimary },
    body: { name: 'hidden-primary', ip: '198.51.100.21', port: 5353, ixfr_enable: true },
    result: { id: P.hiddenPrimary, ip: '198.51.100.21', port: 5353 },
  },
  { id: 'peers.delete', params: { account_id: A, peer_id: P.decommissioned }, result: { id: P.decommissioned } },

  { id: 'tsigs.list', params: { account_id: A } },
  { id: 'tsigs.get', params: { account_id: A, tsig_id: T.transferKey }, result: { id: T.transferKey } },
  {
    id: 'tsigs.create',
    params: { account_id: A },
    body: { name: 'bff-test-key.example.com.', algo: 'hmac-sha256.', secret: 'c2VjcmV0LWZvci10ZXN0cw==' },
    result: { name: 'bff-test-key.example.com.', algo: 'hmac-sha256.' },
  },
  {
    id: 'tsigs.update',
    params: { account_id: A, tsig_id: T.legacyKey },
    body: { name: 'legacy-key.', algo: 'hmac-sha512.', secret: 'bmV3LXNlY3JldA==' },
    result: { id: T.legacyKey, algo: 'hmac-sha512.' },
  },
  {
    id: 'tsigs.delete',
    params: { account_id: A, tsig_id: T.legacyKey },
    // Which peers sign with the key (the dashboard refuses a key in use), the key before, then the delete.
    upstream: [
      { method: 'GET', path: `/accounts/${A}/secondary_dns/peers` },
      { method: 'GET', path: `/accounts/${A}/secondary_dns/tsigs/${T.legacyKey}` },
      { method: 'DELETE', path: `/accounts/${A}/secondary_dns/tsigs/${T.legacyKey}` },
    ],
    result: { id: T.legacyKey },
  },

  {
    id: 'incoming.create',
    params: { zone_id: Z.legacyExampleOrg },
    body: { name: 'legacy.example.org.', peers: [P.hiddenPrimary], auto_refresh_seconds: 3600 },
    result: { peers: [P.hiddenPrimary], auto_refresh_seconds: 3600 },
  },
  { id: 'incoming.get', params: { zone_id: Z.exampleNet }, result: { name: 'example.net.' } },
  {
    id: 'incoming.update',
    params: { zone_id: Z.mailExampleNet },
    body: { name: 'mail.example.net.', peers: [P.hiddenPrimary], auto_refresh_seconds: 7200 },
    result: { auto_refresh_seconds: 7200 },
  },
  { id: 'forceAxfr', params: { zone_id: Z.exampleNet }, body: {}, result: 'OK' },
  { id: 'incoming.delete', params: { zone_id: Z.legacyExampleOrg } },

  {
    id: 'outgoing.create',
    params: { zone_id: Z.exampleOrg },
    body: { name: 'example.org.', peers: [P.secondaryA] },
    result: { name: 'example.org.', peers: [P.secondaryA] },
  },
  { id: 'outgoing.get', params: { zone_id: Z.exampleCom }, result: { name: 'example.com.' } },
  {
    id: 'outgoing.update',
    params: { zone_id: Z.docsExampleCom },
    body: { name: 'docs.example.com.', peers: [P.secondaryA, P.secondaryB] },
    result: { peers: [P.secondaryA, P.secondaryB] },
  },
  // Action POSTs: the BFF accepts no body at all and always sends `{}`.
  { id: 'outgoing.enable', params: { zone_id: Z.docsExampleCom }, result: 'Enabled' },
  { id: 'outgoing.status.get', params: { zone_id: Z.docsExampleCom }, result: 'Enabled' },
  { id: 'outgoing.forceNotify', params: { zone_id: Z.exampleCom }, body: {}, result: 'OK' },
  { id: 'outgoing.disable', params: { zone_id: Z.docsExampleCom }, result: 'Disabled' },
  { id: 'outgoing.delete', params: { zone_id: Z.exampleOrg } },
];

let sandbox: Sandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app } = await appFor(sandbox));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

describe('the case table', () => {
  it('covers every operation in the contract exactly once', () => {
    expect(cases.map((c) => c.id).sort()).toEqual([...operationIds].sort());
    expect(cases).toHaveLength(31);
  });

  it('reads what each update and delete replaces (the same path, GET) and the configuration a Force moves, nothing for the rest', () => {
    const reads = Object.fromEntries(operationIds.map((id) => [id, beforeReadOf(operations[id])]).filter(([, read]) => read));
    expect(reads).toEqual({
      'acls.update': 'acls.get', 'acls.delete': 'acls.get',
      'peers.update': 'peers.get', 'peers.delete': 'peers.get',
      'tsigs.update': 'tsigs.get', 'tsigs.delete': 'tsigs.get',
      'incoming.update': 'incoming.get', 'incoming.delete': 'incoming.get',
      'outgoing.update': 'outgoing.get', 'outgoing.delete': 'outgoing.get',
      // What a Force moved (ADR 018).
      forceAxfr: 'incoming.get', 'outgoing.forceNotify': 'outgoing.get',
    });
  });
});

describe.each(cases)('$id', (c) => {
  it('sends exactly the right request upstream and passes the envelope through', async () => {
    const op = operations[c.id];
    const path = buildPath(op.path, c.params);
    const url = `/api${path}${c.query ? `?${new URLSearchParams(c.query)}` : ''}`;
    sandbox.clearRequests();

    const response = await app.inject({
      method: op.method,
      url,
      ...(c.body !== undefined ? { payload: c.body as object } : {}),
    });
    const json = response.json();
    expect(response.statusCode, response.body).toBe(200);
    expect(json).toMatchObject({ success: true, errors: [], messages: [] });
    if (c.result !== undefined) {
      if (typeof c.result === 'object') expect(json.result).toMatchObject(c.result as object);
      else expect(json.result).toBe(c.result);
    }

    // What the sandbox received.
    const hasBody = 'body' in op && op.body !== undefined;
    const createdId = c.id === 'peers.create' ? (json.result as { id: string }).id : '';
    // An update or a delete reads the resource first, for the audit log's "before" (ADR 016).
    // A Force reads the zone's configuration first, to tell what it moved (ADR 018).
    const read = beforeReadOf(op);
    const readFirst = read ? [{ method: 'GET', path: buildPath(operations[read].path, c.params), body: undefined, query: undefined }] : [];
    const expected = (
      c.upstream ?? [...readFirst, { method: op.method, path, body: hasBody ? (c.body ?? {}) : undefined, query: c.upstreamQuery }]
    ).map((request) => ({
      method: request.method,
      path: request.path.replace('{new}', createdId),
      query: request.query ?? c.upstreamQuery ?? {},
      body: request.body,
    }));
    const seen = recorded(sandbox).map((request: ReturnType<typeof recorded>[number]) => ({
      ...request,
      query: { ...(request.query as object) },
      body: request.body === null || request.body === '' ? undefined : request.body,
    }));
    expect(seen).toEqual(expected);

    // Every request carried a bearer token (the sandbox records it redacted; it checks it, so 200 means it was
    // the right one), and JSON bodies were labelled as such.
    for (const request of sandbox.requests) {
      const headers = request.headers as Record<string, string | undefined>;
      expect(headers.authorization).toBe('Bearer [redacted]');
      if (request.body !== undefined && request.body !== null && request.body !== '') {
        expect(headers['content-type']).toMatch(/^application\/json/);
      }
    }

    // Reads: the BFF's answer is the sandbox's answer, unchanged (no field stripped or added) — except TSIG
    // secrets, which the BFF masks (test/auth/secrets.test.ts).
    if (op.method === 'GET') {
      const reference = await direct(
        sandbox,
        'GET',
        `${path}${c.upstreamQuery ? `?${new URLSearchParams(c.upstreamQuery)}` : ''}`,
      );
      expect(json).toEqual(op.resource === 'tsigs' ? maskSecrets(reference.json) : reference.json);
    }
  });
});

/** What the BFF answers for a TSIG read: the secret replaced by the mask, and whether it was Base64. */
function maskSecrets(envelope: unknown): unknown {
  const mask = (tsig: unknown) =>
    tsig && typeof tsig === 'object'
      ? { ...tsig, secret: TSIG_SECRET_MASK, secret_is_base64: isBase64Secret((tsig as { secret: string }).secret) }
      : tsig;
  const value = envelope as { result?: unknown };
  return { ...value, result: Array.isArray(value.result) ? value.result.map(mask) : mask(value.result) };
}
