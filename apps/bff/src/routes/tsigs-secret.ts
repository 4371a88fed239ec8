/**
 * `GET /api/accounts/:account_id/secondary_dns/tsigs/:tsig_id/secret` (admin, audited as `tsigs.secret.reveal`):
 * the one answer that carries a TSIG secret. Reads the TSIG from Cloudflare (tsigs.get) and answers
 * `{id, name, algo, secret}`; upstream errors pass through like any operation.
 */
import { TsigParamsSchema, TsigSchema, envelopeResponses } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { clientKey } from '../governor/client-key.js';

export default async function tsigSecretRoutes(fastify: FastifyInstance) {
  fastify.get(
    '/api/accounts/:account_id/secondary_dns/tsigs/:tsig_id/secret',
    {
      config: { access: 'admin', audit: { operation: 'tsigs.secret.reveal', always: true } },
      schema: {
        operationId: 'tsigs.secret.reveal',
        summary: 'Reveal a TSIG secret (admin; recorded in the audit log)',
        tags: ['tsigs'],
        params: TsigParamsSchema,
        response: envelopeResponses(TsigSchema),
      },
    },
    async (request, reply) => {
      const params = request.params as { account_id: string; tsig_id: string };
      const result = await fastify.upstream.call('tsigs.get', { params }, { log: request.log, clientKey: clientKey(request) });
      return reply.code(result.status).headers(result.headers).header('cache-control', 'no-store').send(result.envelope);
    },
  );
}
