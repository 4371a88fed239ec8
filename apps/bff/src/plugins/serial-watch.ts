/**
 * Capability: `fastify.serialWatch` (watch/serial-watch.ts; docs/decisions/014-serial-watch.md), its routes
 *   GET /api/accounts/:account_id/secondary_dns/serial_watch   the watch's state and the account's zones as last checked
 *   GET /api/accounts/:account_id/secondary_dns/serial_watch/history?zone_id=&page=&per_page=
 *       what it found over time (zones falling behind, no longer behind, no longer watched), newest first
 *   POST /api/accounts/:account_id/secondary_dns/serial_watch/run   (operator) a round now, instead of at its time
 * and its metrics: bff_serial_watch_zone_behind{account_id,zone,direction} (1 while behind),
 * bff_serial_watch_zone_behind_seconds (how long), bff_serial_watch_zones{kind}, bff_serial_watch_last_round_timestamp_seconds,
 * bff_serial_watch_round_zones{account_id} and bff_serial_watch_round_zones_done{account_id} (how far the round is),
 * bff_serial_watch_round_estimate_seconds (what a full round takes at its share), bff_serial_watch_reads_total; with SERIAL_WATCH_WEBHOOK_URL, a POST per zone that falls behind, catches up, or is no
 * longer watched while behind (watch/webhook.ts). Rounds start once the server listens and stop when it closes.
 */
import {
  ErrorCodes,
  errorEnvelope,
  SerialWatchEventSchema,
  SerialWatchHistoryQuerySchema,
  SerialWatchParamsSchema,
  SerialWatchSchema,
  okEnvelope,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import type { SerialChecker } from '../dns/serial-checker.js';
import { SerialWatch } from '../watch/serial-watch.js';
import { withPurpose } from '../upstream/gateway.js';
import { createWebhookNotifier } from '../watch/webhook.js';

declare module 'fastify' {
  interface FastifyInstance {
    serialWatch: SerialWatch;
  }
}

export interface SerialWatchPluginOptions {
  checker: SerialChecker;
  intervalMinutes: number;
  budgetPercent: number;
  accountId?: string;
  firstRoundDelayMs?: number;
  /** SERIAL_WATCH_WEBHOOK_URL: never logged, never decorated. */
  webhookUrl?: string;
  /** Tests: a shorter time between round starts, a smaller guard on zone pages per account. */
  intervalMs?: number;
  maxZonePages?: number;
}

export default fp<SerialWatchPluginOptions>(
  async (fastify: FastifyInstance, options) => {
    const log = fastify.log.child({ component: 'serial-watch' });
    const webhook = options.webhookUrl
      ? createWebhookNotifier(
          options.webhookUrl,
          log,
          fastify.webhooks.reporter('serial watch'),
          fastify.config.mode === 'sandbox',
        )
      : null;
    if (webhook) fastify.webhooks.register('serial watch', webhook.test);
    const watch = new SerialWatch({
      // Its reads are the serial watch's in the budget's report of who spends it (the checker's too: watch.ts).
      gateway: withPurpose(fastify.upstream, 'serial-watch'),
      checker: options.checker,
      governor: fastify.governor,
      log,
      ...(webhook ? { notify: webhook.notify } : {}),
      intervalMinutes: options.intervalMinutes,
      budgetPercent: options.budgetPercent,
      ...(options.accountId ? { accountId: options.accountId } : {}),
      ...(options.firstRoundDelayMs !== undefined ? { firstRoundDelayMs: options.firstRoundDelayMs } : {}),
      ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
      ...(options.maxZonePages !== undefined ? { maxZonePages: options.maxZonePages } : {}),
      store: fastify.storage.serialWatch,
    });
    await watch.restore();
    fastify.decorate('serialWatch', watch);

    const registers = [fastify.metrics.registry];
    new Gauge({
      name: 'bff_serial_watch_zone_behind',
      help: 'Serial watch: 1 while the zone\'s copy is behind (Cloudflare behind a primary, or a secondary behind Cloudflare, also while outgoing transfers are off), else 0',
      labelNames: ['account_id', 'zone', 'direction'],
      registers,
      collect() {
        this.reset();
        for (const zone of watch.entries()) {
          this.set({ account_id: zone.account_id, zone: zone.zone_name, direction: zone.direction }, zone.behind_since ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'bff_serial_watch_zone_behind_seconds',
      help: 'Serial watch: since how long every round has found the zone behind (0 when it is not)',
      labelNames: ['account_id', 'zone', 'direction'],
      registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const zone of watch.entries()) {
          const since = zone.behind_since ? (now - Date.parse(zone.behind_since)) / 1000 : 0;
          this.set({ account_id: zone.account_id, zone: zone.zone_name, direction: zone.direction }, Math.max(0, Math.round(since)));
        }
      },
    });
    new Gauge({
      name: 'bff_serial_watch_zone_refresh_overdue',
      help: "Serial watch: 1 while Cloudflare's refresh of the incoming zone from its primaries is overdue (not reached for more than twice its refresh interval), else 0",
      labelNames: ['account_id', 'zone'],
      registers,
      collect() {
        this.reset();
        for (const zone of watch.entries()) {
          if (zone.direction !== 'incoming') continue;
          this.set({ account_id: zone.account_id, zone: zone.zone_name }, zone.refresh_overdue_since ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'bff_serial_watch_zones',
      help: 'Serial watch: zones as last checked, by kind (behind, attention, in-sync)',
      labelNames: ['kind'],
      registers,
      collect() {
        const counts = { behind: 0, attention: 0, 'in-sync': 0 };
        for (const zone of watch.entries()) counts[zone.kind] += 1;
        for (const [kind, count] of Object.entries(counts)) this.set({ kind }, count);
      },
    });
    new Gauge({
      name: 'bff_serial_watch_last_round_timestamp_seconds',
      help: 'Serial watch: when the last round ended (Unix time; 0 before the first)',
      registers,
      collect() {
        const finished = watch.lastFinished;
        this.set(finished ? finished / 1000 : 0);
      },
    });
    new Gauge({
      name: 'bff_serial_watch_round_zones',
      help: "Serial watch: the account's zones the current round has to check (the last round's between rounds), as listed",
      labelNames: ['account_id'],
      registers,
      collect() {
        this.reset();
        for (const account of watch.progress()) if (account.zones !== null) this.set({ account_id: account.account_id }, account.zones);
      },
    });
    new Gauge({
      name: 'bff_serial_watch_round_zones_done',
      help: "Serial watch: the account's zones the current round has gone through so far (checked, skipped, or failed)",
      labelNames: ['account_id'],
      registers,
      collect() {
        this.reset();
        for (const account of watch.progress()) this.set({ account_id: account.account_id }, account.done);
      },
    });
    new Gauge({
      name: 'bff_serial_watch_round_estimate_seconds',
      help: 'Serial watch: how long a full round takes at its share of the budget (reads needed x spacing; a floor); more than the interval means rounds run back to back',
      registers,
      collect() {
        this.set(watch.estimate()?.seconds ?? 0);
      },
    });
    let counted = 0;
    new Counter({
      name: 'bff_serial_watch_reads_total',
      help: 'Serial watch: upstream reads it asked for (some are answered from the read cache)',
      registers,
      collect() {
        this.inc(watch.reads - counted);
        counted = watch.reads;
      },
    });

    fastify.get(
      '/api/accounts/:account_id/secondary_dns/serial_watch',
      {
        schema: {
          operationId: 'serialWatch.get',
          summary: "Serial watch: its state and the account's zones as last checked in the background, the zones behind first",
          tags: ['zones'],
          params: SerialWatchParamsSchema,
          response: envelopeResponses(SerialWatchSchema),
        },
      },
      async (request, reply) => {
        const { account_id } = request.params as { account_id: string };
        return reply.header('cache-control', 'no-store').send(okEnvelope(watch.view(account_id)));
      },
    );

    fastify.get(
      '/api/accounts/:account_id/secondary_dns/serial_watch/history',
      {
        schema: {
          operationId: 'serialWatch.history',
          summary:
            'Serial watch history: each time a zone of the account fell behind, was no longer behind, or stopped being watched while behind (kept 90 days), newest first',
          tags: ['zones'],
          params: SerialWatchParamsSchema,
          querystring: SerialWatchHistoryQuerySchema,
          response: envelopeResponses(z.array(SerialWatchEventSchema)),
        },
      },
      async (request, reply) => {
        const { account_id } = request.params as { account_id: string };
        const { zone_id, page, per_page } = request.query as z.output<typeof SerialWatchHistoryQuerySchema>;
        const { events, total } = await fastify.storage.serialWatch.history(
          { accountId: account_id, ...(zone_id ? { zoneId: zone_id } : {}) },
          { offset: (page - 1) * per_page, limit: per_page },
        );
        return reply.header('cache-control', 'no-store').send(
          okEnvelope(events, { page, per_page, count: events.length, total_count: total, total_pages: Math.ceil(total / per_page) }),
        );
      },
    );

    fastify.post(
      '/api/accounts/:account_id/secondary_dns/serial_watch/run',
      {
        config: { access: 'operator' },
        schema: {
          operationId: 'serialWatch.run',
          summary:
            "Serial watch: start a round now (of every watched account) instead of at its time, e.g. after a primary's outage is fixed; joins the round under way. Paced and budgeted like any round.",
          tags: ['zones'],
          params: SerialWatchParamsSchema,
          response: envelopeResponses(SerialWatchSchema),
        },
      },
      async (request, reply) => {
        const { account_id } = request.params as { account_id: string };
        if (!watch.enabled) {
          return reply.code(409).send(
            errorEnvelope({
              code: ErrorCodes.conflict,
              message:
                "The serial watch is off on this dashboard's server (SERIAL_WATCH_MINUTES=0); use Check serials on the zones list, or ask an administrator to turn it on.",
            }),
          );
        }
        void watch.runNow();
        return reply.header('cache-control', 'no-store').send(okEnvelope(watch.view(account_id)));
      },
    );

    fastify.addHook('onListen', async () => watch.start());
    // Shutdown is bounded (server.ts forces the exit after 10 s): a call or DNS query in flight is not waited for
    // beyond 3 s, nor the webhook's last events beyond 3 s more.
    const within = (ms: number, work: Promise<unknown>) =>
      Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    fastify.addHook('onClose', async () => {
      await within(3000, watch.stop());
      if (webhook) await within(3000, webhook.drain());
    });
  },
  { name: 'serial-watch', fastify: '5.x', dependencies: ['governor', 'metrics', 'upstream', 'storage'] },
);
