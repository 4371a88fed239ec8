/**
 * Capability: who is asking, and whether they may. Server-side sessions (cookie `sid`, or `__Host-sid` when the
 * cookie is Secure), CSRF checks, and the least role per route — all in one onRequest hook, so a refusal happens
 * before the body is read, validated or sent anywhere (in particular, never upstream).
 *
 * Per route, the least role is `config.access` (`'public'` or a role), else the contract's `role` for the route's
 * operation id, else `viewer` for anything under /api and /auth. Outside /api and /auth (the SPA, /healthz,
 * /readyz, /metrics) everything is public. `/api/meta`, `/auth/login` and `/auth/me` are public.
 *
 * Writes (POST/PUT/PATCH/DELETE) under /api and /auth need a same-origin `Origin` (when the browser sends one) and
 * no `Sec-Fetch-Site: cross-site`; all of them but the sign-in also need `x-csrf-token` = the session's token.
 *
 * A user who must choose their own password (an admin or the reset-password command set theirs) may, signed in, only
 * change it and sign out (`WHILE_PASSWORD_MUST_CHANGE`; `/auth/me` is public): anything else is 403, code 10002.
 * With REQUIRE_TWO_FACTOR, a user without two-factor sign-in may, signed in, only set it up, change their password and
 * sign out (`WHILE_TWO_FACTOR_MUST_ENROL`): anything else is 403, code 10003.
 *
 * A request renews its session's idle timer (`lastSeenAt`), except the SPA's background polls
 * (`BACKGROUND_POLL_PATHS`). See docs/decisions/006-auth-and-audit.md.
 *
 * A script uses an API token instead (`Authorization: Bearer sdt_…`, docs/decisions/019-api-tokens.md): only under
 * /api (under /auth it is refused: a token cannot sign in, change a password or make tokens), with no session and
 * no CSRF token (nothing a browser sends by itself), as its user with the lower of the token's and the user's role,
 * and refused with its user (disabled, access ended, gone) and after its own expiry. A token limited to zones
 * reaches only the routes about one of them (`zoneScopeRefusal`).
 */
import cookie from '@fastify/cookie';
import {
  API_TOKEN_PATTERN,
  ErrorCodes,
  accessEnded,
  errorEnvelope,
  operations,
  roleAllows,
  roleRank,
  type Role,
  type Session,
} from '@secdns/api-types';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LoginThrottle } from '../auth/throttle.js';
import { PendingSignIns } from '../auth/two-factor.js';
import { hashSessionId, newCsrfToken, newSessionId, safeEqual } from '../auth/tokens.js';
import type { ApiTokenRecord, SessionRecord, Storage, UserRecord } from '../storage/types.js';

export type Access = 'public' | Role;

export interface SignedInUser {
  username: string;
  role: Role;
  /** Signed in with a password someone else set: may only change it or sign out. */
  mustChangePassword: boolean;
  /** REQUIRE_TWO_FACTOR and no two-factor sign-in yet: may only set it up (or change the password, or sign out). */
  mustEnrolTwoFactor: boolean;
  /** Until when they may use the dashboard (ISO 8601), or null. */
  expiresAt: string | null;
  /** Signs in by single sign-on (ADR 021). */
  sso: boolean;
}

export interface AuthApi {
  throttle: LoginThrottle;
  /** Sign-ins whose password was right, waiting for the two-factor code. */
  pendingSignIns: PendingSignIns;
  /** REQUIRE_TWO_FACTOR: every user must have two-factor sign-in. */
  requireTwoFactor: boolean;
  /** The signed-in user as a request sees it (role, flags) from their record. */
  signedIn(user: UserRecord): SignedInUser;
  /** The clock sessions run on (epoch ms; injectable for tests). */
  now(): number;
  /** Starts a new session for `user` (a fresh id: never reuses one the browser brought) and sets the cookie. */
  /**
   * `ssoIdToken`: a single sign-on's ID token, kept to sign out at the provider too (OIDC_SIGN_OUT=provider);
   * `ssoSid`: the provider's session id, for a back-channel logout that names only it.
   */
  startSession(request: FastifyRequest, reply: FastifyReply, user: UserRecord, extra?: { ssoIdToken?: string; ssoSid?: string }): Promise<SessionRecord>;
  /** Ends the request's session (if any) and clears the cookie. */
  endSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** What login and /auth/me answer. */
  view(session: SessionRecord, user: SignedInUser): Session;
  /** Loads the request's session (used by public routes such as /auth/me). */
  resolve(request: FastifyRequest): Promise<void>;
  /** Every session live now (not past its end, nor idle past the limit), most recently used first. */
  liveSessions(): Promise<SessionRecord[]>;
  /**
   * With COOKIE_SECURE=true, a sign-in over plain HTTP: the sentence saying the browser drops the cookie (logged at
   * warn the first time); null otherwise.
   */
  insecureCookieWarning(request: FastifyRequest): string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthApi;
  }
  interface FastifyRequest {
    /** The signed-in user, or null. Set by the auth plugin's onRequest hook (role as of this request). */
    user: SignedInUser | null;
    authSession: SessionRecord | null;
    /** The API token the request came with (`Authorization: Bearer`), once accepted; null for a session's requests. */
    apiToken: ApiTokenRecord | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export interface AuthPluginOptions {
  storage: Storage;
  now: () => number;
  idleMinutes: number;
  maxHours: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  loginMaxFailuresPerAddress: number;
  loginMaxFailuresPerUsername: number;
  loginWindowMinutes: number;
  /** REQUIRE_TWO_FACTOR. */
  requireTwoFactor?: boolean;
}

export const COOKIE_NAME = 'sid';
/** How often a token's last use is written (at most once a minute per token: a busy script stays cheap). */
const API_TOKEN_TOUCH_MS = 60_000;
export const SECURE_COOKIE_NAME = '__Host-sid';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const GUARDED_PREFIX = /^\/(api|auth)(\/|$|\?)/;
const GUARDED_API = /^\/api(\/|$|\?)/;
const PUBLIC_PATHS = new Set(['/api/meta', '/auth/login', '/auth/me']);
/**
 * Routes the SPA asks on a timer, not because someone did something (the header's rate-budget indicator polls
 * `/api/meta/ratelimit`). They are authenticated like any other route (an expired session is refused) but do not
 * renew the session's idle timer: otherwise a forgotten open tab would keep its session alive for ever.
 */
export const BACKGROUND_POLL_PATHS: ReadonlySet<string> = new Set([
  '/api/meta/ratelimit',
  // The zones list's poll of the serial watch, and the zone page's reload of its history after each round
  // (docs/decisions/014-serial-watch.md).
  '/api/accounts/:account_id/secondary_dns/serial_watch',
  '/api/accounts/:account_id/secondary_dns/serial_watch/history',
]);

/**
 * All a signed-in user who must choose their own password may ask for (besides the public routes: `/auth/me` tells
 * the SPA so, `/api/meta` is anyone's). Checked here, once, rather than in each route, so a route added later is
 * refused too.
 */
export const WHILE_PASSWORD_MUST_CHANGE: ReadonlySet<string> = new Set(['/auth/password', '/auth/logout']);
export const MUST_CHANGE_PASSWORD_MESSAGE =
  'Choose your own password first: an administrator set the one you signed in with. Change it (POST /auth/password) or sign out.';

/**
 * All a signed-in user without two-factor sign-in may ask for while the dashboard requires it (REQUIRE_TWO_FACTOR):
 * set it up, change their password (a flagged user does that first) and sign out.
 */
export const WHILE_TWO_FACTOR_MUST_ENROL: ReadonlySet<string> = new Set([
  '/auth/two-factor',
  '/auth/two-factor/enrolment',
  '/auth/two-factor/enrolment/confirm',
  '/auth/password',
  '/auth/logout',
]);
export const MUST_ENROL_TWO_FACTOR_MESSAGE =
  'Set up two-factor sign-in first: this dashboard requires a code from an authenticator app at every sign-in. Set it up (POST /auth/two-factor/enrolment) or sign out.';

/**
 * The path of the route that answers: its pattern (`/api/accounts/:account_id/…`), not the URL as sent. The router
 * decodes the URL before matching (`/%61pi/users` reaches `/api/users`), so a check of the raw URL can be walked
 * around; the matched pattern cannot. Only without a route (a 404), the URL's path.
 */
export function routePathOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0] ?? request.url;
}

/** The least role a route needs, or 'public'. */
export function accessFor(request: FastifyRequest): Access {
  const explicit = request.routeOptions.config.access;
  if (explicit) return explicit;
  const path = routePathOf(request);
  if (!GUARDED_PREFIX.test(path)) return 'public';
  if (PUBLIC_PATHS.has(path)) return 'public';
  const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
  const op = operationId ? (operations as Record<string, { role: Role } | undefined>)[operationId] : undefined;
  return op?.role ?? 'viewer';
}

/**
 * The dashboard's API token in an `Authorization` header (`Bearer sdt_…`), or null. Anything else there is not ours
 * and is left alone: a reverse proxy's Basic authentication, or an identity proxy's own bearer token, reaches every
 * request of the browser, sign-in included.
 */
export function apiTokenOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(sdt_\S*)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Refusal in the envelope; recorded by the audit plugin as `refusal`. */
function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  refusal: string,
  message: string,
  code: number = status === 401 ? ErrorCodes.authentication : ErrorCodes.forbidden,
) {
  request.auditContext.refusal = refusal;
  request.log.info({ status, refusal }, 'request refused by access control');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(errorEnvelope({ code, message }));
}

/** Routes without a zone that a token limited to zones may still ask: the dashboard's own state, nothing of an account. */
const ZONE_FREE_PATHS: ReadonlySet<string> = new Set(['/api/meta', '/api/meta/ratelimit']);
/** The zones list: answered for such a token with its own zones only (routes/token-zones.ts), never Cloudflare's list. */
const TOKEN_ZONES_LIST = 'GET /api/zones';

/**
 * Why a token limited to zones (docs/decisions/019-api-tokens.md) may not make this request, or null when it may:
 * a route about one of its zones (`:zone_id` in the path), one of ZONE_FREE_PATHS, or the zones list (which lists its
 * zones only). Everything else account-wide — peers, TSIG keys, ACLs, the serial watch, the audit log, users — is
 * refused: it is not about one zone.
 */
export function zoneScopeRefusal(request: FastifyRequest, token: Pick<ApiTokenRecord, 'name' | 'zones'>): string | null {
  if (!token.zones) return null;
  const path = routePathOf(request);
  if (ZONE_FREE_PATHS.has(path) || `${request.method} ${path}` === TOKEN_ZONES_LIST) return null;
  const zoneId = (request.params as Record<string, string | undefined> | undefined)?.zone_id;
  if (zoneId !== undefined && token.zones.some((zone) => zone.id === zoneId)) return null;
  const names = token.zones.map((zone) => zone.name).join(', ');
  return zoneId === undefined
    ? `The API token "${token.name}" is limited to the zone${token.zones.length === 1 ? '' : 's'} ${names}: it reaches /api/zones/<zone id>/… of ${token.zones.length === 1 ? 'it' : 'them'} and the zones list only, not ${request.method} ${path}.`
    : `The API token "${token.name}" is limited to the zone${token.zones.length === 1 ? '' : 's'} ${names}; zone ${zoneId} is not ${token.zones.length === 1 ? 'it' : 'one of them'}.`;
}

/** A cross-site write: an `Origin` that is not ours, or the browser saying it is cross-site. */
function crossOrigin(request: FastifyRequest): string | null {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') return 'Sec-Fetch-Site: cross-site';
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  const own = `${request.protocol}://${request.host}`.toLowerCase();
  return origin.toLowerCase() === own ? null : `Origin ${origin}`;
}

/**
 * What to set when a refused `Origin` is this dashboard seen through a reverse proxy: `https://` outside and plain
 * HTTP inside (a TLS-terminating proxy whose X-Forwarded-Proto is not believed), or another Host (a proxy that does
 * not pass the original one). Names the address the request came from, which is the proxy's. Empty otherwise.
 */
export function proxyAdvice(request: FastifyRequest, trustProxy: boolean | string[], forLog = true): string {
  let origin: URL;
  try {
    origin = new URL(request.headers.origin ?? '');
  } catch {
    return '';
  }
  const schemeDiffers = origin.protocol === 'https:' && request.protocol === 'http';
  const hostDiffers = origin.host.toLowerCase() !== request.host.toLowerCase();
  if (!schemeDiffers && !hostDiffers) return '';
  const proxy = (request.socket.remoteAddress ?? 'the proxy’s address').replace(/^::ffff:/, '');
  const seen = `this request came over ${request.protocol}://${request.host}`;
  const forwarded = [schemeDiffers && 'X-Forwarded-Proto', hostDiffers && 'X-Forwarded-Host'].filter(Boolean).join(' and ');
  // Anyone can send such a request: the answer names neither the proxy's address nor the setting (the log does).
  const trust = !forLog
    ? `set TRUST_PROXY to the address the proxy connects from (the dashboard's log names it)`
    : trustProxy === false
      ? `set TRUST_PROXY=${proxy} (the address the proxy connects from)`
      : `make sure TRUST_PROXY (now ${trustProxy === true ? 'true' : trustProxy.join(',')}) includes ${proxy}, the address the proxy connects from,`;
  const host = hostDiffers ? ' (or have it pass the original Host header)' : '';
  return ` It looks like a reverse proxy: ${seen}. Behind a proxy, ${trust} and have the proxy send ${forwarded}${host}.`;
}

export default fp<AuthPluginOptions>(
  async (fastify: FastifyInstance, options) => {
    const { storage, now } = options;
    const idleMs = options.idleMinutes * 60_000;
    const maxMs = options.maxHours * 3_600_000;
    /** last_seen is written at most this often per session (reads stay cheap). */
    const touchEveryMs = Math.min(60_000, Math.floor(idleMs / 10));
    const throttle = new LoginThrottle({
      maxFailures: options.loginMaxFailures,
      maxFailuresPerAddress: options.loginMaxFailuresPerAddress,
      maxFailuresPerUsername: options.loginMaxFailuresPerUsername,
      windowMs: options.loginWindowMinutes * 60_000,
      now,
      store: storage.loginFailures,
      log: fastify.log,
    });
    await throttle.restore();
    const pendingSignIns = new PendingSignIns(now);
    const requireTwoFactor = options.requireTwoFactor ?? false;
    const signedIn = (user: UserRecord): SignedInUser => ({
      username: user.username,
      role: user.role,
      mustChangePassword: user.mustChangePassword,
      // A single sign-on user's second factor is the identity provider's (ADR 021).
      mustEnrolTwoFactor: requireTwoFactor && !user.twoFactorEnabled && user.ssoSubject === null,
      expiresAt: user.expiresAt,
      sso: user.ssoSubject !== null,
    });

    await fastify.register(cookie, { hook: 'onRequest' });
    fastify.decorateRequest('user', null);
    fastify.decorateRequest('authSession', null);
    fastify.decorateRequest('apiToken', null);

    const secureFor = (request: FastifyRequest) => options.cookieSecure || request.protocol === 'https';
    const cookieNameFor = (request: FastifyRequest) => (secureFor(request) ? SECURE_COOKIE_NAME : COOKIE_NAME);
    // Only the cookie this request's scheme sets: when it is `__Host-sid`, a plain `sid` (which a sibling sub-domain
    // or a plain-HTTP answer can plant) is no session.
    const sessionIdOf = (request: FastifyRequest): string | undefined => {
      const value = request.cookies[cookieNameFor(request)];
      return value && value.length <= 128 ? value : undefined;
    };

    const resolve = async (request: FastifyRequest): Promise<void> => {
      if (request.authSession) return;
      const id = sessionIdOf(request);
      if (!id) return;
      const idHash = hashSessionId(id);
      const session = await storage.sessions.get(idHash);
      if (!session) return;
      const time = now();
      if (session.expiresAt <= time || session.lastSeenAt + idleMs <= time) {
        await storage.sessions.delete(idHash);
        return;
      }
      const user = await storage.users.get(session.username);
      // Disabled, or their access ended (expires_at): the session ends with it.
      if (!user || user.disabled || accessEnded(user.expiresAt, time)) {
        await storage.sessions.delete(idHash);
        return;
      }
      const renews = !BACKGROUND_POLL_PATHS.has(routePathOf(request));
      if (renews && time - session.lastSeenAt >= touchEveryMs) {
        await storage.sessions.touch(idHash, time);
        session.lastSeenAt = time;
      }
      request.authSession = session;
      request.user = signedIn(user);
    };

    const tokenTouchedAt = new Map<string, number>();
    /**
     * The request's API token: accepted (request.user and request.apiToken set), or the refusal to send. Unknown and
     * malformed tokens are `unauthenticated` (as a missing session: anyone can send them); the others name why.
     */
    const resolveApiToken = async (
      request: FastifyRequest,
      value: string,
    ): Promise<{ status: number; refusal: string; message: string; code?: number } | null> => {
      if (!GUARDED_API.test(routePathOf(request))) {
        return {
          status: 401,
          refusal: 'api_token_not_here',
          message: 'API tokens work for the /api routes only: signing in, passwords and tokens themselves need a signed-in session.',
        };
      }
      const unknown = {
        status: 401,
        refusal: 'unauthenticated',
        message: 'Not a valid API token: send "Authorization: Bearer sdt_…" with a token made in the dashboard (user menu → API tokens) that has not been revoked.',
      };
      if (!API_TOKEN_PATTERN.test(value)) return unknown;
      const token = await storage.apiTokens.byHash(hashSessionId(value));
      if (!token) return unknown;
      const time = now();
      if (Date.parse(token.expiresAt) <= time) {
        return {
          status: 401,
          refusal: 'api_token_expired',
          message: `The API token "${token.name}" expired on ${token.expiresAt.slice(0, 16).replace('T', ' ')} UTC. Make a new one (user menu → API tokens).`,
        };
      }
      const user = await storage.users.get(token.username);
      if (!user || user.disabled) {
        return { status: 401, refusal: 'api_token_user_disabled', message: `The user of this API token (${token.username}) is disabled or no longer exists.` };
      }
      if (accessEnded(user.expiresAt, time)) {
        return {
          status: 401,
          refusal: 'access_expired',
          message: `The access of this API token's user (${token.username}) to this dashboard ended on ${user.expiresAt!.slice(0, 10)}. Ask an admin to extend it.`,
          code: ErrorCodes.accessExpired,
        };
      }
      const person = signedIn(user);
      // The lower of the two: a token made for reading stays a reader, and a user made viewer since loses the rest.
      if (roleRank[token.role] < roleRank[person.role]) person.role = token.role;
      request.user = person;
      request.apiToken = token;
      if (time - (tokenTouchedAt.get(token.id) ?? 0) >= API_TOKEN_TOUCH_MS) {
        tokenTouchedAt.set(token.id, time);
        await storage.apiTokens.touch(token.id, new Date(time), request.ip ?? null);
      }
      return null;
    };

    const view = (session: SessionRecord, user: SignedInUser): Session => ({
      user: {
        username: user.username,
        role: user.role,
        must_change_password: user.mustChangePassword,
        must_enrol_two_factor: user.mustEnrolTwoFactor,
        // Only when there is an end (most users have none), or single sign-on.
        ...(user.expiresAt ? { access_ends_at: user.expiresAt } : {}),
        ...(user.sso ? { sso: true } : {}),
      },
      csrfToken: session.csrfToken,
      idleExpiresAt: new Date(Math.min(session.lastSeenAt + idleMs, session.expiresAt)).toISOString(),
      expiresAt: new Date(session.expiresAt).toISOString(),
    });

    const startSession: AuthApi['startSession'] = async (request, reply, user, extra) => {
      const old = sessionIdOf(request);
      if (old) await storage.sessions.delete(hashSessionId(old));
      const time = now();
      await storage.sessions.deleteExpired(time, time - idleMs);
      const id = newSessionId();
      const session: SessionRecord = {
        idHash: hashSessionId(id),
        username: user.username,
        csrfToken: newCsrfToken(),
        createdAt: time,
        lastSeenAt: time,
        expiresAt: time + maxMs,
        clientIp: request.ip ?? null,
        userAgent: (request.headers['user-agent'] ?? '').slice(0, 256) || null,
        ssoIdToken: extra?.ssoIdToken ?? null,
        ssoSid: extra?.ssoSid ?? null,
      };
      await storage.sessions.create(session);
      reply.setCookie(cookieNameFor(request), id, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureFor(request),
      });
      request.authSession = session;
      request.user = signedIn(user);
      return session;
    };

    const endSession: AuthApi['endSession'] = async (request, reply) => {
      const id = sessionIdOf(request);
      if (id) await storage.sessions.delete(hashSessionId(id));
      for (const name of [COOKIE_NAME, SECURE_COOKIE_NAME]) {
        if (request.cookies[name] !== undefined) {
          reply.clearCookie(name, {
            path: '/',
            httpOnly: true,
            sameSite: 'strict',
            secure: name === SECURE_COOKIE_NAME || secureFor(request),
          });
        }
      }
      request.authSession = null;
    };

    const liveSessions: AuthApi['liveSessions'] = async () => {
      const time = now();
      return storage.sessions.live(time, time - idleMs);
    };

    let insecureCookieLogged = false;
    const insecureCookieWarning: AuthApi['insecureCookieWarning'] = (request) => {
      if (!options.cookieSecure || request.protocol === 'https') return null;
      const warning =
        `COOKIE_SECURE=true, but this sign-in came over plain HTTP (http://${request.host}): browsers drop a Secure ` +
        'cookie set over HTTP (localhost aside), so this browser stays signed out. Serve the dashboard over HTTPS ' +
        '(behind a TLS-terminating proxy: set TRUST_PROXY to its address and have it send X-Forwarded-Proto), or set ' +
        'COOKIE_SECURE=false to use plain HTTP.';
      if (!insecureCookieLogged) {
        insecureCookieLogged = true;
        request.log.warn(warning);
      }
      return warning;
    };

    fastify.decorate('auth', {
      throttle,
      pendingSignIns,
      requireTwoFactor,
      signedIn,
      now,
      startSession,
      endSession,
      view,
      resolve,
      liveSessions,
      insecureCookieWarning,
    } satisfies AuthApi);

    let proxyAdviceLogged = false;
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.is404) return; // unknown routes: 404 in the envelope, nothing else happens
      if (!GUARDED_PREFIX.test(routePathOf(request))) return;
      const access = accessFor(request);
      const unsafe = UNSAFE.has(request.method);

      // Who is asking first (also for public routes), so a refusal is recorded with the user: a script's API token,
      // else the browser's session.
      const bearer = apiTokenOf(request.headers.authorization);
      if (bearer !== null) {
        const refusal = await resolveApiToken(request, bearer);
        if (refusal) return refuse(request, reply, refusal.status, refusal.refusal, refusal.message, refusal.code);
      } else {
        await resolve(request);
      }

      if (unsafe) {
        const cross = crossOrigin(request);
        if (cross) {
          const advice = proxyAdvice(request, fastify.config.trustProxy, false);
          if (advice && !proxyAdviceLogged) {
            proxyAdviceLogged = true; // once: anyone can send such a request
            request.log.warn({ origin: request.headers.origin }, `Cross-site request refused.${proxyAdvice(request, fastify.config.trustProxy)}`);
          }
          return refuse(request, reply, 403, 'csrf', `Cross-site request refused (${cross}).${advice}`);
        }
      }

      if (access === 'public') return;
      const user = request.user;
      const session = request.authSession;
      if (!user || (!session && !request.apiToken)) {
        return refuse(request, reply, 401, 'unauthenticated', 'Sign in to use the dashboard (no valid session).');
      }

      // A token is sent by a script, never by a browser on its own: no CSRF token to check.
      if (unsafe && session) {
        const token = request.headers[CSRF_HEADER];
        if (typeof token !== 'string' || !safeEqual(token, session.csrfToken)) {
          return refuse(
            request,
            reply,
            403,
            'csrf',
            `Missing or wrong ${CSRF_HEADER} header: send the csrfToken from /auth/login or /auth/me.`,
          );
        }
      }

      // Before the role: whatever they asked for, choosing their password is what they can do about it.
      if (user.mustChangePassword && !WHILE_PASSWORD_MUST_CHANGE.has(routePathOf(request))) {
        return refuse(request, reply, 403, 'must_change_password', MUST_CHANGE_PASSWORD_MESSAGE, ErrorCodes.mustChangePassword);
      }
      // Then, with REQUIRE_TWO_FACTOR, setting up two-factor sign-in.
      if (user.mustEnrolTwoFactor && !WHILE_TWO_FACTOR_MUST_ENROL.has(routePathOf(request))) {
        return refuse(request, reply, 403, 'must_enrol_two_factor', MUST_ENROL_TWO_FACTOR_MESSAGE, ErrorCodes.mustEnrolTwoFactor);
      }

      if (!roleAllows(user.role, access)) {
        return refuse(
          request,
          reply,
          403,
          'forbidden',
          `This needs the ${access} role; you are signed in as ${user.username} (${user.role}).`,
        );
      }

      // A token limited to zones: the routes of those zones only.
      if (request.apiToken?.zones) {
        const outOfScope = zoneScopeRefusal(request, request.apiToken);
        if (outOfScope) return refuse(request, reply, 403, 'api_token_zone_scope', outOfScope);
      }
    });

    // Answers about who is signed in, and API answers in general, are not for shared caches or the back button.
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (GUARDED_PREFIX.test(routePathOf(request)) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });
  },
  { name: 'auth', fastify: '5.x', dependencies: ['audit'] },
);
