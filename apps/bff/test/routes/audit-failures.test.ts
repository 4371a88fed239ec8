/**
 * When the audit log cannot be written (a full disk), the change has already gone through: the failure is counted
 * (bff_audit_write_failures_total) and /readyz's database check fails until the database takes a write again.
 * Webhook events that do not arrive are counted too (bff_webhook_failures_total).
 *
 * The database is made to refuse writes as a full disk would, from a second connection: triggers that abort every
 * insert into the audit log and into the readiness check's row.
 */
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { SEED } from '@secdns/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, emptyDir, startTestSandbox, startWebhookReceiver, type Sandbox, type TestApp, type TestClient } from '../helper.js';

const FORCE = `/api/zones/${SEED.zones.exampleNet}/secondary_dns/force_axfr`;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

/** The value of one sample in the Prometheus text (0 when absent). */
async function metric(t: TestApp, sample: string): Promise<number> {
  const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

async function readyz(t: TestApp) {
  const response = await t.app.inject({ method: 'GET', url: '/readyz' });
  return { status: response.statusCode, database: response.json().checks.database as { ok: boolean; detail: string } };
}

describe('an audit write that fails', () => {
  let t: TestApp;
  let operator: TestClient;
  let db: Client;
  const refuseWrites = () =>
    db.batch(
      [
        `CREATE TRIGGER test_full_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
        `CREATE TRIGGER test_full_check BEFORE INSERT ON write_check BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
        `CREATE TRIGGER test_full_check_update BEFORE UPDATE ON write_check BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
      ],
      'write',
    );
  const allowWrites = () =>
    db.batch(['DROP TRIGGER test_full_audit', 'DROP TRIGGER test_full_check', 'DROP TRIGGER test_full_check_update'], 'write');

  beforeAll(async () => {
    const dataDir = emptyDir();
    t = await appFor(sandbox, { DATA_DIR: dataDir });
    operator = await t.as('operator');
    db = createClient({ url: `file:${join(dataDir, 'dashboard.db')}` });
    await db.execute('PRAGMA busy_timeout = 5000');
  });
  afterAll(async () => {
    db?.close();
    await t?.app.close();
  });

  it('is counted, logged, and makes /readyz not ready on the database check until the database takes writes again', async () => {
    expect(await readyz(t)).toEqual({ status: 200, database: { ok: true, detail: 'the database answers; the last audit write succeeded' } });
    expect(await metric(t, 'bff_audit_write_failures_total')).toBe(0);

    await refuseWrites();
    sandbox.clearRequests();
    const forced = await operator.inject({ method: 'POST', url: FORCE, payload: { reason: 'disk is full' } });
    // The change had been sent (and answered) before its entry was written: it went through, unrecorded.
    expect(forced.statusCode).toBe(200);
    // (The zone's configuration read first: what the Force moves, ADR 018.)
    expect(sandbox.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
    expect(await metric(t, 'bff_audit_write_failures_total')).toBe(1);
    expect(t.logs.some((line) => line.includes('audit write failed') && line.includes(String(forced.headers['x-request-id'])))).toBe(true);

    const notReady = await readyz(t);
    expect(notReady.status).toBe(503);
    expect(notReady.database.ok).toBe(false);
    expect(notReady.database.detail).toMatch(/^the last audit write failed \(.*database or disk is full\) and the database still refuses writes/);

    // Space again: ready at once (its own test write), before any audited request comes.
    await allowWrites();
    const ready = await readyz(t);
    expect(ready.status).toBe(200);
    expect(ready.database).toMatchObject({ ok: true, detail: expect.stringMatching(/the database has taken a write since$/) });

    expect((await operator.inject({ method: 'POST', url: FORCE, payload: { reason: 'space again' } })).statusCode).toBe(200);
    const { entries } = await t.app.storage.audit.query({ operation: 'forceAxfr' }, { offset: 0, limit: 10 });
    expect(entries.map((entry) => entry.reason)).toEqual(['space again']);
    expect((await readyz(t)).database.detail).toBe('the database answers; the last audit write succeeded');
    expect(await metric(t, 'bff_audit_write_failures_total')).toBe(1);
  });
});

describe('webhook events that do not arrive', () => {
  it('are counted by webhook and reason', async () => {
    const hook = await startWebhookReceiver();
    hook.answer = 500;
    const t = await appFor(sandbox, { AUDIT_WEBHOOK_URL: `${hook.base}/audit` });
    try {
      const operator = await t.as('operator');
      const sample = 'bff_webhook_failures_total{webhook="audit log",reason="refused"}';
      expect(await metric(t, sample)).toBe(0);
      expect((await operator.inject({ method: 'POST', url: FORCE })).statusCode).toBe(200);
      expect((await operator.inject({ method: 'POST', url: FORCE })).statusCode).toBe(200);
      await expect.poll(() => metric(t, sample)).toBe(2);

      await hook.close();
      expect((await operator.inject({ method: 'POST', url: FORCE })).statusCode).toBe(200);
      await expect.poll(() => metric(t, 'bff_webhook_failures_total{webhook="audit log",reason="unreachable"}')).toBe(1);
    } finally {
      await t.app.close();
    }
  });
});
