/**
 * The only module that reads process.env. Everything is parsed with zod once at startup; a bad value stops the
 * server with a message naming the variable.
 */
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SERIAL_WATCH_MAX_BUDGET_PERCENT } from '@secdns/api-types';

// apps/bff, from the sources (src/config.ts) and from the bundle (dist/server.mjs, dist/backup.mjs) alike.
const BFF_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The repository root. A relative DATA_DIR or WEB_DIST_DIR is taken from here, never from the working directory:
 * `npm start`, `pnpm -C apps/bff start` and `node apps/bff/dist/server.mjs` run from anywhere share one database.
 */
export const REPOSITORY_ROOT = resolve(BFF_ROOT, '../..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A whole number of milliseconds within [min, max]. */
function ms(min: number, max: number, fallback: number) {
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int({ error: 'must be a whole number of milliseconds' })
      .min(min, { error: `must be at least ${min} ms` })
      .max(max, { error: `must be at most ${max} ms` })
      .default(fallback),
  );
}

/** A whole number within [min, max]. */
function count(min: number, max: number, fallback: number) {
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(fallback),
  );
}

/** A ratio in (0, 1]: a share of something, 1 being all of it. */
function ratio(fallback: number) {
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number between 0 and 1 (0.5 is half)' })
      .gt(0, { error: 'must be more than 0 (1 turns the limit off)' })
      .max(1, { error: 'must be at most 1 (1 turns the limit off)' })
      .default(fallback),
  );
}

/** @fastify/proxy-addr's names for address ranges, accepted in TRUST_PROXY's list. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** An address, an address/prefix (CIDR) or a range name that TRUST_PROXY's list may hold. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: `false` (default), `true` (every hop is trusted), or a comma-separated list of the proxies' addresses,
 * CIDRs or range names (Fastify's `trustProxy`). A hop count is refused: Fastify 5 ignores it (a direct client could
 * claim any address), so it would silently leave the proxy's address as everyone's.
 */
const TrustProxySchema = z.preprocess(
  (value) => (typeof value === 'string' ? emptyToUndefined(value.trim()) : value),
  z
    .string()
    .optional()
    .transform((value, context): boolean | string[] => {
      const lower = value?.toLowerCase();
      if (lower === undefined || lower === 'false' || lower === '0') return false;
      if (lower === 'true') return true;
      if (/^\d+$/.test(lower)) {
        context.addIssue({
          code: 'custom',
          message:
            'a hop count is not supported (Fastify ignores it: a direct client could claim any address); give the proxy\'s addresses, e.g. 127.0.0.1 or 10.0.0.0/8, or true',
        });
        return z.NEVER;
      }
      const entries = lower.split(',').map((entry) => entry.trim());
      const bad = entries.filter((entry) => !isProxyAddress(entry));
      if (bad.length) {
        context.addIssue({
          code: 'custom',
          message: `must be true, false, or a comma-separated list of addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8); not an address: ${bad.map((entry) => JSON.stringify(entry)).join(', ')}`,
        });
        return z.NEVER;
      }
      return entries;
    }),
);

const EnvSchema = z.object({
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PORT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a port number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be between 0 and 65535' })
      .max(65535, { error: 'must be between 0 and 65535' })
      .default(8787),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('data')),
  CLOUDFLARE_API_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\S+$/, { error: 'must not contain spaces or line breaks (check for a pasted newline)' })
      .optional(),
  ),
  CLOUDFLARE_API_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.cloudflare.com/client/v4' })
      .default('https://api.cloudflare.com/client/v4'),
  ),
  CLOUDFLARE_ACCOUNT_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{32}$/, { error: 'must be a Cloudflare account id: 32 lowercase hexadecimal characters' })
      .optional(),
  ),
  UPSTREAM_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int({ error: 'must be a whole number of milliseconds' })
      .min(1, { error: 'must be at least 1 ms' })
      .max(600_000, { error: 'must be at most 600000 ms (10 minutes)' })
      .default(10_000),
  ),
  UPSTREAM_TOTAL_TIMEOUT_MS: ms(1, 600_000, 25_000),
  UPSTREAM_MAX_RETRIES: count(0, 10, 2),
  UPSTREAM_RETRY_BASE_MS: ms(0, 60_000, 250),
  RATE_LIMIT_REQUESTS: count(1, 100_000_000, 1200),
  RATE_LIMIT_WINDOW_SECONDS: count(1, 86_400, 300),
  RATE_LIMIT_HEADROOM: count(0, 100_000_000, 100),
  READ_CACHE_TTL_MS: ms(0, 600_000, 3000),
  WRITE_QUEUE_TIMEOUT_MS: ms(0, 600_000, 5000),
  WRITE_QUEUE_MAX: count(0, 100_000, 50),
  READ_SHARE_PER_CLIENT: ratio(0.5),
  BULK_READ_SHARE: ratio(0.5),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? emptyToUndefined(value.toLowerCase()) : value),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  WEB_DIST_DIR: z.preprocess(emptyToUndefined, z.string().default('apps/web/dist')),
  // Access control (docs/decisions/006-auth-and-audit.md).
  DASHBOARD_ADMIN_PASSWORD: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .min(12, { error: 'must be at least 12 characters' })
      .max(256, { error: 'must be at most 256 characters' })
      .optional(),
  ),
  SESSION_IDLE_MINUTES: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number of minutes' })
      .int({ error: 'must be a whole number of minutes' })
      .min(1, { error: 'must be at least 1 minute' })
      .max(10_080, { error: 'must be at most 10080 minutes (7 days)' })
      .default(60),
  ),
  SESSION_MAX_HOURS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number of hours' })
      .int({ error: 'must be a whole number of hours' })
      .min(1, { error: 'must be at least 1 hour' })
      .max(720, { error: 'must be at most 720 hours (30 days)' })
      .default(12),
  ),
  COOKIE_SECURE: z.preprocess(
    (value) => (typeof value === 'string' ? emptyToUndefined(value.trim().toLowerCase()) : value),
    z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).default('false'),
  ),
  LOGIN_MAX_FAILURES: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(1000, { error: 'must be at most 1000' })
      .default(5),
  ),
  // Every user must have two-factor sign-in: one without it sets it up at the next sign-in, before anything else.
  REQUIRE_TWO_FACTOR: z.preprocess(
    (value) => (typeof value === 'string' ? emptyToUndefined(value.trim().toLowerCase()) : value),
    z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).default('false'),
  ),
  LOGIN_MAX_FAILURES_PER_ADDRESS: count(1, 100_000, 50),
  LOGIN_MAX_FAILURES_PER_USERNAME: count(0, 100_000, 20),
  TRUST_PROXY: TrustProxySchema,
  SOA_PROBE_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int({ error: 'must be a whole number of milliseconds' })
      .min(100, { error: 'must be at least 100 ms' })
      .max(10_000, { error: 'must be at most 10000 ms' })
      .default(2000),
  ),
  PEER_USAGE_TIME_MS: ms(1000, 120_000, 30_000),
  // The serial watch (docs/decisions/014-serial-watch.md): default on in sandbox mode, off with a token.
  SERIAL_WATCH_MINUTES: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number of minutes (0 turns the watch off)' })
      .int({ error: 'must be a whole number of minutes' })
      .min(0, { error: 'must be 0 (off) or more' })
      .max(1440, { error: 'must be at most 1440 minutes (a day)' })
      .optional(),
  ),
  SERIAL_WATCH_BUDGET_PERCENT: count(1, SERIAL_WATCH_MAX_BUDGET_PERCENT, 10),
  SERIAL_WATCH_WEBHOOK_URL: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (the webhook that takes the serial watch\'s events)' }).optional(),
  ),
  AUDIT_WEBHOOK_URL: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (the webhook that takes each change and action)' }).optional(),
  ),
  CLOUDFLARE_HEALTH_WEBHOOK_URL: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (the webhook told when Cloudflare starts failing and answers again)' }).optional(),
  ),
  LOGIN_WINDOW_MINUTES: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number of minutes' })
      .int({ error: 'must be a whole number of minutes' })
      .min(1, { error: 'must be at least 1 minute' })
      .max(1440, { error: 'must be at most 1440 minutes (a day)' })
      .default(15),
  ),
  // Single sign-on (OIDC; docs/decisions/021-single-sign-on.md): on when OIDC_ISSUER is set.
  OIDC_ISSUER: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be the identity provider’s issuer URL (https://…)' })
      .refine((value) => value.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(value), {
        error: 'must be https (plain http only for an identity provider on this machine: 127.0.0.1 or localhost)',
      })
      .optional(),
  ),
  OIDC_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  OIDC_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  OIDC_REDIRECT_URI: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be this dashboard’s URL ending /auth/oidc/callback' }).optional(),
  ),
  OIDC_NAME: z.preprocess(emptyToUndefined, z.string().max(40, { error: 'must be at most 40 characters' }).default('single sign-on')),
  OIDC_SIGN_OUT: z.preprocess(
    (value) => (typeof value === 'string' ? emptyToUndefined(value.trim().toLowerCase()) : value),
    z
      .enum(['dashboard', 'provider'], {
        error: 'must be dashboard (Sign out ends the dashboard’s session) or provider (the identity provider’s session too)',
      })
      .default('dashboard'),
  ),
  OIDC_USERNAME_CLAIM: z.preprocess(emptyToUndefined, z.string().default('preferred_username')),
  OIDC_GROUPS_CLAIM: z.preprocess(emptyToUndefined, z.string().default('groups')),
  OIDC_SCOPE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((value) => value.split(/\s+/).includes('openid'), { error: 'must include openid' })
      .default('openid profile email groups'),
  ),
  OIDC_ADMIN_GROUPS: z.preprocess(emptyToUndefined, z.string().optional()),
  OIDC_OPERATOR_GROUPS: z.preprocess(emptyToUndefined, z.string().optional()),
  OIDC_VIEWER_GROUPS: z.preprocess(emptyToUndefined, z.string().optional()),
}).superRefine((env, context) => {
  if (env.OIDC_ISSUER) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
      if (!env[name]) context.addIssue({ code: 'custom', path: [name], message: 'is required with OIDC_ISSUER (the client registered at the identity provider)' });
    }
    if (!env.OIDC_ADMIN_GROUPS && !env.OIDC_OPERATOR_GROUPS && !env.OIDC_VIEWER_GROUPS) {
      context.addIssue({
        code: 'custom',
        path: ['OIDC_VIEWER_GROUPS'],
        message: 'one of OIDC_ADMIN_GROUPS, OIDC_OPERATOR_GROUPS, OIDC_VIEWER_GROUPS is required with OIDC_ISSUER: whose groups may use the dashboard, with which role',
      });
    }
  }
  if (env.RATE_LIMIT_HEADROOM >= env.RATE_LIMIT_REQUESTS) {
    context.addIssue({
      code: 'custom',
      path: ['RATE_LIMIT_HEADROOM'],
      message: `must be smaller than RATE_LIMIT_REQUESTS (${env.RATE_LIMIT_REQUESTS}); it is the part of the budget the BFF never uses`,
    });
  }
  // The per-pair limit is the everyday one; the wider counts only make sense above it.
  if (env.LOGIN_MAX_FAILURES_PER_ADDRESS < env.LOGIN_MAX_FAILURES) {
    context.addIssue({
      code: 'custom',
      path: ['LOGIN_MAX_FAILURES_PER_ADDRESS'],
      message: `must be at least LOGIN_MAX_FAILURES (${env.LOGIN_MAX_FAILURES}); it counts every username's failures from one address`,
    });
  }
  if (env.LOGIN_MAX_FAILURES_PER_USERNAME !== 0 && env.LOGIN_MAX_FAILURES_PER_USERNAME < env.LOGIN_MAX_FAILURES) {
    context.addIssue({
      code: 'custom',
      path: ['LOGIN_MAX_FAILURES_PER_USERNAME'],
      message: `must be 0 (not counted) or at least LOGIN_MAX_FAILURES (${env.LOGIN_MAX_FAILURES}); it counts one username's failures from every address`,
    });
  }
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  host: string;
  port: number;
  /** Absolute path (a relative DATA_DIR is taken from the repository root). */
  dataDir: string;
  /**
   * The Cloudflare API token, if any. Only `buildApp` reads it, to hand it to the upstream client; the config the
   * rest of the app sees (`fastify.config`) is a `PublicConfig` without it.
   */
  cloudflareApiToken: string | undefined;
  /** Without a trailing slash. */
  cloudflareApiBaseUrl: string;
  cloudflareAccountId: string | undefined;
  /** One attempt towards Cloudflare (→ 504 when exceeded). */
  upstreamTimeoutMs: number;
  /** Everything one upstream call may take: attempts, backoff, Retry-After waits (→ 504 when exceeded). */
  upstreamTotalTimeoutMs: number;
  /** Extra attempts for GET / PUT / DELETE on connection errors, 5xx and 429. POSTs are never retried. */
  upstreamMaxRetries: number;
  /** First backoff step; doubles per retry, with jitter. */
  upstreamRetryBaseMs: number;
  /** Cloudflare's limit for the token: RATE_LIMIT_REQUESTS per RATE_LIMIT_WINDOW_SECONDS. */
  rateLimitRequests: number;
  rateLimitWindowSeconds: number;
  /** Requests of the window the BFF never uses (other clients of the token, clock skew). */
  rateLimitHeadroom: number;
  /** How long a successful read is served from memory; 0 disables the cache (coalescing stays). */
  readCacheTtlMs: number;
  /** How long a write may wait for budget before it is refused with 429. */
  writeQueueTimeoutMs: number;
  /** How many writes may wait at once; more are refused with 429 at once. */
  writeQueueMax: number;
  /**
   * The share of the budget's capacity one client's reads (a user, else an address) may take per window, 0 < x ≤ 1;
   * past it, that client's reads are answered from the cache (stale) or refused. 1: no limit per client.
   */
  readSharePerClient: number;
  /** The most the bulk actions' reads, everyone's together, may take of the capacity per window (ratio; 1: all). */
  bulkReadShare: number;
  logLevel: LogLevel;
  /** Absolute path (a relative WEB_DIST_DIR is taken from the repository root). */
  webDistDir: string;
  /**
   * The first admin's password (first start only). Like the token, only `buildApp` reads it (it hands it to the
   * storage plugin); it is not in `PublicConfig`.
   */
  dashboardAdminPassword: string | undefined;
  /** A session ends after this long without a request. */
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in, whatever the activity. */
  sessionMaxHours: number;
  /** Secure cookie named `__Host-sid` (also automatic when the request came over HTTPS). */
  cookieSecure: boolean;
  /** Failed sign-ins per (client address, username) within the window before 429. */
  loginMaxFailures: number;
  /** Failed sign-ins per client address, whatever the username, within the window before 429 (≥ loginMaxFailures). */
  loginMaxFailuresPerAddress: number;
  /** Failed sign-ins per username, from any address, within the window before 429; 0: not counted. */
  loginMaxFailuresPerUsername: number;
  loginWindowMinutes: number;
  /**
   * REQUIRE_TWO_FACTOR: every user must sign in with a code from an authenticator app too; one who has not set it up
   * may, signed in, only do that (or change their password, or sign out) — 403, code 10003, otherwise.
   */
  requireTwoFactor: boolean;
  /**
   * Fastify's `trustProxy`: false (the client address is the connection's), true (every proxy trusted) or the
   * addresses / CIDRs of the proxies whose X-Forwarded-For / -Proto / -Host are believed.
   */
  trustProxy: boolean | string[];
  /** How long a peer has to answer the serial check's SOA query (UDP, then TCP when the answer is truncated). */
  soaProbeTimeoutMs: number;
  /** How long "which zones use each peer" may spend reading the zones' configurations. */
  peerUsageTimeMs: number;
  /** Minutes between two rounds of the serial watch; 0: off (the default with a token; 15 in sandbox mode). */
  serialWatchMinutes: number;
  /** The largest share of the budget's capacity the serial watch uses, in percent. */
  serialWatchBudgetPercent: number;
  /**
   * Where the serial watch POSTs a zone's change (behind / caught up). Often holds a secret (Slack's URLs do): like
   * the token, only `buildApp` reads it and it is not in `PublicConfig`.
   */
  serialWatchWebhookUrl: string | undefined;
  /** Where every change and action made through the dashboard is POSTed (ADR 016). A secret too: not public. */
  auditWebhookUrl: string | undefined;
  /** Where Cloudflare starting to fail and answering again are POSTed (ADR 022). A secret too: not public. */
  cloudflareHealthWebhookUrl: string | undefined;
  /** Single sign-on (OIDC), or null when OIDC_ISSUER is not set. Its client secret is not in `PublicConfig`. */
  oidc: OidcConfig | null;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This dashboard's callback URL; null: taken from each request (`<protocol>://<host>/auth/oidc/callback`). */
  redirectUri: string | null;
  /** The sign-in page's button: "Sign in with <name>". */
  name: string;
  /**
   * `provider`: Sign out also ends the user's session at the identity provider (RP-Initiated Logout 1.0: the browser
   * goes to its `end_session_endpoint`, then back to `/sign-in`, which must be registered as a post-logout redirect
   * URI). `dashboard`: only the dashboard's session ends.
   */
  signOut: 'dashboard' | 'provider';
  usernameClaim: string;
  groupsClaim: string;
  /** The scopes asked for (space-separated; `openid` among them). */
  scope: string;
  /** Group names per role (exact, any case); the highest role whose group the user is in wins. */
  groups: { admin: string[]; operator: string[]; viewer: string[] };
}

export type PublicConfig = Omit<AppConfig, 'cloudflareApiToken' | 'dashboardAdminPassword' | 'serialWatchWebhookUrl' | 'auditWebhookUrl' | 'cloudflareHealthWebhookUrl' | 'oidc'> & {
  /** `sandbox` when no token is configured: the BFF serves a built-in Cloudflare emulator. */
  mode: 'sandbox' | 'cloudflare';
  /** Single sign-on without its client secret. */
  oidc: Omit<OidcConfig, 'clientSecret'> | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `loadConfig` for a command's start: a bad environment prints its problems and exits 1, with no stack trace. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\nFix the environment variables above and start again.`);
    process.exit(1);
  }
}

/**
 * Where the command was typed: npm and pnpm run a script in its package's directory (apps/bff) and keep the caller's
 * in INIT_CWD, so a relative path given on the command line means what the user meant.
 */
export function invocationDirectory(env: Record<string, string | undefined> = process.env): string {
  return env.INIT_CWD || process.cwd();
}

/** "dns-admins, noc" → ["dns-admins", "noc"]. */
function groupList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '');
}

/** Parses the environment. Throws a `ConfigError` listing every bad variable. Never echoes the token's value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const config: AppConfig = {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(REPOSITORY_ROOT, e.DATA_DIR),
    cloudflareApiToken: e.CLOUDFLARE_API_TOKEN,
    cloudflareApiBaseUrl: e.CLOUDFLARE_API_BASE_URL.replace(/\/+$/, ''),
    cloudflareAccountId: e.CLOUDFLARE_ACCOUNT_ID,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    // Never shorter than one attempt.
    upstreamTotalTimeoutMs: Math.max(e.UPSTREAM_TOTAL_TIMEOUT_MS, e.UPSTREAM_TIMEOUT_MS),
    upstreamMaxRetries: e.UPSTREAM_MAX_RETRIES,
    upstreamRetryBaseMs: e.UPSTREAM_RETRY_BASE_MS,
    rateLimitRequests: e.RATE_LIMIT_REQUESTS,
    rateLimitWindowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    rateLimitHeadroom: e.RATE_LIMIT_HEADROOM,
    readCacheTtlMs: e.READ_CACHE_TTL_MS,
    writeQueueTimeoutMs: e.WRITE_QUEUE_TIMEOUT_MS,
    writeQueueMax: e.WRITE_QUEUE_MAX,
    readSharePerClient: e.READ_SHARE_PER_CLIENT,
    bulkReadShare: e.BULK_READ_SHARE,
    logLevel: e.LOG_LEVEL,
    webDistDir: resolve(REPOSITORY_ROOT, e.WEB_DIST_DIR),
    dashboardAdminPassword: e.DASHBOARD_ADMIN_PASSWORD,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    cookieSecure: e.COOKIE_SECURE === 'true' || e.COOKIE_SECURE === '1',
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginMaxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
    loginMaxFailuresPerUsername: e.LOGIN_MAX_FAILURES_PER_USERNAME,
    loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    requireTwoFactor: e.REQUIRE_TWO_FACTOR === 'true' || e.REQUIRE_TWO_FACTOR === '1',
    trustProxy: e.TRUST_PROXY,
    soaProbeTimeoutMs: e.SOA_PROBE_TIMEOUT_MS,
    peerUsageTimeMs: e.PEER_USAGE_TIME_MS,
    serialWatchMinutes: e.SERIAL_WATCH_MINUTES ?? (e.CLOUDFLARE_API_TOKEN ? 0 : 15),
    serialWatchBudgetPercent: e.SERIAL_WATCH_BUDGET_PERCENT,
    serialWatchWebhookUrl: e.SERIAL_WATCH_WEBHOOK_URL,
    auditWebhookUrl: e.AUDIT_WEBHOOK_URL,
    cloudflareHealthWebhookUrl: e.CLOUDFLARE_HEALTH_WEBHOOK_URL,
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER,
          clientId: e.OIDC_CLIENT_ID!,
          clientSecret: e.OIDC_CLIENT_SECRET!,
          redirectUri: e.OIDC_REDIRECT_URI ?? null,
          name: e.OIDC_NAME,
          signOut: e.OIDC_SIGN_OUT,
          usernameClaim: e.OIDC_USERNAME_CLAIM,
          groupsClaim: e.OIDC_GROUPS_CLAIM,
          scope: e.OIDC_SCOPE.trim().split(/\s+/).join(' '),
          groups: { admin: groupList(e.OIDC_ADMIN_GROUPS), operator: groupList(e.OIDC_OPERATOR_GROUPS), viewer: groupList(e.OIDC_VIEWER_GROUPS) },
        }
      : null,
  };
  return config;
}
