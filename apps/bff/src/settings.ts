/**
 * How this dashboard is set up, in words, for the admins' Settings page (GET /api/meta/settings): every setting of
 * the environment (config.ts) with its variable, its value and whether that is the default. Made once at startup
 * from the configuration; secrets become "set" / "not set" and a webhook URL its host, so nothing here is more
 * secret than what an admin may read on screen.
 */
import { formatInterval, type SettingsGroup } from '@secdns/api-types';
import { loadConfig, type AppConfig } from './config.js';
import { thousands } from './text.js';

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
const secret = (value: string | undefined | null) => (value ? 'set' : 'not set');
const yes = (value: boolean) => (value ? 'yes' : 'no');
/** A webhook: its host only (Slack's and most chat tools' URLs hold their secret in the path). */
const webhook = (url: string | undefined) => (url ? `${new URL(url).host} (path not shown)` : 'not set');
const list = (items: string[]) => (items.length ? items.join(', ') : 'none');

type Row = [env: string, label: string, value: string];

function groupsOf(config: AppConfig): { title: string; description: string; rows: Row[] }[] {
  const oidc = config.oidc;
  return [
    {
      title: 'Cloudflare',
      description: 'Where the dashboard sends its calls, with which token, and how long it waits.',
      rows: [
        ['CLOUDFLARE_API_TOKEN', 'API token', config.cloudflareApiToken ? 'set' : 'not set: the built-in sandbox answers instead of Cloudflare'],
        ['CLOUDFLARE_API_BASE_URL', 'API address', config.cloudflareApiToken ? config.cloudflareApiBaseUrl : 'the built-in sandbox'],
        ['CLOUDFLARE_ACCOUNT_ID', 'Account shown first', config.cloudflareAccountId ?? 'the first account the token lists'],
        ['UPSTREAM_TIMEOUT_MS', 'Timeout of one call', seconds(config.upstreamTimeoutMs)],
        ['UPSTREAM_TOTAL_TIMEOUT_MS', 'Longest a request may take, retries included', seconds(config.upstreamTotalTimeoutMs)],
        ['UPSTREAM_MAX_RETRIES', 'Retries of a read, update or delete (never of a create or an action)', String(config.upstreamMaxRetries)],
        ['UPSTREAM_RETRY_BASE_MS', 'First wait before a retry', seconds(config.upstreamRetryBaseMs)],
      ],
    },
    {
      title: 'Shared rate budget',
      description: 'What everyone using the dashboard may spend of the token’s limit, and how reads are shared.',
      rows: [
        ['RATE_LIMIT_REQUESTS', 'Cloudflare’s limit', `${thousands(config.rateLimitRequests)} requests`],
        ['RATE_LIMIT_WINDOW_SECONDS', 'per', formatInterval(config.rateLimitWindowSeconds)],
        ['RATE_LIMIT_HEADROOM', 'Kept back (never spent)', `${config.rateLimitHeadroom} requests`],
        ['READ_CACHE_TTL_MS', 'A read is reused for', config.readCacheTtlMs === 0 ? 'not reused (off)' : seconds(config.readCacheTtlMs)],
        ['WRITE_QUEUE_TIMEOUT_MS', 'A change waits for the budget at most', seconds(config.writeQueueTimeoutMs)],
        ['WRITE_QUEUE_MAX', 'Changes waiting at most', String(config.writeQueueMax)],
        ['READ_SHARE_PER_CLIENT', 'Share of the reads one user may take', `${Math.round(config.readSharePerClient * 100)} %`],
        ['BULK_READ_SHARE', 'Share of the reads all runs over many zones may take', `${Math.round(config.bulkReadShare * 100)} %`],
      ],
    },
    {
      title: 'Sign-in and sessions',
      description: 'How people sign in, how long they stay signed in, and when sign-in is refused.',
      rows: [
        ['SESSION_IDLE_MINUTES', 'Session ends after idle', formatInterval(config.sessionIdleMinutes * 60)],
        ['SESSION_MAX_HOURS', 'Session ends at most after', formatInterval(config.sessionMaxHours * 3600)],
        ['REQUIRE_TWO_FACTOR', 'Two-factor sign-in required of password users', yes(config.requireTwoFactor)],
        ['COOKIE_SECURE', 'Session cookie only over HTTPS', yes(config.cookieSecure)],
        ['LOGIN_MAX_FAILURES', 'Failed sign-ins before a username is locked', String(config.loginMaxFailures)],
        ['LOGIN_MAX_FAILURES_PER_ADDRESS', 'Failed sign-ins before an address is locked', String(config.loginMaxFailuresPerAddress)],
        ['LOGIN_MAX_FAILURES_PER_USERNAME', 'Failed sign-ins of one username from any address', String(config.loginMaxFailuresPerUsername)],
        ['LOGIN_WINDOW_MINUTES', 'Failed sign-ins are counted over', formatInterval(config.loginWindowMinutes * 60)],
        [
          'TRUST_PROXY',
          'Client address taken from X-Forwarded-For',
          config.trustProxy === true ? 'from any client (trusts every proxy)' : Array.isArray(config.trustProxy) ? `from ${config.trustProxy.join(', ')}` : 'no (the connection’s address)',
        ],
        ['DASHBOARD_ADMIN_PASSWORD', 'First admin’s password (first start only)', secret(config.dashboardAdminPassword)],
      ],
    },
    {
      title: 'Single sign-on',
      description: 'Sign-in with the organisation’s identity provider (OIDC).',
      rows: oidc
        ? [
            ['OIDC_ISSUER', 'Identity provider', oidc.issuer],
            ['OIDC_NAME', 'Button', `Sign in with ${oidc.name}`],
            ['OIDC_CLIENT_ID', 'Client', oidc.clientId],
            ['OIDC_CLIENT_SECRET', 'Client secret', secret(oidc.clientSecret)],
            ['OIDC_REDIRECT_URI', 'Callback', oidc.redirectUri ?? 'from each request (<protocol>://<host>/auth/oidc/callback)'],
            ['OIDC_SIGN_OUT', 'Sign out ends', oidc.signOut === 'provider' ? 'the dashboard’s and the provider’s session' : 'the dashboard’s session only'],
            ['OIDC_ADMIN_GROUPS', 'Groups of admins', list(oidc.groups.admin)],
            ['OIDC_OPERATOR_GROUPS', 'Groups of operators', list(oidc.groups.operator)],
            ['OIDC_VIEWER_GROUPS', 'Groups of viewers', list(oidc.groups.viewer)],
            ['OIDC_USERNAME_CLAIM', 'Username from the claim', oidc.usernameClaim],
            ['OIDC_GROUPS_CLAIM', 'Groups from the claim', oidc.groupsClaim],
            ['OIDC_SCOPE', 'Scopes', oidc.scope],
          ]
        : [['OIDC_ISSUER', 'Identity provider', 'off (passwords only)']],
    },
    {
      title: 'Serial checks',
      description: 'The serial watch in the background, and the SOA queries of every serial check.',
      rows: [
        ['SERIAL_WATCH_MINUTES', 'Serial watch', config.serialWatchMinutes === 0 ? 'off' : `a round every ${formatInterval(config.serialWatchMinutes * 60)}`],
        ['SERIAL_WATCH_BUDGET_PERCENT', 'Serial watch’s largest share of the budget', `${config.serialWatchBudgetPercent} %`],
        ['SOA_PROBE_TIMEOUT_MS', 'A peer has to answer an SOA query within', seconds(config.soaProbeTimeoutMs)],
        ['PEER_USAGE_TIME_MS', '“Which zones use each peer” reads for at most', seconds(config.peerUsageTimeMs)],
      ],
    },
    {
      title: 'Notifications',
      description: 'Where the dashboard tells a chat channel (or anything that takes a JSON POST) what happens.',
      rows: [
        ['AUDIT_WEBHOOK_URL', 'Each change and action', webhook(config.auditWebhookUrl)],
        ['SERIAL_WATCH_WEBHOOK_URL', 'A zone falls behind or catches up', webhook(config.serialWatchWebhookUrl)],
        ['CLOUDFLARE_HEALTH_WEBHOOK_URL', 'Cloudflare’s API starts failing or answers again', webhook(config.cloudflareHealthWebhookUrl)],
      ],
    },
    {
      title: 'Server',
      description: 'Where the dashboard listens, keeps its data and writes its log.',
      rows: [
        ['HOST', 'Listens on address', config.host],
        ['PORT', 'Port', String(config.port)],
        ['DATA_DIR', 'Data directory', config.dataDir],
        ['LOG_LEVEL', 'Log level', config.logLevel],
      ],
    },
  ];
}

export function describeSettings(config: AppConfig): SettingsGroup[] {
  // The defaults of this mode (the serial watch's differs with a token); single sign-on's optional settings are
  // compared with their defaults once it is on (its issuer, client and groups have none).
  const mode = config.cloudflareApiToken ? { CLOUDFLARE_API_TOKEN: 'token' } : {};
  const sso = { ...mode, OIDC_ISSUER: 'https://idp.invalid', OIDC_CLIENT_ID: '-', OIDC_CLIENT_SECRET: '-', OIDC_VIEWER_GROUPS: '-' };
  const defaults = new Map<string, string>();
  for (const env of [mode, sso]) {
    for (const [name, , value] of groupsOf(loadConfig(env)).flatMap((group) => group.rows)) if (!defaults.has(name)) defaults.set(name, value);
  }
  return groupsOf(config).map((group) => ({
    title: group.title,
    description: group.description,
    // A secret that is set is never "the default", whatever the defaults above were made with.
    settings: group.rows.map(([env, label, value]) => ({ env, label, value, isDefault: value !== 'set' && defaults.get(env) === value })),
  }));
}
