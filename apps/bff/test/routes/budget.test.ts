/**
 * The shared rate budget through the BFF, against the sandbox (some with Cloudflare's limit enforced): reads are
 * refused with 429 + Retry-After or answered stale from cache, writes wait in a bounded queue, Cloudflare's
 * Ratelimit / Retry-After headers are honoured, and nothing is sent that would trip the lock-out.
 */
import { ErrorCodes, RateBudgetSchema } from '@secdns/api-types';
import { SEED, startSandbox } from '@secdns/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageCodes } from '../../src/upstream/gateway.js';
import { appFor, buildTestApp, startTestSandbox, TEST_TOKEN, type Sandbox, type TestApp } from '../helper.js';

const A = SEED.accountId;
const Z = SEED.zones;
const PEERS = `/api/accounts/${A}/secondary_dns/peers`;
const TSIGS = `/api/accounts/${A}/secondary_dns/tsigs`;
const ENABLE = `/api/zones/${Z.exampleCom}/secondary_dns/outgoing/enable`;

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function setup(env: Record<string, string>, sandboxOptions: { rateLimit?: { limit: number; windowSeconds: number } } = {}) {
  const sandbox: Sandbox = sandboxOptions.rateLimit
    ? await startSandbox({ token: TEST_TOKEN, rateLimit: sandboxOptions.rateLimit })
    : await startTestSandbox();
  const built: TestApp = await appFor(sandbox, { RATE_LIMIT_HEADROOM: '0', ...env });
  cleanup.push(() => sandbox.close(), () => built.app.close());
  return { sandbox, app: built.app, as: built.as };
}

/**
 * A TSIG edit that keeps the secret (the mask) needs the key read first: read once, no longer fresh, then `spend`
 * read (the budget, or the user's share, spent). Returns the edit's answer; `sandbox.requests` holds what it sent.
 */
async function editKeepingSecret({ sandbox, app }: { sandbox: Sandbox; app: TestApp['app'] }, spend: string[]) {
  const key = `${TSIGS}/${SEED.tsigs.notifyKey}`;
  expect((await app.inject({ method: 'GET', url: key })).statusCode).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 80)); // no longer fresh
  for (const url of spend) await app.inject({ method: 'GET', url });
  sandbox.clearRequests();
  const refused = await app.inject({
    method: 'PUT',
    url: key,
    payload: { name: 'notify-key.example.com.', algo: 'hmac-sha512.', secret: '••••••••' },
  });
  return refused;
}

describe('reads when the budget is spent', () => {
  it('are refused with 429, Retry-After and a plain message, without calling Cloudflare', async () => {
    const { sandbox, app } = await setup({ RATE_LIMIT_REQUESTS: '4', RATE_LIMIT_WINDOW_SECONDS: '60' });
    for (let i = 0; i < 4; i++) expect((await app.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'GET', url: PEERS });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(55);
    const error = refused.json().errors[0];
    expect(error.code).toBe(ErrorCodes.rateLimited);
    expect(error.message).toMatch(/Not sent to Cloudflare: the Cloudflare API budget this dashboard shares \(4 requests per 1 minute/);
    expect(error.message).toMatch(/Try again in \d+ s\./);
    expect(refused.json().request_id).toBe(refused.headers['x-request-id']);
    expect(sandbox.requests).toHaveLength(4);

    const status = RateBudgetSchema.parse((await app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result);
    expect(status).toMatchObject({ limit: 4, windowSeconds: 60, capacity: 4, remaining: 0, used: 4, queueLength: 0, lockedOutUntil: null });
    expect(status.resetSeconds).toBeGreaterThan(55);
  });

  it('a TSIG edit that keeps the secret (the mask) is refused rather than written back from a stale read', async () => {
    const built = await setup({ RATE_LIMIT_REQUESTS: '2', RATE_LIMIT_WINDOW_SECONDS: '60', READ_CACHE_TTL_MS: '50' });
    const refused = await editKeepingSecret(built, [PEERS]); // the last token
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json().errors[0].message).toMatch(/^Not sent: the current secret could not be read from Cloudflare/);
    expect(built.sandbox.requests).toHaveLength(0);
  });

  it("a TSIG delete is not refused on a stale list of peers: with the budget spent it waits, then 429, sends nothing", async () => {
    const { sandbox, app } = await setup({
      RATE_LIMIT_REQUESTS: '2', RATE_LIMIT_WINDOW_SECONDS: '60', READ_CACHE_TTL_MS: '50', WRITE_QUEUE_TIMEOUT_MS: '200',
    });
    // The peers as read a moment ago say the key is in use; the budget is then spent.
    expect((await app.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 80)); // no longer fresh
    await app.inject({ method: 'GET', url: TSIGS }); // the last token
    sandbox.clearRequests();
    const response = await app.inject({ method: 'DELETE', url: `${TSIGS}/${SEED.tsigs.transferKey}` });
    expect(response.statusCode).toBe(429);
    expect(response.json().errors[0].code).toBe(ErrorCodes.rateLimited);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('are answered from the cache, marked stale, when there is a copy', async () => {
    const { sandbox, app } = await setup({ RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_SECONDS: '60', READ_CACHE_TTL_MS: '50' });
    const first = await app.inject({ method: 'GET', url: PEERS });
    expect(first.headers['x-cache']).toBe('miss');
    await new Promise((resolve) => setTimeout(resolve, 80)); // no longer fresh
    await app.inject({ method: 'GET', url: TSIGS });
    await app.inject({ method: 'GET', url: TSIGS + `/${SEED.tsigs.notifyKey}` });
    const stale = await app.inject({ method: 'GET', url: PEERS });
    expect(stale.statusCode).toBe(200);
    expect(stale.headers['x-cache']).toBe('stale');
    expect(stale.json().result).toEqual(first.json().result);
    expect(stale.json().messages).toEqual([
      { code: MessageCodes.staleRead, message: expect.stringMatching(/^This data may be up to 1 s old: the Cloudflare API budget .* is used up/) },
    ]);
    expect(sandbox.requests).toHaveLength(3);
  });
});

describe("one user's share of the reads (READ_SHARE_PER_CLIENT)", () => {
  // 8 per window, none kept back; one user's reads may take half: 4.
  const SHARE = { RATE_LIMIT_REQUESTS: '8', RATE_LIMIT_WINDOW_SECONDS: '60', READ_SHARE_PER_CLIENT: '0.5' };
  const SHARE_SPENT =
    "you have used your share of the Cloudflare API budget this dashboard shares (one user's reads may take 4 of its " +
    '8 requests per 1 minute, so that others can still read)';

  it('past it, a user gets 429 saying plainly that their share is used, and when it comes back; another user still reads', async () => {
    const { sandbox, app, as } = await setup(SHARE);
    const viewer = await as('viewer');
    for (let i = 0; i < 4; i++) expect((await app.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'GET', url: PEERS });
    expect(refused.statusCode).toBe(429);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(55);
    expect(refused.json().errors).toEqual([
      {
        code: ErrorCodes.readShareUsed,
        message:
          `Not sent to Cloudflare: ${SHARE_SPENT}, and this view has no recent copy to show. ` +
          `Try again in ${wait} s, when part of your share is back.`,
      },
    ]);
    expect(sandbox.requests).toHaveLength(4);

    // The other user's reads are not held back by it, and writes are not limited per user.
    expect((await viewer.inject({ method: 'GET', url: PEERS })).statusCode).toBe(200);
    expect((await viewer.inject({ method: 'GET', url: TSIGS })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: ENABLE, payload: {} })).statusCode).toBe(200);
    expect(sandbox.requests).toHaveLength(7);

    // Each asks /api/meta/ratelimit and sees their own reads.
    const mine = RateBudgetSchema.parse((await app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result);
    expect(mine).toMatchObject({ capacity: 8, used: 7, remaining: 1, yourReads: { used: 4, share: 4 } });
    expect(mine.yourReads!.nextSeconds).toBeGreaterThanOrEqual(55);
    const theirs = (await viewer.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result;
    expect(theirs.yourReads).toEqual({ used: 2, share: 4, nextSeconds: 0 });

    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/bff_throttled_total\{operation="peers.list",reason="share"\} 1/);
  });

  it('past it, a read with a copy in the cache is answered stale, and the message says it is this user’s share', async () => {
    const { sandbox, app, as } = await setup({ ...SHARE, READ_CACHE_TTL_MS: '50' });
    const first = await app.inject({ method: 'GET', url: PEERS });
    await new Promise((resolve) => setTimeout(resolve, 80)); // no longer fresh
    for (const url of [TSIGS, `${TSIGS}/${SEED.tsigs.notifyKey}`, `${TSIGS}/${SEED.tsigs.transferKey}`]) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
    const stale = await app.inject({ method: 'GET', url: PEERS });
    expect(stale.statusCode).toBe(200);
    expect(stale.headers['x-cache']).toBe('stale');
    expect(stale.json().result).toEqual(first.json().result);
    expect(stale.json().messages).toEqual([
      {
        code: MessageCodes.staleRead,
        message: expect.stringMatching(/^This data may be up to \d+ s old: you have used your share of the Cloudflare API budget .*, so it was not asked again\. Fresh data in about \d+ s\.$/),
      },
    ]);
    expect(sandbox.requests).toHaveLength(4);

    // Someone else asking for the same list gets it fresh from Cloudflare.
    const viewer = await as('viewer');
    const fresh = await viewer.inject({ method: 'GET', url: PEERS });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['x-cache']).toBe('miss');
    expect(sandbox.requests).toHaveLength(5);
  });

  it('does not hold back a change, nor the reads it needs: an edit keeping the TSIG secret reads it and goes', async () => {
    const built = await setup({ ...SHARE, READ_CACHE_TTL_MS: '50' });
    const edited = await editKeepingSecret(built, [PEERS, TSIGS, `${TSIGS}/${SEED.tsigs.transferKey}`]);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(built.sandbox.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
    // The user's reads are still spent (the edit dropped the key's copy from the cache): the next is refused.
    const refused = await built.app.inject({ method: 'GET', url: `${TSIGS}/${SEED.tsigs.notifyKey}` });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().errors[0].code).toBe(ErrorCodes.readShareUsed);
  });
});

describe("the bulk actions' share (BULK_READ_SHARE) and who spends the budget", () => {
  // 8 per window, none kept back; the reads of bulk actions, everyone's together, may take half: 4.
  const BULK = { RATE_LIMIT_REQUESTS: '8', RATE_LIMIT_WINDOW_SECONDS: '60', BULK_READ_SHARE: '0.5' };
  const incoming = (zone: string) => `/api/zones/${zone}/secondary_dns/incoming`;
  const bulk = { 'x-budget-purpose': 'bulk-setup' };

  it('past it, any user’s bulk read gets 429 naming the bulk actions; single looks still go; the report says who spent what', async () => {
    const { sandbox, app, as } = await setup(BULK);
    const viewer = await as('viewer');
    for (const zone of [Z.exampleNet, Z.shopExampleOrg]) {
      expect((await app.inject({ method: 'GET', url: incoming(zone), headers: bulk })).statusCode).toBe(200);
      expect((await viewer.inject({ method: 'GET', url: incoming(zone), headers: { 'x-budget-purpose': 'check-serials' } })).statusCode).toBe(200);
    }
    const refused = await viewer.inject({ method: 'GET', url: incoming(Z.cdnExampleNet), headers: bulk });
    expect(refused.statusCode).toBe(429);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(55);
    expect(refused.json().errors).toEqual([
      {
        code: ErrorCodes.bulkShareUsed,
        message:
          'Not sent to Cloudflare: the actions that read many zones at once (Check serials, Find zones using peers, Set up many zones), ' +
          "everyone's together, have used their share of the Cloudflare API budget this dashboard shares (4 of its 8 requests per " +
          '1 minute, so that single looks and changes still go), and this view has no recent copy to show. ' +
          `Go on in ${wait} s, when part of their share is back; opening one zone still works now.`,
      },
    ]);
    expect(sandbox.requests).toHaveLength(4);
    // A single look (no purpose) and a change are not held back by it.
    expect((await viewer.inject({ method: 'GET', url: incoming(Z.cdnExampleNet) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: ENABLE, payload: {}, headers: { 'x-budget-purpose': 'bulk-force' } })).statusCode).toBe(200);
    expect(sandbox.requests).toHaveLength(6);

    const report = RateBudgetSchema.parse((await viewer.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result);
    expect(report.bulkReads).toMatchObject({ used: 4, share: 4 });
    expect(report.bulkReads.nextSeconds).toBeGreaterThanOrEqual(55);
    expect(report.spending).toEqual([
      // As many requests each: by name.
      {
        username: 'admin',
        reads: 2,
        writes: 1,
        spends: [
          { purpose: 'bulk-setup', reads: 2, writes: 0 },
          // The enable reads nothing first here (no audit "before" for actions); it is counted as sent.
          { purpose: 'bulk-force', reads: 0, writes: 1 },
        ],
      },
      {
        username: 'test-viewer',
        reads: 3,
        writes: 0,
        spends: [
          { purpose: 'check-serials', reads: 2, writes: 0 },
          { purpose: null, reads: 1, writes: 0 },
        ],
      },
    ]);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/bff_throttled_total\{operation="incoming.get",reason="bulk"\} 1/);
  });

  it('a purpose the contract does not know is refused (400) before anything is sent', async () => {
    const { sandbox, app } = await setup(BULK);
    const refused = await app.inject({ method: 'GET', url: incoming(Z.exampleNet), headers: { 'x-budget-purpose': 'everything' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toEqual({
      code: ErrorCodes.validation,
      message: 'x-budget-purpose: must be one of check-serials, find-zones-using-peers, bulk-setup, bulk-force (or left out).',
    });
    expect(sandbox.requests).toHaveLength(0);
  });

  it("Find zones using peers counts as a bulk action of its user, and the dashboard's own reads as the dashboard's", async () => {
    const { app } = await setup({ RATE_LIMIT_REQUESTS: '200', RATE_LIMIT_WINDOW_SECONDS: '60', BULK_READ_SHARE: '0.5' });
    // Readiness asks Cloudflare itself only when Cloudflare has not answered lately: first, then.
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/accounts/${A}/secondary_dns/peers/usage` })).statusCode).toBe(200);
    const report = RateBudgetSchema.parse((await app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result);
    const admin = report.spending.find((spender) => spender.username === 'admin');
    expect(admin?.spends.map((spend) => spend.purpose)).toEqual(['find-zones-using-peers']);
    expect(report.bulkReads.used).toBe(admin?.reads);
    const dashboard = report.spending.find((spender) => spender.username === null);
    expect(dashboard?.spends).toEqual([{ purpose: 'readiness', reads: 1, writes: 0 }]);
  });
});

describe("the serial watch's reads in the report", () => {
  it('are the dashboard’s own (username null), for the serial watch, and never limited per client', async () => {
    const test = await buildTestApp({
      CLOUDFLARE_API_TOKEN: undefined,
      SOA_PROBE_TIMEOUT_MS: '600',
      RATE_LIMIT_REQUESTS: '100000',
      RATE_LIMIT_HEADROOM: '0',
      SERIAL_WATCH_BUDGET_PERCENT: '50',
    });
    cleanup.push(() => test.app.close());
    await test.app.serialWatch.runNow();
    const report = RateBudgetSchema.parse((await test.app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result);
    const dashboard = report.spending.find((spender) => spender.username === null);
    expect(dashboard?.spends.map((spend) => spend.purpose)).toEqual(['serial-watch']);
    // Its reads: the listings, and each watched zone's configuration (the checker's reads too).
    expect(dashboard!.reads).toBeGreaterThan(10);
    expect(report.spending.filter((spender) => spender.username !== null)).toEqual([]);
  });
});

describe('writes when the budget is spent', () => {
  it('wait in the queue for the next token, then go', async () => {
    const { sandbox, app } = await setup({ RATE_LIMIT_REQUESTS: '2', RATE_LIMIT_WINDOW_SECONDS: '1', WRITE_QUEUE_TIMEOUT_MS: '3000' });
    await app.inject({ method: 'POST', url: ENABLE, payload: {} });
    await app.inject({ method: 'POST', url: ENABLE, payload: {} });
    const started = Date.now();
    const third = await app.inject({ method: 'POST', url: ENABLE, payload: {} });
    expect(third.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(sandbox.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('get 429 with Retry-After after WRITE_QUEUE_TIMEOUT_MS, not sent', async () => {
    const { sandbox, app } = await setup({ RATE_LIMIT_REQUESTS: '1', RATE_LIMIT_WINDOW_SECONDS: '60', WRITE_QUEUE_TIMEOUT_MS: '200' });
    await app.inject({ method: 'POST', url: ENABLE, payload: {} });
    const started = Date.now();
    const refused = await app.inject({ method: 'POST', url: ENABLE, payload: {} });
    const elapsed = Date.now() - started;
    expect(refused.statusCode).toBe(429);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1000);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
    expect(refused.json().errors[0].message).toMatch(/^Your change was not sent to Cloudflare: .* waited 0\.2 s for its turn\. Nothing was changed; try again in \d+ s\.$/);
    expect(sandbox.requests).toHaveLength(1);
  });

  it('are refused at once past WRITE_QUEUE_MAX', async () => {
    const { app } = await setup({
      RATE_LIMIT_REQUESTS: '1',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      WRITE_QUEUE_TIMEOUT_MS: '400',
      WRITE_QUEUE_MAX: '1',
    });
    await app.inject({ method: 'POST', url: ENABLE, payload: {} });
    const waiting = app.inject({ method: 'POST', url: ENABLE, payload: {} });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result.queueLength).toBe(1);
    const started = Date.now();
    const full = await app.inject({ method: 'POST', url: ENABLE, payload: {} });
    expect(full.statusCode).toBe(429);
    expect(Date.now() - started).toBeLessThan(300); // a wait in the queue would take its 400 ms
    expect(full.json().errors[0].message).toMatch(/1 other change are already waiting|other change/);
    expect((await waiting).statusCode).toBe(429);
  });
});

describe('Cloudflare’s own limit', () => {
  it('is never tripped: with the sandbox enforcing it, 40 calls through the BFF meet 0 upstream 429s', async () => {
    const { sandbox, app } = await setup(
      { RATE_LIMIT_REQUESTS: '10', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_HEADROOM: '1', WRITE_QUEUE_TIMEOUT_MS: '50' },
      { rateLimit: { limit: 10, windowSeconds: 60 } },
    );
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const url = i % 3 === 0 ? ENABLE : i % 3 === 1 ? PEERS : TSIGS;
      const method = i % 3 === 0 ? 'POST' : 'GET';
      statuses.push((await app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) })).statusCode);
    }
    expect(sandbox.requests.filter((r) => r.statusCode === 429)).toHaveLength(0);
    expect(sandbox.requests.length).toBeLessThanOrEqual(9);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  }, 20_000);

  it('follows its Ratelimit header when it says less is left than the BFF thinks', async () => {
    // The BFF is told 1,000 per minute, but Cloudflare (the sandbox) allows 20: its header corrects the BFF.
    // (Writes, because reads leave the last 5% of the capacity to writes.)
    const { sandbox, app } = await setup(
      { RATE_LIMIT_REQUESTS: '1000', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_HEADROOM: '15', WRITE_QUEUE_TIMEOUT_MS: '50' },
      { rateLimit: { limit: 20, windowSeconds: 60 } },
    );
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await app.inject({ method: 'POST', url: ENABLE, payload: {} })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);
    expect(sandbox.requests).toHaveLength(5);
    const status = (await app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result;
    expect(status.upstream).toMatchObject({ remaining: 15 });
    expect(status.remaining).toBe(0);
  });

  it('after a 429, honours Retry-After: nothing is sent until it lifts', async () => {
    const { sandbox, app } = await setup({ RATE_LIMIT_REQUESTS: '100', RATE_LIMIT_WINDOW_SECONDS: '60', WRITE_QUEUE_TIMEOUT_MS: '100' });
    sandbox.faults.add({ match: { path: '/accounts' }, times: 1, status: 429, retryAfterSeconds: 2 });
    const first = await app.inject({ method: 'GET', url: PEERS });
    expect(first.statusCode).toBe(429); // Cloudflare's own, passed through (retries are off in this app)
    const blocked = await app.inject({ method: 'GET', url: TSIGS });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().errors[0].message).toMatch(/Cloudflare is refusing this dashboard's API token for now/);
    const write = await app.inject({ method: 'POST', url: ENABLE, payload: {} });
    expect(write.statusCode).toBe(429);
    expect(sandbox.requests).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/api/meta/ratelimit' })).json().result.lockedOutUntil).toEqual(expect.any(String));
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await app.inject({ method: 'GET', url: TSIGS })).statusCode).toBe(200);
    expect(sandbox.requests).toHaveLength(2);
  });
});
