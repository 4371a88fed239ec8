/**
 * Capability: the built single-page app on the same origin as /api, and the not-found handler.
 * GET requests that are not under /api, /auth or /healthz get index.html (SPA routing) when they do not name a file,
 * or when a browser asks for a page (Accept: text/html) anywhere but /assets: a zone name in an address
 * (/zones/cdn.example.net) has dots too, and a person who typed it should see the dashboard, not JSON.
 * Anything else unknown is a 404 in Cloudflare's envelope. If the SPA is not built, GET / says how to build it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { ErrorCodes, errorEnvelope } from '@secdns/api-types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface WebPluginOptions {
  distDir: string;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Secondary DNS dashboard</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The web app is not built</h1>
<p>The web app is not built: run <code>pnpm build</code> at the repository root, then reload this page.</p>
<p>The API is up: see <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;

const RESERVED = /^\/(api|auth|healthz)(\/|$|\?)/;

function wantsSpa(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '/';
  if (RESERVED.test(path)) return false;
  const last = path.split('/').pop() ?? '';
  if (!last.includes('.')) return true; // /zones/abc is a page; /assets/app.js or /favicon.ico is a file
  return !path.startsWith('/assets/') && (request.headers.accept ?? '').includes('text/html');
}

export default fp<WebPluginOptions>(
  async (fastify: FastifyInstance, options) => {
    const built = existsSync(join(options.distDir, 'index.html'));
    if (built) {
      await fastify.register(fastifyStatic, { root: options.distDir, wildcard: true, index: ['index.html'] });
    } else {
      fastify.log.warn({ distDir: options.distDir }, 'The web app is not built (run `pnpm build`); serving the API only');
    }

    fastify.setNotFoundHandler((request, reply) => {
      if (wantsSpa(request)) {
        if (built) return reply.header('cache-control', 'no-cache').sendFile('index.html');
        return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
      }
      const path = request.url.split('?')[0];
      return reply
        .code(404)
        .send(
          errorEnvelope({
            code: ErrorCodes.notFound,
            message: `No route ${request.method} ${path}. The API's routes are listed at /api/docs.`,
          }),
        );
    });
  },
  { name: 'web', fastify: '5.x' },
);
