/**
 * Dashboard users (admin only; BFF-owned, never upstream):
 *   GET    /api/users                -> [User]
 *   POST   /api/users                {username, password, role, must_change_password?, expires_at?} -> User | 409 taken
 *   PATCH  /api/users/:username      {role?, password?, disabled?, must_change_password?, expires_at?} -> User | 404 | 409 last admin
 *   DELETE /api/users/:username      -> {username} | 404 | 409 last admin
 *   DELETE /api/users/:username/sessions[?api_tokens=revoke] -> {username, ended, api_tokens_revoked}: signed out
 *                                    everywhere (can sign in again); their API tokens revoked too when asked
 *   POST   /api/users/:username/unlock   -> {username, unlocked}: their failed sign-ins forgotten (no longer 429)
 *   DELETE /api/users/:username/two-factor -> {username, was_enabled}: their two-factor sign-in turned off (a lost
 *                                    phone); they sign in with the password alone, and set it up again
 * Disabling, deleting or changing the password of a user ends all their sessions. There is always one enabled
 * admin: the change that would remove, demote or disable the last one is refused (409).
 * A password set here is one the admin knows: the user must choose their own at their next sign-in
 * (`must_change_password`, default true; false when the admin sets their own, or says so), and can do nothing else
 * until they have (plugins/auth.ts). POST /auth/password clears it.
 * The list says who is locked out of sign-in now (`locked_until`, from the throttle). An admin's password reset or
 * re-enable clears the user's failed sign-ins like Unlock does: the pairs with every address and the username's own
 * count, never an address's (that one counts whoever is there, whatever the username: ADR 006).
 */
import {
  ErrorCodes,
  REDACTED,
  REDACTED_CHANGED,
  UserCreateBodySchema,
  UserParamsSchema,
  UserSchema,
  UserSessionsEndQuerySchema,
  UserSessionsEndedSchema,
  UserTwoFactorResetSchema,
  UserUnlockedSchema,
  UserUpdateBodySchema,
  accessEnded,
  errorEnvelope,
  okEnvelope,
  type User,
  type UserCreateBody,
  type UserUpdateBody,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { hashPassword } from '../auth/passwords.js';
import { fieldError } from './auth.js';
import type { UserChanges, UserRecord } from '../storage/types.js';

export function toUser(record: UserRecord): User {
  return {
    username: record.username,
    role: record.role,
    disabled: record.disabled,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    last_login_at: record.lastLoginAt,
    must_change_password: record.mustChangePassword,
    two_factor_enabled: record.twoFactorEnabled,
    expires_at: record.expiresAt,
    sso: record.ssoSubject !== null,
  };
}

/**
 * Why an end of access cannot be set (a field and its message), or null: it must be in the future (to end access
 * now, disable the user), and an admin's access does not end (an expired last admin would lock everyone out).
 */
function expiryRefusal(
  role: UserRecord['role'],
  expiresAt: string | null,
  now: number,
  field: 'expires_at' | 'role',
): { field: string; message: string } | null {
  if (expiresAt === null) return null;
  if (Date.parse(expiresAt) <= now) {
    return { field: 'expires_at', message: 'is in the past: to end their access now, disable the user' };
  }
  if (role !== 'admin') return null;
  return field === 'role'
    ? { field, message: "an admin's access does not end: remove the end of their access in the same change, or keep the role" }
    : { field, message: "an admin's access does not end: give the operator or viewer role for access that ends" };
}

/** An end of access as stored and shown: UTC (`…Z`), whatever offset it was given with. */
function utc(expiresAt: string | null): string | null {
  return expiresAt === null ? null : new Date(expiresAt).toISOString();
}

function notFound(reply: FastifyReply, username: string) {
  return reply
    .code(404)
    .send(errorEnvelope({ code: ErrorCodes.notFound, message: `There is no user ${username}.` }));
}

function lastAdmin(reply: FastifyReply, what: string) {
  return reply.code(409).send(
    errorEnvelope({
      code: ErrorCodes.conflict,
      message: `Cannot ${what} the last enabled admin: make another user admin first.`,
    }),
  );
}

export default async function userRoutes(fastify: FastifyInstance) {
  const { storage, auth } = fastify;
  const tags = ['users'];

  /** Until when the user's sign-ins are refused (ISO), or null. */
  const lockedUntil = (username: string) => {
    const until = auth.throttle.lockedUntil(username);
    return until === null ? null : new Date(until).toISOString();
  };

  fastify.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: { operationId: 'users.list', summary: 'List dashboard users', tags, response: envelopeResponses(z.array(UserSchema)) },
    },
    async () => {
      // Who is signed in now: each user's live sessions and their latest use.
      const live = await auth.liveSessions();
      // And the API tokens that still work (not expired), per user.
      const now = auth.now();
      const tokens = new Map<string, number>();
      for (const token of await storage.apiTokens.list(null)) {
        if (Date.parse(token.expiresAt) > now) tokens.set(token.username, (tokens.get(token.username) ?? 0) + 1);
      }
      const users = (await storage.users.list()).map((record) => {
        // A user whose access ended has no live session, whatever is left in the table (each ends at its next use).
        const ended = accessEnded(record.expiresAt, auth.now());
        const own = ended ? [] : live.filter((session) => session.username === record.username);
        const latest = own.reduce((max, session) => Math.max(max, session.lastSeenAt), 0);
        return {
          ...toUser(record),
          sessions: own.length,
          last_active_at: latest ? new Date(latest).toISOString() : null,
          api_tokens: tokens.get(record.username) ?? 0,
          locked_until: lockedUntil(record.username),
        };
      });
      return okEnvelope(users, { page: 1, per_page: users.length, count: users.length, total_count: users.length, total_pages: 1 });
    },
  );

  fastify.post(
    '/api/users',
    {
      config: { access: 'admin', audit: { operation: 'users.create' } },
      schema: {
        operationId: 'users.create',
        summary: 'Create a dashboard user',
        tags,
        body: UserCreateBodySchema,
        response: envelopeResponses(UserSchema),
      },
    },
    async (request, reply) => {
      const body = request.body as UserCreateBody;
      request.auditContext.resourceId = body.username;
      const refusal = expiryRefusal(body.role, body.expires_at ?? null, auth.now(), 'expires_at');
      if (refusal) return fieldError(reply, 400, refusal.field, refusal.message);
      const created = await storage.users.create(
        {
          username: body.username,
          role: body.role,
          passwordHash: await hashPassword(body.password),
          // The admin knows this password: the user chooses their own at first sign-in, unless the admin says not.
          mustChangePassword: body.must_change_password ?? true,
          expiresAt: utc(body.expires_at ?? null),
        },
        new Date(auth.now()),
      );
      if (!created) {
        return reply.code(409).send(
          errorEnvelope({
            code: ErrorCodes.conflict,
            message: `username: ${body.username} is taken`,
            source: { pointer: '/username' },
          }),
        );
      }
      return okEnvelope(toUser(created));
    },
  );

  fastify.patch(
    '/api/users/:username',
    {
      config: { access: 'admin', audit: { operation: 'users.update' } },
      schema: {
        operationId: 'users.update',
        summary: 'Change a user: role, password, disabled, end of access (ends their sessions on password change or disable)',
        tags,
        params: UserParamsSchema,
        body: UserUpdateBodySchema,
        response: envelopeResponses(UserSchema),
      },
    },
    async (request, reply) => {
      const { username } = request.params as { username: string };
      const body = request.body as UserUpdateBody;
      const changes: UserChanges = {};
      if (body.role !== undefined) changes.role = body.role;
      if (body.disabled !== undefined) changes.disabled = body.disabled;
      if (body.expires_at !== undefined) changes.expiresAt = utc(body.expires_at);
      if (body.password !== undefined) {
        changes.passwordHash = await hashPassword(body.password);
        // Someone else's new password is one the admin knows: they choose their own at next sign-in. An admin's own
        // is one they chose, like a change through POST /auth/password.
        changes.mustChangePassword = body.must_change_password ?? request.user?.username !== username;
      }
      const previous = await storage.users.get(username);
      // A single sign-on user's role is their groups' at each sign-in, and they have no password here (ADR 021).
      if (previous?.ssoSubject && body.role !== undefined && body.role !== previous.role) {
        return fieldError(reply, 409, 'role', 'comes from the identity provider’s groups at each sign-in: change their groups there (disable the user to keep them out now)', ErrorCodes.conflict);
      }
      if (previous?.ssoSubject && body.password !== undefined) {
        return fieldError(reply, 409, 'password', 'this user signs in by single sign-on: they have no password here', ErrorCodes.conflict);
      }
      if (previous && (body.role !== undefined || body.expires_at !== undefined)) {
        const role = body.role ?? previous.role;
        // A new end is checked as given; one kept is checked only against a new role (it may have passed already).
        const refusal =
          body.expires_at !== undefined
            ? expiryRefusal(role, body.expires_at, auth.now(), 'expires_at')
            : role === 'admin' && previous.expiresAt !== null
              ? expiryRefusal(role, previous.expiresAt, Number.NEGATIVE_INFINITY, 'role')
              : null;
        if (refusal) return fieldError(reply, 400, refusal.field, refusal.message);
      }
      const locked = lockedUntil(username);
      const result = await storage.users.update(username, changes, new Date(auth.now()));
      if (result.status === 'not_found') return notFound(reply, username);
      // For the audit log (ADR 016): the role and state before and after; a new password only as "changed".
      const password =
        body.password !== undefined && previous ? { password: REDACTED, must_change_password: previous.mustChangePassword } : {};
      const lock = locked ? { locked_until: locked } : {};
      const expiry = body.expires_at !== undefined && previous ? { expires_at: previous.expiresAt } : {};
      if (previous) request.auditContext.before = { role: previous.role, disabled: previous.disabled, ...expiry, ...password, ...lock };
      if (result.status === 'last_admin') return lastAdmin(reply, body.disabled ? 'disable' : 'demote');
      // A new password, or a user enabled again: their failed sign-ins no longer count (they were locked out).
      const unlock = body.password !== undefined || (body.disabled === false && previous?.disabled === true);
      if (unlock) await auth.throttle.clearUsername(username);
      request.auditContext.after = {
        role: result.user.role,
        disabled: result.user.disabled,
        ...(body.expires_at !== undefined ? { expires_at: result.user.expiresAt } : {}),
        ...(body.password !== undefined
          ? { password: REDACTED_CHANGED, must_change_password: result.user.mustChangePassword }
          : {}),
        ...(unlock && locked ? { locked_until: null } : {}),
      };
      if (body.password !== undefined || body.disabled === true) await storage.sessions.deleteForUser(username);
      return okEnvelope(toUser(result.user));
    },
  );

  fastify.delete(
    '/api/users/:username/sessions',
    {
      config: { access: 'admin', audit: { operation: 'users.sessions.delete' } },
      schema: {
        operationId: 'users.sessions.delete',
        summary:
          'Sign a user out everywhere: end every session of theirs (they can sign in again; disable them to stop that); with api_tokens=revoke, revoke their API tokens too',
        tags,
        params: UserParamsSchema,
        querystring: UserSessionsEndQuerySchema,
        response: envelopeResponses(UserSessionsEndedSchema),
      },
    },
    async (request, reply) => {
      const { username } = request.params as { username: string };
      const { api_tokens } = request.query as z.output<typeof UserSessionsEndQuerySchema>;
      const user = await storage.users.get(username);
      if (!user) return notFound(reply, username);
      const ended = await storage.sessions.deleteForUser(user.username);
      const revoked = api_tokens === 'revoke' ? await storage.apiTokens.revokeAllOf(user.username) : 0;
      if (api_tokens === 'revoke') request.auditContext.after = { sessions_ended: ended, api_tokens_revoked: revoked };
      // Your own sessions, this one included: the cookie goes too.
      if (request.user?.username === user.username) await auth.endSession(request, reply);
      return okEnvelope({ username: user.username, ended, api_tokens_revoked: revoked });
    },
  );

  fastify.post(
    '/api/users/:username/unlock',
    {
      config: { access: 'admin', audit: { operation: 'users.unlock' } },
      schema: {
        operationId: 'users.unlock',
        summary:
          "Unlock a user's sign-in: forget their failed sign-ins (from every address; not an address's own count), so they are no longer refused with 429",
        tags,
        params: UserParamsSchema,
        response: envelopeResponses(UserUnlockedSchema),
      },
    },
    async (request, reply) => {
      const { username } = request.params as { username: string };
      const user = await storage.users.get(username);
      if (!user) return notFound(reply, username);
      request.auditContext.before = { locked_until: lockedUntil(user.username) };
      const unlocked = await auth.throttle.clearUsername(user.username);
      request.auditContext.after = { locked_until: null };
      return okEnvelope({ username: user.username, unlocked });
    },
  );

  fastify.delete(
    '/api/users/:username/two-factor',
    {
      config: { access: 'admin', audit: { operation: 'users.twoFactor.reset' } },
      schema: {
        operationId: 'users.twoFactor.reset',
        summary:
          "Reset a user's two-factor sign-in (a lost phone): turn it off and forget their authenticator secret and recovery codes; they sign in with the password alone until they set it up again",
        tags,
        params: UserParamsSchema,
        response: envelopeResponses(UserTwoFactorResetSchema),
      },
    },
    async (request, reply) => {
      const { username } = request.params as { username: string };
      const user = await storage.users.get(username);
      if (!user) return notFound(reply, username);
      const left = user.twoFactorEnabled ? await storage.twoFactor.recoveryCodesLeft(user.username) : 0;
      request.auditContext.before = { two_factor_enabled: user.twoFactorEnabled, recovery_codes_left: left };
      const wasEnabled = await storage.twoFactor.disable(user.username);
      // A sign-in waiting for a code of the old authenticator cannot be completed any more.
      auth.pendingSignIns.endFor(user.username);
      request.auditContext.after = { two_factor_enabled: false, recovery_codes_left: 0 };
      return okEnvelope({ username: user.username, was_enabled: wasEnabled });
    },
  );

  fastify.delete(
    '/api/users/:username',
    {
      config: { access: 'admin', audit: { operation: 'users.delete' } },
      schema: {
        operationId: 'users.delete',
        summary: 'Delete a user (ends their sessions)',
        tags,
        params: UserParamsSchema,
        response: envelopeResponses(z.object({ username: z.string() })),
      },
    },
    async (request, reply) => {
      const { username } = request.params as { username: string };
      const previous = await storage.users.get(username);
      const result = await storage.users.delete(username);
      if (previous) request.auditContext.before = { username: previous.username, role: previous.role, disabled: previous.disabled };
      if (result.status === 'not_found') return notFound(reply, username);
      if (result.status === 'last_admin') return lastAdmin(reply, 'delete');
      await storage.sessions.deleteForUser(username);
      return okEnvelope({ username });
    },
  );
}
