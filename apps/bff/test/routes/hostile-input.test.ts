/**
 * "Bad input gets a clear error, never a 500": every route of the OpenAPI document (the 28 operations and the BFF's
 * own), as an admin, gets hostile input — path parameters that are no id (traversal, NUL, 300 characters, `__proto__`,
 * SQL, right-to-left marks), bodies that are not the object asked for (null, arrays, numbers, broken JSON, prototype
 * keys, each field given the wrong type or 5,000 characters), wrong content types, a body over the limit, and query
 * values that are no number, no date, duplicated or unknown. Each answer is below 500, in the envelope with a message;
 * a refusal of a Cloudflare operation's input (400, 413, 415) sent nothing to Cloudflare (the sandbox records every
 * request); nothing is logged as an error; and the dashboard answers normally afterwards.
 */
import { SEED } from '@secdns/sandbox';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Route {
  method: Method;
  path: string;
  query: string[];
  body: Record<string, unknown> | null;
  /** The body's required fields (none: an action, whose body may be left out). */
  required: string[];
}

/** Valid values for each path parameter (the hostile ones replace one at a time). */
const VALID: Record<string, string> = {
  account_id: SEED.accountId,
  zone_id: SEED.zones.exampleNet,
  peer_id: SEED.peers.decommissioned,
  tsig_id: SEED.tsigs.legacyKey,
  acl_id: SEED.acls.monitoring,
  username: 'test-viewer',
  id: '1',
};

const HOSTILE_PARAMS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a'.repeat(300),
  '%E2%80%AE%F0%9F%92%A9',
  '__proto__',
  'constructor',
  '%27%20OR%201%3D1--',
  SEED.accountId.slice(1),
  SEED.accountId.toUpperCase(),
];

const HOSTILE_BODIES = ['null', '[]', '"x"', '42', 'true', '{', '{"a":', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}'];

const WRONG_VALUES: unknown[] = [null, 12345, -1, 1e308, 'x'.repeat(5000), [], {}, true, '\u0000', { $gt: '' }];

const HOSTILE_QUERY_VALUES = ['-1', 'abc', '1e999', '%00', 'x'.repeat(3000), '__proto__', '2026-13-45T99:99', '%5B%5D'];

/** Routes that would end the admin's own session, or the test's footing, are left out. */
const LEFT_OUT = new Set(['POST /auth/logout']);

let sandbox: Sandbox;
let t: TestApp;
let routes: Route[];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox, { READ_CACHE_TTL_MS: '0' });
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown>; required?: string[] } }> } }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase() as Method,
      path,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: op.requestBody ? (op.requestBody.content?.['application/json']?.schema?.properties ?? {}) : null,
      required: op.requestBody?.content?.['application/json']?.schema?.required ?? [],
    })),
  );
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

const fill = (path: string, values: Record<string, string> = {}) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? VALID[name] ?? 'x');

const isCloudflareOperation = (route: Route) => route.path.startsWith('/api/') && !/\/(serials|serial_watch|usage|secret|activity)\b|\/api\/(users|audit|meta|openapi)/.test(route.path);

/** What every answer must be: below 500, the envelope with a message when refused; nothing sent upstream when refused for its input. */
function check(route: Route, what: string, response: LightMyRequestResponse, upstreamCalls: number) {
  const where = `${route.method} ${route.path} with ${what}: HTTP ${response.statusCode} ${response.body.slice(0, 200)}`;
  expect(response.statusCode, where).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const body = response.json() as { success: boolean; errors: { code: number; message: string }[] };
    expect(body.success, where).toBe(false);
    expect(body.errors[0]?.message, where).toMatch(/\w/);
    expect(typeof body.errors[0]?.code, where).toBe('number');
    expect(response.headers['x-request-id'], where).toBeTruthy();
    if ([400, 413, 415].includes(response.statusCode) && isCloudflareOperation(route)) expect(upstreamCalls, `${where}: sent to Cloudflare`).toBe(0);
  }
}

async function send(route: Route, what: string, options: { url: string; payload?: string; contentType?: string }) {
  const before = sandbox.requests.length;
  const response = await t.app.inject({
    method: route.method,
    url: options.url,
    ...(options.payload !== undefined ? { payload: options.payload, headers: { 'content-type': options.contentType ?? 'application/json' } } : {}),
  });
  check(route, what, response, sandbox.requests.length - before);
  return response;
}

describe('hostile input on every route', () => {
  it('finds the routes (the 28 operations and the dashboard’s own)', () => {
    expect(routes.length).toBeGreaterThan(50);
    // The 28 operations, and the accounts and zones reads a dashboard needs besides.
    expect(routes.filter((route) => isCloudflareOperation(route))).toHaveLength(31);
  });

  it('path parameters that are no id', async () => {
    let sent = 0;
    for (const route of routes) {
      if (LEFT_OUT.has(`${route.method} ${route.path}`)) continue;
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      for (const param of params) {
        for (const value of HOSTILE_PARAMS) {
          const response = await send(route, `${param}=${value.slice(0, 40)}`, { url: fill(route.path, { [param]: value }), ...(route.body ? { payload: '{}' } : {}) });
          // An id Cloudflare would be asked about is checked first: a 400 (414 for 300 characters), not Cloudflare's 404.
          if (isCloudflareOperation(route)) expect([400, 414], `${route.method} ${route.path} ${param}=${value.slice(0, 40)}`).toContain(response.statusCode);
          sent += 1;
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
  });

  it('bodies that are not the object asked for, and each field of the wrong type', async () => {
    for (const route of routes) {
      if (!route.body || LEFT_OUT.has(`${route.method} ${route.path}`)) continue;
      const url = fill(route.path);
      for (const payload of HOSTILE_BODIES) {
        const response = await send(route, `body ${payload}`, { url, payload });
        // JSON null is no body: an action that needs nothing (Force AXFR, enable) may take it, as Cloudflare does.
        if (payload === 'null' && route.required.length === 0) continue;
        expect(response.statusCode, `${route.method} ${route.path} body ${payload}`).toBeGreaterThanOrEqual(400);
      }
      for (const field of Object.keys(route.body)) {
        for (const value of WRONG_VALUES) await send(route, `${field}=${JSON.stringify(value).slice(0, 40)}`, { url, payload: JSON.stringify({ [field]: value }) });
      }
      // Not JSON, JSON in another charset, and a body over the limit.
      for (const [contentType, payload] of [
        ['text/plain', '{}'],
        ['application/xml', '<a/>'],
        ['multipart/form-data; boundary=x', '--x--'],
      ] as const) {
        const response = await send(route, contentType, { url, payload, contentType });
        expect(response.statusCode, `${route.method} ${route.path} as ${contentType}`).toBeGreaterThanOrEqual(400);
      }
      const huge = await send(route, 'a 2 MB body', { url, payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) });
      expect(huge.statusCode).toBeGreaterThanOrEqual(400);
    }
    // Nothing polluted: a plain object has no such property in this process.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('query values that are no number or date, duplicated keys, unknown keys', async () => {
    for (const route of routes) {
      if (route.method !== 'GET') continue;
      const base = fill(route.path);
      for (const name of route.query) {
        for (const value of HOSTILE_QUERY_VALUES) await send(route, `?${name}=${value.slice(0, 40)}`, { url: `${base}?${name}=${value}` });
        await send(route, `?${name} twice`, { url: `${base}?${name}=1&${name}=2` });
      }
      await send(route, 'an unknown key', { url: `${base}?surprise=1` });
      await send(route, 'a bracketed key', { url: `${base}?__proto__[polluted]=1&a[b][c]=d` });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('nothing was logged as an error, and the dashboard answers normally afterwards', async () => {
    const errors = t.logs.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg)).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const peers = await t.app.inject({ method: 'GET', url: `/api/accounts/${SEED.accountId}/secondary_dns/peers` });
    expect(peers.statusCode).toBe(200);
    expect(peers.json().result.length).toBeGreaterThan(0);
  });
});
