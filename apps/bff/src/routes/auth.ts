/**
 * Sign-in and sessions (BFF-owned, public or session-only; never upstream):
 *   POST /auth/login    {username, password} -> 200 {user, csrfToken, …} + cookie | 401 | 429 (Retry-After)
 *                       (two-factor on: 200 {twoFactorRequired, challenge, expiresAt} and no session yet; the code
 *                       goes to POST /auth/login/two-factor, routes/two-factor.ts)
 *   POST /auth/logout   (session + x-csrf-token) -> 200, cookie cleared
 *   GET  /auth/me       -> 200 {user, csrfToken, …} | 401
 *   POST /auth/password {currentPassword, newPassword} (session + x-csrf-token) -> 200; every session ends | 400 | 429
 *                       (also the way out of `must_change_password`: see plugins/auth.ts)
 * All answers in Cloudflare's envelope. Wrong username and wrong password are the same 401.
 */
import {
  ErrorCodes,
  accessEnded,
  LoginBodySchema,
  LoginResultSchema,
  LogoutResultSchema,
  PasswordChangeBodySchema,
  REDACTED,
  SessionSchema,
  errorEnvelope,
  okEnvelope,
  type LoginBody,
  type PasswordChangeBody,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hashPassword, verifyPasswordOrDummy } from '../auth/passwords.js';
import type { UserRecord } from '../storage/types.js';
import type { OidcProvider } from './oidc.js';
import { MessageCodes } from '../upstream/gateway.js';
import { duration } from '../text.js';

const WRONG = 'Wrong username or password.';

/**
 * How a failed sign-in with a username no user has is recorded: its first two characters and its length, never all
 * of it — what was typed into the username field is sometimes a password. Enough to see a spray of names.
 */
export function unknownUsername(typed: string): string {
  const chars = [...typed];
  return `${chars.slice(0, 2).join('')}… (no such user, ${chars.length} characters)`;
}

/** A refusal of a field (`/code`, `/password`, `/expires_at`), in the envelope. */
export function fieldError(reply: FastifyReply, status: number, field: string, message: string, code: number = ErrorCodes.validation) {
  return reply.code(status).send(errorEnvelope({ code, message: `${field}: ${message}`, source: { pointer: `/${field}` } }));
}

/** 429 with Retry-After: the throttle's limit is reached (recorded as `refusal: throttled`). */
export function throttled(request: FastifyRequest, reply: FastifyReply, wait: number, what: string) {
  request.auditContext.refusal = 'throttled';
  return reply
    .code(429)
    .header('retry-after', String(wait))
    .send(errorEnvelope({ code: ErrorCodes.rateLimited, message: `${what} Try again in ${duration(wait)}.` }));
}

/** 401: the user's access ended (`expires_at`), said after the right password only (recorded as `access_expired`). */
export function accessExpired(request: FastifyRequest, reply: FastifyReply, user: UserRecord) {
  request.auditContext.refusal = 'access_expired';
  const ended = (user.expiresAt ?? '').replace(/\.\d+Z$|Z$/, '').replace('T', ' ');
  return reply.code(401).send(
    errorEnvelope({
      code: ErrorCodes.accessExpired,
      message: `Your access to this dashboard ended on ${ended} UTC. Ask an admin to extend it.`,
    }),
  );
}

/** The end of a successful sign-in (the password, or the password and the code): a new session, its answer. */
export async function completeSignIn(fastify: FastifyInstance, request: FastifyRequest, reply: FastifyReply, user: UserRecord) {
  const { auth, storage } = fastify;
  const session = await auth.startSession(request, reply, user);
  await storage.users.recordLogin(user.username, new Date(session.createdAt));
  request.auditContext.role = user.role;
  const envelope = okEnvelope(auth.view(session, auth.signedIn(user)));
  const warning = auth.insecureCookieWarning(request);
  if (warning) envelope.messages.push({ code: MessageCodes.insecureCookie, message: warning });
  return envelope;
}

export default async function authRoutes(fastify: FastifyInstance, options: { oidcProvider?: OidcProvider | null } = {}) {
  const { storage, auth } = fastify;

  fastify.post(
    '/auth/login',
    {
      config: { access: 'public', audit: { operation: 'auth.login' } },
      schema: {
        operationId: 'auth.login',
        summary: 'Sign in: sets the session cookie and returns the CSRF token',
        tags: ['auth'],
        body: LoginBodySchema,
        response: envelopeResponses(LoginResultSchema),
      },
    },
    async (request, reply) => {
      const { username: given, password } = request.body as LoginBody;
      const username = given.toLowerCase();
      request.auditContext.username = username;

      // What was typed as a username no user has is recorded masked (`unknownUsername`), refused or throttled alike.
      const recordUnknown = () => {
        request.auditContext.username = unknownUsername(username);
        request.auditContext.body = { username: request.auditContext.username, password: REDACTED };
      };

      const wait = auth.throttle.retryAfterSeconds(request.ip, username);
      if (wait > 0) {
        if (!(await storage.users.get(username))) recordUnknown();
        return throttled(request, reply, wait, 'Too many failed sign-ins.');
      }

      // Counted before the slow password check (parallel attempts cannot all slip under the limit), taken back if right.
      const attempt = auth.throttle.begin(request.ip, username);
      const user = await storage.users.get(username);
      const matches = await verifyPasswordOrDummy(user?.passwordHash ?? null, password);
      if (!user || !matches || user.disabled) {
        await attempt.failed();
        request.auditContext.refusal = 'invalid_credentials';
        if (!user) recordUnknown();
        return reply.code(401).send(errorEnvelope({ code: ErrorCodes.authentication, message: WRONG }));
      }

      request.auditContext.role = user.role;
      if (accessEnded(user.expiresAt, auth.now())) {
        // The right password: say why (no guessing game for a contractor whose time is up), count no failure.
        attempt.passed();
        return accessExpired(request, reply, user);
      }
      if (user.twoFactorEnabled) {
        // Half a sign-in: no session until the code. The password's attempt is taken back but clears nothing, so a
        // known password gives no fresh guesses at the code (the throttle counts wrong codes like wrong passwords).
        attempt.passed();
        request.auditContext.operation = 'auth.login.password';
        const pending = auth.pendingSignIns.start(user.username, user.passwordHash);
        return okEnvelope({ twoFactorRequired: true as const, challenge: pending.challenge, expiresAt: new Date(pending.expiresAt).toISOString() });
      }
      await attempt.succeeded();
      return completeSignIn(fastify, request, reply, user);
    },
  );

  fastify.post(
    '/auth/logout',
    {
      config: { access: 'viewer', audit: { operation: 'auth.logout' } },
      schema: {
        operationId: 'auth.logout',
        summary: 'Sign out: ends the session (needs x-csrf-token); with OIDC_SIGN_OUT=provider, says where the provider ends its own',
        tags: ['auth'],
        response: envelopeResponses(LogoutResultSchema),
      },
    },
    async (request, reply) => {
      const idToken = request.authSession?.ssoIdToken;
      await auth.endSession(request, reply);
      // A single sign-on session: the provider's too, when configured so (the browser goes there next).
      const url = idToken && options.oidcProvider ? await options.oidcProvider.signOutUrl(request, idToken) : null;
      return okEnvelope(url ? { provider_sign_out_url: url } : null);
    },
  );

  fastify.get(
    '/auth/me',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'auth.me',
        summary: 'Who is signed in, with the CSRF token (401 when nobody)',
        tags: ['auth'],
        response: envelopeResponses(SessionSchema),
      },
    },
    async (request, reply) => {
      await auth.resolve(request);
      if (!request.user || !request.authSession) {
        request.auditContext.skip = true; // the SPA's "am I signed in?" probe
        return reply
          .code(401)
          .send(errorEnvelope({ code: ErrorCodes.authentication, message: 'Not signed in.' }));
      }
      return okEnvelope(auth.view(request.authSession, request.user));
    },
  );

  fastify.post(
    '/auth/password',
    {
      config: { access: 'viewer', audit: { operation: 'auth.password' } },
      schema: {
        operationId: 'auth.password',
        summary: 'Change your own password (ends all your sessions, this one included)',
        tags: ['auth'],
        body: PasswordChangeBodySchema,
        response: envelopeResponses(z.null()),
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body as PasswordChangeBody;
      const username = request.user!.username;
      // A wrong current password counts like a failed sign-in (same throttle): a session left open is not a way to
      // guess the password, which would outlive the session.
      const wait = auth.throttle.retryAfterSeconds(request.ip, username);
      if (wait > 0) return throttled(request, reply, wait, 'Too many wrong passwords.');
      const attempt = auth.throttle.begin(request.ip, username);
      const user = await storage.users.get(username);
      if (!user || !(await verifyPasswordOrDummy(user.passwordHash, currentPassword))) {
        await attempt.failed();
        return reply.code(400).send(
          errorEnvelope({
            code: ErrorCodes.validation,
            message: 'currentPassword: is not your current password',
            source: { pointer: '/currentPassword' },
          }),
        );
      }
      await attempt.succeeded();
      // The same password again would keep the one an admin set (and knows) while clearing `must_change_password`.
      if (newPassword === currentPassword) {
        return reply.code(400).send(
          errorEnvelope({
            code: ErrorCodes.validation,
            message: 'newPassword: is your current password; choose another one',
            source: { pointer: '/newPassword' },
          }),
        );
      }
      // Chosen by the user: no longer one someone else knows.
      await storage.users.update(
        username,
        { passwordHash: await hashPassword(newPassword), mustChangePassword: false },
        new Date(auth.now()),
      );
      await storage.sessions.deleteForUser(username);
      await auth.endSession(request, reply);
      return okEnvelope(null);
    },
  );
}
