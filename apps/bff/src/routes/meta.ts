/**
 * BFF-owned routes (not Cloudflare's): GET /api/meta, answered in Cloudflare's envelope like every /api answer.
 * (/healthz and /readyz: plugins/readiness.ts.)
 */
import { AnyEnvelopeSchema, SettingsSchema, envelopeSchema, okEnvelope, type Envelope, type Settings, type SettingsGroup } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export const MetaSchema = z.object({
  mode: z.enum(['sandbox', 'cloudflare']),
  defaultAccountId: z.string().nullable(),
  upstream: z.string(),
  version: z.string(),
  /** Single sign-on (ADR 021): the sign-in page's "Sign in with <name>", which goes to `start`; null when off. */
  sso: z.object({ name: z.string(), start: z.string() }).nullable(),
});
export type Meta = z.infer<typeof MetaSchema>;

export default async function metaRoutes(fastify: FastifyInstance, options: { version: string; settings: SettingsGroup[] }) {
  fastify.get(
    '/api/meta/settings',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'meta.settings',
        summary: 'How this dashboard is set up (admins): each setting, its environment variable, whether it is the default; secrets only as set / not set',
        tags: ['meta'],
        response: { 200: envelopeSchema(SettingsSchema), '4xx': AnyEnvelopeSchema, '5xx': AnyEnvelopeSchema },
      },
    },
    async (): Promise<Envelope<Settings>> => okEnvelope({ version: options.version, groups: options.settings }),
  );

  fastify.get(
    '/api/meta',
    {
      schema: {
        operationId: 'meta.get',
        summary: 'What the BFF talks to: sandbox or Cloudflare, and the account to show first',
        tags: ['meta'],
        response: { 200: envelopeSchema(MetaSchema), '4xx': AnyEnvelopeSchema, '5xx': AnyEnvelopeSchema },
      },
    },
    async (): Promise<Envelope<Meta>> =>
      okEnvelope({
        mode: fastify.upstreamInfo.mode,
        defaultAccountId: fastify.upstreamInfo.defaultAccountId,
        upstream: fastify.upstreamInfo.upstream,
        version: options.version,
        sso: fastify.config.oidc ? { name: fastify.config.oidc.name, start: '/auth/oidc/start' } : null,
      }),
  );
}
