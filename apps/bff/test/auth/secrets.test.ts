/**
 * TSIG secrets: masked in every list and detail answer (all roles, admins included); revealed only by the admin
 * route …/tsigs/:tsig_id/secret, which is audited; an update that sends the mask back keeps the secret.
 */
import { TSIG_SECRET_MASK } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, direct, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

const A = SEED.accountId;
const T = SEED.tsigs;
const TSIGS = `/api/accounts/${A}/secondary_dns/tsigs`;

let sandbox: Sandbox;
let t: TestApp;
let realSecret: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox);
  realSecret = ((await direct(sandbox, 'GET', `/accounts/${A}/secondary_dns/tsigs/${T.transferKey}`)).json as { result: { secret: string } }).result.secret;
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

describe('masking', () => {
  it('list and get show the mask to every role', async () => {
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const client = await t.as(role);
      const listed = await client.inject({ method: 'GET', url: TSIGS });
      expect(listed.statusCode).toBe(200);
      const tsigs = listed.json().result as { secret: string; name: string }[];
      expect(tsigs.length).toBeGreaterThan(0);
      for (const tsig of tsigs) expect(tsig.secret).toBe(TSIG_SECRET_MASK);
      expect(listed.body).not.toContain(realSecret);
      const one = await client.inject({ method: 'GET', url: `${TSIGS}/${T.transferKey}` });
      expect(one.json().result).toMatchObject({ id: T.transferKey, secret: TSIG_SECRET_MASK });
    }
  });

  it('create and update answers are masked too', async () => {
    const secret = 'bmV3LXNlY3JldC12YWx1ZQ==';
    const created = await t.app.inject({ method: 'POST', url: TSIGS, payload: { name: 'm.example.com.', algo: 'hmac-sha256.', secret } });
    expect(created.json().result.secret).toBe(TSIG_SECRET_MASK);
    const id = created.json().result.id as string;
    const updated = await t.app.inject({ method: 'PUT', url: `${TSIGS}/${id}`, payload: { name: 'm.example.com.', algo: 'hmac-sha512.', secret } });
    expect(updated.json().result).toMatchObject({ algo: 'hmac-sha512.', secret: TSIG_SECRET_MASK });
    expect(created.body + updated.body).not.toContain(secret);
  });

  it('an update with the mask as secret keeps the current secret', async () => {
    sandbox.clearRequests();
    const updated = await t.app.inject({
      method: 'PUT',
      url: `${TSIGS}/${T.transferKey}`,
      payload: { name: 'transfer-key.example.net.', algo: 'hmac-sha512.', secret: TSIG_SECRET_MASK },
    });
    expect(updated.statusCode).toBe(200);
    const put = sandbox.requests.find((request) => request.method === 'PUT');
    expect((put!.body as { secret: string }).secret).toBe(realSecret);
    const stored = (await direct(sandbox, 'GET', `/accounts/${A}/secondary_dns/tsigs/${T.transferKey}`)).json as { result: { secret: string; algo: string } };
    expect(stored.result).toMatchObject({ secret: realSecret, algo: 'hmac-sha512.' });
  });

  it('says which stored secrets are not Base64 (set by another client: no nameserver can load them)', async () => {
    const made = await direct(sandbox, 'POST', `/accounts/${A}/secondary_dns/tsigs`, {
      name: 'pasted.example.com.',
      algo: 'hmac-sha256.',
      secret: 'not base64!',
    });
    const id = (made.json as { result: { id: string } }).result.id;
    const listed = (await t.app.inject({ method: 'GET', url: TSIGS })).json().result as { id: string; secret: string; secret_is_base64?: boolean }[];
    expect(listed.find((tsig) => tsig.id === id)).toMatchObject({ secret: TSIG_SECRET_MASK, secret_is_base64: false });
    expect(listed.find((tsig) => tsig.id === T.transferKey)).toMatchObject({ secret_is_base64: true });
    // Cloudflare's own example (hex) is Base64 text too.
    expect(listed.find((tsig) => tsig.id === T.legacyKey)).toMatchObject({ secret_is_base64: true });
    const one = await t.app.inject({ method: 'GET', url: `${TSIGS}/${id}` });
    expect(one.json().result).toMatchObject({ secret: TSIG_SECRET_MASK, secret_is_base64: false });
    expect(one.body).not.toContain('not base64!');
    // A new secret through the dashboard mends it.
    const mended = await t.app.inject({ method: 'PUT', url: `${TSIGS}/${id}`, payload: { name: 'pasted.example.com.', algo: 'hmac-sha256.', secret: 'bmV3LXNlY3JldC12YWx1ZQ==' } });
    expect(mended.json().result).toMatchObject({ secret: TSIG_SECRET_MASK, secret_is_base64: true });
    await direct(sandbox, 'DELETE', `/accounts/${A}/secondary_dns/tsigs/${id}`);
  });

  it('a create with the mask as secret is refused', async () => {
    sandbox.clearRequests();
    const response = await t.app.inject({ method: 'POST', url: TSIGS, payload: { name: 'x.example.com.', algo: 'hmac-sha256.', secret: TSIG_SECRET_MASK } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].source.pointer).toBe('/secret');
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('an upstream error that echoes the secret sent', () => {
  it('is answered and logged with the mask in its place (a kept secret is not revealed past the audited route)', async () => {
    const path = `/accounts/${A}/secondary_dns/tsigs/${T.notifyKey}`;
    const stored = ((await direct(sandbox, 'GET', path)).json as { result: { secret: string } }).result.secret;
    const typed = 'dHlwZWQtc2VjcmV0LWVjaG9lZA==';
    try {
      for (const [status, secret, sent] of [[400, TSIG_SECRET_MASK, stored], [500, typed, typed]] as const) {
        sandbox.faults.clear();
        sandbox.faults.add({ match: { method: 'PUT', path }, times: 1, status, code: 1004, message: `secret ${sent} is not accepted` });
        const response = await t.app.inject({
          method: 'PUT',
          url: `/api${path}`,
          payload: { name: 'notify-key.example.com.', algo: 'hmac-sha512.', secret },
        });
        expect(response.statusCode, String(status)).toBe(status === 400 ? 400 : 502);
        expect(response.body).not.toContain(sent);
        expect(response.body).toContain(`secret ${TSIG_SECRET_MASK} is not accepted`);
      }
      expect(t.logs.join('\n')).not.toContain(stored);
      expect(t.logs.join('\n')).not.toContain(typed);
    } finally {
      sandbox.faults.clear();
    }
  });
});

describe('an upstream error that echoes a kept secret JSON-escaped', () => {
  it('masks it as the browser would read it (a secret set outside the dashboard may hold " or \\)', async () => {
    // Cloudflare takes any text as a secret; in its JSON error message a quote or backslash comes back escaped.
    const legacy = `/accounts/${A}/secondary_dns/tsigs/${T.legacyKey}`;
    const before = (await direct(sandbox, 'GET', legacy)).json as { result: { name: string; algo: string; secret: string } };
    const kept = 'pa"ss\\word-kept-secret';
    await direct(sandbox, 'PUT', legacy, { name: before.result.name, algo: before.result.algo, secret: kept });
    try {
      sandbox.faults.add({ match: { method: 'PUT', path: legacy }, times: 1, status: 400, code: 1004, message: `secret ${kept} is not accepted` });
      const response = await t.app.inject({
        method: 'PUT',
        url: `/api${legacy}`,
        payload: { name: before.result.name, algo: before.result.algo, secret: TSIG_SECRET_MASK },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].message).toBe(`secret ${TSIG_SECRET_MASK} is not accepted`);
      expect(JSON.stringify(response.json())).not.toContain('word-kept-secret');
    } finally {
      sandbox.faults.clear();
      await direct(sandbox, 'PUT', legacy, before.result);
    }
  });
});

describe('GET …/tsigs/:tsig_id/secret', () => {
  it('reveals the secret to an admin, uncached, and records it in the audit log', async () => {
    const admin = await t.as('admin');
    const response = await admin.inject({ method: 'GET', url: `${TSIGS}/${T.transferKey}/secret` });
    expect(response.statusCode).toBe(200);
    expect(response.json().result).toMatchObject({ id: T.transferKey, secret: realSecret });
    expect(response.headers['cache-control']).toBe('no-store');
    const audit = await admin.inject({ method: 'GET', url: '/api/audit?operation=tsigs.secret.reveal' });
    expect(audit.json().result[0]).toMatchObject({
      username: 'admin',
      method: 'GET',
      account_id: A,
      resource_id: T.transferKey,
      status: 200,
    });
    expect(audit.body).not.toContain(realSecret);
  });

  it('is 403 for operators and viewers (recorded), with no upstream call', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const client = await t.as(role);
      sandbox.clearRequests();
      const response = await client.inject({ method: 'GET', url: `${TSIGS}/${T.transferKey}/secret` });
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain(realSecret);
      expect(sandbox.requests).toHaveLength(0);
    }
    const audit = await t.app.inject({ method: 'GET', url: '/api/audit?operation=tsigs.secret.reveal&outcome=failure' });
    expect(audit.json().result.map((entry: { username: string }) => entry.username).sort()).toEqual(['test-operator', 'test-viewer']);
  });

  it('passes an unknown TSIG’s 404 through', async () => {
    const response = await t.app.inject({ method: 'GET', url: `${TSIGS}/${'0'.repeat(32)}/secret` });
    expect(response.statusCode).toBe(404);
  });
});
