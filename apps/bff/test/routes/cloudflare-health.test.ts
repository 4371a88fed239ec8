/**
 * What the dashboard has seen of Cloudflare (`cloudflare` in GET /api/meta/ratelimit, and the consecutive-failures
 * gauge of /metrics), against the sandbox with its fault modes: answers, 5xx, timeouts, dropped connections and
 * answers not understood are counted by kind, retries are counted, a run of failures says since when and with the
 * sentence users were shown, and the first answer ends it.
 */
import { RateBudgetSchema, type CloudflareHealth } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessageCodes } from '../../src/upstream/gateway.js';
import { UpstreamHealth } from '../../src/upstream/health.js';
import { appFor, startTestSandbox, type Sandbox } from '../helper.js';

const Z = SEED.zones;
const INCOMING = `/zones/${Z.exampleNet}/secondary_dns/incoming`;
const AXFR = `/zones/${Z.exampleNet}/secondary_dns/force_axfr`;

let sandbox: Sandbox;
let app: FastifyInstance;
let logs: string[];
const healthLines = () =>
  logs.map((line) => JSON.parse(line) as { level: number; msg: string; upstreamHealth?: { state: string } }).filter((line) => line.upstreamHealth);

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app, logs } = await appFor(sandbox, {
    READ_CACHE_TTL_MS: '0',
    UPSTREAM_TIMEOUT_MS: '300',
    UPSTREAM_TOTAL_TIMEOUT_MS: '2000',
    UPSTREAM_MAX_RETRIES: '1',
    UPSTREAM_RETRY_BASE_MS: '10',
  }));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.faults.clear();
});

async function health(): Promise<CloudflareHealth> {
  const response = await app.inject({ method: 'GET', url: '/api/meta/ratelimit' });
  expect(response.statusCode).toBe(200);
  const report = RateBudgetSchema.parse(response.json().result);
  expect(report.cloudflare).toBeDefined();
  return report.cloudflare!;
}

async function consecutiveGauge(): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith('bff_upstream_consecutive_failures '));
  expect(line).toBeDefined();
  return Number(line!.split(' ')[1]);
}

describe("the budget report's cloudflare section", () => {
  it('counts answers, and a run of failures of each kind with its retries, since when, and what users were told', async () => {
    // Answered calls first: ok, with answer times.
    for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'GET', url: `/api${INCOMING}` })).statusCode).toBe(200);
    const before = await health();
    expect(before.state).toBe('ok');
    expect(before.consecutiveFailures).toBe(0);
    expect(before.failingSince).toBeNull();
    expect(before.answerMs).not.toBeNull();
    expect(before.lastAnswerAt).not.toBeNull();
    const calls = before.calls;

    // A 502 on a read: tried twice (one retry), both failed.
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 2, status: 502 });
    const first = await app.inject({ method: 'GET', url: `/api${INCOMING}` });
    expect(first.statusCode).toBe(502);
    // Not failing for everyone yet: the answer says nothing of it.
    expect(first.json().messages.map((m: { code: number }) => m.code)).not.toContain(MessageCodes.cloudflareFailing);
    let now = await health();
    expect(now.state).toBe('errors'); // two in a row, after answers in the window: errors, not yet failing
    expect(now.calls).toBe(calls + 2);
    expect(now.failures.server).toBe(2);
    expect(now.retried).toBe(1);
    expect(now.consecutiveFailures).toBe(2);
    expect(now.failingSince).not.toBeNull();
    expect(now.lastFailure).toMatchObject({ operation: 'incoming.get', kind: 'server', status: 502 });
    expect(now.lastFailure!.message).toMatch(/Cloudflare/);

    // A read whose connection is dropped, twice (with its retry): failing.
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 2, drop: true });
    const dropped = await app.inject({ method: 'GET', url: `/api${INCOMING}` });
    expect(dropped.statusCode).toBe(502);
    // Failing for everyone: the answer says so, for a script's log as for the browser.
    expect(dropped.json().messages).toContainEqual({
      code: MessageCodes.cloudflareFailing,
      message: expect.stringMatching(
        /^Cloudflare is failing for everyone using this dashboard: the last 4 attempts failed, the first at \S+Z\. This is not about this request; try again when Cloudflare answers/,
      ),
    });
    now = await health();
    expect(now.state).toBe('failing');
    expect(now.failures.network).toBe(2);
    expect(now.consecutiveFailures).toBe(4);
    expect(now.lastFailure).toMatchObject({ operation: 'incoming.get', kind: 'network' });
    const since = now.failingSince;
    // The log says it once, at the third failure in a row (level error), whatever follows.
    expect(healthLines()).toEqual([
      expect.objectContaining({ level: 50, msg: 'Cloudflare is failing: 3 attempts in a row failed (last: incoming.get, network, HTTP 502)' }),
    ]);

    // No answer in time (not retried: 504), then an answer not understood (502): still failing, since the same moment.
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 1, latencyMs: 1000 });
    expect((await app.inject({ method: 'GET', url: `/api${INCOMING}` })).statusCode).toBe(504);
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 1, malformed: true });
    expect((await app.inject({ method: 'GET', url: `/api${INCOMING}` })).statusCode).toBe(502);
    now = await health();
    expect(now.failures.timeout).toBe(1);
    expect(now.failures.malformed).toBe(1);
    expect(now.failed).toBe(6);
    expect(now.retried).toBe(2);
    expect(now.consecutiveFailures).toBe(6);
    expect(now.failingSince).toBe(since);
    expect(now.state).toBe('failing');
    expect(await consecutiveGauge()).toBe(6);

    // Cloudflare answers again: the run ends; the window still shows the failures.
    expect((await app.inject({ method: 'GET', url: `/api${INCOMING}` })).statusCode).toBe(200);
    now = await health();
    expect(now.state).toBe('errors');
    expect(now.consecutiveFailures).toBe(0);
    expect(now.failingSince).toBeNull();
    expect(now.lastFailure).not.toBeNull();
    expect(healthLines()).toHaveLength(2);
    expect(healthLines()[1]).toMatchObject({ level: 40, msg: expect.stringMatching(/^Cloudflare answers again, after 6 failed attempts in a row over \d+ s$/) });
    expect(await consecutiveGauge()).toBe(0);
    // The BFF stays healthy throughout.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it("a refusal (4xx) is an answer, and Cloudflare's 429 is counted apart", async () => {
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 1, status: 404 });
    const before = (await health()).failed;
    expect((await app.inject({ method: 'GET', url: `/api${INCOMING}` })).statusCode).toBe(404);
    const now = await health();
    expect(now.failed).toBe(before);
    expect(now.consecutiveFailures).toBe(0);

    // Last here: Cloudflare's 429 locks the token out for the rest of this app.
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 1, status: 429, retryAfterSeconds: 60 });
    expect((await app.inject({ method: 'GET', url: `/api${INCOMING}` })).statusCode).toBe(429);
    const limited = await health();
    expect(limited.rateLimited).toBe(1);
    expect(limited.failed).toBe(before);
    expect(limited.consecutiveFailures).toBe(0);
  });
});

describe('UpstreamHealth', () => {
  const attempt = (kind: 'ok' | 'server' | 'timeout' | 'rate-limited' | 'cancelled', durationMs = 100) => ({
    operation: 'peers.list' as const,
    kind,
    status: kind === 'ok' ? 200 : kind === 'timeout' ? 504 : kind === 'rate-limited' ? 429 : 502,
    message: kind === 'ok' ? '' : `failed: ${kind}`,
    durationMs,
    retry: false,
  });

  it('is unknown without calls; forgets what left the window but keeps the last failure and answer', () => {
    let clock = 1_000_000;
    const health = new UpstreamHealth({ windowMs: 60_000, now: () => clock });
    expect(health.snapshot()).toMatchObject({ state: 'unknown', calls: 0, lastFailure: null, lastAnswerAt: null, answerMs: null });
    health.record(attempt('server'));
    clock += 1000;
    health.record(attempt('ok'));
    expect(health.snapshot()).toMatchObject({ state: 'errors', calls: 2, failed: 1 });
    clock += 61_000;
    const later = health.snapshot();
    expect(later).toMatchObject({ state: 'unknown', calls: 0, failed: 0 });
    expect(later.lastFailure?.message).toBe('failed: server');
    expect(later.lastAnswerAt).toBe(new Date(1_001_000).toISOString());
  });

  it('one failure with no answer in the window is failing; abandoned attempts count for nothing', () => {
    const health = new UpstreamHealth();
    health.record(attempt('cancelled'));
    expect(health.snapshot().state).toBe('unknown');
    health.record(attempt('timeout'));
    expect(health.snapshot()).toMatchObject({ state: 'failing', consecutiveFailures: 1 });
    // Hours later, with no call since: not said to be failing now (the failure is still the last one known).
    let clock = 0;
    const overnight = new UpstreamHealth({ windowMs: 300_000, now: () => clock });
    overnight.record(attempt('timeout'));
    expect(overnight.snapshot().state).toBe('failing');
    clock += 7 * 3600_000;
    expect(overnight.snapshot()).toMatchObject({ state: 'unknown', consecutiveFailures: 1, lastFailure: { kind: 'timeout' } });
    health.record(attempt('rate-limited'));
    expect(health.snapshot()).toMatchObject({ state: 'errors', rateLimited: 1, consecutiveFailures: 0 });
  });

  it('is slow when the slowest 5 % of at least 5 answers take slowMs or more', () => {
    const health = new UpstreamHealth({ slowMs: 1000 });
    for (let i = 0; i < 4; i++) health.record(attempt('ok', 3000));
    expect(health.snapshot().state).toBe('ok'); // 4 answers: not a trend yet
    health.record(attempt('ok', 3000));
    expect(health.snapshot()).toMatchObject({ state: 'slow', answerMs: { p50: 3000, p95: 3000 } });
    for (let i = 0; i < 100; i++) health.record(attempt('ok', 50));
    expect(health.snapshot()).toMatchObject({ state: 'ok', answerMs: { p50: 50, p95: 50 } });
  });

  it('tells once when a run of failures reaches 3, and once when it ends; a shorter run says nothing', () => {
    const changes: string[] = [];
    const health = new UpstreamHealth({ onChange: (change) => changes.push(`${change.kind} ${change.failures}`) });
    health.record(attempt('server'));
    health.record(attempt('server'));
    health.record(attempt('ok'));
    expect(changes).toEqual([]);
    for (let i = 0; i < 5; i++) health.record(attempt('timeout'));
    health.record(attempt('cancelled'));
    health.record(attempt('ok'));
    health.record(attempt('ok'));
    expect(changes).toEqual(['failing 3', 'recovered 5']);
  });

  it('keeps at most maxEntries attempts', () => {
    const health = new UpstreamHealth({ maxEntries: 10 });
    for (let i = 0; i < 25; i++) health.record(attempt('ok'));
    expect(health.snapshot().calls).toBe(10);
  });
});
