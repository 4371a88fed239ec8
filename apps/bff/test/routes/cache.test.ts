/**
 * Coalescing and the read cache through the BFF: identical concurrent reads make one upstream call; a fresh copy
 * is served for READ_CACHE_TTL_MS; a write invalidates its resource scope (and only it), including reads that were
 * in flight when it happened.
 */
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox } from '../helper.js';

const A = SEED.accountId;
const Z = SEED.zones;
const PEERS = `/accounts/${A}/secondary_dns/peers`;
const TSIGS = `/accounts/${A}/secondary_dns/tsigs`;
const PEER = `${PEERS}/${SEED.peers.decommissioned}`;
const INCOMING = `/zones/${Z.exampleNet}/secondary_dns/incoming`;
const AXFR = `/zones/${Z.exampleNet}/secondary_dns/force_axfr`;

let sandbox: Sandbox;
let app: FastifyInstance;
let uncached: FastifyInstance;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app } = await appFor(sandbox, { READ_CACHE_TTL_MS: '60000' }));
  ({ app: uncached } = await appFor(sandbox, { READ_CACHE_TTL_MS: '0' }));
});
afterAll(async () => {
  await app?.close();
  await uncached?.close();
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.clearRequests();
  app.readCache.clear();
});

const upstreamCalls = (method: string, path: string) =>
  sandbox.requests.filter((r) => r.method === method && r.path === path).length;
const get = (target: FastifyInstance, path: string) => target.inject({ method: 'GET', url: `/api${path}` });

describe('coalescing', () => {
  it('100 concurrent identical reads → 1 upstream call, 100 identical answers (cache off)', async () => {
    sandbox.faults.add({ match: { method: 'GET', path: PEERS }, times: 1, latencyMs: 150 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => get(uncached, PEERS)));
    expect(upstreamCalls('GET', PEERS)).toBe(1);
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.filter((a) => a.headers['x-cache'] === 'coalesced')).toHaveLength(99);
    const metrics = (await uncached.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/bff_reads_coalesced_total\{operation="peers.list"\} 99/);
  });

  it('different queries are not coalesced', async () => {
    await Promise.all([get(uncached, '/zones?per_page=5'), get(uncached, '/zones?per_page=6')]);
    expect(upstreamCalls('GET', '/zones')).toBe(2);
  });
});

describe('the read cache', () => {
  it('serves a fresh copy (x-cache: hit) instead of calling Cloudflare again', async () => {
    expect((await get(app, PEERS)).headers['x-cache']).toBe('miss');
    const hit = await get(app, PEERS);
    expect(hit.headers['x-cache']).toBe('hit');
    expect(hit.headers.age).toBe('0');
    expect(upstreamCalls('GET', PEERS)).toBe(1);
  });

  it('expires after READ_CACHE_TTL_MS', async () => {
    // 500 ms: long enough that the second read is a hit even on a slow machine, short enough for a test.
    const { app: short } = await appFor(sandbox, { READ_CACHE_TTL_MS: '500' });
    try {
      await get(short, PEERS);
      await get(short, PEERS);
      await new Promise((resolve) => setTimeout(resolve, 650));
      await get(short, PEERS);
      expect(upstreamCalls('GET', PEERS)).toBe(2);
    } finally {
      await short.close();
    }
  });

  it('does not keep failures', async () => {
    sandbox.faults.add({ match: { path: PEERS }, times: 1, status: 500 });
    expect((await get(app, PEERS)).statusCode).toBe(502);
    expect((await get(app, PEERS)).statusCode).toBe(200);
    expect(upstreamCalls('GET', PEERS)).toBe(2);
  });

  it('a write to a peer invalidates the account’s peers (list and item), not its TSIGs', async () => {
    await get(app, PEERS);
    await get(app, PEER);
    await get(app, TSIGS);
    const updated = await app.inject({ method: 'PUT', url: `/api${PEER}`, payload: { name: 'renamed-ns', ip: '192.0.2.98' } });
    expect(updated.statusCode).toBe(200);
    const list = await get(app, PEERS);
    expect(list.headers['x-cache']).toBe('miss');
    expect(list.json().result.map((p: { name: string }) => p.name)).toContain('renamed-ns');
    expect((await get(app, PEER)).json().result.name).toBe('renamed-ns');
    expect((await get(app, TSIGS)).headers['x-cache']).toBe('hit');
    expect(upstreamCalls('GET', PEERS)).toBe(2);
    expect(upstreamCalls('GET', TSIGS)).toBe(1);
  });

  it('a zone action (Force AXFR) invalidates that zone’s incoming configuration', async () => {
    sandbox.setPrimarySerial(Z.exampleNet, 2030010101);
    const before = (await get(app, INCOMING)).json().result.soa_serial;
    expect((await app.inject({ method: 'POST', url: `/api${AXFR}` })).statusCode).toBe(200);
    const after = await get(app, INCOMING);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.json().result.soa_serial).toBe(2030010101);
    expect(after.json().result.soa_serial).not.toBe(before);
  });

  it('a read in flight when a write lands is neither joined afterwards nor stored', async () => {
    sandbox.faults.add({ match: { method: 'GET', path: PEERS }, times: 1, latencyMs: 200 });
    const slow = get(app, PEERS); // reads the list before the create
    await new Promise((resolve) => setTimeout(resolve, 50));
    const created = await app.inject({ method: 'POST', url: `/api${PEERS}`, payload: { name: 'ns-during-read' } });
    expect(created.statusCode).toBe(200);
    const fresh = await get(app, PEERS); // must not join the slow read
    expect(fresh.headers['x-cache']).toBe('miss');
    expect(fresh.json().result.map((p: { name: string }) => p.name)).toContain('ns-during-read');
    await slow;
    const next = await get(app, PEERS);
    expect(next.json().result.map((p: { name: string }) => p.name)).toContain('ns-during-read');
  });
});
