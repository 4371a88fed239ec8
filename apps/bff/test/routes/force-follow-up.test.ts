/**
 * What a Force was seen to do (ADR 018): the zone's configuration read before the Force, compared with the reads
 * Cloudflare (the sandbox) answers afterwards; kept beside the audit entry as `seen_after`, shown in the zone's
 * activity and the CSV export. No read of its own: without reads, nothing is claimed.
 */
import { SEED } from '@secdns/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox, type TestApp, type TestClient } from '../helper.js';

const Z = SEED.zones;
const incomingUrl = (zone: string) => `/api/zones/${zone}/secondary_dns/incoming`;
const outgoingUrl = (zone: string) => `/api/zones/${zone}/secondary_dns/outgoing`;
const forceAxfr = (zone: string) => `/api/zones/${zone}/secondary_dns/force_axfr`;
const forceNotify = (zone: string) => `/api/zones/${zone}/secondary_dns/outgoing/force_notify`;

type Entry = { id: number; operation: string; time: string; before: unknown; seen_after: Record<string, unknown> | null };

let sandbox: Sandbox;
let t: TestApp;
let operator: TestClient;
let admin: TestClient;

async function start(windowMs: number) {
  sandbox = await startTestSandbox();
  t = await appFor(sandbox, {}, { forceFollowUpMs: windowMs });
  admin = await t.as('admin');
  operator = await t.as('operator');
}

afterEach(async () => {
  await t?.app.close();
  await sandbox?.close();
});

async function entries(operation: string): Promise<Entry[]> {
  const response = await admin.inject({ method: 'GET', url: `/api/audit?operation=${operation}` });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { result: Entry[] }).result;
}

/** The entry once its follow-up has been kept (the save is not awaited by the read that decided it). */
async function seenAfter(operation: string): Promise<Entry> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const [entry] = await entries(operation);
    if (entry?.seen_after || Date.now() > deadline) return entry!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function read(url: string): Promise<Record<string, unknown>> {
  const response = await operator.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { result: Record<string, unknown> }).result;
}

describe('Force AXFR', () => {
  beforeEach(() => start(60_000));

  it('the primary has a newer serial: the next read shows it moved, kept with the serial before and after', async () => {
    const before = await read(incomingUrl(Z.exampleNet));
    const response = await operator.inject({ method: 'POST', url: forceAxfr(Z.exampleNet), payload: { reason: 'INC-7' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(t.app.forceFollowUp.open()).toBe(1);
    const after = await read(incomingUrl(Z.exampleNet));
    expect(after.soa_serial).not.toBe(before.soa_serial);

    const entry = await seenAfter('forceAxfr');
    expect(entry.before).toMatchObject({ soa_serial: before.soa_serial });
    expect(entry.seen_after).toMatchObject({
      moved: true,
      before: { soa_serial: before.soa_serial, time: before.checked_time },
      after: { soa_serial: after.soa_serial, time: after.checked_time },
    });
    expect(Date.parse(String(entry.seen_after!.observed_at))).toBeGreaterThanOrEqual(Date.parse(entry.time) - 1000);
    expect(t.app.forceFollowUp.open()).toBe(0);

    // The zone's Recent actions carry it; the CSV says it in words.
    const activity = await operator.inject({ method: 'GET', url: `/api/zones/${Z.exampleNet}/activity` });
    expect(activity.json().result[0]).toMatchObject({ operation: 'forceAxfr', seen_after: { moved: true } });
    const csv = await admin.inject({ method: 'GET', url: '/api/audit.csv?operation=forceAxfr' });
    expect(csv.body).toContain(`serial ${before.soa_serial} → ${after.soa_serial}, seen `);
  });

  it('later reads do not change what was kept; a second Force is followed on its own', async () => {
    await operator.inject({ method: 'POST', url: forceAxfr(Z.exampleNet) });
    await read(incomingUrl(Z.exampleNet));
    const first = await seenAfter('forceAxfr');
    // The primary moves on; a second Force moves the serial again.
    sandbox.setPrimarySerial(Z.exampleNet, 2030010101);
    await operator.inject({ method: 'POST', url: forceAxfr(Z.exampleNet) });
    await read(incomingUrl(Z.exampleNet));
    const second = await seenAfter('forceAxfr');
    expect(second.id).not.toBe(first.id);
    expect(second.seen_after).toMatchObject({ moved: true, after: { soa_serial: 2030010101 } });
    const kept = (await entries('forceAxfr')).find((entry) => entry.id === first.id)!;
    expect(kept.seen_after).toEqual(first.seen_after);
  });

  it('a refused Force (no secondary configuration) is not followed', async () => {
    const response = await operator.inject({ method: 'POST', url: forceAxfr(Z.exampleCom) });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(t.app.forceFollowUp.open()).toBe(0);
  });

  it('a read of another zone, or of the other side, is not taken for this one', async () => {
    await operator.inject({ method: 'POST', url: forceAxfr(Z.exampleNet) });
    await read(incomingUrl(Z.mailExampleNet));
    await read(outgoingUrl(Z.exampleCom));
    expect(t.app.forceFollowUp.open()).toBe(1);
    const [entry] = await entries('forceAxfr');
    expect(entry!.seen_after).toBeNull();
  });
});

describe('the window ends', () => {
  beforeEach(() => start(300));

  it('Force NOTIFY while transfers are disabled: the reads show nothing moved, kept as such when the window ends', async () => {
    const response = await operator.inject({ method: 'POST', url: forceNotify(Z.docsExampleCom) });
    expect(response.statusCode, response.body).toBe(200);
    const config = await read(outgoingUrl(Z.docsExampleCom));
    const entry = await seenAfter('outgoing.forceNotify');
    expect(entry.seen_after).toMatchObject({
      moved: false,
      before: { soa_serial: config.soa_serial, time: config.last_transferred_time },
      after: { soa_serial: config.soa_serial, time: config.last_transferred_time },
    });
    const csv = await admin.inject({ method: 'GET', url: '/api/audit.csv?operation=outgoing.forceNotify' });
    expect(csv.body).toContain("no transfer seen in the dashboard's reads over ");
  });

  it('nobody read the configuration: nothing is claimed', async () => {
    await operator.inject({ method: 'POST', url: forceAxfr(Z.exampleNet) });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.app.forceFollowUp.open()).toBe(0);
    const [entry] = await entries('forceAxfr');
    expect(entry!.seen_after).toBeNull();
  });
});

describe('Force NOTIFY', () => {
  beforeEach(() => start(60_000));

  it('transfers enabled: the read after shows a transfer', async () => {
    const before = await read(outgoingUrl(Z.exampleCom));
    await new Promise((resolve) => setTimeout(resolve, 5)); // the sandbox's clock moves on
    expect((await operator.inject({ method: 'POST', url: forceNotify(Z.exampleCom) })).statusCode).toBe(200);
    const after = await read(outgoingUrl(Z.exampleCom));
    const entry = await seenAfter('outgoing.forceNotify');
    expect(entry.seen_after).toMatchObject({
      moved: true,
      before: { time: before.last_transferred_time },
      after: { time: after.last_transferred_time },
    });
  });
});
