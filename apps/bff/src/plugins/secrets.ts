/**
 * Capability: TSIG secrets never leave the BFF in list or detail answers. tsigs.list / get / create / update
 * results carry `secret: TSIG_SECRET_MASK` instead (and `secret_is_base64`: false for a secret no nameserver can
 * load, set by another client of the API); only the admin route
 * `GET /api/accounts/:account_id/secondary_dns/tsigs/:tsig_id/secret` (routes/tsigs-secret.ts, audited) returns it.
 * A TSIG update whose `secret` is the mask keeps the current secret (the BFF reads it from Cloudflare first), so an
 * edit form can send back what it was shown. Creating a TSIG with the mask as its secret is refused.
 */
import { ErrorCodes, errorEnvelope, isBase64Secret, TSIG_SECRET_MASK, type Envelope } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const MASKED_OPERATIONS = new Set(['tsigs.list', 'tsigs.get', 'tsigs.create', 'tsigs.update']);

function operationIdOf(schema: unknown): string | undefined {
  return (schema as { operationId?: string } | undefined)?.operationId;
}

/** The secret replaced by the mask, and whether it was Base64 (`secret_is_base64`: a key no nameserver can load). */
function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object' && 'secret' in value) {
    const { secret } = value as { secret: unknown };
    return {
      ...value,
      secret: TSIG_SECRET_MASK,
      ...(typeof secret === 'string' ? { secret_is_base64: isBase64Secret(secret) } : {}),
    };
  }
  return value;
}

export default fp(
  async (fastify: FastifyInstance) => {
    fastify.addHook('preSerialization', async (request, _reply, payload) => {
      if (!MASKED_OPERATIONS.has(operationIdOf(request.routeOptions.schema) ?? '')) return payload;
      const envelope = payload as Envelope<unknown> | null;
      if (!envelope || typeof envelope !== 'object' || !('result' in envelope)) return payload;
      return { ...envelope, result: mask(envelope.result) };
    });

    fastify.addHook('preHandler', async (request, reply) => {
      const id = operationIdOf(request.routeOptions.schema);
      if (id !== 'tsigs.update' && id !== 'tsigs.create') return;
      const body = request.body as { secret?: string } | undefined;
      if (body?.secret !== TSIG_SECRET_MASK) return;
      if (id === 'tsigs.create') {
        return reply.code(400).send(
          errorEnvelope({
            code: ErrorCodes.validation,
            message: 'secret: is the mask shown in place of a secret; enter the TSIG secret itself',
            source: { pointer: '/secret' },
          }),
        );
      }
      const params = request.params as { account_id: string; tsig_id: string };
      // The request's one time bound starts here (the update's handler keeps it), and this read is the audit
      // log's "before" too (routes/operations.ts), so the key is read once. Part of the change: not limited by the
      // user's share of reads.
      const deadline = (request.upstreamDeadline ??= Date.now() + fastify.config.upstreamTotalTimeoutMs);
      const current = await fastify.upstream.call('tsigs.get', { params }, { log: request.log, deadline, partOfChange: true });
      const secret = (current.envelope.result as { secret?: unknown } | null | undefined)?.secret;
      if (!current.ok || typeof secret !== 'string') {
        return reply.code(current.ok ? 502 : current.status).headers(current.headers).send(current.envelope);
      }
      // A stale read (the budget is spent) may hold a secret changed since: never written back. Not sent.
      if (current.cache === 'stale') {
        const wait = Math.max(1, fastify.governor.snapshot().nextTokenSeconds);
        return reply
          .code(429)
          .header('retry-after', String(wait))
          .send(
            errorEnvelope({
              code: ErrorCodes.rateLimited,
              message: `Not sent: the current secret could not be read from Cloudflare (the shared API budget is spent), and keeping it needs that read. Try again in ${wait} s, or enter the secret.`,
            }),
          );
      }
      request.beforeRead = current.envelope.result;
      request.body = { ...body, secret };
    });
  },
  { name: 'secrets', fastify: '5.x' },
);
