/**
 * Each failure kind of the upstream, produced by sandbox faults (or a closed port): 5xx, malformed answers and
 * dropped or refused connections are 502, a hang past UPSTREAM_TIMEOUT_MS is 504, each with an actionable message.
 * 4xx pass through. The BFF never crashes and keeps answering afterwards.
 */
import { createServer } from 'node:net';
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox } from '../helper.js';

const Z = SEED.zones;
const INCOMING = `/zones/${Z.exampleNet}/secondary_dns/incoming`;
const AXFR = `/zones/${Z.exampleNet}/secondary_dns/force_axfr`;
const TIMEOUT_MS = 300;

let sandbox: Sandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app } = await appFor(sandbox, { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS) }));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.clearRequests();
});

async function expectStillServing() {
  const response = await app.inject({ method: 'GET', url: `/api${INCOMING}` });
  expect(response.statusCode).toBe(200);
}

describe('upstream failures', () => {
  it('5xx → 502 with Cloudflare’s errors after ours', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, times: 1, status: 503, message: 'maintenance' });
    const response = await app.inject({ method: 'GET', url: `/api${INCOMING}` });
    expect(response.statusCode).toBe(502);
    const json = response.json();
    expect(json).toMatchObject({ success: false, result: null });
    expect(json.errors[0].code).toBe(ErrorCodes.upstreamServerError);
    expect(json.errors[0].message).toContain('HTTP 503');
    expect(json.errors[0].message).toContain(`GET ${INCOMING}`);
    expect(json.errors.slice(1)).toEqual([expect.objectContaining({ message: 'maintenance' })]);
    await expectStillServing();
  });

  it('a malformed (non-JSON) answer → 502', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, times: 1, malformed: true });
    const response = await app.inject({ method: 'GET', url: `/api${INCOMING}` });
    expect(response.statusCode).toBe(502);
    expect(response.json().errors[0].code).toBe(ErrorCodes.upstreamBadResponse);
    expect(response.json().errors[0].message).toMatch(/not understood \(not JSON\)/);
    await expectStillServing();
  });

  it('a dropped connection → 502, saying a write may have been applied', async () => {
    sandbox.faults.add({ match: { method: 'POST', path: AXFR }, times: 1, drop: true });
    const response = await app.inject({ method: 'POST', url: `/api${AXFR}` });
    expect(response.statusCode).toBe(502);
    const error = response.json().errors[0];
    expect(error.code).toBe(ErrorCodes.upstreamUnreachable);
    expect(error.message).toMatch(/closed the connection/);
    expect(error.message).toMatch(/reload to check before retrying/);
    await expectStillServing();
  });

  it('a hang past UPSTREAM_TIMEOUT_MS → 504 within bound', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, times: 1, hang: true });
    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: `/api${INCOMING}` });
    const elapsed = Date.now() - started;
    expect(response.statusCode).toBe(504);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1500);
    const error = response.json().errors[0];
    expect(error.code).toBe(ErrorCodes.upstreamTimeout);
    expect(error.message).toBe(
      `Cloudflare did not answer within 0.3 s (GET ${INCOMING}). Nothing was changed by this request (it was a read); try again.`,
    );
    await expectStillServing();
  });

  it('429 passes through with Retry-After', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, times: 1, status: 429, retryAfterSeconds: 42 });
    const response = await app.inject({ method: 'GET', url: `/api${INCOMING}` });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('42');
    expect(response.json().success).toBe(false);
    expect(response.json().errors.length).toBeGreaterThan(0);
  });

  it('an unreachable upstream (closed port) → 502 naming the base URL', async () => {
    // Find a free port, then close it so nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address() as { port: number };
        server.close(() => resolve(address.port));
      });
    });
    const base = `http://127.0.0.1:${port}/client/v4`;
    const { app: offline } = await appFor(sandbox, { CLOUDFLARE_API_BASE_URL: base });
    try {
      const response = await offline.inject({ method: 'GET', url: `/api${INCOMING}` });
      expect(response.statusCode).toBe(502);
      const error = response.json().errors[0];
      expect(error.code).toBe(ErrorCodes.upstreamUnreachable);
      expect(error.message).toBe(
        `Could not reach Cloudflare at ${base}: connection refused. Check CLOUDFLARE_API_BASE_URL and the network.`,
      );
    } finally {
      await offline.close();
    }
  });
});
