/**
 * AUDIT_WEBHOOK_URL (ADR 016): each change and action made through the dashboard is POSTed to the team's channel —
 * with who, what, on which zone or resource, the reason, what it changed, the outcome — and nothing else (no
 * sign-ins, reads or refusals); never a secret, never the URL in the logs. A receiver on 127.0.0.1 takes them.
 */
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { totpCode } from '../../src/auth/two-factor.js';
import { TEST_ADMIN_PASSWORD, TEST_USER_PASSWORD, appFor, buildTestApp, startTestSandbox, startWebhookReceiver, type Sandbox, type TestApp, type WebhookReceiver } from '../helper.js';

const A = SEED.accountId;
const HOOK_SECRET = 'T000/B000/audit-hook-secret-42';

let sandbox: Sandbox;
let hook: WebhookReceiver;
/** What the webhook received: each body with its path. */
const received = (): Record<string, unknown>[] => hook.received.map((event) => ({ path: event.path, ...event.body }));

beforeAll(async () => {
  sandbox = await startTestSandbox();
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  await hook?.close();
  await sandbox?.close();
});

describe('the audit webhook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appFor(sandbox, { AUDIT_WEBHOOK_URL: `${hook.base}/hooks/${HOOK_SECRET}` });
  });
  afterAll(async () => {
    await t?.app.close();
  });

  it('tells each change and action, in order, with what it changed — not sign-ins, reads or refusals', async () => {
    const admin = await t.as('admin');
    const operator = await t.as('operator');
    const viewer = await t.as('viewer');
    hook.received.length = 0;
    await viewer.inject({ method: 'GET', url: `/api/zones?account_id=${A}&per_page=50` });
    expect((await operator.inject({ method: 'POST', url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`, payload: { reason: 'INC-4711 primary fixed' } })).statusCode).toBe(200);
    expect((await viewer.inject({ method: 'POST', url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`, payload: {} })).statusCode).toBe(403);
    const peer = `/api/accounts/${A}/secondary_dns/peers/${SEED.peers.decommissioned}`;
    expect((await admin.inject({ method: 'PUT', url: peer, payload: { name: 'decommissioned-ns', ip: '192.0.2.98', port: 53 } })).statusCode).toBe(200);
    const secret = 'cm90YXRlZC1zZWNyZXQtZm9yLXRoZS1ob29r';
    const tsig = `/api/accounts/${A}/secondary_dns/tsigs/${SEED.tsigs.legacyKey}`;
    expect((await admin.inject({ method: 'PUT', url: tsig, payload: { name: 'legacy-key.', algo: 'hmac-sha256.', secret } })).statusCode).toBe(200);
    sandbox.faults.add({ match: { method: 'POST', path: `/zones/${SEED.zones.exampleCom}` }, times: 1, status: 500 });
    const failed = await operator.inject({ method: 'POST', url: `/api/zones/${SEED.zones.exampleCom}/secondary_dns/outgoing/force_notify` });
    sandbox.faults.clear();
    expect(failed.statusCode).toBe(502);

    await expect.poll(() => hook.received.length).toBe(4);
    expect(received().map((body) => body.path)).toEqual(Array(4).fill(`/hooks/${HOOK_SECRET}`));
    expect(received().map((body) => body.text)).toEqual([
      'test-operator (operator): Force AXFR on example.net (reason: INC-4711 primary fixed).',
      'admin (admin): Update peer decommissioned-ns — IP 192.0.2.99 → 192.0.2.98.',
      'admin (admin): Update TSIG legacy-key. — Secret changed.',
      'test-operator (operator): Force DNS NOTIFY to the secondaries on example.com — FAILED (HTTP 502), it may or may not have been made.',
    ]);
    expect(received()[0]).toMatchObject({
      event: 'audit.entry', operation: 'forceAxfr', outcome: 'success', status: 200, username: 'test-operator',
      zone_id: SEED.zones.exampleNet, zone: 'example.net', reason: 'INC-4711 primary fixed', changes: [],
    });
    expect(received()[1]).toMatchObject({ changes: [{ field: 'ip', before: '192.0.2.99', after: '192.0.2.98' }] });
    expect(JSON.stringify(received())).not.toContain(secret);
    expect(t.logs.join('\n')).not.toContain(HOOK_SECRET);
  });

  it('typed text cannot ping the channel or pose as a link; a refused change says it was not made', async () => {
    const admin = await t.as('admin');
    const operator = await t.as('operator');
    hook.received.length = 0;
    await operator.inject({ method: 'POST', url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`, payload: { reason: '<!channel> see <https://evil.example|runbook> & more' } });
    sandbox.faults.add({ match: { method: 'PUT', path: `/accounts/${A}/secondary_dns/acls/` }, times: 1, status: 400, code: 1004, message: 'nope' });
    const refused = await admin.inject({
      method: 'PUT',
      url: `/api/accounts/${A}/secondary_dns/acls/${SEED.acls.officeNetwork}`,
      payload: { name: 'office-network', ip_range: '192.0.2.0/25' },
    });
    sandbox.faults.clear();
    expect(refused.statusCode).toBe(400);
    await expect.poll(() => hook.received.length).toBe(2);
    expect(received()[0]!.text).toBe(
      'test-operator (operator): Force AXFR on example.net (reason: &lt;!channel&gt; see &lt;https://evil.example|runbook&gt; &amp; more).',
    );
    // The entry's facts keep the reason as typed (a program reads them, not a chat).
    expect(received()[0]!.reason).toBe('<!channel> see <https://evil.example|runbook> & more');
    expect(received()[1]!.text).toBe('admin (admin): Update ACL office-network — REFUSED (HTTP 400); asked: IP range 192.0.2.0/24 → 192.0.2.0/25.');
  });

  it('also tells a password change and Run now, not sign-ins or sign-outs', async () => {
    const viewer = await t.as('viewer');
    hook.received.length = 0;
    const changed = await viewer.inject({
      method: 'POST',
      url: '/auth/password',
      payload: { currentPassword: TEST_USER_PASSWORD, newPassword: 'a-new-password-for-the-hook' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'test-viewer', password: 'wrong-password-here' } });
    await expect.poll(() => hook.received.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received().map((body) => body.operation)).toEqual(['auth.password']);
    expect(received()[0]!.text).toBe('test-viewer (viewer): Change own password.');
    expect(JSON.stringify(received())).not.toContain('a-new-password-for-the-hook');
  });

  it('tells two-factor sign-in turned on (never its secret or codes), not the sign-in steps', async () => {
    const admin = await t.as('admin');
    hook.received.length = 0;
    const started = await admin.inject({ method: 'POST', url: '/auth/two-factor/enrolment', payload: { password: TEST_ADMIN_PASSWORD } });
    const { secret } = started.json().result as { secret: string };
    const code = totpCode(secret, Date.now());
    const confirmed = await admin.inject({ method: 'POST', url: '/auth/two-factor/enrolment/confirm', payload: { code } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const challenge = (await t.anonymous({ method: 'POST', url: '/auth/login', payload: { username: 'admin', password: TEST_ADMIN_PASSWORD } })).json()
      .result.challenge as string;
    await t.anonymous({ method: 'POST', url: '/auth/login/two-factor', payload: { challenge, code: '000000' } });
    await expect.poll(() => hook.received.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received().map((body) => body.operation)).toEqual(['auth.twoFactor.enable']);
    expect(received()[0]!.text).toBe('admin (admin): Turn on two-factor sign-in.');
    const told = JSON.stringify(received());
    for (const value of [secret, code, challenge, ...(confirmed.json().result.recoveryCodes as string[])]) expect(told).not.toContain(value);
  });

  it('tells an API token made and revoked (never the token), and names the token on a script’s Force', async () => {
    const operator = await t.as('operator');
    hook.received.length = 0;
    const made = await operator.inject({ method: 'POST', url: '/auth/tokens', payload: { name: 'deploy pipeline', role: 'operator', expires_in_days: 30 } });
    expect(made.statusCode, made.body).toBe(200);
    const { id, token } = made.json().result as { id: string; token: string };
    const forced = await t.anonymous({
      method: 'POST',
      url: `/api/zones/${SEED.zones.exampleCom}/secondary_dns/outgoing/force_notify`,
      headers: { authorization: `Bearer ${token}` },
      payload: { reason: 'deploy 812' },
    });
    expect(forced.statusCode, forced.body).toBe(200);
    expect((await operator.inject({ method: 'DELETE', url: `/auth/tokens/${id}` })).statusCode).toBe(200);
    await expect.poll(() => hook.received.length).toBe(3);
    expect(received().map((body) => body.text)).toEqual([
      'test-operator (operator): Create API token deploy pipeline.',
      'test-operator (operator) with API token deploy pipeline: Force DNS NOTIFY to the secondaries on example.com (reason: deploy 812).',
      'test-operator (operator): Revoke API token deploy pipeline — was: Name deploy pipeline; Role operator.',
    ]);
    expect(received()[1]).toMatchObject({ api_token: `deploy pipeline (${id})`, reason: 'deploy 812' });
    expect(JSON.stringify(received())).not.toContain(token.slice(18));
  });

  it('a webhook that refuses or is gone: a warning without its URL, and the change goes through', async () => {
    hook.answer = 500;
    const admin = await t.as('admin');
    hook.received.length = 0;
    const response = await admin.inject({
      method: 'PUT',
      url: `/api/accounts/${A}/secondary_dns/acls/${SEED.acls.monitoring}`,
      payload: { name: 'monitoring', ip_range: '198.51.100.53/32' },
    });
    expect(response.statusCode).toBe(200);
    await expect.poll(() => t.logs.some((line) => line.includes('audit log: the webhook refused the event (HTTP 500)'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(HOOK_SECRET);
    hook.answer = 200;
  });

  it('in sandbox mode (no token) each event says so, so a channel never takes the emulator for Cloudflare', async () => {
    const demo = await buildTestApp({ AUDIT_WEBHOOK_URL: `${hook.base}/hooks/${HOOK_SECRET}` });
    try {
      expect(demo.app.config.mode).toBe('sandbox');
      hook.received.length = 0;
      const admin = await demo.as('admin');
      const forced = await admin.inject({ method: 'POST', url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`, payload: { reason: 'demo' } });
      expect(forced.statusCode).toBe(200);
      await expect.poll(() => received().length).toBe(1);
      expect(received()[0]).toMatchObject({ sandbox: true, operation: 'forceAxfr', text: expect.stringMatching(/^\[sandbox\] admin \(admin\): Force AXFR on /) });
    } finally {
      await demo.app.close();
    }
  });

  it('takes only an http(s) URL, kept out of the public configuration', () => {
    expect(() => loadConfig({ AUDIT_WEBHOOK_URL: 'hooks.example/abc' })).toThrow(/AUDIT_WEBHOOK_URL: must be an http\(s\) URL/);
    expect(loadConfig({ AUDIT_WEBHOOK_URL: 'https://hooks.example/abc' }).auditWebhookUrl).toBe('https://hooks.example/abc');
    expect(JSON.stringify(t.app.config)).not.toContain(HOOK_SECRET);
  });
});
