import { defineConfig, devices } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ADMIN_PASSWORD,
  IDP_CLIENT,
  IDP_PORT,
  PORT,
  SANDBOX_PORT,
  SANDBOX_TOKEN,
  TOKEN_PORT,
  WATCH_PORT,
  baseURL,
  idpIssuer,
  sandboxURL,
  tokenBaseURL,
  watchBaseURL,
} from './constants';
import { SEED } from '../packages/sandbox/src/seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(here, `.data-e2e-${PORT}`);
const watchDataDir = resolve(here, `.data-e2e-${WATCH_PORT}`);
const tokenDataDir = resolve(here, `.data-e2e-${TOKEN_PORT}`);
/**
 * Single sign-on with the test provider: dns-operators gives operator, noc viewer (tests/sso.spec.ts). No admin
 * group: an SSO admin would leave the first admin not the last one, which users.spec.ts relies on.
 */
const sso = [
  `OIDC_ISSUER=${idpIssuer}`,
  `OIDC_CLIENT_ID=${IDP_CLIENT.id}`,
  `OIDC_CLIENT_SECRET=${IDP_CLIENT.secret}`,
  `OIDC_REDIRECT_URI=${baseURL}/auth/oidc/callback`,
  "OIDC_NAME='Example SSO'",
  'OIDC_OPERATOR_GROUPS=dns-operators',
  'OIDC_VIEWER_GROUPS=noc',
  // Sign out of an SSO session ends the provider's session too (tests/sso.spec.ts); password sessions are unchanged.
  'OIDC_SIGN_OUT=provider',
].join(' ');


export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // The longest journeys take 17–28 s on this 2-core machine, 40–47 s when the VM loses CPU time to its host.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: [
    {
      // The production build (apps/web/dist and apps/bff/dist, built by `npm test` before this runs), in sandbox
      // mode, with a fresh data directory each run. The serial watch is off here: its background checks would fill
      // the Serials column that the Check serials tests start without.
      command: `rm -rf '${dataDir}' && DATA_DIR='${dataDir}' PORT=${PORT} HOST=127.0.0.1 LOG_LEVEL=warn SERIAL_WATCH_MINUTES=0 ${sso} DASHBOARD_ADMIN_PASSWORD='${ADMIN_PASSWORD}' pnpm -C ../apps/bff --silent start`,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The same build with the serial watch on (its first round 10 s after start; half of the budget so a round
      // takes seconds, not a minute): tests/serial-watch.spec.ts.
      command: `rm -rf '${watchDataDir}' && DATA_DIR='${watchDataDir}' PORT=${WATCH_PORT} HOST=127.0.0.1 LOG_LEVEL=warn SERIAL_WATCH_MINUTES=15 SERIAL_WATCH_BUDGET_PERCENT=50 DASHBOARD_ADMIN_PASSWORD='${ADMIN_PASSWORD}' pnpm -C ../apps/bff --silent start`,
      url: `${watchBaseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // An emulated Cloudflare of its own (the sandbox, run alone, state in memory) for the server below.
      command: `SANDBOX_TOKEN=${SANDBOX_TOKEN} SANDBOX_PORT=${SANDBOX_PORT} pnpm -C ../packages/sandbox --silent start`,
      url: `${sandboxURL}/__sandbox/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The same build with an API token, as in production, against that emulated Cloudflare, whose fault modes
      // tests/cloudflare-health.spec.ts sets. Short timeouts so that a failing Cloudflare fails in seconds. Its Cloudflare
      // health webhook points at the sandbox, which refuses it: tests/settings.spec.ts sends it a test message.
      command: `rm -rf '${tokenDataDir}' && DATA_DIR='${tokenDataDir}' PORT=${TOKEN_PORT} HOST=127.0.0.1 LOG_LEVEL=warn CLOUDFLARE_API_TOKEN=${SANDBOX_TOKEN} CLOUDFLARE_API_BASE_URL=${sandboxURL}/client/v4 CLOUDFLARE_ACCOUNT_ID=${SEED.accountId} UPSTREAM_TIMEOUT_MS=2000 UPSTREAM_RETRY_BASE_MS=50 CLOUDFLARE_HEALTH_WEBHOOK_URL=${sandboxURL}/hooks/cloudflare-health DASHBOARD_ADMIN_PASSWORD='${ADMIN_PASSWORD}' pnpm -C ../apps/bff --silent start`,
      url: `${tokenBaseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The identity provider of the single sign-on tests (outside the product, like Cloudflare: a real one here).
      command: `node ../apps/bff/test/test-idp.mjs ${IDP_PORT} ${baseURL}/auth/oidc/callback ${IDP_CLIENT.id} ${IDP_CLIENT.secret}`,
      url: `${idpIssuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
