/** /healthz, /readyz, /metrics and /api/meta/ratelimit. */
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox } from '../helper.js';

const PEERS = `/api/accounts/${SEED.accountId}/secondary_dns/peers`;

let sandbox: Sandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app } = await appFor(sandbox, { READ_CACHE_TTL_MS: '3000' }));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('/healthz and /readyz', () => {
  it('/healthz: the process answers', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz: data directory writable and Cloudflare answering; one cheap upstream call, reused', async () => {
    sandbox.clearRequests();
    const first = await app.inject({ method: 'GET', url: '/readyz' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'ready',
      checks: { dataDir: { ok: true }, upstream: { ok: true } },
    });
    await app.inject({ method: 'GET', url: '/readyz' });
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /accounts']);
  });

  it('/readyz: 503 naming the problem when Cloudflare is unreachable or the data directory is not writable', async () => {
    const port = await closedPort();
    const dataDir = mkdtempSync(join(tmpdir(), 'bff-readonly-'));
    const { app: broken } = await appFor(sandbox, { CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${port}/client/v4`, DATA_DIR: dataDir });
    try {
      chmodSync(dataDir, 0o500);
      const response = await broken.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const json = response.json();
      expect(json.status).toBe('not ready');
      expect(json.checks.upstream).toMatchObject({ ok: false, detail: expect.stringMatching(/connection refused/) });
      if (process.getuid?.() !== 0) expect(json.checks.dataDir.ok).toBe(false); // root may write anyway
      expect((await broken.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      chmodSync(dataDir, 0o700);
      await broken.close();
    }
  });
});

describe('/readyz with a token Cloudflare does not accept', () => {
  it('503 naming the token, also after a user\'s read met the 401 (answered to the browser as a 502)', async () => {
    const { app: rejected } = await appFor(sandbox);
    // Cloudflare answers an expired or revoked token with 401 (the sandbox, a wrong one with 403).
    sandbox.faults.add({ match: { path: '^/' }, status: 401, code: 10000, message: 'Invalid API Token' });
    try {
      const read = await rejected.inject({ method: 'GET', url: PEERS });
      expect(read.statusCode).toBe(502);
      const response = await rejected.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json().checks.upstream).toMatchObject({ ok: false, detail: expect.stringMatching(/did not accept this dashboard's API token/) });
    } finally {
      sandbox.faults.clear();
      await rejected.close();
    }
  });
});

describe('the check of Cloudflare at start (with a token)', () => {
  it('says in the log at once when the token is refused, or when CLOUDFLARE_ACCOUNT_ID is not an account it sees', async () => {
    const wrongAccount = await appFor(sandbox, { CLOUDFLARE_ACCOUNT_ID: 'f'.repeat(32) });
    sandbox.faults.add({ match: { path: '^/accounts$' }, times: 1, status: 401, code: 10000, message: 'Invalid API Token' });
    const rejected = await appFor(sandbox);
    try {
      await rejected.app.listen({ host: '127.0.0.1', port: 0 });
      await expect.poll(() => rejected.logs.some((line) => line.includes("Cloudflare check at start: Cloudflare did not accept this dashboard's API token"))).toBe(true);
      await wrongAccount.app.listen({ host: '127.0.0.1', port: 0 });
      await expect.poll(() => wrongAccount.logs.some((line) => line.includes(`CLOUDFLARE_ACCOUNT_ID ${'f'.repeat(32)} is not among the`))).toBe(true);
    } finally {
      sandbox.faults.clear();
      await rejected.app.close();
      await wrongAccount.app.close();
    }
  });
});

describe('/metrics', () => {
  it('Prometheus text: requests, latency, upstream calls, retries, cache, budget, queue, process', async () => {
    await app.inject({ method: 'GET', url: PEERS });
    await app.inject({ method: 'GET', url: PEERS });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const body = response.body;
    expect(body).toMatch(/bff_http_requests_total\{operation="peers.list",method="GET",status="200"\} 2/);
    expect(body).toMatch(/bff_http_request_duration_seconds_bucket\{le="0.005",operation="peers.list",status="200"\}/);
    expect(body).toMatch(/bff_upstream_calls_total\{operation="peers.list",outcome="ok"\} 1/);
    expect(body).toMatch(/bff_reads_cached_total\{operation="peers.list",freshness="fresh"\} 1/);
    expect(body).toContain('# TYPE bff_upstream_retries_total counter');
    expect(body).toContain('# TYPE bff_reads_coalesced_total counter');
    expect(body).toMatch(/bff_rate_budget_remaining \d+/);
    expect(body).toMatch(/bff_write_queue_length 0/);
    expect(body).toMatch(/bff_process_resident_memory_bytes \d+/);
  });
});

describe('/api/meta/ratelimit', () => {
  it('reports the budget in the envelope', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/meta/ratelimit' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ success: true, errors: [], messages: [] });
    expect(response.json().result).toMatchObject({
      limit: 1200,
      windowSeconds: 300,
      headroom: 100,
      capacity: 1100,
      remaining: expect.any(Number),
      resetSeconds: expect.any(Number),
      queueLength: 0,
      lockedOutUntil: null,
    });
    expect(response.json().result.remaining).toBeLessThan(1100);
  });
});
