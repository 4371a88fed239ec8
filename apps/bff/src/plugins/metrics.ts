/**
 * Capability: `fastify.metrics`, Prometheus metrics (prom-client) in a registry of this app's own, served at
 * `GET /metrics`: requests and latency by operation and status, upstream calls by outcome, retries, coalesced and
 * cached reads, refusals for budget, the budget left and the write queue's length (read from `fastify.governor`
 * when scraped), audit entries that could not be written, webhook events that did not arrive, and the process
 * metrics (RSS, heap, event-loop lag).
 *
 * Registered before the storage and the audit log (which count their failures here), so before the governor too:
 * its gauges read `fastify.governor` when scraped, not when registered.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { WebhookDeliveries } from '../webhook/deliveries.js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'operation' | 'method' | 'status'>;
  httpDuration: Histogram<'operation' | 'status'>;
  upstreamCalls: Counter<'operation' | 'outcome'>;
  upstreamDuration: Histogram<'operation'>;
  upstreamRetries: Counter<'operation' | 'reason'>;
  readsCoalesced: Counter<'operation'>;
  readsCached: Counter<'operation' | 'freshness'>;
  throttled: Counter<'operation' | 'reason'>;
  auditWriteFailures: Counter;
  webhookFailures: Counter<'webhook' | 'reason'>;
  webhookSent: Counter<'webhook'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
    /**
     * The webhooks that are set: what each did since the start (the Settings page, beside the counters above), and
     * their test messages. Each poster reports to `webhooks.reporter(name)` and registers its test.
     */
    webhooks: WebhookDeliveries;
  }
}

/** The operation id of the route (from the contract), else the route pattern, else `unmatched`. */
export function operationLabel(request: FastifyRequest): string {
  const options = request.routeOptions;
  const id = (options.schema as { operationId?: string } | undefined)?.operationId;
  if (id) return id;
  if (options.url) return options.url;
  return 'unmatched';
}

export default fp(
  async (fastify: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'bff_' });
    const registers = [registry];

    const metrics: Metrics = {
      registry,
      httpRequests: new Counter({
        name: 'bff_http_requests_total',
        help: 'Requests answered by the BFF, by operation and status',
        labelNames: ['operation', 'method', 'status'],
        registers,
      }),
      httpDuration: new Histogram({
        name: 'bff_http_request_duration_seconds',
        help: 'Time to answer a request, by operation and status',
        labelNames: ['operation', 'status'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      }),
      upstreamCalls: new Counter({
        name: 'bff_upstream_calls_total',
        help: 'Attempts sent to Cloudflare, by operation and outcome (ok, refused, rate-limited, server, malformed, network, timeout, cancelled)',
        labelNames: ['operation', 'outcome'],
        registers,
      }),
      upstreamDuration: new Histogram({
        name: 'bff_upstream_call_duration_seconds',
        help: 'Time of one attempt towards Cloudflare',
        labelNames: ['operation'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      }),
      upstreamRetries: new Counter({
        name: 'bff_upstream_retries_total',
        help: 'Attempts repeated after a failure, by operation and what failed',
        labelNames: ['operation', 'reason'],
        registers,
      }),
      readsCoalesced: new Counter({
        name: 'bff_reads_coalesced_total',
        help: 'Reads that joined an identical read already in flight instead of calling Cloudflare',
        labelNames: ['operation'],
        registers,
      }),
      readsCached: new Counter({
        name: 'bff_reads_cached_total',
        help: 'Reads answered from the read cache, fresh or stale (budget spent)',
        labelNames: ['operation', 'freshness'],
        registers,
      }),
      throttled: new Counter({
        name: 'bff_throttled_total',
        help: 'Calls not sent to Cloudflare for budget, by reason (budget: all of it spent; share: the user\'s share of reads spent; locked-out, queue-full, queue-timeout, closing)',
        labelNames: ['operation', 'reason'],
        registers,
      }),
      auditWriteFailures: new Counter({
        name: 'bff_audit_write_failures_total',
        help: 'Audit entries the database did not take (the request had been answered: its change went through unrecorded)',
        registers,
      }),
      webhookFailures: new Counter({
        name: 'bff_webhook_failures_total',
        help: 'Events that did not reach a webhook, by webhook (audit log, serial watch, cloudflare health) and reason (refused, timeout, unreachable, dropped)',
        labelNames: ['webhook', 'reason'],
        registers,
      }),
      webhookSent: new Counter({
        name: 'bff_webhook_sent_total',
        help: 'Events a webhook took (2xx), by webhook (audit log, serial watch, cloudflare health)',
        labelNames: ['webhook'],
        registers,
      }),
    };

    new Gauge({
      name: 'bff_rate_budget_remaining',
      help: 'Requests the BFF may still send to Cloudflare in the current window',
      registers,
      collect() {
        this.set(fastify.governor.remaining());
      },
    });
    new Gauge({
      name: 'bff_rate_budget_capacity',
      help: 'Requests the BFF allows itself per window (limit minus headroom)',
      registers,
      collect() {
        this.set(fastify.governor.capacity);
      },
    });
    new Gauge({
      name: 'bff_write_queue_length',
      help: 'Writes waiting for budget',
      registers,
      collect() {
        this.set(fastify.governor.queueLength);
      },
    });
    new Gauge({
      name: 'bff_rate_locked_out',
      help: '1 while Cloudflare has locked the token out (after a 429)',
      registers,
      collect() {
        this.set(fastify.governor.snapshot().lockedOutUntil ? 1 : 0);
      },
    });

    new Gauge({
      name: 'bff_upstream_consecutive_failures',
      help: 'Attempts towards Cloudflare that failed in a row, up to the latest (5xx, timeout, no connection, answer not understood); 0 once one is answered',
      registers,
      collect() {
        this.set(fastify.upstream?.health.consecutiveFailures() ?? 0);
      },
    });

    fastify.decorate('metrics', metrics);
    fastify.decorate('webhooks', new WebhookDeliveries({ sent: metrics.webhookSent, failures: metrics.webhookFailures }));

    // prom-client hashes a label object on every call; the labelled children, made once per label set, skip that.
    const perRequest = new Map<string, { requests: { inc(): void }; duration: { observe(value: number): void } }>();
    fastify.addHook('onResponse', (request, reply, done) => {
      const operation = operationLabel(request);
      const status = String(reply.statusCode);
      const key = `${operation} ${request.method} ${status}`;
      let children = perRequest.get(key);
      if (!children) {
        children = {
          requests: metrics.httpRequests.labels({ operation, method: request.method, status }),
          duration: metrics.httpDuration.labels({ operation, status }),
        };
        perRequest.set(key, children);
      }
      children.requests.inc();
      children.duration.observe(reply.elapsedTime / 1000);
      done();
    });

    fastify.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    });
  },
  { name: 'metrics', fastify: '5.x' },
);
