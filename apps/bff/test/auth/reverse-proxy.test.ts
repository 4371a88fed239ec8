/**
 * Behind a reverse proxy: a refused sign-in says what to set (TRUST_PROXY=<the proxy's address>), and COOKIE_SECURE=true
 * over plain HTTP says that the browser drops the cookie. inject's requests come from 127.0.0.1, the "proxy".
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, appFor, cookieFrom, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

let sandbox: Sandbox;
const apps: TestApp[] = [];
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.app.close()));
});
afterAll(async () => {
  await sandbox?.close();
});

async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await appFor(sandbox, env, { signIn: false });
  apps.push(t);
  return t;
}

function signIn(t: TestApp, headers: Record<string, string>) {
  return t.anonymous({
    method: 'POST',
    url: '/auth/login',
    headers,
    payload: { username: 'admin', password: TEST_ADMIN_PASSWORD },
  });
}

const warnings = (t: TestApp, text: string) =>
  t.logs.filter((line) => JSON.parse(line).level === 40 && line.includes(text));

describe('a sign-in through a TLS-terminating proxy', () => {
  it('without TRUST_PROXY is refused saying to set TRUST_PROXY to the proxy’s address (logged once)', async () => {
    const t = await app();
    const proxied = { host: 'dash.example.com', origin: 'https://dash.example.com' };
    const response = await signIn(t, proxied);
    expect(response.statusCode).toBe(403);
    expect(response.json().errors[0].message).toBe(
      'Cross-site request refused (Origin https://dash.example.com). It looks like a reverse proxy: this request came over ' +
        "http://dash.example.com. Behind a proxy, set TRUST_PROXY to the address the proxy connects from (the dashboard's " +
        "log names it) and have the proxy send X-Forwarded-Proto.",
    );
    await signIn(t, proxied);
    // The log names the address; the answer (anyone can ask) does not.
    expect(warnings(t, 'set TRUST_PROXY=127.0.0.1 (the address the proxy connects from)')).toHaveLength(1);
    expect(response.body).not.toContain('127.0.0.1');
  });

  it('with TRUST_PROXY naming it and X-Forwarded-Proto: https, signs in with the Secure cookie', async () => {
    const t = await app({ TRUST_PROXY: '127.0.0.1' });
    const response = await signIn(t, { host: 'dash.example.com', origin: 'https://dash.example.com', 'x-forwarded-proto': 'https' });
    expect(response.statusCode).toBe(200);
    expect(cookieFrom(response.headers['set-cookie'])).toMatch(/^__Host-sid=/);
    expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
    expect(response.json().messages).toEqual([]);
  });

  it('with TRUST_PROXY naming other addresses, says to include the proxy’s', async () => {
    const t = await app({ TRUST_PROXY: '10.0.0.0/8' });
    const response = await signIn(t, { host: 'dash.example.com', origin: 'https://dash.example.com', 'x-forwarded-proto': 'https' });
    expect(response.statusCode).toBe(403);
    expect(response.json().errors[0].message).toContain("set TRUST_PROXY to the address the proxy connects from (the dashboard's log names it)");
    expect(response.body).not.toContain('10.0.0.0/8');
    expect(warnings(t, 'make sure TRUST_PROXY (now 10.0.0.0/8) includes 127.0.0.1, the address the proxy connects from,')).toHaveLength(1);
  });

  it('that does not pass the original Host: says so too', async () => {
    const t = await app();
    const response = await signIn(t, { host: '127.0.0.1:8787', origin: 'https://dash.example.com' });
    expect(response.statusCode).toBe(403);
    expect(response.json().errors[0].message).toContain(
      "this request came over http://127.0.0.1:8787. Behind a proxy, set TRUST_PROXY to the address the proxy connects from " +
        "(the dashboard's log names it) and have the proxy send X-Forwarded-Proto and X-Forwarded-Host (or have it pass the original Host header).",
    );
  });

  it('a same-origin sign-in gets no advice, and nothing is logged', async () => {
    const t = await app();
    const response = await signIn(t, { host: 'dash.example.com', origin: 'http://dash.example.com' });
    expect(response.statusCode).toBe(200);
    expect(response.json().messages).toEqual([]);
    expect(warnings(t, 'TRUST_PROXY')).toEqual([]);
  });
});

describe('COOKIE_SECURE=true', () => {
  it('on a plain-HTTP sign-in: 200 with a message that the browser drops the cookie, logged at warn once', async () => {
    const t = await app({ COOKIE_SECURE: 'true' });
    const plain = { host: 'dash.example.com', origin: 'http://dash.example.com' };
    const response = await signIn(t, plain);
    expect(response.statusCode).toBe(200);
    expect(response.json().messages).toEqual([
      {
        code: 1092,
        message: expect.stringMatching(/^COOKIE_SECURE=true, but this sign-in came over plain HTTP \(http:\/\/dash\.example\.com\): browsers drop a Secure cookie/),
      },
    ]);
    expect((await signIn(t, plain)).json().messages).toHaveLength(1);
    expect(warnings(t, 'COOKIE_SECURE=true, but this sign-in came over plain HTTP')).toHaveLength(1);
  });

  it('over HTTPS (through a trusted proxy): no message', async () => {
    const t = await app({ COOKIE_SECURE: 'true', TRUST_PROXY: 'loopback' });
    const response = await signIn(t, { host: 'dash.example.com', origin: 'https://dash.example.com', 'x-forwarded-proto': 'https' });
    expect(response.statusCode).toBe(200);
    expect(response.json().messages).toEqual([]);
    expect(warnings(t, 'COOKIE_SECURE')).toEqual([]);
  });
});
