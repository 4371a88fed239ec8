/** Shared by playwright.config.ts and the fixtures. */
export const PORT = Number(process.env.E2E_PORT ?? 8790);
export const baseURL = `http://127.0.0.1:${PORT}`;
/** The first admin's password in the test server (the BFF creates `admin` with it on first start). */
export const ADMIN_PASSWORD = 'e2e-admin-password-0123';
/** A second test server with the serial watch on (e2e/tests/serial-watch.spec.ts); the main one has it off. */
export const WATCH_PORT = PORT + 1;
export const watchBaseURL = `http://127.0.0.1:${WATCH_PORT}`;
/**
 * A test OpenID Connect provider (apps/bff/test/test-idp.mjs: oidc-provider, any password) for single sign-on
 * (tests/sso.spec.ts); the main test server signs in with it beside passwords.
 */
export const IDP_PORT = PORT + 2;
export const idpIssuer = `http://127.0.0.1:${IDP_PORT}`;
export const IDP_CLIENT = { id: 'secondary-dns-dashboard', secret: 'test-idp-client-secret-0123456789' };
/**
 * The dashboard with an API token, as in production, against an emulated Cloudflare of its own: the sandbox run on
 * its own (SANDBOX_PORT), whose fault modes the test sets (tests/cloudflare-health.spec.ts: Cloudflare failing).
 */
export const SANDBOX_PORT = PORT + 3;
export const sandboxURL = `http://127.0.0.1:${SANDBOX_PORT}`;
export const SANDBOX_TOKEN = 'e2e-emulated-cloudflare-token-0123456789';
export const TOKEN_PORT = PORT + 4;
export const tokenBaseURL = `http://127.0.0.1:${TOKEN_PORT}`;
