/**
 * Capability: `fastify.upstream`, the way to Cloudflare (the gateway: rate budget, read cache and coalescing,
 * retries, bounded time, over the one-attempt client), and `fastify.upstreamInfo` (mode, where it points).
 * Without a token it starts the built-in sandbox (the Cloudflare emulator) and points the client at it.
 * The token is received as a plugin option and handed straight to the client's factory; it is not decorated,
 * stored or logged anywhere else.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import { createUpstreamClient, type UpstreamClient } from '../upstream/client.js';
import { createGateway, type Gateway } from '../upstream/gateway.js';
import { UpstreamHealth } from '../upstream/health.js';
import { createCloudflareNotifier, type CloudflareNotifier } from '../webhook/cloudflare-webhook.js';

export interface UpstreamInfo {
  mode: 'sandbox' | 'cloudflare';
  /** `sandbox`, or the host of CLOUDFLARE_API_BASE_URL. */
  upstream: string;
  /** CLOUDFLARE_ACCOUNT_ID, else the sandbox's seeded account, else null. */
  defaultAccountId: string | null;
  /** Sandbox mode: the sandbox's emulated nameserver, which answers the serial check's DNS queries. */
  emulatedNameserver: { host: string; port: number } | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    upstream: Gateway;
    upstreamInfo: UpstreamInfo;
  }
}

export interface UpstreamPluginOptions {
  token: string | undefined;
  baseUrl: string;
  timeoutMs: number;
  totalTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  dataDir: string;
  accountId: string | undefined;
  /** CLOUDFLARE_HEALTH_WEBHOOK_URL: told when Cloudflare starts failing and answers again. Never logged. */
  healthWebhookUrl?: string;
}

export const SANDBOX_BANNER =
  'SANDBOX MODE: no CLOUDFLARE_API_TOKEN set — serving a built-in Cloudflare emulator; nothing reaches Cloudflare';

export default fp<UpstreamPluginOptions>(
  async (fastify, options) => {
    // One log line when Cloudflare starts failing (3 attempts in a row) and one when it answers again, whatever the
    // number of requests in between (each failed request has its own line already): what an operator greps for.
    // The same two moments go to CLOUDFLARE_HEALTH_WEBHOOK_URL (a flapping API held back: webhook/cloudflare-webhook.ts).
    let notifier: CloudflareNotifier | undefined;
    const health = new UpstreamHealth({
      onChange: (change) => {
        notifier?.change(change);
        if (change.kind === 'failing') {
          fastify.log.error(
            { upstreamHealth: { state: 'failing', since: new Date(change.since).toISOString(), failures: change.failures, operation: change.last.operation, kind: change.last.kind, status: change.last.status } },
            `Cloudflare is failing: ${change.failures} attempts in a row failed (last: ${change.last.operation}, ${change.last.kind}, HTTP ${change.last.status})`,
          );
        } else {
          fastify.log.warn(
            { upstreamHealth: { state: 'recovered', since: new Date(change.since).toISOString(), failedForMs: change.failedForMs, failures: change.failures } },
            `Cloudflare answers again, after ${change.failures} failed attempts in a row over ${Math.round(change.failedForMs / 1000)} s`,
          );
        }
      },
    });
    if (options.healthWebhookUrl) {
      const webhook = createCloudflareNotifier(options.healthWebhookUrl, fastify.log, {
        upstream: options.token ? new URL(options.baseUrl).host : 'sandbox',
        failingRun: () => health.failingRun(),
        report: fastify.webhooks.reporter('cloudflare health'),
        sandbox: !options.token,
      });
      notifier = webhook;
      fastify.webhooks.register('cloudflare health', webhook.test);
      // The last events are given 3 s to go out when the server stops.
      fastify.addHook('onClose', async () => {
        await Promise.race([webhook.close(), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
      });
    }
    const gateway = (client: UpstreamClient): Gateway =>
      createGateway({
        client,
        health,
        governor: fastify.governor,
        cache: fastify.readCache,
        metrics: fastify.metrics,
        timeoutMs: options.timeoutMs,
        totalTimeoutMs: options.totalTimeoutMs,
        maxRetries: options.maxRetries,
        retryBaseMs: options.retryBaseMs,
        onRead: (id, params, result) => fastify.forceFollowUp.observe(id, params, result),
      });
    if (options.token) {
      fastify.decorate(
        'upstream',
        gateway(createUpstreamClient({ baseUrl: options.baseUrl, token: options.token, timeoutMs: options.timeoutMs })),
      );
      fastify.decorate('upstreamInfo', {
        mode: 'cloudflare',
        upstream: new URL(options.baseUrl).host,
        defaultAccountId: options.accountId ?? null,
        emulatedNameserver: null,
      } satisfies UpstreamInfo);
      return;
    }

    // Loaded only in sandbox mode, so production never pays for the emulator.
    const { startSandbox, SEED } = await import('@secdns/sandbox');
    const token = randomBytes(32).toString('hex');
    const sandbox = await startSandbox({ token, dataDir: join(options.dataDir, 'sandbox'), host: '127.0.0.1', port: 0 });
    fastify.log.warn({ sandbox: sandbox.url }, SANDBOX_BANNER);
    fastify.addHook('onClose', async () => {
      await sandbox.close();
    });
    fastify.decorate(
      'upstream',
      gateway(
        createUpstreamClient({
          baseUrl: sandbox.url,
          token,
          timeoutMs: options.timeoutMs,
          displayName: `the built-in sandbox (${sandbox.url})`,
        }),
      ),
    );
    fastify.decorate('upstreamInfo', {
      mode: 'sandbox',
      upstream: 'sandbox',
      defaultAccountId: options.accountId ?? SEED.accountId,
      emulatedNameserver: sandbox.dns,
    } satisfies UpstreamInfo);
  },
  { name: 'upstream', fastify: '5.x', dependencies: ['governor', 'read-cache', 'metrics'] },
);
