import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '@secdns/api-types';
import { SEED, type RunningSandbox } from '../src/index.js';
import { api, control, pointers, start } from './helpers.js';

let sandbox: RunningSandbox;
const zone = (id: string) => `/zones/${id}/secondary_dns`;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const P = SEED.peers;
const Z = SEED.zones;

beforeAll(async () => {
  sandbox = await start();
});
beforeEach(() => {
  sandbox.state.reset();
});
afterAll(async () => {
  await sandbox.close();
});

describe('incoming (Cloudflare as secondary)', () => {
  it('round-trips create, get, update, delete on a secondary zone', async () => {
    const body = { name: 'legacy.example.org.', peers: [P.hiddenPrimary], auto_refresh_seconds: 3600 };
    const created = await api(sandbox, 'POST', `${zone(Z.legacyExampleOrg)}/incoming`, body);
    expect(created.status).toBe(200);
    const result = created.body.result;
    expect(result).toMatchObject({ id: Z.legacyExampleOrg, ...body, soa_serial: 2023121501 });
    for (const key of ['created_time', 'modified_time', 'checked_time']) expect(result[key]).toMatch(RFC3339);

    expect((await api(sandbox, 'GET', `${zone(Z.legacyExampleOrg)}/incoming`)).body.result).toEqual(result);

    const again = await api(sandbox, 'POST', `${zone(Z.legacyExampleOrg)}/incoming`, body);
    expect(again.status).toBe(400);
    expect(again.body.errors[0]?.code).toBe(ErrorCodes.conflict);

    const updated = await api(sandbox, 'PUT', `${zone(Z.legacyExampleOrg)}/incoming`, {
      name: 'legacy.example.org',
      peers: [P.ns1Primary, P.ns2Primary],
      auto_refresh_seconds: 86400,
    });
    expect(updated.body.result).toMatchObject({ peers: [P.ns1Primary, P.ns2Primary], auto_refresh_seconds: 86400 });

    expect((await api(sandbox, 'DELETE', `${zone(Z.legacyExampleOrg)}/incoming`)).body.result).toEqual({ id: Z.legacyExampleOrg });
    const gone = await api(sandbox, 'GET', `${zone(Z.legacyExampleOrg)}/incoming`);
    expect(gone.status).toBe(404);
    expect(gone.body.errors[0]?.code).toBe(ErrorCodes.notFound);
  });

  it('requires the referenced peers to exist in the zone\'s account', async () => {
    const response = await api(sandbox, 'POST', `${zone(Z.legacyExampleOrg)}/incoming`, {
      name: 'legacy.example.org.',
      peers: [P.hiddenPrimary, 'f'.repeat(32), P.stagingPrimary],
      auto_refresh_seconds: 86400,
    });
    expect(response.status).toBe(400);
    expect(pointers(response)).toEqual(['/peers/1', '/peers/2']);
  });

  it('requires the name to be the zone\'s name', async () => {
    const response = await api(sandbox, 'POST', `${zone(Z.legacyExampleOrg)}/incoming`, {
      name: 'other.example.org.',
      peers: [P.hiddenPrimary],
      auto_refresh_seconds: 86400,
    });
    expect(response.status).toBe(400);
    expect(pointers(response)).toEqual(['/name']);
  });

  it('requires every linked peer to use the same TSIG key', async () => {
    const response = await api(sandbox, 'PUT', `${zone(Z.exampleNet)}/incoming`, {
      name: 'example.net.',
      peers: [P.ns1Primary, P.hiddenPrimary],
      auto_refresh_seconds: 86400,
    });
    expect(response.status).toBe(400);
    expect(pointers(response)).toEqual(['/peers/1']);
  });

  it('validates the body with the contract (auto_refresh_seconds >= 300, duplicate peers)', async () => {
    const response = await api(sandbox, 'PUT', `${zone(Z.exampleNet)}/incoming`, {
      name: 'example.net.',
      peers: [P.ns1Primary, P.ns1Primary],
      auto_refresh_seconds: 60,
    });
    expect(response.status).toBe(400);
    expect(pointers(response).sort()).toEqual(['/auto_refresh_seconds', '/peers']);
  });

  it('refuses incoming on a full zone', async () => {
    const response = await api(sandbox, 'POST', `${zone(Z.exampleOrg)}/incoming`, {
      name: 'example.org.',
      peers: [P.hiddenPrimary],
      auto_refresh_seconds: 86400,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]?.message).toContain('full zone');
  });

  it('force_axfr moves checked_time, and the serial when the primary is newer', async () => {
    const before = (await api(sandbox, 'GET', `${zone(Z.exampleNet)}/incoming`)).body.result;
    expect(before.soa_serial).toBe(2024061201);
    const response = await api(sandbox, 'POST', `${zone(Z.exampleNet)}/force_axfr`, {});
    expect(response.body).toEqual({ success: true, errors: [], messages: [], result: 'OK' });
    const after = (await api(sandbox, 'GET', `${zone(Z.exampleNet)}/incoming`)).body.result;
    expect(after.soa_serial).toBe(2024061203);
    expect(Date.parse(after.checked_time)).toBeGreaterThan(Date.parse(before.checked_time));
    expect(Date.parse(after.modified_time)).toBeGreaterThan(Date.parse(before.modified_time));

    // In sync: only checked_time moves.
    const modified = after.modified_time;
    await api(sandbox, 'POST', `${zone(Z.exampleNet)}/force_axfr`, {});
    const third = (await api(sandbox, 'GET', `${zone(Z.exampleNet)}/incoming`)).body.result;
    expect(third.soa_serial).toBe(2024061203);
    expect(third.modified_time).toBe(modified);

    // The test helper moves the simulated primary (programmatically and over HTTP).
    sandbox.setPrimarySerial(Z.exampleNet, 2024061301);
    await api(sandbox, 'POST', `${zone(Z.exampleNet)}/force_axfr`);
    expect((await api(sandbox, 'GET', `${zone(Z.exampleNet)}/incoming`)).body.result.soa_serial).toBe(2024061301);
    const set = await control(sandbox, 'POST', `/__sandbox/zones/${Z.exampleNet}/primary_serial`, { serial: 2024061302 });
    expect(set.status).toBe(200);
    await api(sandbox, 'POST', `${zone(Z.exampleNet)}/force_axfr`, {});
    expect((await api(sandbox, 'GET', `${zone(Z.exampleNet)}/incoming`)).body.result.soa_serial).toBe(2024061302);
  });

  it('force_axfr needs an incoming configuration and an empty body', async () => {
    expect((await api(sandbox, 'POST', `${zone(Z.exampleCom)}/force_axfr`, {})).status).toBe(404);
    const extra = await api(sandbox, 'POST', `${zone(Z.exampleNet)}/force_axfr`, { now: true });
    expect(extra.status).toBe(400);
    expect(pointers(extra)).toEqual(['/now']);
    // `reason` is the dashboard's (recorded in its audit log), not a field of Cloudflare's `{}`.
    for (const suffix of ['/force_axfr', '/outgoing/force_notify', '/outgoing/enable', '/outgoing/disable']) {
      const zoneId = suffix === '/force_axfr' ? Z.exampleNet : Z.exampleCom;
      const reason = await api(sandbox, 'POST', `${zone(zoneId)}${suffix}`, { reason: 'INC-1' });
      expect(pointers(reason), suffix).toEqual(['/reason']);
    }
  });
});

describe('outgoing (Cloudflare as primary)', () => {
  it('round-trips create (disabled), get, update, delete on a full zone', async () => {
    const created = await api(sandbox, 'POST', `${zone(Z.exampleOrg)}/outgoing`, { name: 'example.org.', peers: [P.secondaryA] });
    expect(created.status).toBe(200);
    expect(created.body.result).toMatchObject({ id: Z.exampleOrg, name: 'example.org.', peers: [P.secondaryA] });
    expect(created.body.result.created_time).toMatch(RFC3339);
    expect(created.body.result.checked_time).toMatch(RFC3339);
    expect(created.body.result.last_transferred_time).toBeUndefined();
    expect((await api(sandbox, 'GET', `${zone(Z.exampleOrg)}/outgoing/status`)).body.result).toBe('Disabled');

    const again = await api(sandbox, 'POST', `${zone(Z.exampleOrg)}/outgoing`, { name: 'example.org.', peers: [] });
    expect(again.status).toBe(400);
    expect(again.body.errors[0]?.code).toBe(ErrorCodes.conflict);

    const updated = await api(sandbox, 'PUT', `${zone(Z.exampleOrg)}/outgoing`, { name: 'example.org.', peers: [] });
    expect(updated.body.result.peers).toEqual([]);
    expect((await api(sandbox, 'DELETE', `${zone(Z.exampleOrg)}/outgoing`)).body.result).toEqual({ id: Z.exampleOrg });
    expect((await api(sandbox, 'GET', `${zone(Z.exampleOrg)}/outgoing`)).status).toBe(404);
  });

  it('requires existing peers with a pointer', async () => {
    const response = await api(sandbox, 'PUT', `${zone(Z.exampleCom)}/outgoing`, {
      name: 'example.com.',
      peers: [P.secondaryA, '0'.repeat(32)],
    });
    expect(response.status).toBe(400);
    expect(pointers(response)).toEqual(['/peers/1']);
  });

  it('enable, status, force_notify, disable', async () => {
    const path = zone(Z.docsExampleCom);
    const before = (await api(sandbox, 'GET', `${path}/outgoing`)).body.result;
    expect((await api(sandbox, 'GET', `${path}/outgoing/status`)).body.result).toBe('Disabled');

    // Cloudflare documents no refusal while disabled: "OK", and nothing is transferred.
    const notifyDisabled = await api(sandbox, 'POST', `${path}/outgoing/force_notify`, {});
    expect(notifyDisabled.status).toBe(200);
    expect(notifyDisabled.body.result).toBe('OK');
    expect((await api(sandbox, 'GET', `${path}/outgoing`)).body.result).toEqual(before);

    expect((await api(sandbox, 'POST', `${path}/outgoing/enable`, {})).body.result).toBe('Enabled');
    expect((await api(sandbox, 'GET', `${path}/outgoing/status`)).body.result).toBe('Enabled');
    const enabled = (await api(sandbox, 'GET', `${path}/outgoing`)).body.result;
    expect(Date.parse(enabled.last_transferred_time)).toBeGreaterThan(Date.parse(before.last_transferred_time));
    expect(Date.parse(enabled.checked_time)).toBeGreaterThan(Date.parse(before.checked_time));

    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await api(sandbox, 'POST', `${path}/outgoing/force_notify`, {})).body.result).toBe('OK');
    const notified = (await api(sandbox, 'GET', `${path}/outgoing`)).body.result;
    expect(Date.parse(notified.last_transferred_time)).toBeGreaterThan(Date.parse(enabled.last_transferred_time));

    expect((await api(sandbox, 'POST', `${path}/outgoing/disable`, {})).body.result).toBe('Disabled');
    expect((await api(sandbox, 'GET', `${path}/outgoing/status`)).body.result).toBe('Disabled');
  });

  it('answers 404 for every outgoing action when there is no configuration', async () => {
    const path = zone(Z.corpExample);
    for (const [method, suffix] of [
      ['GET', '/outgoing'],
      ['PUT', '/outgoing'],
      ['DELETE', '/outgoing'],
      ['POST', '/outgoing/enable'],
      ['POST', '/outgoing/disable'],
      ['POST', '/outgoing/force_notify'],
      ['GET', '/outgoing/status'],
    ] as const) {
      const body = method === 'PUT' ? { name: 'corp.example.', peers: [] } : method === 'POST' ? {} : undefined;
      const response = await api(sandbox, method, `${path}${suffix}`, body);
      expect(response.status, `${method} ${suffix}`).toBe(404);
    }
  });
});
