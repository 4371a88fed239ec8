/** The SPA on the same origin: files, index.html fallback for client routes, the not-built page, /healthz. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { appFor, emptyDir, startTestSandbox, type Sandbox } from '../helper.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('with a built web app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const dist = join(emptyDir(), 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>dashboard</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("app")');
    ({ app } = await appFor(sandbox, { WEB_DIST_DIR: dist }));
  });
  afterAll(async () => app?.close());

  it('serves index.html at /', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="root">');
  });

  it('serves files', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('console.log');
  });

  it.each(['/zones/abc/incoming', '/peers', '/settings?tab=1'])('falls back to index.html for %s', async (url) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('<div id="root">');
  });

  it.each(['/zonez/cdn.example.net', '/accounts/a/zones/example.com'])(
    'falls back to index.html for a page a browser asks for with a dot in it: %s',
    async (url) => {
      const accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
      const response = await app.inject({ method: 'GET', url, headers: { accept } });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<div id="root">');
      // The same address asked for by a script is a missing file, not the app.
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
    },
  );

  it('a missing asset stays a 404 even when a browser asks for it as a page', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('<div id="root">');
  });

  it.each([
    ['/assets/missing.js', 404],
    ['/api/unknown', 404],
    ['/auth/whatever', 404],
  ])('does not fall back for %s', async (url, status) => {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expect(response.body).not.toContain('<div id="root">');
    expect(response.json()).toMatchObject({ success: false });
  });

  it('does not fall back for non-GET requests', async () => {
    const response = await app.inject({ method: 'POST', url: '/zones' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ success: false });
  });

  it('GET /healthz → {status: ok}', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('without a built web app', () => {
  it('GET / explains how to build it, and the API still works', async () => {
    const { app } = await appFor(sandbox, { WEB_DIST_DIR: join(emptyDir(), 'missing-dist') });
    try {
      const response = await app.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('The web app is not built: run <code>pnpm build</code>');
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/meta' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
