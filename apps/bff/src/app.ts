/**
 * Builds the BFF as a Fastify instance (no listen; see server.ts). Tests build it and use `inject`.
 *
 * The Cloudflare token is taken out of the config here and handed only to the upstream plugin; the rest of the
 * app sees `fastify.config`, a PublicConfig without it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { AppConfig, PublicConfig } from './config.js';
import { answerForError } from './errors.js';
import errorsPlugin from './plugins/errors.js';
import openApiPlugin from './plugins/openapi.js';
import upstreamPlugin from './plugins/upstream.js';
import validationPlugin from './plugins/validation.js';
import webPlugin from './plugins/web.js';
import metaRoutes from './routes/meta.js';
import operationRoutes from './routes/operations.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: PublicConfig;
  }
}

export interface BuildAppOptions {
  /** Where log lines go (pino destination: anything with `write(line)`); defaults to stdout. */
  logStream?: { write(line: string): void };
  /** Disable logging entirely (overrides the config's level). */
  logger?: false;
}

/** Paths pino must never print. The token only travels in the upstream request, which is never logged. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'authorization',
  'token',
  'cloudflareApiToken',
  '*.secret',
  '*.password',
  '*.token',
  '*.cloudflareApiToken',
  'body.secret',
  'req.body.secret',
];

export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { cloudflareApiToken, ...rest } = config;
  const publicConfig: PublicConfig = { ...rest, mode: cloudflareApiToken ? 'cloudflare' : 'sandbox' };

  const logger: FastifyServerOptions['logger'] =
    options.logger === false
      ? false
      : {
          level: config.logLevel,
          redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
          ...(options.logStream ? { stream: options.logStream } : {}),
        };

  const app = Fastify({
    logger,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised before routing (bad URL encoding, over-long params) also answer in the envelope.
    frameworkErrors: (error, request, reply) => {
      const answer = answerForError(error, String(request.id));
      request.log.info({ status: answer.status, code: error.code }, 'request refused');
      return (reply as FastifyReply).code(answer.status).type('application/json; charset=utf-8').send(answer.envelope);
    },
  });

  app.decorate('config', publicConfig);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  await app.register(validationPlugin);
  await app.register(upstreamPlugin, {
    token: cloudflareApiToken,
    baseUrl: config.cloudflareApiBaseUrl,
    timeoutMs: config.upstreamTimeoutMs,
    dataDir: config.dataDir,
    accountId: config.cloudflareAccountId,
  });
  await app.register(openApiPlugin, { version: VERSION });
  await app.register(operationRoutes);
  await app.register(metaRoutes, { version: VERSION });
  await app.register(webPlugin, { distDir: config.webDistDir });

  return app;
}
