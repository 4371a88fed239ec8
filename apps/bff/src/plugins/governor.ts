/**
 * Capability: `fastify.governor`, the one rate budget for the shared Cloudflare token (see governor/governor.ts and
 * docs/decisions/005-rate-budget.md), and `GET /api/meta/ratelimit`, which reports it to the web app (in Cloudflare's
 * envelope, like every /api answer).
 */
import { AnyEnvelopeSchema, envelopeSchema, okEnvelope, type Envelope } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { RateGovernor, type GovernorOptions } from '../governor/governor.js';

declare module 'fastify' {
  interface FastifyInstance {
    governor: RateGovernor;
  }
}

export const RateLimitStatusSchema = z.object({
  limit: z.number().int(),
  windowSeconds: z.number().int(),
  headroom: z.number().int(),
  capacity: z.number().int(),
  remaining: z.number().int(),
  used: z.number().int(),
  nextTokenSeconds: z.number().int(),
  resetSeconds: z.number().int(),
  queueLength: z.number().int(),
  lockedOutUntil: z.string().nullable(),
  upstream: z.object({ remaining: z.number(), resetSeconds: z.number(), observedAt: z.string() }).nullable(),
});
export type RateLimitStatus = z.infer<typeof RateLimitStatusSchema>;

export default fp<Omit<GovernorOptions, 'now'>>(
  async (fastify: FastifyInstance, options) => {
    const governor = new RateGovernor(options);
    fastify.decorate('governor', governor);
    fastify.addHook('onClose', async () => governor.close());

    fastify.get(
      '/api/meta/ratelimit',
      {
        schema: {
          operationId: 'meta.ratelimit',
          summary: 'The shared Cloudflare API budget: what is left, when it comes back, writes waiting',
          tags: ['meta'],
          response: { 200: envelopeSchema(RateLimitStatusSchema), '4xx': AnyEnvelopeSchema, '5xx': AnyEnvelopeSchema },
        },
      },
      async (_request, reply): Promise<Envelope<RateLimitStatus>> => {
        reply.header('cache-control', 'no-store');
        return okEnvelope(governor.snapshot());
      },
    );
  },
  { name: 'governor', fastify: '5.x' },
);
