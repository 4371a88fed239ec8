import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, type RunningSandbox } from '../src/index.js';
import { api, control, start, TOKEN } from './helpers.js';

describe('request recording', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await start();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('records method, path, query, body and redacted headers', async () => {
    sandbox.clearRequests();
    await api(sandbox, 'GET', `/zones?account.id=${SEED.accountId}&name=contains:shop`);
    await api(sandbox, 'POST', `/accounts/${SEED.accountId}/secondary_dns/peers`, { name: 'recorded' });
    await api(sandbox, 'POST', `/accounts/${SEED.accountId}/secondary_dns/peers`, undefined, { rawBody: '{oops' });
    await api(sandbox, 'GET', '/accounts', undefined, { token: null });

    expect(sandbox.requests).toHaveLength(4);
    const [list, create, malformed, unauthenticated] = sandbox.requests;
    expect(list).toMatchObject({
      method: 'GET',
      path: '/zones',
      query: { 'account.id': SEED.accountId, name: 'contains:shop' },
      body: undefined,
      operationId: 'zones.list',
      statusCode: 200,
    });
    expect(create).toMatchObject({
      method: 'POST',
      path: `/accounts/${SEED.accountId}/secondary_dns/peers`,
      query: {},
      body: { name: 'recorded' },
      operationId: 'peers.create',
    });
    expect(create?.headers.authorization).toBe('Bearer [redacted]');
    expect(JSON.stringify(sandbox.requests)).not.toContain(TOKEN);
    expect(Date.parse(create?.at ?? '')).not.toBeNaN();
    expect(malformed).toMatchObject({ body: undefined, statusCode: 400 });
    expect(unauthenticated).toMatchObject({ path: '/accounts', statusCode: 401 });
  });

  it('is available over HTTP and can be cleared', async () => {
    sandbox.clearRequests();
    await api(sandbox, 'DELETE', `/accounts/${SEED.accountId}/secondary_dns/acls/${SEED.acls.monitoring}`);
    const listed = await control(sandbox, 'GET', '/__sandbox/requests');
    expect(listed.body.result).toHaveLength(1);
    expect(listed.body.result[0]).toMatchObject({ method: 'DELETE', operationId: 'acls.delete' });
    // Control calls are not recorded.
    expect(sandbox.requests).toHaveLength(1);
    await control(sandbox, 'DELETE', '/__sandbox/requests');
    expect(sandbox.requests).toHaveLength(0);
  });

  it('keeps the same array across clears', () => {
    const array = sandbox.requests;
    sandbox.clearRequests();
    expect(sandbox.requests).toBe(array);
  });
});

describe('rate limit', () => {
  it('is off by default (no Ratelimit headers)', async () => {
    const sandbox = await start();
    const response = await api(sandbox, 'GET', '/accounts');
    expect(response.headers.get('ratelimit')).toBeNull();
    await sandbox.close();
  });

  it('enforces limit per window, then locks out with Retry-After', async () => {
    const sandbox = await start({ rateLimit: { limit: 3, windowSeconds: 300, lockoutSeconds: 60 } });
    for (let i = 0; i < 3; i += 1) {
      const response = await api(sandbox, 'GET', '/accounts');
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit')).toMatch(new RegExp(`^"default";r=${2 - i};t=\\d+$`));
      expect(response.headers.get('ratelimit-policy')).toBe('"default";q=3;w=300');
    }
    const limited = await api(sandbox, 'GET', '/accounts');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.body).toMatchObject({ success: false, result: null });
    expect(limited.body.errors[0]?.code).toBeGreaterThanOrEqual(1000);
    // Every call during the lockout is limited, whatever it is.
    const write = await api(sandbox, 'POST', `/accounts/${SEED.accountId}/secondary_dns/peers`, { name: 'x' });
    expect(write.status).toBe(429);
    expect(Number(write.headers.get('retry-after'))).toBeGreaterThan(0);
    sandbox.resetRateLimit();
    expect((await api(sandbox, 'GET', '/accounts')).status).toBe(200);
    await sandbox.close();
  });

  it('lifts the lockout after lockoutSeconds', async () => {
    const sandbox = await start({ rateLimit: { limit: 1, windowSeconds: 1, lockoutSeconds: 1 } });
    expect((await api(sandbox, 'GET', '/accounts')).status).toBe(200);
    expect((await api(sandbox, 'GET', '/accounts')).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await api(sandbox, 'GET', '/accounts')).status).toBe(200);
    await sandbox.close();
  });
});
