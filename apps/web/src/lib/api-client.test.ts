import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiCall, fetchMeta, operationUrl, parseRetryAfter, request } from './api-client';
import { recordFreshRead, staleReadNotice } from './stale-reads';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const PEER = 'fedcba9876543210fedcba9876543210';

function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function stubFetch(response: Response | (() => Promise<Response>)) {
  const fetchMock = vi.fn(async () => (typeof response === 'function' ? response() : response));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe('operationUrl', () => {
  it('fills path params under /api', async () => {
    expect(await operationUrl('peers.update', { account_id: ACCOUNT, peer_id: PEER })).toBe(
      `/api/accounts/${ACCOUNT}/secondary_dns/peers/${PEER}`,
    );
    expect(await operationUrl('forceAxfr', { zone_id: PEER })).toBe(`/api/zones/${PEER}/secondary_dns/force_axfr`);
  });

  it('adds a query string without empty values', async () => {
    expect(await operationUrl('zones.list', {}, { account_id: ACCOUNT, name: '', page: 2, per_page: undefined })).toBe(
      `/api/zones?account_id=${ACCOUNT}&page=2`,
    );
  });

  it('encodes path params', async () => {
    expect(await operationUrl('peers.get', { account_id: 'a/b', peer_id: 'c d' })).toBe(
      '/api/accounts/a%2Fb/secondary_dns/peers/c%20d',
    );
  });
});

describe('apiCall', () => {
  it('sends method and JSON body, returns result and result_info', async () => {
    const fetchMock = stubFetch(
      jsonResponse({
        success: true,
        errors: [],
        messages: [],
        result: { id: PEER, name: 'ns1' },
        result_info: { count: 1 },
      }),
    );
    const { result, resultInfo } = await apiCall('peers.update', {
      params: { account_id: ACCOUNT, peer_id: PEER },
      body: { name: 'ns1', ip: '192.0.2.1' },
    });
    expect(result).toEqual({ id: PEER, name: 'ns1' });
    expect(resultInfo).toEqual({ count: 1 });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`/api/accounts/${ACCOUNT}/secondary_dns/peers/${PEER}`);
    expect(init.method).toBe('PUT');
    expect(JSON.parse(String(init.body))).toEqual({ name: 'ns1', ip: '192.0.2.1' });
  });

  it('sends no body for GET and DELETE', async () => {
    const fetchMock = stubFetch(jsonResponse({ success: true, errors: [], messages: [], result: { id: PEER } }));
    await apiCall('peers.delete', { params: { account_id: ACCOUNT, peer_id: PEER } });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('DELETE');
    expect(init.body).toBeUndefined();
  });

  it('throws ApiError with status, errors and the request id', async () => {
    stubFetch(
      jsonResponse(
        {
          success: false,
          errors: [{ code: 1001, message: 'ip: must be an IPv4 or IPv6 address', source: { pointer: '/ip' } }],
          messages: [],
          result: null,
        },
        400,
        { 'x-request-id': 'req-123' },
      ),
    );
    const error = await apiCall('peers.create', { params: { account_id: ACCOUNT }, body: { name: 'x' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.requestId).toBe('req-123');
    expect(apiError.code).toBe(1001);
    expect(apiError.errors[0]?.source?.pointer).toBe('/ip');
    expect(apiError.message).toBe('ip: must be an IPv4 or IPv6 address');
  });

  it("says each error once: Cloudflare's error, quoted in the BFF's sentence, is not repeated after it", async () => {
    const quoted = new ApiError({
      status: 502,
      errors: [
        { code: 10502, message: 'Cloudflare answered with a server error (HTTP 502) for GET /zones: Internal Server Error. Try again.' },
        { code: 10000, message: 'Internal Server Error' },
        { code: 10001, message: 'Another thing' },
      ],
    });
    expect(quoted.message).toBe('Cloudflare answered with a server error (HTTP 502) for GET /zones: Internal Server Error. Try again.; Another thing');
  });

  it('turns a non-JSON upstream failure into an ApiError', async () => {
    stubFetch(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = (await apiCall('accounts.list').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/502/);
  });

  it('turns a network failure into an ApiError with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = (await apiCall('accounts.list').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/could not reach/i);
  });

  it('is typed from the contract', () => {
    // Compile-time checks only: params are required where the path has them, bodies are the contract's.
    const check = () => {
      // @ts-expect-error account_id is required
      void apiCall('peers.list', { params: {} });
      // @ts-expect-error unknown body field
      void apiCall('peers.create', { params: { account_id: ACCOUNT }, body: { name: 'x', colour: 'red' } });
    };
    expect(typeof check).toBe('function');
  });
});

describe('fetchMeta', () => {
  it('reads the enveloped meta', async () => {
    stubFetch(
      jsonResponse({
        success: true,
        errors: [],
        messages: [],
        result: {
          mode: 'sandbox',
          defaultAccountId: ACCOUNT,
          upstream: 'sandbox',
          version: '0.1.0',
          sso: { name: 'Okta', start: '/auth/oidc/start' },
        },
      }),
    );
    await expect(fetchMeta()).resolves.toEqual({
      mode: 'sandbox',
      defaultAccountId: ACCOUNT,
      upstream: 'sandbox',
      version: '0.1.0',
      sso: { name: 'Okta', start: '/auth/oidc/start' },
    });
  });

  it('never claims sandbox when the mode is unknown', async () => {
    stubFetch(jsonResponse({ success: true, errors: [], messages: [], result: { defaultAccountId: null } }));
    await expect(fetchMeta()).resolves.toMatchObject({ mode: 'cloudflare', defaultAccountId: null });
  });

  it('reads only the envelope: a bare object is not taken for the meta', async () => {
    stubFetch(jsonResponse({ mode: 'sandbox', defaultAccountId: ACCOUNT }));
    await expect(fetchMeta()).resolves.toEqual({
      mode: 'cloudflare',
      defaultAccountId: null,
      upstream: undefined,
      version: undefined,
      sso: null,
    });
  });
});

describe('429 from the BFF', () => {
  it("explains the BFF's own budget refusal plainly, with the wait and the request id", async () => {
    stubFetch(
      jsonResponse(
        {
          success: false,
          errors: [{ code: 10429, message: 'Your change was not sent to Cloudflare: the Cloudflare API budget … is used up.' }],
          messages: [],
          result: null,
        },
        429,
        { 'retry-after': '42', 'x-request-id': 'req-429' },
      ),
    );
    const error = (await apiCall('peers.create', { params: { account_id: ACCOUNT }, body: { name: 'x' } }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(
      "Cloudflare's shared request budget for this dashboard is used up. Nothing was sent to Cloudflare. Try again in 42 s.",
    );
    expect(error.retryAfterSeconds).toBe(42);
    expect(error.requestId).toBe('req-429');
    expect(error.isBudgetRefusal).toBe(true);
    // The server's detail stays available.
    expect(error.errors[0]?.message).toMatch(/not sent/);
  });

  it("says plainly when it is this user's share of reads that is used, not the whole budget", async () => {
    stubFetch(
      jsonResponse(
        {
          success: false,
          errors: [{ code: 10430, message: 'Not sent to Cloudflare: you have used your share of the Cloudflare API budget …' }],
          messages: [],
          result: null,
        },
        429,
        { 'retry-after': '42' },
      ),
    );
    const error = (await apiCall('accounts.list').catch((e: unknown) => e)) as ApiError;
    expect(error.message).toBe(
      "You have used your share of Cloudflare's request budget for this dashboard (so that others can still work). " +
        'Nothing was sent to Cloudflare. Try again in 42 s.',
    );
    expect(error.isBudgetRefusal).toBe(true);
    expect(error.isShareRefusal).toBe(true);
  });

  it('does not claim nothing was sent when Cloudflare itself answered 429', async () => {
    stubFetch(
      jsonResponse(
        { success: false, errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }], messages: [], result: null },
        429,
        { 'retry-after': '300' },
      ),
    );
    const error = (await apiCall('accounts.list').catch((e: unknown) => e)) as ApiError;
    expect(error.message).toMatch(/^Cloudflare is refusing this dashboard's requests for now/);
    expect(error.message).not.toMatch(/Nothing was sent/);
    expect(error.message).toMatch(/Try again in 5 minutes\.$/);
    expect(error.isBudgetRefusal).toBe(false);
  });

  it('says "in a minute" without Retry-After, and keeps the sign-in throttle sentence', async () => {
    stubFetch(jsonResponse({ success: false, errors: [{ code: 10429, message: 'budget' }], messages: [], result: null }, 429));
    const error = (await apiCall('accounts.list').catch((e: unknown) => e)) as ApiError;
    expect(error.message).toMatch(/Nothing was sent to Cloudflare\. Try again in a minute\.$/);

    stubFetch(
      jsonResponse(
        { success: false, errors: [{ code: 10429, message: 'Too many failed sign-ins. Try again in 1 minute.' }], messages: [], result: null },
        429,
        { 'retry-after': '60' },
      ),
    );
    const signIn = (await request('/auth/login', { method: 'POST', body: '{}' }, 'auth.login').catch((e: unknown) => e)) as ApiError;
    expect(signIn.message).toBe('Too many failed sign-ins. Try again in 1 minute.');
    expect(signIn.retryAfterSeconds).toBe(60);
    expect(signIn.isBudgetRefusal).toBe(false);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('42')).toBe(42);
    expect(parseRetryAfter(new Date(10_000 + 30_000).toUTCString(), 10_000)).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('stale reads', () => {
  it('records a read answered from the cache and clears it at the next fresh read', async () => {
    recordFreshRead();
    stubFetch(
      jsonResponse(
        {
          success: true,
          errors: [],
          messages: [{ code: 1091, message: 'This data may be up to 42 s old: the budget is used up.' }],
          result: [],
        },
        200,
        { 'x-cache': 'stale', age: '42' },
      ),
    );
    await apiCall('accounts.list');
    expect(staleReadNotice()).toMatchObject({ message: 'This data may be up to 42 s old: the budget is used up.', ageSeconds: 42 });
    stubFetch(jsonResponse({ success: true, errors: [], messages: [], result: [] }, 200, { 'x-cache': 'miss' }));
    await apiCall('accounts.list');
    expect(staleReadNotice()).toBeNull();
  });
});
