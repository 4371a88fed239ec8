import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, type RunningSandbox } from '../src/index.js';
import { api, start } from './helpers.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await start();
});
afterAll(async () => {
  await sandbox.close();
});

describe('accounts.list', () => {
  it('lists the seeded accounts with result_info', async () => {
    const response = await api(sandbox, 'GET', '/accounts');
    expect(response.status).toBe(200);
    expect(response.body.result.map((account: { id: string }) => account.id)).toEqual([SEED.accountId, SEED.secondAccountId]);
    expect(response.body.result_info).toEqual({ page: 1, per_page: 20, count: 2, total_count: 2, total_pages: 1 });
  });

  it('honours page and per_page', async () => {
    for (let i = 0; i < 5; i += 1) sandbox.state.addAccount({ name: `Extra ${i}` });
    const page2 = await api(sandbox, 'GET', '/accounts?page=2&per_page=5');
    expect(page2.body.result).toHaveLength(2);
    expect(page2.body.result_info).toEqual({ page: 2, per_page: 5, count: 2, total_count: 7, total_pages: 2 });
    const invalid = await api(sandbox, 'GET', '/accounts?per_page=500');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]?.source?.pointer).toBe('/query/per_page');
    sandbox.state.reset();
  });
});

describe('zones.list', () => {
  const names = (response: { body: { result: { name: string }[] } }) => response.body.result.map((zone) => zone.name);

  it('filters by account.id', async () => {
    const staging = await api(sandbox, 'GET', `/zones?account.id=${SEED.secondAccountId}`);
    expect(names(staging)).toEqual(['staging.example.com', 'test.example']);
    expect(staging.body.result[0]).toMatchObject({
      id: SEED.zones.stagingExampleCom,
      status: 'active',
      type: 'secondary',
      account: { id: SEED.secondAccountId, name: 'Staging (sandbox)' },
    });
    const primary = await api(sandbox, 'GET', `/zones?account.id=${SEED.accountId}&per_page=50`);
    expect(primary.body.result).toHaveLength(12);
  });

  it('matches name exactly (case-insensitive, trailing dot ignored)', async () => {
    const response = await api(sandbox, 'GET', `/zones?name=Example.NET.`);
    expect(names(response)).toEqual(['example.net']);
  });

  it('supports contains:, starts_with: and ends_with:', async () => {
    expect(names(await api(sandbox, 'GET', '/zones?name=contains:EXAMPLE.ORG'))).toEqual([
      'example.org', 'legacy.example.org', 'shop.example.org', 'status.example.org',
    ]);
    expect(names(await api(sandbox, 'GET', '/zones?name=starts_with:s'))).toEqual([
      'shop.example.org', 'staging.example.com', 'status.example.org',
    ]);
    expect(names(await api(sandbox, 'GET', `/zones?account.id=${SEED.accountId}&name=ends_with:.example`))).toEqual([
      'corp.example', 'internal.example',
    ]);
  });

  it('paginates with result_info', async () => {
    const first = await api(sandbox, 'GET', `/zones?account.id=${SEED.accountId}&per_page=5`);
    expect(first.body.result).toHaveLength(5);
    expect(first.body.result_info).toEqual({ page: 1, per_page: 5, count: 5, total_count: 12, total_pages: 3 });
    const last = await api(sandbox, 'GET', `/zones?account.id=${SEED.accountId}&per_page=5&page=3`);
    expect(last.body.result_info).toEqual({ page: 3, per_page: 5, count: 2, total_count: 12, total_pages: 3 });
    const beyond = await api(sandbox, 'GET', `/zones?account.id=${SEED.accountId}&per_page=5&page=9`);
    expect(beyond.body.result).toEqual([]);
  });

  it('filters by type', async () => {
    const response = await api(sandbox, 'GET', `/zones?account.id=${SEED.accountId}&type=secondary`);
    expect(names(response)).toEqual(['cdn.example.net', 'example.net', 'legacy.example.org', 'mail.example.net', 'shop.example.org']);
  });

  it('filters by status and orders', async () => {
    expect(names(await api(sandbox, 'GET', '/zones?status=pending'))).toEqual(['internal.example', 'legacy.example.org']);
    const desc = await api(sandbox, 'GET', `/zones?account.id=${SEED.secondAccountId}&direction=desc`);
    expect(names(desc)).toEqual(['test.example', 'staging.example.com']);
  });

  it('returns an empty list for an unknown account', async () => {
    const response = await api(sandbox, 'GET', `/zones?account.id=${'d'.repeat(32)}`);
    expect(response.body.result).toEqual([]);
    expect(response.body.result_info?.total_count).toBe(0);
  });
});

describe('zones.get', () => {
  it("answers the zone with its account, in any account the token can see", async () => {
    const response = await api(sandbox, 'GET', `/zones/${SEED.zones.stagingExampleCom}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ success: true, errors: [], messages: [] });
    expect(response.body.result).toMatchObject({
      id: SEED.zones.stagingExampleCom,
      name: 'staging.example.com',
      status: 'active',
      type: 'secondary',
      account: { id: SEED.secondAccountId, name: 'Staging (sandbox)' },
    });
    expect(response.body.result_info).toBeUndefined();
  });

  it("answers an unknown zone with 404 and Cloudflare's 7003 in the envelope", async () => {
    const unknown = 'e'.repeat(32);
    const response = await api(sandbox, 'GET', `/zones/${unknown}`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      success: false,
      result: null,
      errors: [{ code: 7003, message: `Could not route to /zones/${unknown}, perhaps your object identifier is invalid?` }],
    });
  });

  it('refuses a query (Cloudflare documents none)', async () => {
    const response = await api(sandbox, 'GET', `/zones/${SEED.zones.exampleCom}?name=x`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0]?.source?.pointer).toBe('/query/name');
  });
});
