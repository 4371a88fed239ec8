/**
 * Single sign-on with the organisation's identity provider (OIDC authorization code flow with PKCE; only when
 * OIDC_ISSUER is set; docs/decisions/021-single-sign-on.md):
 *   GET /auth/oidc/start?next=/path   -> 302 to the identity provider (state, nonce, PKCE kept here for 10 minutes,
 *                                         bound to this browser by a cookie)
 *   GET /auth/oidc/callback?code&state -> 302 to `next` signed in (a session like a password's), or to
 *                                         `/sign-in?sso_error=<reason>&next=…` — the sign-in page says why
 * The user is bound to the provider's issuer and subject (not to the username it sends); the role comes from the
 * groups claim at each sign-in (OIDC_*_GROUPS); a user in none of the groups is refused. A dashboard user with a
 * password of the same name is never taken over: refused (`username_taken`). Disabled users and ended access are
 * refused as at a password sign-in. Every outcome is in the audit log (`auth.login.sso`).
 *   POST /auth/oidc/backchannel-logout (logout_token=<JWT>, from the provider, server to server: OpenID Connect
 *                                         Back-Channel Logout 1.0) -> 200 and every dashboard session of that
 *                                         subject ended, or 400 {error, error_description}
 * The provider calls it when the user's session there ends (their sign-out, or an administrator ending their
 * sessions — what to do for a leaver), registered as the client's `backchannel_logout_uri`. The logout token is
 * checked as the specification says: signed with one of the provider's keys (its `jwks_uri`), this issuer, this
 * client in `aud`, recent `iat`, the back-channel logout event, a `sub` or a `sid`, no `nonce`, not seen before (`jti`);
 * a `sub` ends every session of that user, a `sid` alone the sessions started from that provider session.
 * Audited as `auth.logout.sso` with the user and how many sessions ended. API tokens are left alone (as by Sign out
 * everywhere): a pipeline's token is revoked by hand.
 */
import { randomBytes } from 'node:crypto';
import { ROLES, SIGNED_OUT_STATE, accessEnded, type Role, type SsoError } from '@secdns/api-types';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import * as client from 'openid-client';
import { z } from 'zod';
import { hashPassword } from '../auth/passwords.js';
import type { OidcConfig } from '../config.js';
import type { UserRecord } from '../storage/types.js';

/** How long a browser has to come back from the identity provider. */
const FLOW_TTL_MS = 10 * 60_000;
/** At most this many sign-ins under way at once (a flood of /start fills nothing). */
const MAX_FLOWS = 1000;
const FLOW_COOKIE = 'sso_flow';
/** The event a logout token must carry (Back-Channel Logout 1.0, 2.4). */
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** A logout token issued longer ago than this is refused (its `iat`), and its `jti` is remembered this long. */
const LOGOUT_TOKEN_MAX_AGE_S = 5 * 60;

interface Flow {
  browser: string;
  nonce: string;
  verifier: string;
  next: string;
  expiresAt: number;
}

/** A path of this dashboard to go back to (never another site: `//evil.example` or `https://…` is `/`). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) && !next.startsWith('/auth/') ? next : '/';
}

/** The role the groups give: the highest whose group (any case) the user is in, or null. */
export function roleFromGroups(groups: readonly string[], config: OidcConfig['groups']): Role | null {
  const theirs = new Set(groups.map((group) => group.toLowerCase()));
  for (const role of [...ROLES].reverse()) {
    if (config[role].some((group) => theirs.has(group.toLowerCase()))) return role;
  }
  return null;
}

/** A claim's groups: an array of strings, or one string (some providers send a single group so). */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** A username from a claim: an email's or a name's characters as dashboard usernames allow (lowercase). */
function usernameOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const username = value.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9._@-]{0,63}$/.test(username) ? username : null;
}

const StartQuerySchema = z.object({ next: z.string().max(2000).optional() });
const CallbackQuerySchema = z.record(z.string(), z.unknown());

/** The provider, as both the sign-in routes and Sign out use it: its configuration, discovered once (again after a failure). */
export interface OidcProvider {
  configuration(): Promise<client.Configuration>;
  /** This dashboard's callback: OIDC_REDIRECT_URI, else `<protocol>://<host>/auth/oidc/callback` of the request. */
  redirectUri(request: FastifyRequest): string;
  /**
   * OIDC_SIGN_OUT=provider: where the browser goes to end the provider's session too (its `end_session_endpoint`
   * with the session's ID token as `id_token_hint`, back to this dashboard's /sign-in); null when the provider
   * has no such endpoint, cannot be reached, or the session has no ID token (signed in with a password).
   */
  signOutUrl(request: FastifyRequest, idToken: string | null | undefined): Promise<string | null>;
}

export function createOidcProvider(oidc: OidcConfig): OidcProvider {
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = (): Promise<client.Configuration> => {
    if (!discovered) {
      const insecure = oidc.issuer.startsWith('http://');
      discovered = client
        .discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((error: unknown) => {
          discovered = null;
          throw error;
        });
    }
    return discovered;
  };
  const redirectUri = (request: FastifyRequest) => oidc.redirectUri ?? `${request.protocol}://${request.host}/auth/oidc/callback`;
  return {
    configuration,
    redirectUri,
    async signOutUrl(request, idToken) {
      if (oidc.signOut !== 'provider' || !idToken) return null;
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch (error) {
        request.log.warn({ err: error, issuer: oidc.issuer }, 'the identity provider could not be reached: signed out of the dashboard only');
        return null;
      }
      if (!config.serverMetadata().end_session_endpoint) {
        request.log.warn({ issuer: oidc.issuer }, 'OIDC_SIGN_OUT=provider, but the identity provider has no end_session_endpoint: signed out of the dashboard only');
        return null;
      }
      // Where the provider sends the browser back: this dashboard's sign-in page (registered at the provider).
      const origin = new URL(redirectUri(request)).origin;
      return client
        .buildEndSessionUrl(config, {
          id_token_hint: idToken,
          post_logout_redirect_uri: `${origin}/sign-in`,
          client_id: oidc.clientId,
          // Sent back with the browser: the sign-in page says the provider's session ended too.
          state: SIGNED_OUT_STATE,
        })
        .toString();
    },
  };
}

export default async function oidcRoutes(fastify: FastifyInstance, options: { oidc: OidcConfig; provider: OidcProvider }) {
  const { oidc } = options;
  const { configuration, redirectUri } = options.provider;
  const { storage, auth } = fastify;
  const flows = new Map<string, Flow>();
  const secure = (request: FastifyRequest) => fastify.config.cookieSecure || request.protocol === 'https';

  const prune = (now: number) => {
    for (const [state, flow] of flows) if (flow.expiresAt <= now) flows.delete(state);
  };

  /** The sign-in page, saying why, with where the user was going. */
  const signInPage = (reason: SsoError, next = '/') =>
    `/sign-in?sso_error=${reason}${next === '/' ? '' : `&next=${encodeURIComponent(next)}`}`;

  /** A redirect no cache keeps; `endFlow`: the flow's cookie goes too. */
  const go = (reply: FastifyReply, to: string, endFlow = false) => {
    reply.code(302).header('cache-control', 'no-store');
    if (endFlow) reply.clearCookie(FLOW_COOKIE, { path: '/auth/oidc' });
    return reply.redirect(to);
  };

  /** Back to the sign-in page, saying why (recorded as the entry's refusal). */
  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: SsoError, detail?: string, next?: string) => {
    request.auditContext.refusal = `sso_${reason}`;
    request.log.info({ reason, detail }, 'single sign-on refused');
    return go(reply, signInPage(reason, next), true);
  };

  fastify.get(
    '/auth/oidc/start',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: StartQuerySchema },
    },
    async (request, reply) => {
      request.auditContext.skip = true; // the callback records the outcome
      const next = safeNext((request.query as z.output<typeof StartQuerySchema>).next);
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch (error) {
        request.log.warn({ err: error, issuer: oidc.issuer }, 'the identity provider could not be reached (OIDC discovery)');
        return go(reply, signInPage('provider_unreachable', next));
      }
      const now = Date.now();
      prune(now);
      if (flows.size >= MAX_FLOWS) return go(reply, signInPage('failed'));
      const state = client.randomState();
      const flow: Flow = {
        browser: randomBytes(24).toString('base64url'),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        next,
        expiresAt: now + FLOW_TTL_MS,
      };
      flows.set(state, flow);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri(request),
        scope: oidc.scope,
        state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
      });
      return reply
        .code(302)
        .header('cache-control', 'no-store')
        .setCookie(FLOW_COOKIE, flow.browser, {
          path: '/auth/oidc',
          httpOnly: true,
          // Lax: the provider sends the browser back with a top-level GET from its own site.
          sameSite: 'lax',
          secure: secure(request),
          maxAge: FLOW_TTL_MS / 1000,
        })
        .redirect(url.href);
    },
  );

  fastify.get(
    '/auth/oidc/callback',
    {
      config: { access: 'public', audit: { operation: 'auth.login.sso', always: true } },
      schema: { hide: true, querystring: CallbackQuerySchema },
    },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      if (typeof query.error === 'string') return refuse(request, reply, 'provider_refused', String(query.error_description ?? query.error));
      const state = typeof query.state === 'string' ? query.state : '';
      const flow = flows.get(state);
      flows.delete(state);
      if (!flow || flow.expiresAt <= Date.now()) return refuse(request, reply, 'expired');
      // Login CSRF: the browser that comes back must be the one that left.
      if (request.cookies[FLOW_COOKIE] !== flow.browser) return refuse(request, reply, 'other_browser');

      let claims: Record<string, unknown>;
      let idToken: string | undefined;
      let sid: string | undefined;
      try {
        const config = await configuration();
        const current = new URL(redirectUri(request));
        current.search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();
        const tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.verifier,
          expectedNonce: flow.nonce,
          expectedState: state,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims()!;
        idToken = tokens.id_token;
        sid = typeof idClaims.sid === 'string' && idClaims.sid ? idClaims.sid : undefined;
        // The ID token's claims, with the user info's where the provider has an endpoint for it (many put groups
        // only there).
        const info = config.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
        claims = { ...info, ...idClaims } as Record<string, unknown>;
      } catch (error) {
        return refuse(request, reply, 'failed', error instanceof Error ? error.message : String(error), flow.next);
      }

      const subject = `${String(claims.iss)} ${String(claims.sub)}`;
      const username = usernameOf(claims[oidc.usernameClaim]) ?? usernameOf(claims.email);
      if (!username) return refuse(request, reply, 'no_username', `claim ${oidc.usernameClaim}`, flow.next);
      request.auditContext.username = username;
      const groups = groupsOf(claims[oidc.groupsClaim]);
      const role = roleFromGroups(groups, oidc.groups);
      if (!role) return refuse(request, reply, 'no_role', `groups: ${groups.join(', ') || 'none'}`, flow.next);

      const now = new Date(auth.now());
      let user: UserRecord | null = await storage.users.bySsoSubject(subject);
      if (!user) {
        // First sign-in: a user bound to this identity. Never an existing password user's name (a provider's
        // username must not open someone else's account).
        if (await storage.users.get(username)) return refuse(request, reply, 'username_taken', username, flow.next);
        // No password: sign-in is by the provider only (a random hash nobody knows).
        user = await storage.users.create(
          { username, role, passwordHash: await hashPassword(randomBytes(32).toString('base64url')), ssoSubject: subject },
          now,
        );
        if (!user) return refuse(request, reply, 'username_taken', username, flow.next);
        request.auditContext.after = { username, role, created: true };
      } else if (user.role !== role) {
        // The provider's groups decide the role at each sign-in.
        const updated = await storage.users.update(user.username, { role }, now);
        if (updated.status !== 'ok') return refuse(request, reply, 'failed', `role change refused: ${updated.status}`);
        request.auditContext.before = { role: user.role };
        request.auditContext.after = { role };
        user = updated.user;
      }
      request.auditContext.username = user.username;
      request.auditContext.role = user.role;
      if (user.disabled) return refuse(request, reply, 'disabled', undefined, flow.next);
      if (accessEnded(user.expiresAt, auth.now())) return refuse(request, reply, 'access_expired', undefined, flow.next);

      // OIDC_SIGN_OUT=provider: the ID token goes with the session, for Sign out to name it to the provider.
      const session = await auth.startSession(request, reply, user, {
        ...(oidc.signOut === 'provider' && idToken ? { ssoIdToken: idToken } : {}),
        // The provider's session id: a back-channel logout that names only it ends this session.
        ...(sid ? { ssoSid: sid } : {}),
      });
      await storage.users.recordLogin(user.username, new Date(session.createdAt));
      return go(reply, flow.next, true);
    },
  );

  // The provider's logout token arrives as a form (application/x-www-form-urlencoded). Parsed for this plugin's
  // routes only: the rest of the BFF takes JSON bodies alone (a cross-site form cannot post to them).
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  let keys: ReturnType<typeof createRemoteJWKSet> | null = null;
  /** Logout tokens already used (`jti` → when it may be forgotten). */
  const usedLogoutTokens = new Map<string, number>();

  /** The logout token's claims when it is what Back-Channel Logout 1.0 (2.6) requires, else why not. */
  const checkLogoutToken = async (token: string): Promise<{ claims: JWTPayload & { sub?: string; sid?: string } } | { problem: string }> => {
    const config = await configuration();
    const jwksUri = config.serverMetadata().jwks_uri;
    if (!jwksUri) return { problem: 'the identity provider publishes no jwks_uri to check the token with' };
    keys ??= createRemoteJWKSet(new URL(jwksUri));
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keys, {
        issuer: config.serverMetadata().issuer,
        audience: oidc.clientId,
        requiredClaims: ['iat'],
        maxTokenAge: LOGOUT_TOKEN_MAX_AGE_S,
      }));
    } catch (error) {
      return { problem: `the logout token is not valid: ${error instanceof Error ? error.message : String(error)}` };
    }
    const events = claims.events as Record<string, unknown> | undefined;
    if (!events || typeof events !== 'object' || typeof events[BACKCHANNEL_LOGOUT_EVENT] !== 'object') {
      return { problem: `the logout token has no ${BACKCHANNEL_LOGOUT_EVENT} event` };
    }
    if ('nonce' in claims) return { problem: 'a logout token must not have a nonce' };
    const named = (value: unknown) => typeof value === 'string' && value.length > 0;
    if (!named(claims.sub) && !named(claims.sid)) return { problem: 'the logout token names neither a sub nor a sid' };
    const now = Date.now();
    for (const [jti, until] of usedLogoutTokens) if (until <= now) usedLogoutTokens.delete(jti);
    if (typeof claims.jti === 'string') {
      if (usedLogoutTokens.has(claims.jti)) return { problem: 'this logout token was used already' };
      usedLogoutTokens.set(claims.jti, now + 2 * LOGOUT_TOKEN_MAX_AGE_S * 1000);
    }
    return { claims: claims as JWTPayload & { sub?: string; sid?: string } };
  };

  fastify.post(
    '/auth/oidc/backchannel-logout',
    {
      config: { access: 'public', audit: { operation: 'auth.logout.sso', always: true } },
      schema: { hide: true, body: z.object({ logout_token: z.string().min(1).max(16_000) }) },
      bodyLimit: 16_384,
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const refused = (description: string) => {
        request.auditContext.refusal = 'sso_logout_token';
        request.log.info({ reason: description }, 'back-channel logout refused');
        return reply.code(400).send({ error: 'invalid_request', error_description: description });
      };
      let checked;
      try {
        checked = await checkLogoutToken((request.body as { logout_token: string }).logout_token);
      } catch (error) {
        request.log.warn({ err: error, issuer: oidc.issuer }, 'the identity provider could not be reached (back-channel logout)');
        return reply.code(503).send({ error: 'temporarily_unavailable', error_description: 'the identity provider could not be reached to check the token' });
      }
      if ('problem' in checked) return refused(checked.problem);
      // Only the provider's session named (no sub): the dashboard sessions started from it end.
      if (!checked.claims.sub) {
        const owners = await storage.sessions.deleteBySsoSid(checked.claims.sid!);
        if (owners.length === 0) return reply.code(200).send();
        const user = await storage.users.get(owners[0]!);
        request.auditContext.username = owners[0]!;
        request.auditContext.role = user?.role ?? null;
        request.auditContext.after = { sessions_ended: owners.length };
        request.log.info({ username: owners[0], ended: owners.length }, 'signed out by the identity provider (back-channel logout, by session)');
        return reply.code(200).send();
      }
      // A subject named: every dashboard session of that user ends (more than the one session a sid names, on
      // purpose: the provider says this person is signing out or was signed out).
      const user = await storage.users.bySsoSubject(`${String(checked.claims.iss)} ${checked.claims.sub}`);
      // Nobody here with that identity (never signed in): nothing to end, and the provider is told it is done.
      if (!user) return reply.code(200).send();
      request.auditContext.username = user.username;
      request.auditContext.role = user.role;
      const ended = await storage.sessions.deleteForUser(user.username);
      request.auditContext.after = { sessions_ended: ended };
      request.log.info({ username: user.username, ended }, 'signed out by the identity provider (back-channel logout)');
      return reply.code(200).send();
    },
  );

}
