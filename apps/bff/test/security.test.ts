/**
 * The token stays in the upstream client: never in a log line (success, refusal or failure paths), never in a
 * response, never in `fastify.config`. Authorization, cookies and TSIG secrets are redacted from logs.
 */
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox } from './helper.js';

const A = SEED.accountId;
const Z = SEED.zones;
const SECRET = 'dG9wLXNlY3JldC10c2lnLWtleQ==';

let sandbox: Sandbox;
let app: FastifyInstance;
let logs: string[];
const bodies: string[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app, logs } = await appFor(sandbox, { UPSTREAM_TIMEOUT_MS: '300', LOG_LEVEL: 'trace' }));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

describe('the API token', () => {
  it('never appears in logs or responses, whatever happens', async () => {
    const send = async (options: InjectOptions) => {
      const response = await app.inject(options);
      bodies.push(response.body, JSON.stringify(response.headers));
      return response;
    };
    const headers = { authorization: `Bearer ${sandbox.token}`, cookie: `session=${sandbox.token}` };
    await send({ method: 'GET', url: `/api/accounts/${A}/secondary_dns/tsigs`, headers });
    await send({
      method: 'POST',
      url: `/api/accounts/${A}/secondary_dns/tsigs`,
      headers,
      payload: { name: 'k.example.com.', algo: 'hmac-sha256.', secret: SECRET },
    });
    await send({ method: 'GET', url: '/api/accounts/bad/secondary_dns/tsigs', headers });
    await send({ method: 'GET', url: '/api/meta' });
    await send({ method: 'GET', url: '/api/openapi.json' });
    for (const fault of [{ status: 500 }, { malformed: true as const }, { drop: true as const }, { hang: true as const }, { status: 401 }]) {
      sandbox.faults.clear();
      sandbox.faults.add({ match: { path: `/zones/${Z.exampleNet}` }, times: 1, ...fault });
      await send({ method: 'POST', url: `/api/zones/${Z.exampleNet}/secondary_dns/force_axfr`, headers });
    }
    sandbox.faults.clear();

    expect(logs.length).toBeGreaterThan(10);
    const everything = logs.join('\n');
    expect(everything).not.toContain(sandbox.token);
    expect(everything).not.toContain(SECRET);
    for (const body of bodies) expect(body).not.toContain(sandbox.token);
    expect(JSON.stringify(app.config)).not.toContain(sandbox.token);
  });

  it('is sent upstream as a bearer token (the sandbox accepts it; a wrong one is refused)', async () => {
    sandbox.clearRequests();
    const response = await app.inject({ method: 'GET', url: `/api/accounts/${A}/secondary_dns/acls` });
    expect(response.statusCode).toBe(200);
    expect(sandbox.requests[0]?.headers.authorization).toBe('Bearer [redacted]');

    const { app: wrong } = await appFor(sandbox, { CLOUDFLARE_API_TOKEN: 'not-the-token' });
    try {
      const refused = await wrong.inject({ method: 'GET', url: `/api/accounts/${A}/secondary_dns/acls` });
      expect(refused.statusCode).toBeGreaterThanOrEqual(401);
      expect(refused.statusCode).toBeLessThan(404);
      expect(refused.json().success).toBe(false);
    } finally {
      await wrong.close();
    }
  });

  it('redacts authorization, cookies, passwords and TSIG secrets if anything logs them', () => {
    const before = logs.length;
    app.log.info(
      {
        req: { headers: { authorization: `Bearer ${sandbox.token}`, cookie: `sid=${sandbox.token}` } },
        res: { headers: { 'set-cookie': `sid=${sandbox.token}` } },
        body: { name: 'k.', secret: SECRET },
        user: { password: 'hunter2' },
      },
      'redaction check',
    );
    const line = logs.slice(before).join('\n');
    expect(line).toContain('redaction check');
    expect(line).not.toContain(sandbox.token);
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain('hunter2');
    expect(line).toContain('"secret":"[REDACTED]"');
    expect(line).toContain('"password":"[REDACTED]"');
  });

  it('answers every response with a request id', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-123' } });
    expect(response.headers['x-request-id']).toBe('req-123');
    expect(logs.some((line) => line.includes('"reqId":"req-123"'))).toBe(true);
  });
});
