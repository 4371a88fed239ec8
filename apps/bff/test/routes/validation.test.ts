/**
 * Input is checked against the contract before any upstream call: refusals are 400 in Cloudflare's envelope with
 * `source.pointer`, and the sandbox records nothing. Malformed JSON, wrong content types and unknown routes also
 * answer in the envelope.
 */
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox } from '../helper.js';

const A = SEED.accountId;
const Z = SEED.zones;
const P = SEED.peers;

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
beforeEach(() => sandbox.clearRequests());

interface Refusal {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  payload?: unknown;
  pointer: string;
}

const refusals: Refusal[] = [
  { name: 'bad account id', method: 'GET', url: '/api/accounts/not-an-id/secondary_dns/peers', pointer: '/params/account_id' },
  { name: 'bad peer id', method: 'GET', url: `/api/accounts/${A}/secondary_dns/peers/XYZ`, pointer: '/params/peer_id' },
  { name: 'bad zone id on delete', method: 'DELETE', url: '/api/zones/123/secondary_dns/incoming', pointer: '/params/zone_id' },
  {
    name: 'bad body field (port)',
    method: 'PUT',
    url: `/api/accounts/${A}/secondary_dns/peers/${P.ns1Primary}`,
    payload: { name: 'ns1', port: 70000 },
    pointer: '/port',
  },
  {
    name: 'unknown body key',
    method: 'POST',
    url: `/api/accounts/${A}/secondary_dns/acls`,
    payload: { name: 'x', ip_range: '192.0.2.0/24', comment: 'no' },
    pointer: '/comment',
  },
  {
    name: 'ACL wider than /24',
    method: 'POST',
    url: `/api/accounts/${A}/secondary_dns/acls`,
    payload: { name: 'x', ip_range: '10.0.0.0/8' },
    pointer: '/ip_range',
  },
  {
    name: 'bad peer in a list',
    method: 'PUT',
    url: `/api/zones/${Z.exampleNet}/secondary_dns/incoming`,
    payload: { name: 'example.net.', peers: ['nope'], auto_refresh_seconds: 3600 },
    pointer: '/peers/0',
  },
  {
    name: 'auto refresh below 300 s',
    method: 'POST',
    url: `/api/zones/${Z.legacyExampleOrg}/secondary_dns/incoming`,
    payload: { name: 'legacy.example.org.', peers: [P.ns1Primary], auto_refresh_seconds: 60 },
    pointer: '/auto_refresh_seconds',
  },
  { name: 'missing required field', method: 'POST', url: `/api/accounts/${A}/secondary_dns/tsigs`, payload: {}, pointer: '/name' },
  {
    name: 'TSIG secret not Base64 (no nameserver could use it)',
    method: 'POST',
    url: `/api/accounts/${A}/secondary_dns/tsigs`,
    payload: { name: 'k.example.', algo: 'hmac-sha256.', secret: 'abc$%^&*' },
    pointer: '/secret',
  },
  {
    name: 'a peer address no nameserver can have (multicast)',
    method: 'PUT',
    url: `/api/accounts/${A}/secondary_dns/peers/${P.ns1Primary}`,
    payload: { name: 'ns1-primary', ip: '224.0.0.251', port: 53 },
    pointer: '/ip',
  },
  {
    name: 'non-empty body on an action',
    method: 'POST',
    url: `/api/zones/${Z.exampleNet}/secondary_dns/force_axfr`,
    payload: { now: true },
    pointer: '/now',
  },
  { name: 'bad query value', method: 'GET', url: '/api/zones?per_page=3', pointer: '/query/per_page' },
  { name: 'bad query id', method: 'GET', url: '/api/zones?account_id=abc', pointer: '/query/account_id' },
  { name: 'unknown query key', method: 'GET', url: '/api/zones?colour=blue', pointer: '/query/colour' },
  {
    name: 'query on an operation that takes none',
    method: 'GET',
    url: `/api/accounts/${A}/secondary_dns/peers?page=2`,
    pointer: '/query/page',
  },
];

describe('refused before any upstream call', () => {
  it.each(refusals)('$name → 400 with pointer $pointer', async (r) => {
    const response = await app.inject({
      method: r.method,
      url: r.url,
      ...(r.payload !== undefined ? { payload: r.payload as object } : {}),
    });
    expect(response.statusCode, response.body).toBe(400);
    const json = response.json();
    expect(json).toMatchObject({ success: false, messages: [], result: null });
    expect(json.errors.length).toBeGreaterThan(0);
    expect(json.errors[0].code).toBe(ErrorCodes.validation);
    expect(json.errors.map((e: { source?: { pointer?: string } }) => e.source?.pointer)).toContain(r.pointer);
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('request bodies', () => {
  it('refuses malformed JSON in the envelope', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/accounts/${A}/secondary_dns/acls`,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ success: false, errors: [{ code: ErrorCodes.validation }] });
    expect(response.json().errors[0].message).toMatch(/not valid JSON/);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('refuses a body that is not JSON with 415 in the envelope', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/accounts/${A}/secondary_dns/acls`,
      headers: { 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ success: false, result: null });
    expect(response.json().errors[0].message).toMatch(/application\/json/);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('refuses a JSON array where an object is expected', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/accounts/${A}/secondary_dns/acls`,
      payload: [1, 2],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].source.pointer).toBe('/');
  });

  it.each([
    ['no body, no content type', {}],
    ['empty body with a JSON content type', { headers: { 'content-type': 'application/json' }, payload: '' }],
    ['{}', { payload: {} }],
  ])('an action POST accepts %s and sends {} upstream', async (_name, extra) => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/zones/${Z.exampleCom}/secondary_dns/outgoing/force_notify`,
      ...(extra as object),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ success: true, result: 'OK' });
    // The configuration read first (what the Force moves, ADR 018), then the action, sent once.
    expect(sandbox.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
    expect(sandbox.requests[1]).toMatchObject({ method: 'POST', body: {} });
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/nope'],
    ['POST', '/api/accounts'],
    ['DELETE', '/api'],
    ['PATCH', `/api/accounts/${A}/secondary_dns/peers/${P.ns1Primary}`],
  ])('%s %s → 404 in the envelope', async (method, url) => {
    const response = await app.inject({ method: method as 'GET', url });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.json()).toMatchObject({ success: false, errors: [{ code: ErrorCodes.notFound }], result: null });
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('errors raised before routing', () => {
  it.each([
    ['bad URL encoding', `/api/accounts/%zz/secondary_dns/peers`, 400],
    ['an over-long parameter', `/api/accounts/${'a'.repeat(200)}/secondary_dns/peers`, 414],
  ])('%s → envelope', async (_name, url, status) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ success: false, result: null, errors: [{ code: ErrorCodes.validation }] });
    expect(sandbox.requests).toHaveLength(0);
  });

  it('a duplicated query key is a 400, not a 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/zones?page=1&page=2' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].source.pointer).toBe('/query/page');
  });
});
