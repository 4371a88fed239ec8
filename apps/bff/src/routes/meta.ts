/** BFF-owned routes (not Cloudflare's): GET /api/meta. (/healthz and /readyz: plugins/readiness.ts.) */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export const MetaSchema = z.object({
  mode: z.enum(['sandbox', 'cloudflare']),
  defaultAccountId: z.string().nullable(),
  upstream: z.string(),
  version: z.string(),
});
export type Meta = z.infer<typeof MetaSchema>;

export default async function metaRoutes(fastify: FastifyInstance, options: { version: string }) {
  fastify.get(
    '/api/meta',
    {
      schema: {
        operationId: 'meta.get',
        summary: 'What the BFF talks to: sandbox or Cloudflare, and the account to show first',
        tags: ['meta'],
        response: { 200: MetaSchema },
      },
    },
    async (): Promise<Meta> => ({
      mode: fastify.upstreamInfo.mode,
      defaultAccountId: fastify.upstreamInfo.defaultAccountId,
      upstream: fastify.upstreamInfo.upstream,
      version: options.version,
    }),
  );
}
