/**
 * An OpenID Connect identity provider for the single sign-on tests (docs/decisions/021-single-sign-on.md): the real
 * `oidc-provider` (a certified implementation) on 127.0.0.1, with its development login page (any login, any
 * password) and no consent screen. Outside the product, like Cloudflare: BFF tests drive it over HTTP, e2e in Chromium.
 *
 *   const idp = await startTestIdp({ redirectUris: ['http://127.0.0.1:8787/auth/oidc/callback'],
 *                                    accounts: { alice: { groups: ['dns-admins'] } } });
 *   idp.issuer, idp.clientId, idp.clientSecret; await idp.close();
 *
 * Run as a command (the e2e's web server): `node test-idp.mjs <port> <redirect uri> <client id> <client secret>`,
 * with the e2e accounts.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import Provider from 'oidc-provider';

export const TEST_IDP_CLIENT = { clientId: 'secondary-dns-dashboard', clientSecret: 'test-idp-client-secret-0123456789' };

/** Who the e2e's provider knows (any other login signs in with no groups: refused by the dashboard). */
export const E2E_IDP_ACCOUNTS = {
  'sso-operator': { email: 'sso-operator@example.com', groups: ['dns-operators', 'staff'] },
  'sso-viewer': { email: 'sso-viewer@example.com', groups: ['noc', 'staff'] },
};

/**
 * `backchannelLogoutUri`: the client's back-channel logout endpoint, called when a session here ends (`/session/end`);
 * `jwks`: the provider's signing keys (private JWKs), for a test that signs a logout token as the provider would.
 */
export async function startTestIdp({ port = 0, redirectUris, accounts = {}, client = TEST_IDP_CLIENT, backchannelLogoutUri, jwks }) {
  const server = createServer();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: redirectUris,
        // Where Sign out (OIDC_SIGN_OUT=provider) comes back to: each dashboard's /sign-in.
        post_logout_redirect_uris: redirectUris.map((uri) => uri.replace(/\/auth\/oidc\/callback$/, '/sign-in')),
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // With it, ID tokens carry the provider's session id (sid), which logout tokens name.
        ...(backchannelLogoutUri ? { backchannel_logout_uri: backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
      },
    ],
    ...(jwks ? { jwks } : {}),
    // Its calls to the dashboard (back-channel logout) go to 127.0.0.1, which oidc-provider's guard against requests
    // to internal addresses refuses (its own dispatcher): here they go through the plain fetch.
    fetch: (url, { dispatcher: _guard, ...options }) => globalThis.fetch(url, options),
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, preferred_username: id, name: id, ...(accounts[id] ?? {}) }),
    }),
    // No consent screen: the dashboard is the organisation's own application.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email groups');
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true }, backchannelLogout: { enabled: true } },
    cookies: { keys: ['test-idp-cookie-signing-key'] },
  });
  // Quiet: its development-mode warnings are about this being a test provider.
  provider.on('server_error', (_ctx, error) => console.error('test IdP:', error));
  provider.on('backchannel.error', (_ctx, error) => console.error('test IdP, back-channel logout:', error, error?.cause));
  server.on('request', provider.callback());
  return {
    issuer,
    ...client,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [port, redirectUri, clientId, clientSecret] = process.argv.slice(2);
  const idp = await startTestIdp({ port: Number(port), redirectUris: [redirectUri], accounts: E2E_IDP_ACCOUNTS, client: { clientId, clientSecret } });
  console.log(`test identity provider at ${idp.issuer}`);
}
