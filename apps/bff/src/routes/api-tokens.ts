/**
 * API tokens (BFF-owned; schemas in @secdns/api-types resources/api-tokens.ts; docs/decisions/019-api-tokens.md):
 *   GET    /auth/tokens[?all=true]   your own tokens; admins with all=true: everyone's
 *   POST   /auth/tokens {name, role, expires_in_days, zones?, username?} -> the token, shown this once (only its
 *                                    SHA-256 is kept); `zones` limits it to those zones (their names are read from
 *                                    Cloudflare, so a wrong id is refused here); `username`: an admin's token for
 *                                    another user (a service user for a pipeline)
 *   DELETE /auth/tokens/{id}         revoke: your own; admins: anyone's
 * Under /auth, so only a signed-in session (with its CSRF token) reaches them: a token never makes or revokes tokens.
 * The role asked for is at most the role of the token's user; a user has at most API_TOKENS_PER_USER tokens that have
 * not expired.
 */
import {
  API_TOKENS_PER_USER,
  ApiTokenCreateBodySchema,
  ApiTokenCreatedSchema,
  ApiTokenListQuerySchema,
  ApiTokenParamsSchema,
  ApiTokenSchema,
  ErrorCodes,
  errorEnvelope,
  okEnvelope,
  roleAllows,
  type ApiToken,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hashSessionId, newApiToken } from '../auth/tokens.js';
import { budgetUse } from '../governor/client-key.js';
import type { ApiTokenRecord } from '../storage/types.js';
import { fieldError } from './auth.js';

const tags = ['auth'];
const DAY_MS = 86_400_000;
/** Expired tokens stay listed (marked) this long, then are forgotten. */
const KEEP_EXPIRED_DAYS = 30;

function view(token: ApiTokenRecord): ApiToken {
  return {
    id: token.id,
    username: token.username,
    name: token.name,
    role: token.role,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    last_used_at: token.lastUsedAt,
    last_used_ip: token.lastUsedIp,
    zones: token.zones,
    created_by: token.createdBy,
  };
}

export default async function apiTokenRoutes(fastify: FastifyInstance) {
  const { storage, auth } = fastify;

  fastify.get(
    '/auth/tokens',
    {
      config: { access: 'viewer' },
      schema: {
        operationId: 'auth.tokens.list',
        summary: 'Your API tokens (never the tokens themselves); admins with all=true: everyone’s',
        tags,
        querystring: ApiTokenListQuerySchema,
        response: envelopeResponses(z.array(ApiTokenSchema)),
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const all = (request.query as z.output<typeof ApiTokenListQuerySchema>).all === 'true';
      if (all && user.role !== 'admin') {
        return reply.code(403).send(errorEnvelope({ code: ErrorCodes.forbidden, message: 'Everyone’s API tokens are for admins; you see your own.' }));
      }
      await storage.apiTokens.pruneExpired(new Date(auth.now() - KEEP_EXPIRED_DAYS * DAY_MS));
      return okEnvelope((await storage.apiTokens.list(all ? null : user.username)).map(view));
    },
  );

  fastify.post(
    '/auth/tokens',
    {
      config: { access: 'viewer', audit: { operation: 'auth.tokens.create' } },
      schema: {
        operationId: 'auth.tokens.create',
        summary:
          'Make an API token for a script (Authorization: Bearer …, /api routes only), with a role up to yours and an expiry; the token is in this answer only',
        tags,
        body: ApiTokenCreateBodySchema,
        response: envelopeResponses(ApiTokenCreatedSchema),
      },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof ApiTokenCreateBodySchema>;
      const me = request.user!;
      // Whose: yours, or (admins) another user's — a service user a pipeline acts as, never signed in by a person.
      const username = body.username ?? me.username;
      if (username !== me.username && me.role !== 'admin') {
        return reply.code(403).send(errorEnvelope({ code: ErrorCodes.forbidden, message: 'Only admins make API tokens for other users; leave out username.' }));
      }
      const mine = username === me.username;
      const owner = mine ? { role: me.role, disabled: false } : await storage.users.get(username);
      if (!owner) return fieldError(reply, 400, 'username', `there is no user ${username}`);
      if (owner.disabled) return fieldError(reply, 400, 'username', `${username} is disabled: enable them first`);
      if (!roleAllows(owner.role, body.role)) {
        return fieldError(reply, 400, 'role', mine ? `must be at most your own role (${me.role})` : `must be at most ${username}’s role (${owner.role})`);
      }
      const now = auth.now();
      if ((await storage.apiTokens.countLive(username, new Date(now))) >= API_TOKENS_PER_USER) {
        return reply.code(409).send(
          errorEnvelope({
            code: ErrorCodes.conflict,
            message:
              mine
                ? `You have ${API_TOKENS_PER_USER} API tokens already: revoke one you no longer use first.`
                : `${username} has ${API_TOKENS_PER_USER} API tokens already: revoke one they no longer use first.`,
          }),
        );
      }
      let zones: ApiTokenRecord['zones'] = null;
      if (body.zones) {
        // Each zone read from Cloudflare (the read cache when fresh): a mistyped id is refused now, not when the
        // script first runs, and the list names the zones.
        const options = { log: request.log, ...budgetUse(request), deadline: Date.now() + fastify.config.upstreamTotalTimeoutMs };
        const answers = await Promise.all(body.zones.map((zone_id) => fastify.upstream.call('zones.get', { params: { zone_id } }, options)));
        const missing = body.zones.filter((_, index) => answers[index]!.status === 404 || answers[index]!.status === 403);
        if (missing.length > 0) {
          return fieldError(reply, 400, 'zones', `no zone ${missing.join(', ')} in the Cloudflare account${missing.length === 1 ? '' : 's'} this dashboard manages`);
        }
        const failed = answers.find((answer) => !answer.ok);
        if (failed) {
          const why = failed.envelope.errors[0]?.message ?? `status ${failed.status}`;
          return reply
            .code(failed.status)
            .headers(failed.headers)
            .send(errorEnvelope({ code: failed.envelope.errors[0]?.code ?? ErrorCodes.upstreamBadResponse, message: `The zones could not be read from Cloudflare, so no token was made: ${why}` }));
        }
        zones = answers.map((answer, index) => ({ id: body.zones![index]!, name: (answer.envelope.result as { name: string }).name }));
      }
      const { id, token } = newApiToken();
      const record: ApiTokenRecord = {
        id,
        username,
        name: body.name,
        role: body.role,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + body.expires_in_days * DAY_MS).toISOString(),
        lastUsedAt: null,
        lastUsedIp: null,
        zones,
        createdBy: me.username,
      };
      await storage.apiTokens.create({ ...record, tokenHash: hashSessionId(token) });
      request.auditContext.resourceId = id;
      return okEnvelope({ ...view(record), token });
    },
  );

  fastify.delete(
    '/auth/tokens/:id',
    {
      config: { access: 'viewer', audit: { operation: 'auth.tokens.revoke' } },
      schema: {
        operationId: 'auth.tokens.revoke',
        summary: 'Revoke an API token at once (your own; admins: anyone’s)',
        tags,
        params: ApiTokenParamsSchema,
        response: envelopeResponses(z.object({ id: z.string() })),
      },
    },
    async (request, reply) => {
      const { id } = request.params as z.output<typeof ApiTokenParamsSchema>;
      const user = request.user!;
      const token = await storage.apiTokens.get(id);
      // Someone else's token is "not found" for a non-admin: its id tells them nothing.
      if (!token || (token.username !== user.username && user.role !== 'admin')) {
        return reply.code(404).send(errorEnvelope({ code: ErrorCodes.notFound, message: `There is no API token ${id} (revoked already?).` }));
      }
      request.auditContext.resourceId = id;
      // What the entry names it by, and what it was: its name and role (not its times, not whose: the path says).
      request.auditContext.before = { name: token.name, role: token.role };
      await storage.apiTokens.revoke(id);
      return okEnvelope({ id });
    },
  );
}
