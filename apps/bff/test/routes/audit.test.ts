/**
 * The audit log: what is recorded (mutations, actions with their reason, refusals, sign-ins and sign-outs),
 * filters, pagination, CSV export (formula-safe), non-admins see their own entries only, append-only.
 */
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD, appFor, signIn, startTestSandbox, type Sandbox, type TestApp, type TestClient } from '../helper.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { csvCell } from '../../src/routes/audit.js';

const A = SEED.accountId;
const Z = SEED.zones;
const FORCE = `/api/zones/${Z.exampleNet}/secondary_dns/force_axfr`;
const NOTIFY = `/api/zones/${Z.exampleCom}/secondary_dns/outgoing/force_notify`;

let sandbox: Sandbox;
let t: TestApp;
let operator: TestClient;
let viewer: TestClient;
let admin: TestClient;

type Entry = Record<string, unknown>;
const list = async (client: TestClient, query = '') => {
  const response = await client.inject({ method: 'GET', url: `/api/audit${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { result: Entry[]; result_info: Record<string, number> };
};

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox);
  admin = await t.as('admin');
  operator = await t.as('operator');
  viewer = await t.as('viewer');
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

describe('what is recorded', () => {
  it('a Force AXFR with its reason (the reason never goes upstream)', async () => {
    sandbox.clearRequests();
    const response = await operator.inject({ method: 'POST', url: FORCE, payload: { reason: 'TICKET-42 primary was down' } });
    expect(response.statusCode).toBe(200);
    // The zone's configuration read first (what the Force moves, ADR 018), then the Force, sent once.
    expect(sandbox.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
    expect(sandbox.requests[1]!.body).toEqual({});
    const [entry] = (await list(admin, '?operation=forceAxfr')).result;
    expect(entry).toMatchObject({
      username: 'test-operator',
      role: 'operator',
      operation: 'forceAxfr',
      method: 'POST',
      path: FORCE,
      zone_id: Z.exampleNet,
      account_id: null,
      reason: 'TICKET-42 primary was down',
      status: 200,
      outcome: 'success',
      upstream_error_codes: [],
      refusal: null,
      client_ip: '127.0.0.1',
    });
    expect(entry!.request_id).toBe(response.headers['x-request-id']);
    expect(Date.parse(String(entry!.time))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('Force NOTIFY without a reason; an over-long reason is refused (400, recorded)', async () => {
    expect((await operator.inject({ method: 'POST', url: NOTIFY })).statusCode).toBe(200);
    const long = await operator.inject({ method: 'POST', url: NOTIFY, payload: { reason: 'x'.repeat(501) } });
    expect(long.statusCode).toBe(400);
    const entries = (await list(admin, '?operation=outgoing.forceNotify')).result;
    expect(entries.map((entry) => [entry.status, entry.reason])).toEqual([[400, null], [200, null]]);
    expect(entries[0]!.upstream_error_codes).toEqual([1001]);
  });

  it('upstream failures with Cloudflare’s error codes', async () => {
    sandbox.faults.add({ match: { path: `/zones/${Z.shopExampleOrg}/secondary_dns/force_axfr` }, times: 1, status: 400, code: 1234, message: 'nope' });
    const response = await operator.inject({ method: 'POST', url: `/api/zones/${Z.shopExampleOrg}/secondary_dns/force_axfr` });
    sandbox.faults.clear();
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    const [entry] = (await list(admin, `?zone_id=${Z.shopExampleOrg}`)).result;
    expect(entry).toMatchObject({ outcome: 'failure', status: response.statusCode });
    expect(entry!.upstream_error_codes).toEqual([1234]);
  });

  it('mutations with the body, secrets redacted, and the created id', async () => {
    const secret = 'c3VwZXItc2VjcmV0LWF1ZGl0';
    const created = await admin.inject({
      method: 'POST',
      url: `/api/accounts/${A}/secondary_dns/tsigs`,
      payload: { name: 'audit.example.com.', algo: 'hmac-sha256.', secret },
    });
    expect(created.statusCode).toBe(200);
    const [entry] = (await list(admin, '?operation=tsigs.create')).result;
    expect(entry).toMatchObject({
      account_id: A,
      resource_id: created.json().result.id,
      body: { name: 'audit.example.com.', algo: 'hmac-sha256.', secret: '[REDACTED]' },
    });
    const everything = JSON.stringify((await list(admin, '?per_page=500')).result);
    expect(everything).not.toContain(secret);
  });

  it('refusals: 403 for a role, 401 without a session', async () => {
    expect((await viewer.inject({ method: 'POST', url: FORCE })).statusCode).toBe(403);
    expect((await viewer.inject({ method: 'GET', url: '/api/users' })).statusCode).toBe(403);
    expect((await t.anonymous({ method: 'DELETE', url: `/api/accounts/${A}/secondary_dns/acls/${SEED.acls.monitoring}` })).statusCode).toBe(401);
    const refused = (await list(admin, '?outcome=failure&per_page=500')).result;
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'test-viewer', role: 'viewer', operation: 'forceAxfr', status: 403, refusal: 'forbidden' }),
        expect.objectContaining({ username: 'test-viewer', operation: 'users.list', status: 403, refusal: 'forbidden' }),
        expect.objectContaining({ username: null, operation: 'acls.delete', status: 401, refusal: 'unauthenticated', resource_id: SEED.acls.monitoring }),
      ]),
    );
  });

  it('a read without a session is refused (401) and not recorded, as signed-in reads are not; changes, actions and the reveal still are', async () => {
    const total = async () => (await list(admin, '?per_page=1')).result_info.total_count ?? 0;
    const before = await total();
    // What the SPA's last background reads send after a sign-out.
    for (const url of [
      '/api/meta/ratelimit',
      '/api/accounts',
      `/api/zones?account_id=${A}`,
      `/api/zones/${Z.exampleNet}/secondary_dns/incoming`,
      `/api/zones/${Z.exampleCom}/secondary_dns/outgoing/status`,
    ]) {
      const response = await t.anonymous({ method: 'GET', url, headers: { cookie: 'sid=signed-out-session' } });
      expect(response.statusCode, url).toBe(401);
    }
    expect(await total()).toBe(before);

    const action = await t.anonymous({ method: 'POST', url: FORCE, payload: { reason: 'no session' } });
    expect(action.statusCode).toBe(401);
    const reveal = await t.anonymous({ method: 'GET', url: `/api/accounts/${A}/secondary_dns/tsigs/${SEED.tsigs.transferKey}/secret` });
    expect(reveal.statusCode).toBe(401);
    expect(await total()).toBe(before + 2);
    const [revealed, forced] = (await list(admin, '?per_page=2')).result;
    expect(revealed).toMatchObject({ username: null, operation: 'tsigs.secret.reveal', status: 401, refusal: 'unauthenticated' });
    expect(forced).toMatchObject({ username: null, operation: 'forceAxfr', status: 401, refusal: 'unauthenticated', body: null });
    // A 403 on a read stays recorded (the refusals test above): someone signed in asked for what their role may not see.
  });

  it('sign-ins (success and failure) and sign-outs; the password is never recorded', async () => {
    await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: 'definitely-wrong' } });
    const ok = await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    await t.anonymous({ method: 'POST', url: '/auth/logout', headers: { cookie, 'x-csrf-token': ok.json().result.csrfToken } });
    const logins = (await list(admin, '?operation=auth.login')).result;
    expect(logins[0]).toMatchObject({ username: 'admin', role: 'admin', status: 200, body: { username: 'admin', password: '[REDACTED]' } });
    expect(logins[1]).toMatchObject({ username: 'admin', role: null, status: 401, refusal: 'invalid_credentials' });
    expect((await list(admin, '?operation=auth.logout')).result[0]).toMatchObject({ username: 'admin', status: 200 });
    const all = JSON.stringify((await list(admin, '?per_page=500')).result);
    expect(all).not.toContain(TEST_ADMIN_PASSWORD);
    expect(all).not.toContain('definitely-wrong');

    // Whole kinds at once: every sign-in and sign-out, or everything but them (the changes they bury).
    const signIns = (await list(admin, '?operation=auth.*&per_page=500')).result;
    expect(signIns.length).toBeGreaterThanOrEqual(3);
    expect(signIns.every((entry) => String(entry.operation).startsWith('auth.'))).toBe(true);
    const rest = (await list(admin, `?operation=${encodeURIComponent('!auth.*')}&per_page=500`)).result;
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.some((entry) => entry.operation === 'forceAxfr')).toBe(true);
    expect(rest.some((entry) => String(entry.operation).startsWith('auth.'))).toBe(false);
    // "auth.*" is a kind, not a LIKE pattern of the caller's: no wildcard gets through as text.
    expect((await list(admin, `?operation=${encodeURIComponent('a%')}`)).result).toEqual([]);
  });

  it('the first admin’s creation at first start', async () => {
    const [entry] = (await list(admin, '?operation=users.bootstrap')).result;
    expect(entry).toMatchObject({ resource_id: 'admin', request_id: 'startup' });
  });

  it('reads are not recorded', async () => {
    const before = (await list(admin)).result_info.total_count;
    await viewer.inject({ method: 'GET', url: `/api/accounts/${A}/secondary_dns/peers` });
    expect((await list(admin)).result_info.total_count).toBe(before);
  });
});

describe('GET /api/audit', () => {
  it('pages newest first with result_info', async () => {
    const all = await list(admin, '?per_page=500');
    const total = all.result_info.total_count!;
    expect(total).toBeGreaterThan(6);
    const page2 = await list(admin, '?per_page=3&page=2');
    expect(page2.result_info).toEqual({ page: 2, per_page: 3, count: 3, total_count: total, total_pages: Math.ceil(total / 3) });
    expect(page2.result.map((entry) => entry.id)).toEqual(all.result.slice(3, 6).map((entry) => entry.id));
    const ids = all.result.map((entry) => entry.id as number);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('filters by user, operation, zone, outcome and time range', async () => {
    const byUser = (await list(admin, '?user=test-operator&per_page=500')).result;
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((entry) => entry.username === 'test-operator')).toBe(true);
    const success = (await list(admin, '?outcome=success&per_page=500')).result;
    expect(success.every((entry) => (entry.status as number) < 400)).toBe(true);
    const zone = (await list(admin, `?zone_id=${Z.exampleNet}&per_page=500`)).result;
    expect(zone.every((entry) => entry.zone_id === Z.exampleNet)).toBe(true);
    const future = await list(admin, `?since=${encodeURIComponent('2999-01-01T00:00:00Z')}`);
    expect(future.result).toEqual([]);
    const past = await list(admin, `?until=${encodeURIComponent('2000-01-01T00:00:00+01:00')}`);
    expect(past.result).toEqual([]);
    const window = await list(admin, `?since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&operation=forceAxfr`);
    expect(window.result.length).toBeGreaterThan(0);
  });

  it('the user filter takes part of a name, any case; % and _ match only themselves', async () => {
    const usernames = async (query: string) => new Set((await list(admin, `${query}&per_page=500`)).result.map((entry) => entry.username));
    expect(await usernames('?user=test-operator')).toEqual(new Set(['test-operator']));
    expect(await usernames('?user=OPER')).toEqual(new Set(['test-operator']));
    expect(await usernames('?user=test-')).toEqual(new Set(['test-operator', 'test-viewer']));
    expect(await usernames('?user=test_operator')).toEqual(new Set());
    expect(await usernames('?user=%25')).toEqual(new Set());
  });

  it('refuses bad filters with 400', async () => {
    for (const query of ['?outcome=maybe', '?since=yesterday', '?per_page=501', '?page=0', '?unknown=1']) {
      expect((await admin.inject({ method: 'GET', url: `/api/audit${query}` })).statusCode, query).toBe(400);
    }
  });

  it('shows non-admins their own entries only, whatever they ask for', async () => {
    const own = (await list(operator, '?per_page=500')).result;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((entry) => entry.username === 'test-operator')).toBe(true);
    const asked = (await list(operator, '?user=admin&per_page=500')).result;
    expect(asked.every((entry) => entry.username === 'test-operator')).toBe(true);
    // A user whose name is part of another's still sees exactly their own entries.
    await t.app.storage.users.create({ username: 'test-op', role: 'viewer', passwordHash: await hashPassword(TEST_USER_PASSWORD) }, new Date());
    const short = await signIn(t.anonymous, 'test-op', TEST_USER_PASSWORD);
    await short.inject({ method: 'POST', url: FORCE });
    const shorts = (await list(short, '?user=test-op&per_page=500')).result;
    expect(shorts.length).toBeGreaterThan(0);
    expect(shorts.every((entry) => entry.username === 'test-op')).toBe(true);
  });
});

describe('GET /api/audit.csv', () => {
  it('exports the filtered log as CSV, escaped and formula-safe', async () => {
    await operator.inject({ method: 'POST', url: FORCE, payload: { reason: '=HYPERLINK("http://evil","x"), "quoted"\nline' } });
    const response = await admin.inject({ method: 'GET', url: '/api/audit.csv?operation=forceAxfr' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const [header, first] = response.body.split('\r\n');
    expect(header).toBe(
      'id,time,username,role,operation,method,path,account_id,zone_id,zone_name,resource_id,status,outcome,upstream_error_codes,refusal,reason,request_id,client_ip,api_token,body,changes,before,after,seen_after',
    );
    expect(first).toContain(`"'=HYPERLINK(""http://evil"",""x""), ""quoted""\nline"`);
    expect(response.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('csvCell neutralizes = + - @ and quotes separators', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(csvCell([1001, 1002])).toBe('1001 1002');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('non-admins export their own entries only', async () => {
    const response = await viewer.inject({ method: 'GET', url: '/api/audit.csv' });
    const rows = response.body.trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.split(',')[2]).toBe('test-viewer');
  });
});

describe('append-only', () => {
  it('has no route to change or delete entries, and the database refuses it', async () => {
    expect((await admin.inject({ method: 'DELETE', url: '/api/audit' })).statusCode).toBe(404);
    expect((await admin.inject({ method: 'PUT', url: '/api/audit/1', payload: {} })).statusCode).toBe(404);
    const { createClient } = await import('@libsql/client');
    const db = createClient({ url: `file:${t.app.config.dataDir}/dashboard.db` });
    try {
      await expect(db.execute('UPDATE audit_log SET username = NULL')).rejects.toThrow(/append-only/);
      await expect(db.execute('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('zone entries and their account', () => {
  it('a zone operation carries its zone’s account and name once the zones list has said which they are', async () => {
    const before = await operator.inject({ method: 'POST', url: `/api/zones/${Z.statusExampleOrg}/secondary_dns/outgoing/force_notify` });
    expect(before.statusCode).toBe(200);
    const listed = await viewer.inject({ method: 'GET', url: `/api/zones?account_id=${A}&per_page=50` });
    expect(listed.statusCode).toBe(200);
    const after = await operator.inject({ method: 'POST', url: `/api/zones/${Z.statusExampleOrg}/secondary_dns/outgoing/force_notify` });
    expect(after.statusCode).toBe(200);
    const entries = (await list(admin, `?zone_id=${Z.statusExampleOrg}`)).result;
    const byRequest = new Map(entries.map((entry) => [entry.request_id, entry]));
    expect(byRequest.get(before.headers['x-request-id'])).toMatchObject({ zone_id: Z.statusExampleOrg, account_id: null, zone_name: null });
    expect(byRequest.get(after.headers['x-request-id'])).toMatchObject({
      zone_id: Z.statusExampleOrg,
      account_id: A,
      zone_name: 'status.example.org',
    });
    const csv = await admin.inject({ method: 'GET', url: `/api/audit.csv?zone_id=${Z.statusExampleOrg}` });
    expect(csv.body.split('\r\n')[0]).toContain('zone_id,zone_name,resource_id');
    expect(csv.body).toContain(',status.example.org,');
  });

  it('a zone opened by its details (zones.get), in another account, is named with that account', async () => {
    const read = await viewer.inject({ method: 'GET', url: `/api/zones/${Z.stagingExampleCom}` });
    expect(read.statusCode).toBe(200);
    const forced = await operator.inject({ method: 'POST', url: `/api/zones/${Z.stagingExampleCom}/secondary_dns/force_axfr`, payload: {} });
    expect(forced.statusCode).toBe(200);
    const entries = (await list(admin, `?zone_id=${Z.stagingExampleCom}`)).result;
    expect(entries.find((entry) => entry.request_id === forced.headers['x-request-id'])).toMatchObject({
      zone_id: Z.stagingExampleCom,
      account_id: SEED.secondAccountId,
      zone_name: 'staging.example.com',
    });
    // A read is not recorded.
    expect(entries.some((entry) => entry.request_id === read.headers['x-request-id'])).toBe(false);
  });

  it('finds a zone’s entries by the name a person types (any case, trailing dot or not) or by its id', async () => {
    await viewer.inject({ method: 'GET', url: `/api/zones?account_id=${A}&per_page=50` });
    const forced = await operator.inject({ method: 'POST', url: `/api/zones/${Z.statusExampleOrg}/secondary_dns/outgoing/force_notify` });
    expect(forced.statusCode).toBe(200);
    const ids = (query: string) => list(admin, query).then((page) => page.result.map((entry) => entry.id));
    const byId = await ids(`?zone_id=${Z.statusExampleOrg}`);
    expect(byId.length).toBeGreaterThan(0);
    // The entry from before the zones list named the zone has no name: only its id finds it.
    const named = await ids('?zone=status.example.org');
    expect(named.length).toBeGreaterThan(0);
    expect(byId).toEqual(expect.arrayContaining(named));
    expect(await ids('?zone=Status.Example.ORG.')).toEqual(named);
    expect(await ids(`?zone=${Z.statusExampleOrg}`)).toEqual(byId);
    // Part of a name, any case; the start of an id.
    expect(await ids('?zone=example.org')).toEqual(expect.arrayContaining(named));
    expect(await ids('?zone=EXAMPLE')).toEqual(expect.arrayContaining(named));
    expect(await ids('?zone=status.exa')).toEqual(named);
    expect(await ids(`?zone=${Z.statusExampleOrg.slice(0, 8)}`)).toEqual(byId);
    expect(await ids('?zone=example.net')).not.toEqual(expect.arrayContaining(named));
    // % and _ are no wildcards: they match themselves, and no zone name has them.
    expect(await ids('?zone=status_example')).toEqual([]);
    expect(await ids('?zone=%25')).toEqual([]);
    // A lone dot asks for nothing: no filter (every entry), not "every entry with a zone".
    expect((await ids('?zone=.')).length).toBe((await ids('')).length);
    const csv = await admin.inject({ method: 'GET', url: '/api/audit.csv?zone=status.example.org' });
    expect(csv.body.split('\r\n').filter((line) => line.includes(',status.example.org,')).length).toBe(named.length);
  });
});

describe('GET /api/zones/:zone_id/activity', () => {
  it("shows anyone signed in the zone's latest actions by everyone, newest first, without bodies or addresses", async () => {
    const zone = Z.cdnExampleNet;
    const forced = await operator.inject({
      method: 'POST',
      url: `/api/zones/${zone}/secondary_dns/force_axfr`,
      payload: { reason: 'TICKET-7 stale after primary outage' },
    });
    expect(forced.statusCode).toBe(200);
    const refused = await viewer.inject({ method: 'POST', url: `/api/zones/${zone}/secondary_dns/force_axfr`, payload: {} });
    expect(refused.statusCode).toBe(403);
    // Another zone's entries stay out.
    expect((await operator.inject({ method: 'POST', url: FORCE, payload: {} })).statusCode).toBe(200);

    // The viewer sees the operator's action (the audit log would show the viewer only their own entries).
    const response = await viewer.inject({ method: 'GET', url: `/api/zones/${zone}/activity?limit=5` });
    expect(response.statusCode, response.body).toBe(200);
    const { result, result_info } = response.json() as { result: Entry[]; result_info: Record<string, number> };
    expect(result.map((entry) => [entry.username, entry.operation, entry.outcome])).toEqual([
      ['test-viewer', 'forceAxfr', 'failure'],
      ['test-operator', 'forceAxfr', 'success'],
    ]);
    expect(result[0]).toMatchObject({ status: 403, refusal: 'forbidden' });
    expect(result[1]).toMatchObject({
      role: 'operator',
      reason: 'TICKET-7 stale after primary outage',
      status: 200,
      request_id: forced.headers['x-request-id'],
    });
    for (const entry of result) {
      expect(Object.keys(entry).sort()).toEqual(
        ['id', 'time', 'username', 'role', 'operation', 'status', 'outcome', 'reason', 'refusal', 'request_id', 'upstream_error_codes', 'changes', 'seen_after', 'api_token'].sort(),
      );
    }
    expect(result_info).toMatchObject({ count: 2, total_count: 2 });
  });

  it('limits the number of entries and refuses a bad zone id or limit', async () => {
    const one = await viewer.inject({ method: 'GET', url: `/api/zones/${Z.exampleNet}/activity?limit=1` });
    expect(one.statusCode).toBe(200);
    expect(one.json().result).toHaveLength(1);
    expect(one.json().result_info.total_count).toBeGreaterThan(1);
    expect((await viewer.inject({ method: 'GET', url: `/api/zones/not-a-zone/activity` })).statusCode).toBe(400);
    const tooMany = await viewer.inject({ method: 'GET', url: `/api/zones/${Z.exampleNet}/activity?limit=500` });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('must be at most 50');
    expect((await t.anonymous({ method: 'GET', url: `/api/zones/${Z.exampleNet}/activity` })).statusCode).toBe(401);
  });
});
