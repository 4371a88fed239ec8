/**
 * API tokens (docs/decisions/019-api-tokens.md): a signed-in user makes a token (shown once, only its SHA-256 kept),
 * a script sends it as `Authorization: Bearer` to /api routes — no session, no CSRF token — and acts as its user with
 * the lower of the token's and the user's role; refused under /auth, after revocation, after its expiry, with its
 * user (disabled, access ended); audited with the token's name; never in a log. Another Authorization (a proxy's
 * Basic authentication) is left alone.
 */
import { ErrorCodes } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, appFor, signIn, startTestSandbox, testClock, type Sandbox, type TestApp, type TestClient } from '../helper.js';

const PEERS = `/api/accounts/${SEED.accountId}/secondary_dns/peers`;
const FORCE_NOTIFY = `/api/zones/${SEED.zones.statusExampleOrg}/secondary_dns/outgoing/force_notify`;
const DAY = 86_400_000;

let sandbox: Sandbox;
let t: TestApp;
const clock = testClock(Date.now());

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox, {}, { now: clock.now });
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

/** An app of its own whose clock the test moves by days (the shared app's sessions would end with it). */
async function withClock<T>(run: (app: TestApp, clock: ReturnType<typeof testClock>) => Promise<T>): Promise<T> {
  const own = testClock(Date.now());
  const app = await appFor(sandbox, {}, { now: own.now });
  try {
    return await run(app, own);
  } finally {
    await app.app.close();
  }
}

async function makeToken(
  client: { inject: TestClient['inject'] },
  body: Record<string, unknown> = {},
): Promise<{ id: string; token: string; role: string; expires_at: string; username: string }> {
  const response = await client.inject({
    method: 'POST',
    url: '/auth/tokens',
    payload: { name: 'deploy pipeline', role: 'operator', expires_in_days: 30, ...body },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().result;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  it('a token made by a signed-in user reads and acts through /api with no session nor CSRF token, and is shown only once', async () => {
    const made = await makeToken(t.app);
    expect(made.token).toMatch(/^sdt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(made.token.startsWith(`sdt_${made.id}_`)).toBe(true);
    expect(made).toMatchObject({ username: 'admin', role: 'operator' });
    expect(Date.parse(made.expires_at) - clock.now()).toBe(30 * DAY);

    const read = await t.anonymous({ method: 'GET', url: PEERS, headers: bearer(made.token) });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().result.length).toBeGreaterThan(0);

    // An action, no x-csrf-token: Cloudflare gets it once.
    const before = sandbox.requests.length;
    const force = await t.anonymous({ method: 'POST', url: FORCE_NOTIFY, headers: bearer(made.token), payload: { reason: 'deploy 812' } });
    expect(force.statusCode, force.body).toBe(200);
    expect(sandbox.requests.slice(before).filter((r) => r.path.endsWith('/force_notify'))).toHaveLength(1);

    // The list never shows the token again, and says when and from where it was last used.
    const list = (await t.app.inject({ method: 'GET', url: '/auth/tokens' })).json().result as Record<string, unknown>[];
    const listed = list.find((token) => token.id === made.id)!;
    expect(listed).not.toHaveProperty('token');
    expect(JSON.stringify(list)).not.toContain(made.token.slice(18));
    expect(listed.last_used_at).toBe(new Date(clock.now()).toISOString());
    expect(listed.last_used_ip).toBe('127.0.0.1');

    // Nor is it in any log line, nor in the database but as its hash.
    expect(t.logs.join('\n')).not.toContain(made.token.slice(18));
  });

  it('the audit log names the token beside its user, for the action and for the token made', async () => {
    const made = await makeToken(t.app, { name: 'release job' });
    await t.anonymous({ method: 'POST', url: FORCE_NOTIFY, headers: bearer(made.token), payload: { reason: 'release 9' } });
    const entries = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=outgoing.forceNotify' })).json().result as {
      username: string;
      role: string;
      reason: string;
      api_token: string | null;
    }[];
    expect(entries[0]).toMatchObject({ username: 'admin', role: 'operator', reason: 'release 9', api_token: `release job (${made.id})` });
    // The zone page's Recent actions say it too (anyone who opens the zone sees a script forced it).
    const activity = (await t.app.inject({ method: 'GET', url: `/api/zones/${SEED.zones.statusExampleOrg}/activity?limit=10` })).json().result as {
      reason: string | null;
      api_token: string | null;
    }[];
    expect(activity.find((entry) => entry.reason === 'release 9')?.api_token).toBe(`release job (${made.id})`);
    const created = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=auth.tokens.create' })).json().result as {
      api_token: string | null;
      resource_id: string;
      body: unknown;
    }[];
    expect(created[0]).toMatchObject({ api_token: null, resource_id: made.id, body: { name: 'release job', role: 'operator', expires_in_days: 30 } });
    expect(JSON.stringify(created)).not.toContain(made.token.slice(18));
  });

  it('acts with the lower of the token’s role and its user’s: a viewer token cannot Force, an operator made viewer loses it', async () => {
    const viewerToken = await makeToken(t.app, { role: 'viewer' });
    const refused = await t.anonymous({ method: 'POST', url: FORCE_NOTIFY, headers: bearer(viewerToken.token), payload: {} });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0].message).toContain('needs the operator role');

    const operator = await t.as('operator');
    const own = await makeToken(operator);
    expect((await t.anonymous({ method: 'POST', url: FORCE_NOTIFY, headers: bearer(own.token), payload: {} })).statusCode).toBe(200);
    await t.app.inject({ method: 'PATCH', url: `/api/users/${operator.username}`, payload: { role: 'viewer' } });
    expect((await t.anonymous({ method: 'POST', url: FORCE_NOTIFY, headers: bearer(own.token), payload: {} })).statusCode).toBe(403);
    await t.app.inject({ method: 'PATCH', url: `/api/users/${operator.username}`, payload: { role: 'operator' } });
  });

  it('a role above the user’s own is refused, and so are bad names and expiries, before anything is made', async () => {
    const operator = await t.as('operator');
    const admin = await operator.inject({ method: 'POST', url: '/auth/tokens', payload: { name: 'x', role: 'admin', expires_in_days: 30 } });
    expect(admin.statusCode).toBe(400);
    expect(admin.json().errors[0]).toMatchObject({ message: 'role: must be at most your own role (operator)', source: { pointer: '/role' } });
    for (const payload of [
      { name: '', role: 'viewer', expires_in_days: 30 },
      { name: 'x', role: 'viewer', expires_in_days: 0 },
      { name: 'x', role: 'viewer', expires_in_days: 366 },
      { name: 'x', role: 'root', expires_in_days: 30 },
    ]) {
      expect((await operator.inject({ method: 'POST', url: '/auth/tokens', payload })).statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('is refused under /auth (it cannot make tokens, change a password or sign out), and with a session it is not needed there', async () => {
    const made = await makeToken(t.app);
    for (const [method, url] of [
      ['POST', '/auth/tokens'],
      ['GET', '/auth/tokens'],
      ['GET', '/auth/me'],
      ['POST', '/auth/password'],
    ] as const) {
      const response = await t.anonymous({ method, url, headers: bearer(made.token), payload: method === 'POST' ? {} : undefined });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().errors[0].message).toContain('API tokens work for the /api routes only');
    }
  });

  it('a revoked, mistyped or expired token is refused and says why; nothing reaches Cloudflare', async () => {
    const made = await makeToken(t.app);
    const upstream = sandbox.requests.length;
    const mistyped = await t.anonymous({ method: 'GET', url: PEERS, headers: bearer(`${made.token.slice(0, -1)}x`) });
    expect(mistyped.statusCode).toBe(401);
    expect(mistyped.json().errors[0].message).toContain('Not a valid API token');

    const revoke = await t.app.inject({ method: 'DELETE', url: `/auth/tokens/${made.id}` });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect((await t.anonymous({ method: 'GET', url: PEERS, headers: bearer(made.token) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/auth/tokens/${made.id}` })).statusCode).toBe(404);

    expect(sandbox.requests.length).toBe(upstream);
  });

  it('an expired token is refused with its name and date, and the refusal is audited', async () => {
    await withClock(async (app, own) => {
      const short = await makeToken(app.app, { name: 'one day', expires_in_days: 1 });
      own.advance(DAY + 1000);
      const upstream = sandbox.requests.length;
      const expired = await app.anonymous({ method: 'GET', url: PEERS, headers: bearer(short.token) });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().errors[0].message).toMatch(/The API token "one day" expired on \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Make a new one/);
      expect(sandbox.requests.length).toBe(upstream);
      const admin = await signIn(app.anonymous, 'admin', TEST_ADMIN_PASSWORD);
      const refusals = (await admin.inject({ method: 'GET', url: '/api/audit?outcome=failure' })).json().result as { refusal: string }[];
      expect(refusals.map((entry) => entry.refusal)).toContain('api_token_expired');
    });
  });

  it('stops with its user: disabled, or their access ended; deleting the user deletes their tokens', async () => {
    await withClock(async (app, own) => {
      const created = await app.app.inject({
        method: 'POST',
        url: '/api/users',
        payload: { username: 'ci-bot', password: 'a-long-password-1234', role: 'operator', must_change_password: false },
      });
      expect(created.statusCode, created.body).toBe(200);
      const bot = await signIn(app.anonymous, 'ci-bot', 'a-long-password-1234');
      const made = await makeToken(bot);
      expect((await app.anonymous({ method: 'GET', url: PEERS, headers: bearer(made.token) })).statusCode).toBe(200);

      await app.app.inject({ method: 'PATCH', url: '/api/users/ci-bot', payload: { disabled: true } });
      const disabled = await app.anonymous({ method: 'GET', url: PEERS, headers: bearer(made.token) });
      expect(disabled.statusCode).toBe(401);
      expect(disabled.json().errors[0].message).toContain('(ci-bot) is disabled');
      await app.app.inject({ method: 'PATCH', url: '/api/users/ci-bot', payload: { disabled: false } });

      const end = new Date(own.now() + DAY).toISOString();
      const extended = await app.app.inject({ method: 'PATCH', url: '/api/users/ci-bot', payload: { expires_at: end } });
      expect(extended.statusCode, extended.body).toBe(200);
      own.advance(DAY + 1000);
      const ended = await app.anonymous({ method: 'GET', url: PEERS, headers: bearer(made.token) });
      expect(ended.statusCode).toBe(401);
      expect(ended.json().errors[0].code).toBe(ErrorCodes.accessExpired);

      const admin = await signIn(app.anonymous, 'admin', TEST_ADMIN_PASSWORD);
      expect((await admin.inject({ method: 'DELETE', url: '/api/users/ci-bot' })).statusCode).toBe(200);
      const all = (await admin.inject({ method: 'GET', url: '/auth/tokens?all=true' })).json().result as { username: string }[];
      expect(all.some((token) => token.username === 'ci-bot')).toBe(false);
      expect(await app.app.storage.apiTokens.get(made.id)).toBeNull();
    });
  });

  it('one’s own tokens for everyone; everyone’s and anyone’s revocation for admins only', async () => {
    const operator = await t.as('operator');
    const adminToken = await makeToken(t.app, { name: 'admin’s own' });
    const own = await makeToken(operator, { name: 'operator’s own' });

    const mine = (await operator.inject({ method: 'GET', url: '/auth/tokens' })).json().result as { id: string; username: string }[];
    expect(mine.every((token) => token.username === operator.username)).toBe(true);
    expect(mine.map((token) => token.id)).toContain(own.id);
    expect((await operator.inject({ method: 'GET', url: '/auth/tokens?all=true' })).statusCode).toBe(403);
    // Someone else's token is not found for a non-admin, and stays.
    expect((await operator.inject({ method: 'DELETE', url: `/auth/tokens/${adminToken.id}` })).statusCode).toBe(404);
    expect((await t.anonymous({ method: 'GET', url: PEERS, headers: bearer(adminToken.token) })).statusCode).toBe(200);

    const all = (await t.app.inject({ method: 'GET', url: '/auth/tokens?all=true' })).json().result as { id: string }[];
    expect(all.map((token) => token.id)).toEqual(expect.arrayContaining([own.id, adminToken.id]));
    // The users list counts each user's tokens that still work.
    const counted = async () =>
      new Map(((await t.app.inject({ method: 'GET', url: '/api/users' })).json().result as { username: string; api_tokens: number }[]).map((u) => [u.username, u.api_tokens]));
    const before = (await counted()).get(operator.username)!;
    expect(before).toBeGreaterThanOrEqual(1);
    expect((await t.app.inject({ method: 'DELETE', url: `/auth/tokens/${own.id}` })).statusCode).toBe(200);
    expect((await t.anonymous({ method: 'GET', url: PEERS, headers: bearer(own.token) })).statusCode).toBe(401);
    expect((await counted()).get(operator.username)).toBe(before - 1);
  });

  it('another Authorization header (a proxy’s Basic authentication) is not a token: the session still decides', async () => {
    const basic = { authorization: `Basic ${Buffer.from('proxy:pw').toString('base64')}` };
    expect((await t.app.inject({ method: 'GET', url: PEERS, headers: basic })).statusCode).toBe(200);
    expect((await t.anonymous({ method: 'GET', url: PEERS, headers: basic })).statusCode).toBe(401);
    const login = await t.anonymous({ method: 'GET', url: '/auth/me', headers: { authorization: 'Bearer eyJhbGciOi.jwt.of-an-identity-proxy' } });
    expect(login.statusCode).toBe(401);
    expect(login.json().errors[0].message).not.toContain('API token');
  });
});

describe('API tokens limited to zones, made for another user, revoked with Sign out everywhere', () => {
  const EU = SEED.zones.euExampleCom;
  const DOCS = SEED.zones.docsExampleCom;
  const zoneRoute = (zone: string, rest: string) => `/api/zones/${zone}/secondary_dns/${rest}`;
  let users = 0;
  /** A user of its own (the shared `as(role)` user collects every test's tokens), signed in. */
  async function newUser(role: 'viewer' | 'operator'): Promise<TestClient> {
    users += 1;
    const username = `scoped-${users}`;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username, password: 'a-long-password-1234', role, must_change_password: false },
    });
    expect(created.statusCode, created.body).toBe(200);
    return signIn(t.anonymous, username, 'a-long-password-1234');
  }

  it('a token limited to a zone reaches that zone’s routes only; account-wide routes and other zones are refused and say why', async () => {
    const operator = await newUser('operator');
    const made = await makeToken(operator, { name: 'eu deploy', zones: [EU] });
    expect(made).toMatchObject({ zones: [{ id: EU, name: 'eu.example.com' }], created_by: operator.username });

    expect((await t.anonymous({ method: 'GET', url: zoneRoute(EU, 'outgoing'), headers: bearer(made.token) })).statusCode).toBe(200);
    expect((await t.anonymous({ method: 'GET', url: `/api/zones/${EU}`, headers: bearer(made.token) })).statusCode).toBe(200);
    expect((await t.anonymous({ method: 'GET', url: '/api/meta/ratelimit', headers: bearer(made.token) })).statusCode).toBe(200);
    const before = sandbox.requests.length;
    const force = await t.anonymous({ method: 'POST', url: zoneRoute(EU, 'outgoing/force_notify'), headers: bearer(made.token), payload: { reason: 'eu deploy' } });
    expect(force.statusCode, force.body).toBe(200);

    const other = await t.anonymous({ method: 'POST', url: zoneRoute(DOCS, 'outgoing/force_notify'), headers: bearer(made.token), payload: { reason: 'not mine' } });
    expect(other.statusCode).toBe(403);
    expect(other.json().errors[0].message).toBe(`The API token "eu deploy" is limited to the zone eu.example.com; zone ${DOCS} is not it.`);
    for (const url of [PEERS, `/api/accounts?per_page=5`, '/api/audit', `/api/accounts/${SEED.accountId}/secondary_dns/serial_watch`]) {
      const refused = await t.anonymous({ method: 'GET', url, headers: bearer(made.token) });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().errors[0].message).toContain('is limited to the zone eu.example.com: it reaches /api/zones/<zone id>/… of it and the zones list only');
    }
    // Only the allowed Force reached Cloudflare; the refusals are audited with the token.
    expect(sandbox.requests.slice(before).filter((r) => r.path.endsWith('/force_notify')).map((r) => r.path)).toEqual([
      expect.stringContaining(EU),
    ]);
    const refusals = (await t.app.inject({ method: 'GET', url: `/api/audit?user=${operator.username}&outcome=failure` })).json().result as {
      api_token: string | null;
      path: string;
    }[];
    expect(refusals.some((entry) => entry.path.includes(DOCS) && entry.api_token === `eu deploy (${made.id})`)).toBe(true);

    // Everything about the token in one filter (after a leak: what did it do?): made, and each request it made.
    const history = (await t.app.inject({ method: 'GET', url: `/api/audit?resource=${made.id}` })).json().result as {
      operation: string;
      outcome: string;
    }[];
    expect(history.map((entry) => `${entry.operation} ${entry.outcome}`).sort()).toEqual(
      expect.arrayContaining(['auth.tokens.create success', 'outgoing.forceNotify success', 'outgoing.forceNotify failure', 'peers.list failure']),
    );
    expect(history.every((entry) => !entry.operation.startsWith('users.'))).toBe(true);

    // The list says what it is limited to.
    const listed = ((await operator.inject({ method: 'GET', url: '/auth/tokens' })).json().result as { id: string; zones: unknown }[]).find(
      (token) => token.id === made.id,
    );
    expect(listed?.zones).toEqual([{ id: EU, name: 'eu.example.com' }]);
  });

  it('the zones list of a token limited to zones holds its zones only, each read by id (Cloudflare’s list is never asked), filtered and paged as Cloudflare does', async () => {
    const operator = await newUser('viewer');
    const made = await makeToken(operator, { name: 'two zones', role: 'viewer', zones: [EU, DOCS] });
    const list = async (query: string) => {
      const response = await t.anonymous({ method: 'GET', url: `/api/zones${query}`, headers: bearer(made.token) });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { result: { id: string; name: string }[]; result_info: Record<string, number>; messages: { code: number; message: string }[] };
    };
    const before = sandbox.requests.length;
    const all = await list(`?account_id=${SEED.accountId}`);
    expect(all.result.map((zone) => zone.name)).toEqual(['docs.example.com', 'eu.example.com']);
    expect(all.result_info).toEqual({ page: 1, per_page: 20, count: 2, total_count: 2, total_pages: 1 });
    expect(all.messages).toEqual([{ code: 1093, message: 'The API token "two zones" is limited to 2 zones: this list holds them only.' }]);
    const upstream = sandbox.requests.slice(before).map((r) => r.path);
    expect(upstream.some((path) => /\/zones$/.test(path))).toBe(false);
    expect(upstream.filter((path) => path.endsWith(`/zones/${EU}`) || path.endsWith(`/zones/${DOCS}`)).length).toBeLessThanOrEqual(2);

    expect((await list('?name=contains:docs')).result.map((zone) => zone.id)).toEqual([DOCS]);
    expect((await list('?name=EU.example.com.')).result.map((zone) => zone.id)).toEqual([EU]);
    expect((await list(`?account_id=${'f'.repeat(32)}`)).result).toEqual([]);
    const second = await list('?per_page=5&page=2');
    expect(second.result).toEqual([]);
    expect(second.result_info).toMatchObject({ page: 2, per_page: 5, count: 0, total_count: 2 });
    // Bad input is refused by the contract, before anything is read.
    const bad = await t.anonymous({ method: 'GET', url: '/api/zones?per_page=500', headers: bearer(made.token) });
    expect(bad.statusCode).toBe(400);

    // A zone gone since the token was made is left out; any other failure is the answer, not a shorter list.
    sandbox.faults.add({ match: { method: 'GET', path: `^/zones/${DOCS}$` }, times: 1, status: 404, code: 7003, message: `Could not route to /zones/${DOCS}` });
    const gone = await t.anonymous({ method: 'GET', url: '/api/zones?name=contains:example', headers: bearer(made.token) });
    // Used up: the read reached the sandbox (not the read cache).
    expect(sandbox.faults.list()).toEqual([]);
    sandbox.faults.clear();
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json().result.map((zone: { id: string }) => zone.id)).toEqual([EU]);
    sandbox.faults.add({ match: { method: 'GET', path: `^/zones/${EU}$` }, status: 503 });
    const failing = await t.anonymous({ method: 'GET', url: '/api/zones?name=contains:eu', headers: bearer(made.token) });
    sandbox.faults.clear();
    expect(failing.statusCode).toBeGreaterThanOrEqual(500);
    expect(failing.json().success).toBe(false);

    // Without such a token, the list is Cloudflare's, as before.
    const everyZone = await t.app.inject({ method: 'GET', url: `/api/zones?account_id=${SEED.accountId}&per_page=50` });
    expect((everyZone.json().result as unknown[]).length).toBeGreaterThan(2);
    expect(everyZone.json().messages).toEqual([]);
  });

  it('zones are checked when the token is made: an unknown id, a repeated one, too many or none are refused and nothing is made', async () => {
    const operator = await newUser('operator');
    const attempt = (zones: unknown) =>
      operator.inject({ method: 'POST', url: '/auth/tokens', payload: { name: 'x', role: 'viewer', expires_in_days: 7, zones } });
    const unknown = await attempt([EU, 'a'.repeat(32)]);
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json().errors[0].message).toContain(`no zone ${'a'.repeat(32)}`);
    const twice = await attempt([EU, EU]);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].message).toContain('names a zone twice');
    expect((await attempt([])).statusCode).toBe(400);
    expect((await attempt(['example.com'])).statusCode).toBe(400);
    const tooMany = await attempt(Array.from({ length: 21 }, (_, i) => i.toString(16).padStart(32, '0')));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].message).toContain('at most 20 zones');
    expect((await operator.inject({ method: 'GET', url: '/auth/tokens' })).json().result).toEqual([]);
  });

  it('an admin makes a token for another user (a service user), up to that user’s role; others cannot', async () => {
    const service = await newUser('operator');
    const made = await makeToken(t.app, { name: 'pipeline', username: service.username });
    expect(made).toMatchObject({ username: service.username, created_by: 'admin', role: 'operator' });
    const force = await t.anonymous({ method: 'POST', url: zoneRoute(EU, 'outgoing/force_notify'), headers: bearer(made.token), payload: { reason: 'svc' } });
    expect(force.statusCode, force.body).toBe(200);
    const entry = (await t.app.inject({ method: 'GET', url: `/api/audit?user=${service.username}&operation=outgoing.forceNotify` })).json().result[0];
    expect(entry).toMatchObject({ username: service.username, api_token: `pipeline (${made.id})` });
    // Their own list has it, marked as made by the admin.
    const theirs = (await service.inject({ method: 'GET', url: '/auth/tokens' })).json().result as { id: string; created_by: string }[];
    expect(theirs.find((token) => token.id === made.id)?.created_by).toBe('admin');

    const above = await t.app.inject({ method: 'POST', url: '/auth/tokens', payload: { name: 'x', role: 'admin', expires_in_days: 7, username: service.username } });
    expect(above.statusCode).toBe(400);
    expect(above.json().errors[0].message).toContain(`must be at most ${service.username}’s role (operator)`);
    const nobody = await t.app.inject({ method: 'POST', url: '/auth/tokens', payload: { name: 'x', role: 'viewer', expires_in_days: 7, username: 'nobody-here' } });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().errors[0].message).toContain('there is no user nobody-here');
    const notAdmin = await service.inject({ method: 'POST', url: '/auth/tokens', payload: { name: 'x', role: 'viewer', expires_in_days: 7, username: 'admin' } });
    expect(notAdmin.statusCode).toBe(403);
  });

  it('Sign out everywhere keeps the user’s tokens unless asked to revoke them too', async () => {
    const user = await newUser('operator');
    const made = await makeToken(user, { name: 'kept' });
    const kept = await t.app.inject({ method: 'DELETE', url: `/api/users/${user.username}/sessions` });
    expect(kept.json().result).toMatchObject({ username: user.username, api_tokens_revoked: 0 });
    expect((await t.anonymous({ method: 'GET', url: PEERS, headers: bearer(made.token) })).statusCode).toBe(200);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/users/${user.username}/sessions?api_tokens=revoke` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().result).toMatchObject({ username: user.username, api_tokens_revoked: 1 });
    expect((await t.anonymous({ method: 'GET', url: PEERS, headers: bearer(made.token) })).statusCode).toBe(401);
    const entry = (await t.app.inject({ method: 'GET', url: '/api/audit?operation=users.sessions.delete' })).json().result[0];
    expect(entry.after).toMatchObject({ api_tokens_revoked: 1 });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/users/${user.username}/sessions?api_tokens=all` })).statusCode).toBe(400);
  });
});
