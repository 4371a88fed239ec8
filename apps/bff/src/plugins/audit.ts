/**
 * Capability: the audit log. `fastify.audit.record(entry)` appends one entry (append-only, in the dashboard
 * database); an onResponse hook records, for routes under /api and /auth:
 *   - every non-GET request (mutations, actions, sign-in / sign-out, user changes), whatever its outcome;
 *   - GETs whose route asks for it (`config.audit.always`: the TSIG secret reveal);
 *   - every refusal the access control made (401 / 403 / CSRF / throttled sign-in), GETs included — except a read
 *     refused for want of a session (401), unless its route asks (the reveal).
 * Bodies are recorded with secrets and passwords redacted; an update or a delete also records the resource before it
 * (and after an update), read by its route (routes/operations.ts, routes/users.ts: ADR 016). The optional `reason` of the action POSTs (Force AXFR,
 * Force NOTIFY, enable, disable) is taken off the body here, recorded, and never sent to Cloudflare.
 * See docs/decisions/006-auth-and-audit.md.
 */
import { apiTokenLabel, type Role } from '@secdns/api-types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { redactBody } from '../auth/redact.js';
import { routePathOf } from './auth.js';
import { auditWebhookBody, isToldEntry, type AuditWebhookBody } from '../webhook/audit-webhook.js';
import { createJsonPoster } from '../webhook/poster.js';
import type { NewAuditEntry, Storage } from '../storage/types.js';

export interface AuditContext {
  /** Overrides the route's operation id. */
  operation?: string;
  /** For requests without a session (sign-in): who it was about. */
  username?: string | null;
  role?: Role | null;
  body?: unknown;
  /** The resource before an update or a delete, and after an update (redacted): ADR 016. */
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  resourceId?: string | null;
  /** Why the BFF refused: unauthenticated, forbidden, csrf, throttled, invalid_credentials. */
  refusal?: string | null;
  errorCodes?: number[];
  /** Record even a GET. */
  force?: boolean;
  /** Do not record this request (e.g. the /auth/me probe without a session). */
  skip?: boolean;
}

export interface AuditRouteConfig {
  /** The operation id recorded (defaults to the route's schema.operationId). */
  operation?: string;
  /** Record GETs too. */
  always?: boolean;
}

export type AuditInput = Omit<NewAuditEntry, 'time'> & { time?: string };

/** The last audit write that failed (epoch ms, the database's message), while no later write has succeeded. */
export interface AuditWriteFailure {
  at: number;
  message: string;
}

export interface AuditLog {
  record(entry: AuditInput): Promise<void>;
  /** Null when the last write succeeded (or none was tried); read by /readyz's database check. */
  lastWriteFailure(): AuditWriteFailure | null;
  /** Told each entry once it is stored, with its id (the Force follow-up listens: ADR 018). */
  onRecorded(listener: (id: number, entry: NewAuditEntry) => void): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditLog;
  }
  interface FastifyRequest {
    auditContext: AuditContext;
  }
  interface FastifyContextConfig {
    audit?: AuditRouteConfig;
  }
}

export interface AuditPluginOptions {
  storage: Storage;
  now: () => number;
  /** AUDIT_WEBHOOK_URL: each change and action is POSTed there too (webhook/audit-webhook.ts). Never logged. */
  webhookUrl?: string;
  /** Sandbox mode: the webhook's events say so (webhook/poster.ts). */
  sandbox?: boolean;
}

/** The action POSTs whose body may carry a `reason` (ForceActionBodySchema). */
const REASON_OPERATIONS = new Set(['forceAxfr', 'outgoing.forceNotify', 'outgoing.enable', 'outgoing.disable']);
const AUDITED_PREFIX = /^\/(api|auth)(\/|$)/;
const RESOURCE_PARAMS = ['acl_id', 'peer_id', 'tsig_id', 'username'] as const;
/** How many zone → account pairs are remembered (oldest forgotten first). */
const ZONE_ACCOUNTS_MAX = 10_000;

function isAudited(request: FastifyRequest): boolean {
  if (request.is404) return false;
  return AUDITED_PREFIX.test(routePathOf(request));
}

/** The contract operation id of the request's route, if it has one. */
function operationIdOf(request: FastifyRequest): string | undefined {
  return (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
}

export function operationOf(request: FastifyRequest): string {
  return (
    request.auditContext.operation ??
    request.routeOptions.config.audit?.operation ??
    operationIdOf(request) ??
    `${request.method} ${routePathOf(request)}`
  );
}

export default fp<AuditPluginOptions>(
  async (fastify: FastifyInstance, options) => {
    const { storage, now } = options;
    const webhook = options.webhookUrl
      ? createJsonPoster<AuditWebhookBody>(options.webhookUrl, fastify.log, {
          name: 'audit log',
          describe: (body) => ({ operation: body.operation, request_id: body.request_id }),
          ...fastify.webhooks.reporter('audit log'),
          sandbox: options.sandbox,
        })
      : null;
    if (webhook) fastify.webhooks.register('audit log', (text) => webhook.test(text));
    if (webhook) fastify.addHook('onClose', async () => {
      // The last changes' messages, within 3 s.
      await Promise.race([webhook.drain(), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
    });

    const listeners: ((id: number, entry: NewAuditEntry) => void)[] = [];
    let lastWriteFailure: AuditWriteFailure | null = null;
    const record = async (entry: AuditInput): Promise<void> => {
      const complete = { ...entry, time: entry.time ?? new Date(now()).toISOString() };
      try {
        const id = await storage.audit.append(complete);
        lastWriteFailure = null;
        for (const listener of listeners) {
          try {
            listener(id, complete);
          } catch (error) {
            fastify.log.warn({ err: error, operation: entry.operation, requestId: entry.requestId }, 'audit log: a listener failed');
          }
        }
      } catch (error) {
        // The answer has been sent already (the change was made): the failure must be loud — the log, the metric
        // bff_audit_write_failures_total, and /readyz until a write succeeds (ADR 006).
        // The line says what the entry would have (but the body): who, what, on what, with what outcome.
        fastify.log.error(
          {
            err: error,
            operation: entry.operation,
            requestId: entry.requestId,
            username: entry.username,
            path: entry.path,
            status: entry.status,
            resourceId: entry.resourceId,
          },
          'audit write failed',
        );
        fastify.metrics.auditWriteFailures.inc();
        lastWriteFailure = { at: now(), message: error instanceof Error ? error.message : String(error) };
      }
      if (webhook && isToldEntry(complete)) {
        try {
          webhook.post(auditWebhookBody(complete));
        } catch (error) {
          fastify.log.warn({ err: error, operation: entry.operation, requestId: entry.requestId }, 'audit log: could not make the webhook event');
        }
      }
    };
    // Cloudflare's zone routes (/zones/:zone_id/…) carry no account and no name; the zones list and the zone details
    // say which account each zone is in and what it is called, and the dashboard always reads one or the other before
    // it opens a zone. An entry then names its zone and links to its page.
    const zoneAccounts = new Map<string, { accountId: string; name: string | null }>();
    fastify.addHook('preSerialization', (request, reply, payload: { result?: unknown } | null, done) => {
      const operationId = reply.statusCode === 200 ? operationIdOf(request) : undefined;
      const zones =
        operationId === 'zones.list' && Array.isArray(payload?.result)
          ? payload.result
          : operationId === 'zones.get' && payload?.result
            ? [payload.result]
            : [];
      for (const zone of zones as Array<{ id?: unknown; name?: unknown; account?: { id?: unknown } } | null>) {
        const zoneId = zone?.id;
        const accountId = zone?.account?.id;
        if (typeof zoneId !== 'string' || typeof accountId !== 'string') continue;
        zoneAccounts.delete(zoneId);
        zoneAccounts.set(zoneId, { accountId, name: typeof zone?.name === 'string' ? zone.name : null });
        if (zoneAccounts.size > ZONE_ACCOUNTS_MAX) zoneAccounts.delete(zoneAccounts.keys().next().value as string);
      }
      done(null, payload);
    });
    fastify.decorate('audit', {
      record,
      lastWriteFailure: () => lastWriteFailure,
      onRecorded: (listener) => void listeners.push(listener),
    } satisfies AuditLog);
    fastify.decorateRequest('auditContext', null as unknown as AuditContext);

    fastify.addHook('onRequest', async (request) => {
      request.auditContext = {};
    });

    // The body as sent (before validation, so refused bodies are recorded too), redacted.
    fastify.addHook('preValidation', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD' || !isAudited(request)) return;
      if (request.auditContext.body === undefined) request.auditContext.body = redactBody(request.body ?? null);
    });

    // The reason is audit data, not Cloudflare data: recorded, then removed from what goes upstream.
    fastify.addHook('preHandler', async (request) => {
      const operation = operationIdOf(request);
      if (!operation || !REASON_OPERATIONS.has(operation)) return;
      const body = request.body as { reason?: string } | undefined;
      if (body && typeof body === 'object' && 'reason' in body) {
        request.auditContext.reason = body.reason ? body.reason : null;
        request.body = {};
      }
    });

    // Error codes of the answer (Cloudflare's, passed through, or the BFF's own) and a created resource's id.
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (!isAudited(request) || typeof payload !== 'string') return payload;
      const mutation = request.method !== 'GET' && request.method !== 'HEAD';
      if (!mutation && reply.statusCode < 400 && !request.auditContext.force) return payload;
      try {
        const envelope = JSON.parse(payload) as { errors?: { code?: unknown }[]; result?: { id?: unknown } | null };
        const codes = (envelope.errors ?? []).map((error) => error.code).filter((code) => typeof code === 'number');
        request.auditContext.errorCodes = codes as number[];
        const id = envelope.result && typeof envelope.result === 'object' ? envelope.result.id : undefined;
        if (request.method === 'POST' && typeof id === 'string') request.auditContext.resourceId ??= id;
      } catch {
        // not JSON (CSV export, static files): nothing to take
      }
      return payload;
    });

    fastify.addHook('onResponse', async (request, reply) => {
      const context = request.auditContext;
      if (!context || context.skip || !isAudited(request)) return;
      const mutation = request.method !== 'GET' && request.method !== 'HEAD';
      const always = context.force || request.routeOptions.config.audit?.always;
      // A read is recorded when its route asks, or when refused — but not for want of a session: signed-in reads are
      // not recorded either, and after a sign-out the SPA's last background reads would look like someone probing.
      if (!mutation && !always && (!context.refusal || context.refusal === 'unauthenticated')) return;
      const params = (request.params ?? {}) as Record<string, string | undefined>;
      const resourceParam = RESOURCE_PARAMS.map((name) => params[name]).find((value) => value !== undefined);
      await record({
        username: request.user?.username ?? context.username ?? null,
        role: request.user?.role ?? context.role ?? null,
        operation: operationOf(request),
        method: request.method,
        path: request.url.split('?')[0] ?? request.url,
        accountId: params.account_id ?? (params.zone_id ? zoneAccounts.get(params.zone_id)?.accountId : undefined) ?? null,
        zoneId: params.zone_id ?? null,
        zoneName: (params.zone_id ? zoneAccounts.get(params.zone_id)?.name : undefined) ?? null,
        resourceId: resourceParam ?? context.resourceId ?? null,
        body: mutation ? (context.body ?? null) : null,
        before: context.before ?? null,
        after: context.after ?? null,
        reason: context.reason ?? null,
        status: reply.statusCode,
        upstreamErrorCodes: context.errorCodes ?? [],
        refusal: context.refusal ?? null,
        requestId: String(request.id),
        clientIp: request.ip ?? null,
        apiToken: request.apiToken ? apiTokenLabel(request.apiToken) : null,
      });
    });
  },
  { name: 'audit', fastify: '5.x', dependencies: ['metrics'] },
);
