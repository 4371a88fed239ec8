/**
 * GET /api/meta/settings (admins): how the dashboard is set up, in words, with each setting's environment variable
 * and whether it is the default — and never a secret: the API token, the first admin's password, the identity
 * provider's client secret and the webhooks' paths are "set" or a host, whatever they are.
 */
import { readFileSync } from 'node:fs';
import type { Settings } from '@secdns/api-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '@secdns/sandbox';
import { appFor, startTestSandbox, startWebhookReceiver, type Sandbox, type TestApp } from '../helper.js';

const SECRETS = {
  OIDC_CLIENT_SECRET: 'oidc-client-secret-value-9f8e7d',
  AUDIT_WEBHOOK_URL: 'https://hooks.example.com/services/T000/B000/audit-path-secret',
  SERIAL_WATCH_WEBHOOK_URL: 'https://chat.example.org/hooks/serial-path-secret',
  CLOUDFLARE_HEALTH_WEBHOOK_URL: 'https://chat.example.org/hooks/health-path-secret',
};

let sandbox: Sandbox;
let t: TestApp;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox, {
    ...SECRETS,
    OIDC_ISSUER: 'https://login.example.com/realms/dns',
    OIDC_CLIENT_ID: 'secondary-dns',
    OIDC_ADMIN_GROUPS: 'dns-admins',
    OIDC_VIEWER_GROUPS: 'noc, staff',
    OIDC_SIGN_OUT: 'provider',
    UPSTREAM_TIMEOUT_MS: '4000',
    SERIAL_WATCH_MINUTES: '30',
  });
});
afterAll(async () => {
  await t?.app.close();
  await sandbox?.close();
});

const settingsOf = (body: Settings) => new Map(body.groups.flatMap((group) => group.settings).map((setting) => [setting.env, setting]));

describe('the settings report', () => {
  it('says each setting in words, with its variable and whether it is the default', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/meta/settings' });
    expect(response.statusCode).toBe(200);
    const body = response.json().result as Settings;
    expect(body.groups.map((group) => group.title)).toEqual(['Cloudflare', 'Shared rate budget', 'Sign-in and sessions', 'Single sign-on', 'Serial checks', 'Notifications', 'Server']);
    const settings = settingsOf(body);
    expect(settings.get('CLOUDFLARE_API_TOKEN')).toMatchObject({ value: 'set', isDefault: false });
    expect(settings.get('CLOUDFLARE_API_BASE_URL')).toMatchObject({ value: sandbox.url, isDefault: false });
    expect(settings.get('UPSTREAM_TIMEOUT_MS')).toMatchObject({ label: 'Timeout of one call', value: '4 s', isDefault: false });
    expect(settings.get('UPSTREAM_TOTAL_TIMEOUT_MS')).toMatchObject({ isDefault: true });
    expect(settings.get('RATE_LIMIT_WINDOW_SECONDS')).toMatchObject({ value: '5 minutes', isDefault: true });
    expect(settings.get('SERIAL_WATCH_MINUTES')).toMatchObject({ value: 'a round every 30 minutes', isDefault: false });
    expect(settings.get('OIDC_SIGN_OUT')).toMatchObject({ value: 'the dashboard’s and the provider’s session', isDefault: false });
    expect(settings.get('OIDC_VIEWER_GROUPS')).toMatchObject({ value: 'noc, staff', isDefault: false });
    // Single sign-on's optional settings left as they are: defaults.
    expect(settings.get('OIDC_OPERATOR_GROUPS')).toMatchObject({ value: 'none', isDefault: true });
    expect(settings.get('OIDC_SCOPE')).toMatchObject({ value: 'openid profile email groups', isDefault: true });
    expect(settings.get('OIDC_ISSUER')).toMatchObject({ isDefault: false });
    expect(settings.get('RATE_LIMIT_REQUESTS')).toMatchObject({ value: '1,200 requests', isDefault: true });
    expect(settings.get('OIDC_CLIENT_SECRET')).toMatchObject({ value: 'set' });
    expect(settings.get('AUDIT_WEBHOOK_URL')).toMatchObject({ value: 'hooks.example.com (path not shown)', isDefault: false });
    expect(settings.get('REQUIRE_TWO_FACTOR')).toMatchObject({ value: 'no', isDefault: true });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    // Every row names a variable the server reads (README's table documents each).
    for (const setting of settings.values()) expect(setting.env).toMatch(/^[A-Z][A-Z_]+$/);
  });

  it('has every variable the server reads (a new one added to config.ts shows here too)', async () => {
    const read = [...readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8').matchAll(/^  ([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!);
    expect(read.length).toBeGreaterThan(40);
    const shown = settingsOf((await t.app.inject({ method: 'GET', url: '/api/meta/settings' })).json().result as Settings);
    // WEB_DIST_DIR: where the built web app is, a packaging detail.
    expect(read.filter((name) => !shown.has(name) && name !== 'WEB_DIST_DIR')).toEqual([]);
  });

  it('holds no secret', async () => {
    const text = (await t.app.inject({ method: 'GET', url: '/api/meta/settings' })).body;
    for (const value of [sandbox.token, ...Object.values(SECRETS), 'path-secret', 'T000']) expect(text).not.toContain(value);
  });

  it('without single sign-on: one row, off, the default', async () => {
    const plain = await appFor(sandbox);
    try {
      const settings = settingsOf((await plain.app.inject({ method: 'GET', url: '/api/meta/settings' })).json().result as Settings);
      expect(settings.get('OIDC_ISSUER')).toMatchObject({ value: 'off (passwords only)', isDefault: true });
      expect(settings.has('OIDC_SCOPE')).toBe(false);
      expect(settings.get('AUDIT_WEBHOOK_URL')).toMatchObject({ value: 'not set', isDefault: true });
    } finally {
      await plain.app.close();
    }
  });

  it("says how a webhook's deliveries went since the start: taken, not taken and why", async () => {
    const hook = await startWebhookReceiver();
    const app = await appFor(sandbox, { AUDIT_WEBHOOK_URL: `${hook.base}/hooks/audit-path-secret` });
    try {
      const audit = async () =>
        settingsOf((await app.app.inject({ method: 'GET', url: '/api/meta/settings' })).json().result as Settings).get('AUDIT_WEBHOOK_URL')!;
      expect(await audit()).toMatchObject({ value: '127.0.0.1:' + new URL(hook.base).port + ' (path not shown)', status: { text: 'Nothing to tell since the server started.', ok: true } });
      const force = () => app.app.inject({ method: 'POST', url: `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`, payload: {} });
      expect((await force()).statusCode).toBe(200);
      await expect.poll(async () => (await audit()).status?.text).toMatch(/^Since the server started: 1 taken, the last at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/);
      expect((await audit()).status?.ok).toBe(true);
      hook.answer = 500;
      expect((await force()).statusCode).toBe(200);
      await expect
        .poll(async () => (await audit()).status?.text)
        .toMatch(/^Since the server started: 1 taken, the last at .+ UTC; 1 not taken, the last at .+ UTC \(refused with HTTP 500\)\.$/);
      expect((await audit()).status?.ok).toBe(false);
      const metrics = (await app.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toContain('bff_webhook_sent_total{webhook="audit log"} 1');
      expect(metrics).toContain('bff_webhook_failures_total{webhook="audit log",reason="refused"} 1');
      // A webhook not set has no status.
      const settings = settingsOf((await app.app.inject({ method: 'GET', url: '/api/meta/settings' })).json().result as Settings);
      expect(settings.get('SERIAL_WATCH_WEBHOOK_URL')).not.toHaveProperty('status');
    } finally {
      await app.app.close();
      await hook.close();
    }
  });

  it('sends a test message to a webhook now and says whether it was taken; recorded in the audit log', async () => {
    const hook = await startWebhookReceiver();
    const app = await appFor(sandbox, { SERIAL_WATCH_WEBHOOK_URL: `${hook.base}/hooks/serial-path-secret` });
    const test = (env: string) => app.app.inject({ method: 'POST', url: '/api/meta/settings/webhook-test', payload: { env } });
    try {
      const taken = await test('SERIAL_WATCH_WEBHOOK_URL');
      expect(taken.statusCode).toBe(200);
      expect(taken.json().result).toEqual({ taken: true, detail: 'HTTP 200' });
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0]!.body).toMatchObject({
        event: 'test',
        text: 'Test message from the Secondary DNS dashboard, sent by admin from Settings: this channel receives the serial watch’s zones falling behind and catching up.',
        time: expect.any(String),
      });
      // Refused by the webhook: said, and counted as a delivery not taken.
      hook.answer = 404;
      expect((await test('SERIAL_WATCH_WEBHOOK_URL')).json().result).toEqual({ taken: false, detail: 'refused with HTTP 404' });
      const status = settingsOf((await app.app.inject({ method: 'GET', url: '/api/meta/settings' })).json().result as Settings).get('SERIAL_WATCH_WEBHOOK_URL')!.status!;
      expect(status).toMatchObject({ ok: false, text: expect.stringMatching(/1 taken.*1 not taken.*refused with HTTP 404/) });
      // Gone: could not reach it.
      await hook.close();
      expect((await test('SERIAL_WATCH_WEBHOOK_URL')).json().result).toEqual({ taken: false, detail: 'could not reach it' });
      // A webhook that is not set, or a name that is none.
      const unset = await test('AUDIT_WEBHOOK_URL');
      expect(unset.statusCode).toBe(409);
      expect(unset.json().errors[0].message).toBe('AUDIT_WEBHOOK_URL is not set: there is no webhook to send a test message to.');
      expect((await test('SOMETHING_ELSE')).statusCode).toBe(400);
      const entries = (await app.app.inject({ method: 'GET', url: '/api/audit?operation=meta.webhookTest' })).json().result;
      expect(entries.length).toBeGreaterThanOrEqual(4);
      expect(entries[entries.length - 1]).toMatchObject({ username: 'admin', outcome: 'success', after: { webhook: 'SERIAL_WATCH_WEBHOOK_URL', taken: true } });
      expect(JSON.stringify(entries)).not.toContain('serial-path-secret');
      // Operators may not.
      const operator = await app.as('operator');
      expect((await operator.inject({ method: 'POST', url: '/api/meta/settings/webhook-test', payload: { env: 'SERIAL_WATCH_WEBHOOK_URL' } })).statusCode).toBe(403);
    } finally {
      await app.app.close();
      await hook.close();
    }
  });

  it('is for admins only', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const client = await t.as(role);
      expect((await client.inject({ method: 'GET', url: '/api/meta/settings' })).statusCode).toBe(403);
    }
    expect((await t.anonymous({ method: 'GET', url: '/api/meta/settings' })).statusCode).toBe(401);
  });
});
