/**
 * Every route under /api that proxies Cloudflare, registered from the contract table (`operations`):
 * `/api` + the Cloudflare path with `:params`, same method, the contract's schemas for params / query / body.
 * Nothing here declares a schema by hand. Calls go through `fastify.upstream` (budget, cache, retries); answers
 * carry `x-cache` (hit, miss, coalesced, stale) for reads and `retry-after` when the budget is spent.
 */
import { envelopeSchema, operations, toColonPath, type OperationDefinition, type OperationId } from '@secdns/api-types';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createPeerHandler } from './peers-create.js';

/** Operations without a query schema take no query string at all. */
const NoQuerySchema = z.strictObject({});

export type OperationHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Handlers that do more than forward one request. */
const specialHandlers: Partial<Record<OperationId, (fastify: FastifyInstance) => OperationHandler>> = {
  'peers.create': createPeerHandler,
};

/** Who is asking, for the write queue's round-robin: the signed-in user when there is one, else the address. */
export function clientKey(request: FastifyRequest): string {
  const user = (request as { user?: { username?: string } | null }).user;
  return user?.username ? `user:${user.username}` : `ip:${request.ip}`;
}

export function operationUrl(op: Pick<OperationDefinition, 'path'>): string {
  return `/api${toColonPath(op.path)}`;
}

export default async function operationRoutes(fastify: FastifyInstance) {
  for (const [id, op] of Object.entries(operations) as [OperationId, OperationDefinition][]) {
    const forward: OperationHandler = async (request, reply) => {
      const result = await fastify.upstream.call(
        id,
        {
          params: request.params as never,
          query: request.query as Record<string, unknown>,
          // Validated already; action POSTs (enable/disable/force_*) always send `{}`.
          body: op.body ? ((request.body ?? {}) as Record<string, unknown>) : undefined,
        },
        { log: request.log, clientKey: clientKey(request) },
      );
      return reply.code(result.status).headers(result.headers).send(result.envelope);
    };
    const handler = specialHandlers[id]?.(fastify) ?? forward;

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
