import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEED, type RunningSandbox } from '../src/index.js';
import { api, control, start, TOKEN } from './helpers.js';

let sandbox: RunningSandbox;
const peersPath = `/accounts/${SEED.accountId}/secondary_dns/peers`;

beforeAll(async () => {
  sandbox = await start();
});
afterEach(() => {
  sandbox.faults.clear();
});
afterAll(async () => {
  await sandbox.close();
});

const get = (path: string, signal?: AbortSignal) =>
  fetch(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` }, signal });

describe('fault injection', () => {
  it('is off by default', async () => {
    expect((await api(sandbox, 'GET', peersPath)).status).toBe(200);
    expect(sandbox.faults.list()).toEqual([]);
  });

  it('adds latency', async () => {
    sandbox.faults.add({ match: { path: '/accounts' }, latencyMs: 300, times: 1 });
    const started = Date.now();
    const response = await api(sandbox, 'GET', peersPath);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const quick = Date.now();
    await api(sandbox, 'GET', peersPath);
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it('answers a status with Retry-After and a Cloudflare envelope, `times` times', async () => {
    sandbox.faults.add({ match: { method: 'get', path: '^/accounts/[0-9a-f]{32}/secondary_dns/peers$' }, status: 429, retryAfterSeconds: 7, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const response = await api(sandbox, 'GET', peersPath);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.body).toMatchObject({ success: false, result: null, messages: [] });
      expect(response.body.errors[0]?.code).toBeGreaterThanOrEqual(1000);
    }
    expect((await api(sandbox, 'GET', peersPath)).status).toBe(200);
  });

  it('matches method and path', async () => {
    sandbox.faults.add({ match: { method: 'POST', path: '/zones' }, status: 500 });
    expect((await api(sandbox, 'GET', peersPath)).status).toBe(200);
    expect((await api(sandbox, 'GET', `/zones/${SEED.zones.exampleCom}/secondary_dns/outgoing`)).status).toBe(200);
    const failed = await api(sandbox, 'POST', `/zones/${SEED.zones.exampleCom}/secondary_dns/outgoing/force_notify`, {});
    expect(failed.status).toBe(500);
    expect(failed.body.success).toBe(false);
  });

  it('records faulted requests with their body, and checks the token first', async () => {
    sandbox.clearRequests();
    sandbox.faults.add({ match: { method: 'POST' }, status: 502, code: 1502, message: 'Bad gateway (injected)' });
    const failed = await api(sandbox, 'POST', peersPath, { name: 'will-fail' });
    expect(failed.status).toBe(502);
    expect(failed.body.errors).toEqual([{ code: 1502, message: 'Bad gateway (injected)' }]);
    expect(sandbox.requests[0]).toMatchObject({ method: 'POST', body: { name: 'will-fail' }, statusCode: 502 });
    expect((await api(sandbox, 'POST', peersPath, { name: 'x' }, { token: 'wrong' })).status).toBe(403);
  });

  it('answers 200 with a malformed body', async () => {
    sandbox.faults.add({ malformed: true, times: 1 });
    const response = await get(peersPath);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('drops the connection without a response', async () => {
    sandbox.faults.add({ drop: true, times: 1 });
    await expect(get(peersPath)).rejects.toThrow();
    expect((await api(sandbox, 'GET', peersPath)).status).toBe(200);
  });

  it('hangs until the client gives up', async () => {
    sandbox.faults.add({ hang: true, times: 1 });
    await expect(get(peersPath, AbortSignal.timeout(200))).rejects.toThrow();
    expect((await api(sandbox, 'GET', peersPath)).status).toBe(200);
  });

  it('is controlled over HTTP', async () => {
    const added = await control(sandbox, 'POST', '/__sandbox/faults', { match: { path: '/accounts' }, status: 503 });
    expect(added.status).toBe(200);
    const id = added.body.result.id as string;
    expect((await control(sandbox, 'GET', '/__sandbox/faults')).body.result).toHaveLength(1);
    expect((await api(sandbox, 'GET', peersPath)).status).toBe(503);
    expect((await control(sandbox, 'DELETE', `/__sandbox/faults/${id}`)).status).toBe(200);
    expect((await api(sandbox, 'GET', peersPath)).status).toBe(200);

    await control(sandbox, 'POST', '/__sandbox/faults', { status: 500 });
    expect((await control(sandbox, 'DELETE', '/__sandbox/faults')).status).toBe(200);
    expect((await api(sandbox, 'GET', peersPath)).status).toBe(200);

    const invalid = await control(sandbox, 'POST', '/__sandbox/faults', { status: 'x', extra: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { source?: { pointer?: string } }) => error.source?.pointer).sort()).toEqual(['/extra', '/status']);
    expect((await control(sandbox, 'POST', '/__sandbox/faults', { status: 500 }, 'wrong')).status).toBe(403);
  });
});

describe('close() with hanging and slow requests', () => {
  it('returns quickly', async () => {
    const local = await start();
    local.faults.add({ hang: true });
    const hanging = fetch(`${local.url}${peersPath}`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch((error: unknown) => error);
    local.faults.clear();
    local.faults.add({ latencyMs: 60_000 });
    const slow = fetch(`${local.url}${peersPath}`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const started = Date.now();
    await local.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(await slow).toBeInstanceOf(Error);
  });
});
