/**
 * The nameserver emulator the serial check queries: real UDP and TCP sockets on 127.0.0.1, the seeded serials, the
 * answers of an authoritative server (SOA, NODATA, REFUSED, FORMERR, NOTIMP), each per-zone behaviour, the HTTP
 * control, and state files written before `secondary_serial` existed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { SEED, STATE_FILE_NAME, buildSandbox, buildSeedState, startDnsEmulator, type RunningSandbox } from '../src/index.js';
import { flagsOf, query, queryTcp, queryUdp, RCODE, rcodeOf, sendTcp, sendUdp, serialOf } from './dns-client.js';
import { api, control, start } from './helpers.js';

let sandbox: RunningSandbox;
const Z = SEED.zones;
const target = () => {
  if (!sandbox.dns) throw new Error('the sandbox was started without its DNS emulator');
  return sandbox.dns;
};
const outgoingOf = (zoneId: string) => sandbox.getState().outgoing.find((config) => config.zone_id === zoneId);

beforeAll(async () => {
  sandbox = await start();
});
afterEach(() => {
  sandbox.clearDnsBehaviours();
  sandbox.state.reset();
});
afterAll(async () => {
  await sandbox.close();
});

describe('SOA answers', () => {
  it('a secondary zone: the primary\'s serial, authoritative, id / question / RD echoed, RA clear', async () => {
    const sent = query('mail.example.net', 'SOA');
    const reply = await queryUdp(target(), sent);
    expect(reply).not.toBeNull();
    expect(reply?.id).toBe(sent.id);
    expect(rcodeOf(reply!)).toBe(RCODE.noError);
    expect(flagsOf(reply!)).toEqual({ qr: true, aa: true, tc: false, rd: true, ra: false });
    expect(reply?.questions).toEqual(sent.questions);
    expect(reply?.answers).toHaveLength(1);
    expect(reply?.answers?.[0]).toMatchObject({
      type: 'SOA',
      name: 'mail.example.net',
      ttl: 300,
      data: {
        rname: 'hostmaster.mail.example.net',
        serial: 2024040401,
        refresh: 86400,
        retry: 600,
        expire: 604800,
        minimum: 300,
      },
    });
    // The primary is ahead of what Cloudflare holds: the serial check has something to show.
    const incoming = sandbox.getState().incoming.find((config) => config.zone_id === Z.mailExampleNet);
    expect(incoming?.soa_serial).toBe(2024040102);
  });

  it('compares names case-insensitively, with or without the trailing dot, and copies a clear RD', async () => {
    const reply = await queryUdp(target(), query('Example.NET.', 'SOA', { flags: 0 }));
    expect(serialOf(reply)).toBe(2024061203);
    expect(reply?.answers?.[0]?.name).toBe('Example.NET');
    expect(flagsOf(reply!).rd).toBe(false);
    const cdn = await queryUdp(target(), query('cdn.example.net', 'SOA'));
    expect(cdn?.answers?.[0]).toMatchObject({ data: { serial: 1718200000, refresh: 3600 } });
  });

  it('a primary zone: the secondaries\' serial, which catches up with soa_serial on Force NOTIFY', async () => {
    const before = await queryUdp(target(), query('status.example.org'));
    expect(serialOf(before)).toBe(2024060903);
    expect(outgoingOf(Z.statusExampleOrg)?.soa_serial).toBe(2024061101);

    const notified = await api(sandbox, 'POST', `/zones/${Z.statusExampleOrg}/secondary_dns/outgoing/force_notify`, {});
    expect(notified.status).toBe(200);
    expect(serialOf(await queryUdp(target(), query('status.example.org')))).toBe(2024061101);
  });

  it('a change on the primary zone leaves the secondaries behind until a NOTIFY; enable catches them up too', async () => {
    sandbox.setPrimarySerial(Z.exampleCom, 2024061501);
    expect(serialOf(await queryUdp(target(), query('example.com')))).toBe(2024061407);
    await api(sandbox, 'POST', `/zones/${Z.exampleCom}/secondary_dns/outgoing/force_notify`, {});
    expect(serialOf(await queryUdp(target(), query('example.com')))).toBe(2024061501);

    expect(serialOf(await queryUdp(target(), query('docs.example.com')))).toBe(2024042902);
    await api(sandbox, 'POST', `/zones/${Z.docsExampleCom}/secondary_dns/outgoing/enable`, {});
    expect(serialOf(await queryUdp(target(), query('docs.example.com')))).toBe(2024050301);
  });

  it('a new outgoing configuration starts with its secondaries in sync', async () => {
    const created = await api(sandbox, 'POST', `/zones/${Z.exampleOrg}/secondary_dns/outgoing`, { name: 'example.org.', peers: [] });
    expect(created.status).toBe(200);
    expect(outgoingOf(Z.exampleOrg)?.secondary_serial).toBe(created.body.result.soa_serial);
    expect(serialOf(await queryUdp(target(), query('example.org')))).toBe(created.body.result.soa_serial);
  });

  it('answers over TCP as over UDP', async () => {
    const reply = await queryTcp(target(), query('shop.example.org'));
    expect(rcodeOf(reply!)).toBe(RCODE.noError);
    expect(reply?.answers?.[0]).toMatchObject({ data: { serial: 2024052907, refresh: 21600 } });
  });

  it('is usable by a real stub resolver (c-ares, as node:dns uses)', async () => {
    const resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([`127.0.0.1:${target().port}`]);
    expect((await resolver.resolveSoa('example.net')).serial).toBe(2024061203);
  });
});

describe('other questions', () => {
  it('REFUSED, not authoritative, for a name in no zone and for a zone without a transfer configuration', async () => {
    for (const name of ['example.invalid', 'legacy.example.org', 'corp.example']) {
      const reply = await queryUdp(target(), query(name));
      expect(rcodeOf(reply!), name).toBe(RCODE.refused);
      expect(flagsOf(reply!).aa, name).toBe(false);
      expect(reply?.answers, name).toEqual([]);
    }
  });

  it('NODATA (NOERROR, no answer, the SOA in authority) for another type at the apex and for a name below it', async () => {
    for (const [name, type] of [
      ['example.net', 'A'],
      ['www.example.net', 'SOA'],
      ['a.b.status.example.org', 'AAAA'],
    ] as const) {
      const reply = await queryUdp(target(), query(name, type));
      expect(rcodeOf(reply!), name).toBe(RCODE.noError);
      expect(flagsOf(reply!).aa, name).toBe(true);
      expect(reply?.answers, name).toEqual([]);
      expect(reply?.authorities?.[0], name).toMatchObject({ type: 'SOA', name: name.endsWith('example.net') ? 'example.net' : 'status.example.org' });
    }
  });

  it('FORMERR without exactly one question, NOTIMP for another opcode', async () => {
    const none = await queryUdp(target(), query('example.net', 'SOA', { questions: [] }));
    expect(rcodeOf(none!)).toBe(RCODE.formErr);
    const two = query('example.net', 'SOA');
    two.questions = [...(two.questions ?? []), { name: 'example.com', type: 'SOA', class: 'IN' }];
    expect(rcodeOf((await queryUdp(target(), two))!)).toBe(RCODE.formErr);

    const notify = await queryUdp(target(), query('example.net', 'SOA', { flags: 4 << 11 }));
    expect(rcodeOf(notify!)).toBe(RCODE.notImp);
    expect(((notify?.flags ?? 0) >> 11) & 0xf).toBe(4);
  });

  it('ignores malformed packets and responses, and keeps answering', async () => {
    expect(await sendUdp(target(), Buffer.from([1, 2, 3]), 300)).toBeNull();
    const truncated = dnsPacket.encode(query('example.net')).subarray(0, 20);
    expect(await sendUdp(target(), truncated, 300)).toBeNull();
    const response = dnsPacket.encode({ ...query('example.net'), type: 'response' });
    expect(await sendUdp(target(), response, 300)).toBeNull();
    const framed = Buffer.concat([Buffer.from([0, 5]), Buffer.from('junk!')]);
    expect(await sendTcp(target(), framed, 300)).toBeNull();

    expect(serialOf(await queryUdp(target(), query('example.net')))).toBe(2024061203);
    expect(serialOf(await queryTcp(target(), query('example.net')))).toBe(2024061203);
  });
});

describe('behaviours', () => {
  it('silent: no reply over UDP or TCP', async () => {
    sandbox.setDnsBehaviour('example.net', 'silent');
    expect(await queryUdp(target(), query('example.net'), 500)).toBeNull();
    expect(await queryTcp(target(), query('example.net'), 500)).toBeNull();
    // Other zones are not affected.
    expect(serialOf(await queryUdp(target(), query('cdn.example.net')))).toBe(1718200000);
  });

  it('truncate: TC and no answer over UDP, the full answer over TCP (and a stub resolver retries over TCP)', async () => {
    sandbox.setDnsBehaviour('EXAMPLE.net.', 'truncate');
    const udp = await queryUdp(target(), query('example.net'));
    expect(flagsOf(udp!).tc).toBe(true);
    expect(udp?.answers).toEqual([]);
    const tcp = await queryTcp(target(), query('example.net'));
    expect(flagsOf(tcp!)).toMatchObject({ tc: false, aa: true });
    expect(serialOf(tcp)).toBe(2024061203);

    const resolver = new Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([`127.0.0.1:${target().port}`]);
    expect((await resolver.resolveSoa('example.net')).serial).toBe(2024061203);
  });

  it('refused and servfail: that rcode, no answer', async () => {
    sandbox.setDnsBehaviour('example.net', 'refused');
    sandbox.setDnsBehaviour('status.example.org', 'servfail');
    const refused = await queryUdp(target(), query('example.net'));
    expect(rcodeOf(refused!)).toBe(RCODE.refused);
    expect(refused?.answers).toEqual([]);
    const servfail = await queryUdp(target(), query('status.example.org'));
    expect(rcodeOf(servfail!)).toBe(RCODE.servFail);
    expect(servfail?.answers).toEqual([]);
  });

  it('not-authoritative: the normal answer with AA clear', async () => {
    sandbox.setDnsBehaviour('example.com', 'not-authoritative');
    const reply = await queryUdp(target(), query('example.com'));
    expect(flagsOf(reply!).aa).toBe(false);
    expect(serialOf(reply)).toBe(2024061407);
  });

  it('applies to names below the zone; answer and clearDnsBehaviours restore the default', async () => {
    sandbox.setDnsBehaviour('example.net', 'refused');
    expect(rcodeOf((await queryUdp(target(), query('www.example.net', 'A')))!)).toBe(RCODE.refused);
    sandbox.setDnsBehaviour('example.net', 'answer');
    expect(rcodeOf((await queryUdp(target(), query('www.example.net', 'A')))!)).toBe(RCODE.noError);
    sandbox.setDnsBehaviour('example.net', 'servfail');
    sandbox.clearDnsBehaviours();
    expect(serialOf(await queryUdp(target(), query('example.net')))).toBe(2024061203);
  });

  it('stops at a zone cut, and `.` applies to every zone without a behaviour of its own', async () => {
    sandbox.setDnsBehaviour('example.net', 'refused');
    expect(serialOf(await queryUdp(target(), query('cdn.example.net')))).toBe(1718200000);
    sandbox.setDnsBehaviour('.', 'servfail');
    sandbox.setDnsBehaviour('example.com', 'answer');
    expect(rcodeOf((await queryUdp(target(), query('cdn.example.net')))!)).toBe(RCODE.servFail);
    expect(rcodeOf((await queryUdp(target(), query('example.net')))!)).toBe(RCODE.refused);
    expect(serialOf(await queryUdp(target(), query('example.com')))).toBe(2024061407);
  });

  it('rejects an unknown behaviour with an ApiError 400', () => {
    expect(() => sandbox.setDnsBehaviour('example.net', 'flaky' as never)).toThrow(
      expect.objectContaining({ name: 'ApiError', statusCode: 400 }),
    );
  });

  it('is controlled over HTTP', async () => {
    const set = await control(sandbox, 'POST', '/__sandbox/dns/behaviour', { zone: 'Example.NET.', behaviour: 'servfail' });
    expect(set.status).toBe(200);
    expect(set.body.result).toEqual({ zone: 'example.net', behaviour: 'servfail' });
    expect(rcodeOf((await queryUdp(target(), query('example.net')))!)).toBe(RCODE.servFail);

    const invalid = await control(sandbox, 'POST', '/__sandbox/dns/behaviour', { zone: 'example.net', behaviour: 'flaky', extra: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { source?: { pointer?: string } }) => error.source?.pointer).sort()).toEqual(['/behaviour', '/extra']);
    expect((await control(sandbox, 'POST', '/__sandbox/dns/behaviour', { zone: 'example.net', behaviour: 'silent' }, 'wrong')).status).toBe(403);

    expect((await control(sandbox, 'DELETE', '/__sandbox/dns/behaviour')).body.result).toEqual({ cleared: true });
    expect(serialOf(await queryUdp(target(), query('example.net')))).toBe(2024061203);
  });
});

describe('lifecycle and persistence', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('loads a state file written before secondary_serial existed (the secondaries then hold soa_serial)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-dns-test-'));
    dirs.push(dataDir);
    const old = buildSeedState();
    for (const config of old.outgoing) delete config.secondary_serial;
    writeFileSync(join(dataDir, STATE_FILE_NAME), JSON.stringify(old));

    const restored = await start({ dataDir });
    try {
      expect(restored.getState().outgoing.every((config) => config.secondary_serial === undefined)).toBe(true);
      const ask = async (name: string) => serialOf(await queryUdp(restored.dns!, query(name)));
      expect(await ask('status.example.org')).toBe(2024061101);
      // A change on the primary zone still leaves the secondaries behind.
      restored.setPrimarySerial(Z.exampleCom, 2024061501);
      expect(await ask('example.com')).toBe(2024061407);
    } finally {
      await restored.close();
    }
  });

  it('dns: false starts no emulator; buildSandbox never does', async () => {
    const without = await start({ dns: false });
    try {
      expect(without.dns).toBeNull();
      expect(() => without.setDnsBehaviour('example.net', 'silent')).toThrow(/no DNS emulator/);
      const viaHttp = await control(without, 'POST', '/__sandbox/dns/behaviour', { zone: 'example.net', behaviour: 'silent' });
      expect(viaHttp.status).toBe(400);
    } finally {
      await without.close();
    }
    const built = await buildSandbox({ token: 't' });
    expect(() => built.setDnsBehaviour('example.net', 'silent')).toThrow(/no DNS emulator/);
    await built.close();
  });

  it('takes a fixed port, and close() frees it and drops silent TCP connections', async () => {
    const first = await start({ dns: { port: 0 } });
    const port = first.dns!.port;
    first.setDnsBehaviour('example.net', 'silent');
    const hanging = queryTcp({ port }, query('example.net'), 2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await first.close();
    expect(await hanging).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);

    const second = await start({ dns: { port } });
    try {
      expect(second.dns?.port).toBe(port);
      expect(serialOf(await queryTcp(second.dns!, query('example.net')))).toBe(2024061203);
    } finally {
      await second.close();
    }
  });

  it('listens on IPv6 (::1) with udp6', async () => {
    const emulator = await startDnsEmulator({ host: '::1', port: 0, state: () => buildSeedState() });
    try {
      const at = { host: '::1', port: emulator.port };
      expect(serialOf(await queryUdp(at, query('example.net')))).toBe(2024061203);
      expect(serialOf(await queryTcp(at, query('example.net')))).toBe(2024061203);
    } finally {
      await emulator.close();
    }
  });
});
