/**
 * Capability: `fastify.governor`, the one rate budget for the shared Cloudflare token (see governor/governor.ts and
 * docs/decisions/005-rate-budget.md), and `GET /api/meta/ratelimit`, which reports it to the web app (in Cloudflare's
 * envelope, like every /api answer; the contract's `RateBudget`, with the caller's own reads when they are limited,
 * and `cloudflare`: what the dashboard's calls have met of late, from the gateway's `health`).
 * A request naming a purpose the contract does not know (`x-budget-purpose`) is refused (400) before anything is sent.
 */
import {
  BUDGET_PURPOSE_HEADER,
  ClientBudgetPurposeSchema,
  ErrorCodes,
  errorEnvelope,
  okEnvelope,
  RateBudgetSchema,
  type Envelope,
  type RateBudget,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { clientKey } from '../governor/client-key.js';
import { RateGovernor, type GovernorOptions } from '../governor/governor.js';

declare module 'fastify' {
  interface FastifyInstance {
    governor: RateGovernor;
  }
}

export default fp<Omit<GovernorOptions, 'now'>>(
  async (fastify: FastifyInstance, options) => {
    const governor = new RateGovernor(options);
    fastify.decorate('governor', governor);
    fastify.addHook('onClose', async () => governor.close());
    fastify.addHook('preValidation', async (request, reply) => {
      const named = request.headers[BUDGET_PURPOSE_HEADER];
      if (named === undefined || ClientBudgetPurposeSchema.safeParse(named).success) return;
      return reply.code(400).send(
        errorEnvelope({
          code: ErrorCodes.validation,
          message: `${BUDGET_PURPOSE_HEADER}: must be one of ${ClientBudgetPurposeSchema.options.join(', ')} (or left out).`,
        }),
      );
    });

    fastify.get(
      '/api/meta/ratelimit',
      {
        schema: {
          operationId: 'meta.ratelimit',
          summary: 'The shared Cloudflare API budget (what is left, when it comes back, writes waiting) and how Cloudflare has been answering',
          tags: ['meta'],
          response: envelopeResponses(RateBudgetSchema),
        },
      },
      async (request, reply): Promise<Envelope<RateBudget>> => {
        reply.header('cache-control', 'no-store');
        // The upstream plugin is registered after this one; by the first request it is there.
        return okEnvelope({ ...governor.snapshot(clientKey(request)), cloudflare: fastify.upstream.health.snapshot() });
      },
    );
  },
  { name: 'governor', fastify: '5.x' },
);
