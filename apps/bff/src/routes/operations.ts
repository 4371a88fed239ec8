/**
 * Every route under /api that proxies Cloudflare, registered from the contract table (`operations`):
 * `/api` + the Cloudflare path with `:params`, same method, the contract's schemas for params / query / body.
 * Nothing here declares a schema by hand. Calls go through `fastify.upstream` (budget, cache, retries); answers
 * carry `x-cache` (hit, miss, coalesced, stale) for reads and `retry-after` when the budget is spent.
 */
import {
  ErrorCodes,
  FOLLOWED_FORCES,
  envelopeSchema,
  isFollowedForce,
  errorEnvelope,
  operations,
  toColonPath,
  type Envelope,
  type OperationDefinition,
  type OperationId,
  type Peer,
  type BudgetPurpose,
} from '@secdns/api-types';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redactPair } from '../auth/redact.js';
import { budgetUse } from '../governor/client-key.js';
import { createPeerHandler } from './peers-create.js';
import { tokenZonesListHandler } from './token-zones.js';

/** Operations without a query schema take no query string at all. */
const NoQuerySchema = z.strictObject({});

export type OperationHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Handlers that do more than forward one request (`forward`: what the operation does otherwise). */
const specialHandlers: Partial<Record<OperationId, (fastify: FastifyInstance, forward: OperationHandler) => OperationHandler>> = {
  'peers.create': createPeerHandler,
  'zones.list': tokenZonesListHandler,
};

type UpstreamOptions = { log: FastifyRequest['log']; clientKey: string; purpose?: BudgetPurpose; deadline: number };

/**
 * Changes the dashboard refuses itself, before anything is sent (ADR 017): a refusal's status and envelope, or null
 * to go on. Cloudflare documents no such refusal, and what it would do is the harm the guard prevents.
 */
const guards: Partial<
  Record<OperationId, (fastify: FastifyInstance, request: FastifyRequest, options: UpstreamOptions) => Promise<{ status: number; envelope: Envelope<null> } | null>>
> = {
  // A TSIG key that peers sign with: deleted, their zones' transfers fail (the peers name a key that is gone).
  // One read of the account's peers (the read cache when fresh); not read: Cloudflare decides, as before.
  'tsigs.delete': async (fastify, request, options) => {
    const { account_id, tsig_id } = request.params as { account_id: string; tsig_id: string };
    const listed = await fastify.upstream.call('peers.list', { params: { account_id } }, { ...options, partOfChange: true });
    // A stale copy (the budget spent) decides nothing: Cloudflare does.
    if (!listed.ok || listed.cache === 'stale') return null;
    const users = ((listed.envelope.result ?? []) as Peer[]).filter((peer) => peer.tsig_id === tsig_id);
    if (users.length === 0) return null;
    const names = users.map((peer) => peer.name).join(', ');
    return {
      status: 409,
      envelope: errorEnvelope({
        code: ErrorCodes.dependency,
        message:
          `Not deleted: peer${users.length === 1 ? '' : 's'} ${names} sign${users.length === 1 ? 's' : ''} transfers with this key, ` +
          'and their zones would stop transferring. Move them to another key (or none) first.',
      }),
    };
  },
};

export function operationUrl(op: Pick<OperationDefinition, 'path'>): string {
  return `/api${toColonPath(op.path)}`;
}

/**
 * The read of what an update or a delete replaces: the operation with the same path and GET (peers.update →
 * peers.get, incoming.delete → incoming.get). Its answer goes in the audit entry as `before` (ADR 016). A Force
 * AXFR / NOTIFY reads the zone's configuration, to tell afterwards what the Force moved (ADR 018).
 */
export function beforeReadOf(op: Pick<OperationDefinition, 'id' | 'method' | 'path'>): OperationId | undefined {
  if (isFollowedForce(op.id)) return FOLLOWED_FORCES[op.id].read;
  if (op.method !== 'PUT' && op.method !== 'DELETE') return undefined;
  return (Object.values(operations) as OperationDefinition[]).find((other) => other.method === 'GET' && other.path === op.path)
    ?.id as OperationId | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The absolute end (Date.now() ms) of this request's calls to Cloudflare, once one was made. */
    upstreamDeadline?: number;
    /** The resource as a hook read it before the change (the TSIG mask's read), for the audit log. */
    beforeRead?: unknown;
  }
}

export default async function operationRoutes(fastify: FastifyInstance) {
  const { upstreamTimeoutMs, upstreamTotalTimeoutMs } = fastify.config;
  const readBefore = async (
    request: FastifyRequest,
    read: OperationId,
    params: never,
    options: UpstreamOptions,
  ): Promise<unknown> => {
    const bound = Math.min(upstreamTimeoutMs, Math.floor(upstreamTotalTimeoutMs / 3), Math.max(0, options.deadline - Date.now()));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), bound);
    });
    const call = fastify.upstream.call(read, { params }, {
      ...options,
      deadline: Math.min(options.deadline, Date.now() + bound),
      partOfChange: true,
    });
    // Given up on, it may still fail later: never an unhandled rejection.
    call.catch(() => undefined);
    try {
      const current = await Promise.race([call, late]);
      if (current === null) {
        request.log.warn({ operation: read, boundMs: bound }, 'the resource was not read in time before the change; sent without it');
        return null;
      }
      return current.ok && current.cache !== 'stale' ? (current.envelope.result ?? null) : null;
    } catch (error) {
      request.log.warn({ err: error, operation: read }, 'could not read the resource before the change');
      return null;
    } finally {
      clearTimeout(timer);
    }
  };

  for (const [id, op] of Object.entries(operations) as [OperationId, OperationDefinition][]) {
    const beforeRead = beforeReadOf(op);
    const guard = guards[id];
    const forward: OperationHandler = async (request, reply) => {
      const params = request.params as never;
      // One bound for the whole request, from its start (a hook may have read upstream already: the TSIG mask).
      const deadline = (request.upstreamDeadline ??= Date.now() + fastify.config.upstreamTotalTimeoutMs);
      const options = { log: request.log, ...budgetUse(request), deadline };
      const refusal = guard ? await guard(fastify, request, options) : null;
      if (refusal) return reply.code(refusal.status).send(refusal.envelope);
      // What the change replaces, for the audit log: read first (from the read cache when fresh), given at most
      // a third of the request's time and one attempt's timeout — raced, so a slower read it joined cannot hold the
      // change back. Not read in time (budget spent, Cloudflare failing or slow): the change is sent all the same,
      // its entry without it.
      let before: unknown = request.beforeRead ?? null;
      if (beforeRead && before === null) before = await readBefore(request, beforeRead, params, options);
      const result = await fastify.upstream.call(
        id,
        {
          params,
          query: request.query as Record<string, unknown>,
          // Validated already; action POSTs (enable/disable/force_*) always send `{}`.
          body: op.body ? ((request.body ?? {}) as Record<string, unknown>) : undefined,
        },
        options,
      );
      if (before !== null) {
        const after = op.method === 'PUT' && result.ok ? (result.envelope.result ?? null) : null;
        Object.assign(request.auditContext, redactPair(before, after));
      }
      // What the Force moves, from the reads that follow (ADR 018).
      if (result.ok && isFollowedForce(id)) {
        fastify.forceFollowUp.start({ requestId: request.id, operation: id, zoneId: (params as { zone_id: string }).zone_id, before });
      }
      return reply.code(result.status).headers(result.headers).send(result.envelope);
    };
    const handler = specialHandlers[id]?.(fastify, forward) ?? forward;

    fastify.route({
      method: op.method,
      url: operationUrl(op),
      schema: {
        operationId: op.id,
        summary: op.summary,
        tags: [op.resource],
        params: op.params,
        querystring: op.query ?? NoQuerySchema,
        ...(op.body ? { body: op.body } : {}),
        response: { 200: envelopeSchema(op.result) },
      },
      handler,
    });
  }
}
