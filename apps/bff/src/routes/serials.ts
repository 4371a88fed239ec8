/**
 * The serial check (BFF-owned; docs/decisions/010-serial-check.md):
 *   GET /api/zones/:zone_id/secondary_dns/incoming/serials?account_id=…  asks the primaries Cloudflare pulls from
 *   GET /api/zones/:zone_id/secondary_dns/outgoing/serials?account_id=…  asks the secondaries Cloudflare notifies
 * The check itself is `fastify.serialChecker` (dns/serial-checker.ts), shared with the serial watch.
 */
import {
  SerialCheckParamsSchema,
  SerialCheckQuerySchema,
  SerialCheckSchema,
  okEnvelope,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import type { SerialChecker } from '../dns/serial-checker.js';
import { budgetUse } from '../governor/client-key.js';

export default async function serialRoutes(fastify: FastifyInstance, options: { checker: SerialChecker }) {
  const { checker } = options;
  for (const direction of ['incoming', 'outgoing'] as const) {
    fastify.get(
      `/api/zones/:zone_id/secondary_dns/${direction}/serials`,
      {
        schema: {
          operationId: `${direction}.serials`,
          summary:
            direction === 'incoming'
              ? "Serial check: ask the zone's primaries for its SOA serial and compare it with Cloudflare's copy"
              : "Serial check: ask the zone's secondaries for its SOA serial and compare it with Cloudflare's",
          tags: [direction],
          params: SerialCheckParamsSchema,
          querystring: SerialCheckQuerySchema,
          response: envelopeResponses(SerialCheckSchema),
        },
      },
      async (request, reply) => {
        const { zone_id } = request.params as { zone_id: string };
        const { account_id } = request.query as { account_id: string };
        const outcome = await checker.check(account_id, zone_id, direction, { log: request.log, ...budgetUse(request) });
        if (!outcome.ok) return reply.code(outcome.status).headers(outcome.headers).send(outcome.envelope);
        return reply.header('cache-control', 'no-store').send(okEnvelope(outcome.check));
      },
    );
  }
}
