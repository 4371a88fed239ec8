/**
 * CLOUDFLARE_HEALTH_WEBHOOK_URL (ADR 022): the team's channel hears when Cloudflare's API starts failing for everyone
 * (3 attempts in a row) and when it answers again — once each, whatever the number of requests in between; a
 * flapping API is held back (a new run right after "answers again" is told only if it lasts the quiet period). Never
 * the URL in the logs. Against the sandbox's fault modes, with a receiver on 127.0.0.1.
 */
import { SEED } from '@secdns/sandbox';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { AttemptRecord } from '../../src/upstream/health.js';
import { createCloudflareNotifier } from '../../src/webhook/cloudflare-webhook.js';
import { appFor, startTestSandbox, startWebhookReceiver, type Sandbox, type TestApp, type WebhookReceiver } from '../helper.js';

const INCOMING = `/zones/${SEED.zones.exampleNet}/secondary_dns/incoming`;
const HOOK_SECRET = 'T000/B000/cloudflare-health-hook-secret';

let sandbox: Sandbox;
let hook: WebhookReceiver;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  await hook?.close();
  await sandbox?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Cloudflare health webhook, against the sandbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appFor(sandbox, {
      CLOUDFLARE_HEALTH_WEBHOOK_URL: `${hook.base}/hooks/${HOOK_SECRET}`,
      UPSTREAM_MAX_RETRIES: '1',
      UPSTREAM_RETRY_BASE_MS: '10',
      UPSTREAM_TIMEOUT_MS: '300',
    });
  });
  afterAll(async () => {
    sandbox.faults.clear();
    await t?.app.close();
  });

  it('tells "failing" once at the third failure in a row and "answers again" once, with the facts', async () => {
    hook.received.length = 0;
    const read = () => t.app.inject({ method: 'GET', url: `/api${INCOMING}` });
    expect((await read()).statusCode).toBe(200);
    // Two attempts (one retry) of one read: not yet failing for everyone.
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 2, status: 503 });
    expect((await read()).statusCode).toBe(502);
    await pause(100);
    expect(hook.received).toHaveLength(0);
    // The third and later failures: one message, not one per request.
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 4, drop: true });
    expect((await read()).statusCode).toBe(502);
    expect((await read()).statusCode).toBe(502);
    await expect.poll(() => hook.received.length).toBe(1);
    const failing = hook.received[0]!;
    expect(failing.path).toBe(`/hooks/${HOOK_SECRET}`);
    expect(failing.body).toMatchObject({
      event: 'cloudflare.failing',
      failed_attempts: 3,
      failed_for_seconds: null,
      again: false,
      upstream: new URL(sandbox.url).host,
      last_failure: { operation: 'incoming.get', kind: 'network', status: 502, message: expect.stringMatching(/Cloudflare/) },
    });
    expect(failing.body.sandbox).toBeUndefined();
    expect(failing.body.text).toMatch(
      /^Cloudflare's API is failing for everyone using the dashboard: 3 attempts in a row failed since \d\d:\d\d:\d\d UTC \(last: Secondary zone configuration details: no connection, HTTP 502\)\. .*cloudflarestatus\.com/,
    );
    expect(Date.parse(failing.body.failing_since as string)).toBeLessThanOrEqual(Date.parse(failing.body.time as string));

    // Cloudflare answers: one message with how long it failed and how many attempts.
    expect((await read()).statusCode).toBe(200);
    await expect.poll(() => hook.received.length).toBe(2);
    expect(hook.received[1]!.body).toMatchObject({
      event: 'cloudflare.answering',
      failed_attempts: 6,
      failed_for_seconds: expect.any(Number),
      last_failure: null,
      failing_since: failing.body.failing_since,
    });
    expect(hook.received[1]!.body.text).toMatch(
      /^Cloudflare's API answers again, after (less than a second|\d+ seconds?) of failures \(6 attempts in a row failed since \d\d:\d\d:\d\d UTC\)\. Changes tried while it failed may or may not have been made: the audit log says which failed\.$/,
    );

    // Failing again right away (a flapping API): held back for the quiet period (5 minutes), the log still says it.
    sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 4, status: 500 });
    expect((await read()).statusCode).toBe(502);
    expect((await read()).statusCode).toBe(502);
    expect((await read()).statusCode).toBe(200);
    await pause(200);
    expect(hook.received).toHaveLength(2);
    const logged = t.logs.filter((line) => line.includes('"upstreamHealth"'));
    expect(logged).toHaveLength(4);
    // The URL (its secret) is in no log line.
    expect(t.logs.some((line) => line.includes(HOOK_SECRET) || line.includes('cloudflare-health-hook'))).toBe(false);
  });

  it('counts a refused message in /metrics and keeps serving', async () => {
    hook.answer = 500;
    try {
      const before = hook.received.length;
      // A fresh app: no quiet period running.
      const fresh = await appFor(sandbox, { CLOUDFLARE_HEALTH_WEBHOOK_URL: `${hook.base}/hooks/${HOOK_SECRET}` });
      try {
        sandbox.faults.add({ match: { method: 'GET', path: INCOMING }, times: 3, status: 502 });
        for (let i = 0; i < 3; i++) expect((await fresh.app.inject({ method: 'GET', url: `/api${INCOMING}` })).statusCode).toBe(502);
        await expect.poll(() => hook.received.length).toBe(before + 1);
        await expect
          .poll(async () => (await fresh.app.inject({ method: 'GET', url: '/metrics' })).body)
          .toMatch(/bff_webhook_failures_total\{webhook="cloudflare health",reason="refused"\} 1/);
        expect(fresh.logs.some((line) => line.includes('Cloudflare health: the webhook refused the event (HTTP 500)'))).toBe(true);
        expect((await fresh.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      } finally {
        await fresh.app.close();
      }
    } finally {
      hook.answer = 200;
      sandbox.faults.clear();
    }
  });

  it('is an http(s) URL or nothing', () => {
    expect(() => loadConfig({ CLOUDFLARE_HEALTH_WEBHOOK_URL: 'hooks.example/abc' })).toThrow(/CLOUDFLARE_HEALTH_WEBHOOK_URL: must be an http\(s\) URL/);
    expect(loadConfig({ CLOUDFLARE_HEALTH_WEBHOOK_URL: 'https://hooks.example/abc' }).cloudflareHealthWebhookUrl).toBe('https://hooks.example/abc');
    expect(loadConfig({ CLOUDFLARE_HEALTH_WEBHOOK_URL: '' }).cloudflareHealthWebhookUrl).toBeUndefined();
  });
});

describe('a flapping Cloudflare (the notifier, with a short quiet period)', () => {
  const last: AttemptRecord = { operation: 'peers.list', kind: 'timeout', status: 504, message: 'no answer', durationMs: 300, retry: false };
  const log = pino({ level: 'silent' });

  it('tells a run that outlasts the quiet period as "failing again", and never the end of a run it did not tell', async () => {
    hook.received.length = 0;
    let run: { since: number; failures: number; last: AttemptRecord } | null = null;
    const notifier = createCloudflareNotifier(`${hook.base}/flap`, log, { upstream: 'api.cloudflare.com', failingRun: () => run, quietMs: 2000, sandbox: true });
    const t0 = Date.now();
    notifier.change({ kind: 'failing', since: t0, failures: 3, last });
    notifier.change({ kind: 'recovered', since: t0, failedForMs: 1000, failures: 3 });
    await expect.poll(() => hook.received.map((r) => r.body.event)).toEqual(['cloudflare.failing', 'cloudflare.answering']);
    // The sandbox's messages say so.
    expect(hook.received[0]!.body).toMatchObject({ sandbox: true, text: expect.stringMatching(/^\[sandbox\] Cloudflare's API is failing/) });

    // A short run inside the quiet period: nothing, neither its start nor its end.
    notifier.change({ kind: 'failing', since: Date.now(), failures: 3, last });
    notifier.change({ kind: 'recovered', since: Date.now(), failedForMs: 50, failures: 3 });
    // A run that is still going when the quiet period ends: told then, as "again", with the run as it is by then.
    const since = Date.now();
    run = { since, failures: 3, last };
    notifier.change({ kind: 'failing', since, failures: 3, last });
    run = { since, failures: 7, last };
    // (The quiet period runs 2 s from "answers again": long enough that a slow machine's polls above do not eat it.)
    await pause(150);
    expect(hook.received).toHaveLength(2);
    await expect.poll(() => hook.received.length, { timeout: 5000 }).toBe(3);
    expect(hook.received[2]!.body).toMatchObject({ event: 'cloudflare.failing', again: true, failed_attempts: 7 });
    expect(hook.received[2]!.body.text).toMatch(/^\[sandbox\] Cloudflare's API is failing again for everyone/);
    // Its end is told.
    notifier.change({ kind: 'recovered', since, failedForMs: 400, failures: 7 });
    await expect.poll(() => hook.received.length).toBe(4);
    expect(hook.received[3]!.body).toMatchObject({ event: 'cloudflare.answering', failed_attempts: 7 });
    await notifier.close();
  });

  it('a held run that ended before the quiet period is over is not told', async () => {
    hook.received.length = 0;
    let run: { since: number; failures: number; last: AttemptRecord } | null = null;
    const notifier = createCloudflareNotifier(`${hook.base}/flap`, log, { upstream: 'api.cloudflare.com', failingRun: () => run, quietMs: 200 });
    notifier.change({ kind: 'failing', since: Date.now(), failures: 3, last });
    notifier.change({ kind: 'recovered', since: Date.now(), failedForMs: 10, failures: 3 });
    await expect.poll(() => hook.received.length).toBe(2);
    run = { since: Date.now(), failures: 3, last };
    notifier.change({ kind: 'failing', since: run.since, failures: 3, last });
    // Ended — and the health says no run is going on — before the timer: still nothing.
    run = null;
    await pause(400);
    expect(hook.received).toHaveLength(2);
    await notifier.close();
  });
});
