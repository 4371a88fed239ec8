/**
 * Builds the BFF as a Fastify instance (no listen; see server.ts). Tests build it and use `inject`.
 *
 * The Cloudflare token is taken out of the config here and handed only to the upstream plugin; the rest of the
 * app sees `fastify.config`, a PublicConfig without it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { AppConfig, PublicConfig } from './config.js';
import { answerForError } from './errors.js';
import auditPlugin from './plugins/audit.js';
import forceFollowUpPlugin from './plugins/force-follow-up.js';
import authPlugin from './plugins/auth.js';
import errorsPlugin from './plugins/errors.js';
import secretsPlugin from './plugins/secrets.js';
import securityHeadersPlugin from './plugins/security-headers.js';
import storagePlugin from './plugins/storage.js';
import governorPlugin from './plugins/governor.js';
import metricsPlugin from './plugins/metrics.js';
import readCachePlugin from './plugins/read-cache.js';
import readinessPlugin from './plugins/readiness.js';
import requestIdPlugin, { requestIdFrom } from './plugins/request-id.js';
import openApiPlugin from './plugins/openapi.js';
import upstreamPlugin from './plugins/upstream.js';
import validationPlugin from './plugins/validation.js';
import webPlugin from './plugins/web.js';
import metaRoutes from './routes/meta.js';
import { describeSettings } from './settings.js';
import operationRoutes from './routes/operations.js';
import auditRoutes, { type AuditRoutesOptions } from './routes/audit.js';
import apiTokenRoutes from './routes/api-tokens.js';
import oidcRoutes, { createOidcProvider } from './routes/oidc.js';
import authRoutes from './routes/auth.js';
import peerUsageRoutes from './routes/peer-usage.js';
import serialRoutes from './routes/serials.js';
import { createSerialChecker } from './dns/serial-checker.js';
import serialWatchPlugin from './plugins/serial-watch.js';
import tsigSecretRoutes from './routes/tsigs-secret.js';
import twoFactorRoutes from './routes/two-factor.js';
import userRoutes from './routes/users.js';

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
  /** The clock of sessions, sign-in throttling and the audit log (epoch ms); tests move it. Default Date.now. */
  now?: () => number;
  /** Where the first-start admin password banner goes besides the log (default stderr). */
  announce?: (text: string) => void;
  /** How long a Force's outcome is followed (ADR 018; default 10 minutes); tests shorten it. */
  forceFollowUpMs?: number;
  /** The CSV export's row cap and page size (tests make them small). */
  auditCsv?: AuditRoutesOptions;
  /** The serial watch's time between round starts and its guard on zone pages per account (tests make them small). */
  serialWatch?: { intervalMs?: number; maxZonePages?: number };
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
  'req.headers["x-csrf-token"]',
  '*.csrfToken',
  '*.newPassword',
  '*.currentPassword',
  'password',
  'secret',
  // Two-factor sign-in (routes/two-factor.ts): a sign-in's challenge, recovery codes, what carries a TOTP secret.
  '*.challenge',
  '*.recoveryCodes',
  '*.otpauthUri',
  '*.qrCode',
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
  const { cloudflareApiToken, dashboardAdminPassword, serialWatchWebhookUrl, auditWebhookUrl, cloudflareHealthWebhookUrl, ...rest } = config;
  const { clientSecret: _oidcSecret, ...oidcPublic } = config.oidc ?? { clientSecret: '' };
  const publicConfig: PublicConfig = {
    ...rest,
    oidc: config.oidc ? (oidcPublic as Omit<NonNullable<AppConfig['oidc']>, 'clientSecret'>) : null,
    mode: cloudflareApiToken ? 'cloudflare' : 'sandbox',
  };

  const logger: FastifyServerOptions['logger'] =
    options.logger === false
      ? false
      : {
          level: config.logLevel,
          redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
          // Without a test stream: stdout, written asynchronously (lines that arrive while a write is under way go
          // out together in the next one; what is buffered is flushed on exit). A synchronous write per line was a
          // system call on the event loop for every request.
          stream: options.logStream ?? pino.destination({ dest: 1, sync: false }),
        };

  const app = Fastify({
    logger,
    // The browser may send its own x-request-id (kept if it looks like an id); otherwise a new UUID.
    requestIdHeader: false,
    // One log line per request (plugins/request-id.ts) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (request) => requestIdFrom(request.headers['x-request-id']) ?? randomUUID(),
    bodyLimit: 64 * 1024,
    // Off by default: the client address (sign-in throttling, the audit log) is the connection's. Behind a reverse
    // proxy, TRUST_PROXY names it, so X-Forwarded-For gives the real address (docs/decisions/006-auth-and-audit.md).
    trustProxy: config.trustProxy,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised before routing (bad URL encoding, over-long params) also answer in the envelope.
    frameworkErrors: (error, request, reply) => {
      const answer = answerForError(error, String(request.id));
      request.log.info({ status: answer.status, code: error.code }, 'request refused');
      // No hook has run: the request id header is set here (a support engineer finds the log line by it).
      return (reply as FastifyReply)
        .code(answer.status)
        .header('x-request-id', String(request.id))
        .type('application/json; charset=utf-8')
        .send(answer.envelope);
    },
  });

  app.decorate('config', publicConfig);
  if (config.trustProxy === true) {
    app.log.warn(
      'TRUST_PROXY=true trusts X-Forwarded-For from any client: a direct client can claim any address (sign-in throttling, the audit log). Name your proxy instead (TRUST_PROXY=10.0.0.5 or a CIDR).',
    );
  }

  await app.register(requestIdPlugin);
  await app.register(errorsPlugin);
  await app.register(validationPlugin);
  // Access control and audit (docs/decisions/006-auth-and-audit.md): before anything that can reach Cloudflare.
  const now = options.now ?? Date.now;
  await app.register(securityHeadersPlugin, { hsts: config.cookieSecure });
  // Before the storage and the audit log, which count their failures in it.
  await app.register(metricsPlugin);
  await app.register(storagePlugin, {
    dataDir: config.dataDir,
    adminPassword: dashboardAdminPassword,
    now,
    announce: options.announce,
  });
  await app.register(auditPlugin, { storage: app.storage, now, webhookUrl: auditWebhookUrl, sandbox: !cloudflareApiToken });
  await app.register(authPlugin, {
    storage: app.storage,
    now,
    idleMinutes: config.sessionIdleMinutes,
    maxHours: config.sessionMaxHours,
    cookieSecure: config.cookieSecure,
    loginMaxFailures: config.loginMaxFailures,
    loginMaxFailuresPerAddress: config.loginMaxFailuresPerAddress,
    loginMaxFailuresPerUsername: config.loginMaxFailuresPerUsername,
    loginWindowMinutes: config.loginWindowMinutes,
    requireTwoFactor: config.requireTwoFactor,
  });
  await app.register(secretsPlugin);
  // The capabilities in front of Cloudflare, each its own decorator (authentication can be put in front of them).
  await app.register(governorPlugin, {
    limit: config.rateLimitRequests,
    windowSeconds: config.rateLimitWindowSeconds,
    headroom: config.rateLimitHeadroom,
    queueTimeoutMs: config.writeQueueTimeoutMs,
    queueMax: config.writeQueueMax,
    readShareRatio: config.readSharePerClient,
    bulkReadShareRatio: config.bulkReadShare,
  });
  await app.register(readCachePlugin, {
    ttlMs: config.readCacheTtlMs,
    // Kept for serving stale while the budget is spent: one window, Cloudflare's lock-out at least.
    staleMs: Math.max(config.rateLimitWindowSeconds, 300) * 1000,
  });
  await app.register(forceFollowUpPlugin, { storage: app.storage, now, windowMs: options.forceFollowUpMs });
  await app.register(upstreamPlugin, {
    token: cloudflareApiToken,
    baseUrl: config.cloudflareApiBaseUrl,
    timeoutMs: config.upstreamTimeoutMs,
    totalTimeoutMs: config.upstreamTotalTimeoutMs,
    maxRetries: config.upstreamMaxRetries,
    retryBaseMs: config.upstreamRetryBaseMs,
    dataDir: config.dataDir,
    accountId: config.cloudflareAccountId,
    ...(cloudflareHealthWebhookUrl ? { healthWebhookUrl: cloudflareHealthWebhookUrl } : {}),
  });
  await app.register(readinessPlugin, { dataDir: config.dataDir });
  await app.register(openApiPlugin, { version: VERSION });
  await app.register(operationRoutes);
  await app.register(tsigSecretRoutes);
  const serialChecker = createSerialChecker({
    gateway: app.upstream,
    timeoutMs: config.soaProbeTimeoutMs,
    emulatedNameserver: app.upstreamInfo.emulatedNameserver,
  });
  await app.register(serialRoutes, { checker: serialChecker });
  await app.register(serialWatchPlugin, {
    checker: serialChecker,
    intervalMinutes: config.serialWatchMinutes,
    budgetPercent: config.serialWatchBudgetPercent,
    accountId: config.cloudflareAccountId,
    webhookUrl: serialWatchWebhookUrl,
    ...options.serialWatch,
  });
  await app.register(peerUsageRoutes, { scanTimeMs: config.peerUsageTimeMs });
  const oidcProvider = config.oidc ? createOidcProvider(config.oidc) : null;
  await app.register(authRoutes, { oidcProvider });
  if (config.oidc && oidcProvider) await app.register(oidcRoutes, { oidc: config.oidc, provider: oidcProvider });
  await app.register(twoFactorRoutes);
  await app.register(apiTokenRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes, options.auditCsv ?? {});
  await app.register(metaRoutes, { version: VERSION, settings: describeSettings(config) });
  await app.register(webPlugin, { distDir: config.webDistDir });

  return app;
}
