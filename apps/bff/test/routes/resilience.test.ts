/**
 * Upstream resilience with the sandbox's fault modes, retries on (the default policy): each failure kind answers
 * the right status within its bound, GET / PUT are retried where safe, a POST is sent at most once, and the BFF
 * stays healthy.
 */
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox } from '../helper.js';

const A = SEED.accountId;
const Z = SEED.zones;
const INCOMING = `/zones/${Z.exampleNet}/secondary_dns/incoming`;
const AXFR = `/zones/${Z.exampleNet}/secondary_dns/force_axfr`;
const ACL = `/accounts/${A}/secondary_dns/acls/${SEED.acls.monitoring}`;
const TIMEOUT_MS = 400;
const TOTAL_MS = 1500;

let sandbox: Sandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app } = await appFor(sandbox, {
    READ_CACHE_TTL_MS: '0',
    UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    UPSTREAM_TOTAL_TIMEOUT_MS: String(TOTAL_MS),
    UPSTREAM_MAX_RETRIES: '2',
    UPSTREAM_RETRY_BASE_MS: '20',
  }));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.clearRequests();
  sandbox.resetRateLimit();
});

const calls = (method: string, path: string) =>
  sandbox.requests.filter((r) => r.method === method && r.path === path).length;

async function timed(method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) {
  const started = Date.now();
  const response = await app.inject({ method, url: `/api${path}`, ...(payload ? { payload } : {}) });
  return { response, elapsed: Date.now() - started };
}

async function expectHealthy() {
  expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect((await app.inject({ method: 'GET', url: `/api${INCOMING}` })).statusCode).toBe(200);
}

describe('reads are retried where safe', () => {
  it('a 5xx once → retried → 200', async () => {
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 1, status: 503 });
    const { response } = await timed('GET', INCOMING);
    expect(response.statusCode).toBe(200);
    expect(calls('GET', INCOMING)).toBe(2);
  });

  it('a dropped connection once → retried → 200', async () => {
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 1, drop: true });
    expect((await timed('GET', INCOMING)).response.statusCode).toBe(200);
    expect(calls('GET', INCOMING)).toBe(2);
  });

  it('a 429 with a short Retry-After → waits for it → 200', async () => {
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 1, status: 429, retryAfterSeconds: 1 });
    const { response, elapsed } = await timed('GET', INCOMING);
    expect(response.statusCode).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(TOTAL_MS + 500);
    expect(calls('GET', INCOMING)).toBe(2);
  });

  it('5xx every time → 502 after 1 + UPSTREAM_MAX_RETRIES attempts, within the total bound', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, status: 500, message: 'broken' });
    const { response, elapsed } = await timed('GET', INCOMING);
    expect(response.statusCode).toBe(502);
    expect(response.json().errors[0].code).toBe(ErrorCodes.upstreamServerError);
    expect(response.json().errors[0].message).toMatch(/HTTP 500.*try again/);
    expect(calls('GET', INCOMING)).toBe(3);
    expect(elapsed).toBeLessThan(TOTAL_MS);
    sandbox.faults.clear();
    await expectHealthy();
  });

  it('slow failures stop at UPSTREAM_TOTAL_TIMEOUT_MS', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, status: 503, latencyMs: 350 });
    const { response, elapsed } = await timed('GET', INCOMING);
    expect([502, 504]).toContain(response.statusCode);
    expect(elapsed).toBeLessThan(TOTAL_MS + 300);
    sandbox.faults.clear();
    await expectHealthy();
  });

  it('a timeout is not retried (a hanging Cloudflare is not asked again) → 504 within UPSTREAM_TIMEOUT_MS', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, hang: true });
    const { response, elapsed } = await timed('GET', INCOMING);
    expect(response.statusCode).toBe(504);
    expect(response.json().errors[0].code).toBe(ErrorCodes.upstreamTimeout);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 500);
    expect(calls('GET', INCOMING)).toBe(1);
    sandbox.faults.clear();
    await expectHealthy();
  });

  it('a malformed answer is not retried → 502', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, malformed: true });
    const { response } = await timed('GET', INCOMING);
    expect(response.statusCode).toBe(502);
    expect(response.json().errors[0].code).toBe(ErrorCodes.upstreamBadResponse);
    expect(calls('GET', INCOMING)).toBe(1);
  });

  it('a 4xx is not retried and keeps Cloudflare’s status and envelope', async () => {
    const { response } = await timed('GET', `/accounts/${A}/secondary_dns/peers/${'f'.repeat(32)}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().errors[0].code).toBe(ErrorCodes.notFound);
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe("Cloudflare refuses the dashboard's token", () => {
  it('its 401 is a 502 that names the token (a 401 would end the user\'s session in the browser), not retried', async () => {
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, status: 401, code: 10000, message: 'Invalid API Token' });
    const { response } = await timed('GET', INCOMING);
    expect(response.statusCode).toBe(502);
    const [ours, theirs] = response.json().errors;
    expect(ours.code).toBe(ErrorCodes.upstreamTokenRejected);
    expect(ours.message).toMatch(/did not accept this dashboard's API token .*HTTP 401: Invalid API Token.*session is fine.*CLOUDFLARE_API_TOKEN/);
    expect(theirs).toMatchObject({ code: 10000, message: 'Invalid API Token' });
    expect(calls('GET', INCOMING)).toBe(1);
  });
});

describe('idempotent writes are retried; POSTs never', () => {
  it('PUT meets a 5xx once → retried → 200', async () => {
    sandbox.faults.add({ match: { method: 'PUT', path: ACL }, times: 1, status: 502 });
    const { response } = await timed('PUT', ACL, { name: 'monitoring', ip_range: '198.51.100.53/32' });
    expect(response.statusCode).toBe(200);
    expect(calls('PUT', ACL)).toBe(2);
  });

  it('a create meeting a 5xx is sent once', async () => {
    const peers = `/accounts/${A}/secondary_dns/peers`;
    sandbox.faults.add({ match: { method: 'POST', path: peers }, status: 500 });
    const { response } = await timed('POST', peers, { name: 'ns-once' });
    expect(response.statusCode).toBe(502);
    expect(calls('POST', peers)).toBe(1);
  });

  for (const [label, fault, status] of [
    ['a 5xx', { status: 503 }, 502],
    ['a dropped connection', { drop: true as const }, 502],
    ['a hang', { hang: true as const }, 504],
    // Last: Cloudflare's 429 locks the governor out for a second (honoured; see budget.test.ts).
    ['a 429 with a short Retry-After', { status: 429, retryAfterSeconds: 0 }, 429],
  ] as const) {
    it(`Force AXFR meets ${label} → ${status}, sent exactly once`, async () => {
      sandbox.faults.add({ match: { method: 'POST', path: AXFR }, ...fault });
      const { response, elapsed } = await timed('POST', AXFR);
      expect(response.statusCode).toBe(status);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 500);
      expect(calls('POST', AXFR)).toBe(1);
      if (status !== 429) expect(response.json().errors[0].message).toMatch(/may or may not have been applied/);
      sandbox.faults.clear();
      sandbox.resetRateLimit();
    });
  }

});

describe('errors a person can act on, with the request id', () => {
  it('an upstream failure carries x-request-id and request_id in the envelope, and the log has it', async () => {
    sandbox.faults.add({ match: { path: INCOMING }, status: 500 });
    const { app: logged, logs } = await appFor(sandbox, { UPSTREAM_MAX_RETRIES: '0' });
    try {
      const response = await logged.inject({ method: 'GET', url: `/api${INCOMING}` });
      expect(response.statusCode).toBe(502);
      const id = response.headers['x-request-id'] as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.json().request_id).toBe(id);
      expect(logs.some((line) => line.includes(`"reqId":"${id}"`) && line.includes('server error'))).toBe(true);
    } finally {
      await logged.close();
    }
  });

  it('every request ends with one access line: id, method, URL, client address, status, operation, cache, time', async () => {
    const { app: logged, logs } = await appFor(sandbox);
    try {
      const response = await logged.inject({ method: 'GET', url: `/api${INCOMING}`, remoteAddress: '192.0.2.44' });
      expect(response.statusCode).toBe(200);
      const id = response.headers['x-request-id'] as string;
      const lines = logs.map((line) => JSON.parse(line)).filter((line) => line.reqId === id && line.msg === 'request completed');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        req: { method: 'GET', url: `/api${INCOMING}`, remoteAddress: '192.0.2.44' },
        res: { statusCode: 200 },
        operation: 'incoming.get',
        cache: 'miss',
        responseTime: expect.any(Number),
      });
      expect(JSON.stringify(lines[0])).not.toMatch(/cookie|authorization/i);
    } finally {
      await logged.close();
    }
  });

  it('refuses a request id that is not one (and makes its own)', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id "quoted"' } });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
