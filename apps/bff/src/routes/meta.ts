/**
 * BFF-owned routes (not Cloudflare's): GET /api/meta, answered in Cloudflare's envelope like every /api answer.
 * (/healthz and /readyz: plugins/readiness.ts.)
 */
import {
  ErrorCodes,
  SettingsSchema,
  WebhookTestBodySchema,
  WebhookTestResultSchema,
  errorEnvelope,
  okEnvelope,
  type Envelope,
  type Settings,
  type SettingsGroup,
  type WebhookEnv,
  type WebhookTestBody,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deliveryStatus, type WebhookName } from '../webhook/deliveries.js';

export const MetaSchema = z.object({
  mode: z.enum(['sandbox', 'cloudflare']),
  defaultAccountId: z.string().nullable(),
  upstream: z.string(),
  version: z.string(),
  /** Single sign-on (ADR 021): the sign-in page's "Sign in with <name>", which goes to `start`; null when off. */
  sso: z.object({ name: z.string(), start: z.string() }).nullable(),
});
export type Meta = z.infer<typeof MetaSchema>;

/** The webhook each variable sets, by the name its deliveries are counted under. */
const WEBHOOK_OF: Record<WebhookEnv, WebhookName> & Record<string, WebhookName | undefined> = {
  AUDIT_WEBHOOK_URL: 'audit log',
  SERIAL_WATCH_WEBHOOK_URL: 'serial watch',
  CLOUDFLARE_HEALTH_WEBHOOK_URL: 'cloudflare health',
};

/** What each channel receives, for the test message's words. */
const RECEIVES: Record<WebhookEnv, string> = {
  AUDIT_WEBHOOK_URL: 'each change and action made through the dashboard',
  SERIAL_WATCH_WEBHOOK_URL: 'the serial watch’s zones falling behind and catching up',
  CLOUDFLARE_HEALTH_WEBHOOK_URL: 'Cloudflare’s API starting to fail and answering again',
};

export default async function metaRoutes(fastify: FastifyInstance, options: { version: string; settings: SettingsGroup[] }) {
  fastify.get(
    '/api/meta/settings',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'meta.settings',
        summary: 'How this dashboard is set up (admins): each setting, its environment variable, whether it is the default; secrets only as set / not set',
        tags: ['meta'],
        response: envelopeResponses(SettingsSchema),
      },
    },
    async (): Promise<Envelope<Settings>> =>
      okEnvelope({
        version: options.version,
        // A webhook that is set says how its deliveries went (now, not at startup).
        groups: options.settings.map((group) => ({
          ...group,
          settings: group.settings.map((setting) => {
            const webhook = WEBHOOK_OF[setting.env];
            return webhook && setting.value !== 'not set' ? { ...setting, status: deliveryStatus(fastify.webhooks.get(webhook)) } : setting;
          }),
        })),
      }),
  );

  fastify.post(
    '/api/meta/settings/webhook-test',
    {
      config: { access: 'admin', audit: { operation: 'meta.webhookTest', always: true } },
      schema: {
        operationId: 'meta.webhookTest',
        summary: 'Send a test message to a webhook now (admins), and say whether it was taken',
        tags: ['meta'],
        body: WebhookTestBodySchema,
        response: envelopeResponses(WebhookTestResultSchema),
      },
    },
    async (request, reply) => {
      const { env } = request.body as WebhookTestBody;
      request.auditContext.after = { webhook: env };
      const who = request.user?.username ?? 'an admin';
      const sent = fastify.webhooks.test(
        WEBHOOK_OF[env],
        `Test message from the Secondary DNS dashboard, sent by ${who} from Settings: this channel receives ${RECEIVES[env]}.`,
      );
      if (!sent) {
        return reply.code(409).send(errorEnvelope({ code: ErrorCodes.conflict, message: `${env} is not set: there is no webhook to send a test message to.` }));
      }
      const outcome = await sent;
      request.auditContext.after = { webhook: env, taken: outcome.taken, detail: outcome.detail };
      return okEnvelope(outcome);
    },
  );

  fastify.get(
    '/api/meta',
    {
      schema: {
        operationId: 'meta.get',
        summary: 'What the BFF talks to: sandbox or Cloudflare, and the account to show first',
        tags: ['meta'],
        response: envelopeResponses(MetaSchema),
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
