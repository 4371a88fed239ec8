/** Security headers (helmet: strict CSP, no framing, no referrer), the body limit, unknown /api routes. */
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

let sandbox: Sandbox;
let t: TestApp;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox);
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

describe('security headers', () => {
  it('a strict Content-Security-Policy without inline scripts, no framing, no referrer, on the SPA and the API', async () => {
    for (const url of ['/', '/zones/abc', '/api/meta', '/auth/me', '/healthz', '/api/docs/']) {
      const response = await t.app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('Strict-Transport-Security (one year, this host only) when COOKIE_SECURE=true says it is served over HTTPS', async () => {
    const secure = await appFor(sandbox, { COOKIE_SECURE: 'true' });
    try {
      for (const url of ['/', '/api/meta']) {
        const response = await secure.app.inject({ method: 'GET', url });
        expect(response.headers['strict-transport-security'], url).toBe('max-age=31536000');
      }
    } finally {
      await secure.app.close();
    }
  });

  it('Swagger UI at /api/docs loads its scripts from files (nothing inline to allow)', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const scripts = page.body.match(/<script[^>]*>([\s\S]*?)<\/script>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script).toMatch(/src=/);
      expect(script.replace(/<script[^>]*>/, '').replace('</script>', '').trim()).toBe('');
    }
  });
});

describe('limits and unknown routes', () => {
  it('refuses a body over 64 KB with 413 in the envelope, before anything goes upstream', async () => {
    sandbox.clearRequests();
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/accounts/${SEED.accountId}/secondary_dns/acls`,
      payload: { name: 'x'.repeat(70 * 1024), ip_range: '192.0.2.0/24' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().success).toBe(false);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('answers unknown routes under /api with a 404 envelope and never calls Cloudflare', async () => {
    for (const [method, url] of [
      ['GET', '/api/nope'],
      ['POST', '/api/accounts/x/secondary_dns/whatever'],
      ['DELETE', `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`],
      ['GET', '/api/client/v4/accounts'],
    ] as const) {
      sandbox.clearRequests();
      for (const inject of [t.app.inject.bind(t.app), t.anonymous]) {
        const response = await inject({ method, url });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.json().success).toBe(false);
      }
      expect(sandbox.requests).toHaveLength(0);
    }
  });
});
