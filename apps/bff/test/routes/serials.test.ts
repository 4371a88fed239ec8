/**
 * The serial check: the BFF (Cloudflare mode, pointed at the sandbox over HTTP) reads the transfer configuration and
 * the peers, then asks each peer for the SOA over real DNS sockets on 127.0.0.1: the sandbox's emulated nameserver
 * (its behaviours give refused, SERVFAIL, truncation, no AA), a UDP socket that never answers (timeout) and a port
 * nothing listens on (unreachable). In sandbox mode the BFF asks the emulator whatever the peers' addresses.
 */
import dgram from 'node:dgram';
import { serialVerdict } from '@secdns/api-types';
import { SEED } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appFor, buildTestApp, recorded, startTestSandbox, type Sandbox, type TestApp } from '../helper.js';

const A = SEED.accountId;
const PEERS = `/api/accounts/${A}/secondary_dns/peers`;
const Z = SEED.zones.exampleNet;
const incomingSerials = (zone: string = Z, account: string = A) => `/api/zones/${zone}/secondary_dns/incoming/serials?account_id=${account}`;

let sandbox: Sandbox;
let test: TestApp;
let app: FastifyInstance;
let silent: dgram.Socket;
let silentPort: number;
let closedPort: number;

async function boundSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

async function createPeer(body: Record<string, unknown>): Promise<string> {
  const response = await app.inject({ method: 'POST', url: PEERS, payload: body });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().result.id as string;
}

async function setIncomingPeers(zone: string, name: string, peers: string[]) {
  const response = await app.inject({
    method: 'PUT',
    url: `/api/zones/${zone}/secondary_dns/incoming`,
    payload: { name, peers, auto_refresh_seconds: 86400 },
  });
  expect(response.statusCode, response.body).toBe(200);
}

async function check(url = incomingSerials()) {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, json: response.json() };
}

let emulatorPeer: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  expect(sandbox.dns).toMatchObject({ host: '127.0.0.1' });
  test = await appFor(sandbox, { SOA_PROBE_TIMEOUT_MS: '600' });
  app = test.app;
  silent = await boundSocket(); // receives, never answers
  silentPort = (silent.address() as { port: number }).port;
  const closed = await boundSocket();
  closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  emulatorPeer = await createPeer({ name: 'emulated-primary', ip: '127.0.0.1', port: sandbox.dns!.port });
});
afterAll(async () => {
  silent?.close();
  await app?.close();
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.clearRequests();
  sandbox.setDnsBehaviour('example.net', 'answer');
});

describe('GET /api/zones/:zone_id/secondary_dns/incoming/serials', () => {
  it("carries Cloudflare's own refresh: in sync but not refreshed for two intervals is a refresh overdue, to look at", async () => {
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer]);
    const state = sandbox.getState();
    const config = state.incoming.find((entry) => entry.zone_id === Z)!;
    sandbox.setPrimarySerial(Z, config.soa_serial); // the primary has what Cloudflare has: in sync
    const lastRefresh = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const fresh = sandbox.getState();
    Object.assign(fresh.incoming.find((entry) => entry.zone_id === Z)!, { checked_time: lastRefresh, auto_refresh_seconds: 3600 });
    sandbox.state.replace(fresh);

    const { status, json } = await check();
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.result.refresh).toEqual({ checked_time: lastRefresh, auto_refresh_seconds: 3600 });
    expect(json.result.peers[0]).toMatchObject({ relation: 'same' });
    expect(serialVerdict(json.result)).toMatchObject({ kind: 'attention', label: 'In sync, refresh overdue' });

    // Refreshed within two intervals: in sync.
    const refreshed = sandbox.getState();
    Object.assign(refreshed.incoming.find((entry) => entry.zone_id === Z)!, { checked_time: new Date().toISOString() });
    sandbox.state.replace(refreshed);
    expect(serialVerdict((await check()).json.result)).toMatchObject({ kind: 'in-sync', label: 'In sync' });
  });

  it("sets each primary's serial beside Cloudflare's copy, with what to do", async () => {
    const silentPeer = await createPeer({ name: 'silent-primary', ip: '127.0.0.1', port: silentPort });
    const closedPeer = await createPeer({ name: 'closed-primary', ip: '127.0.0.1', port: closedPort });
    const noAddress = await createPeer({ name: 'no-address' });
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer, silentPeer, closedPeer, noAddress]);
    const cloudflare = sandbox.getState().incoming.find((config) => config.zone_id === Z)!.soa_serial;
    sandbox.setPrimarySerial(Z, cloudflare + 4);
    sandbox.clearRequests();

    const { status, json } = await check();
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.result).toMatchObject({
      zone_id: Z,
      zone_name: 'example.net.',
      direction: 'incoming',
      cloudflare_serial: cloudflare,
      timeout_ms: 600,
      emulated: false,
    });
    const [emulated, quiet, closed, none] = json.result.peers;
    expect(emulated).toMatchObject({
      peer_id: emulatorPeer,
      peer_name: 'emulated-primary',
      address: '127.0.0.1',
      port: sandbox.dns!.port,
      status: 'answered',
      serial: cloudflare + 4,
      authoritative: true,
      relation: 'peer-ahead',
      transport: 'udp',
    });
    expect(emulated.ms).toBeGreaterThanOrEqual(0);
    expect(emulated.message).toContain(`Serial ${cloudflare + 4} is ahead of Cloudflare's copy (${cloudflare})`);
    expect(emulated.message).toContain('Force AXFR');
    expect(quiet).toMatchObject({ peer_name: 'silent-primary', status: 'timeout', serial: null, relation: null });
    expect(quiet.message).toContain(`No answer from 127.0.0.1 port ${silentPort} within 0.6 s`);
    expect(closed).toMatchObject({ peer_name: 'closed-primary', status: 'unreachable', serial: null });
    expect(closed.message).toContain('ECONNREFUSED');
    expect(none).toMatchObject({ peer_name: 'no-address', status: 'no-address', address: null });
    expect(none.message).toContain('has no IP address');
    // Two reads of Cloudflare's API: the configuration and the peers.
    expect(recorded(sandbox).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /zones/${Z}/secondary_dns/incoming`,
      `GET /accounts/${A}/secondary_dns/peers`,
    ]);
  });

  it('asks the peers in parallel: three silent primaries cost one timeout, not three', async () => {
    const sockets = await Promise.all([boundSocket(), boundSocket(), boundSocket()]);
    try {
      const peers = [];
      for (const [index, socket] of sockets.entries()) {
        peers.push(await createPeer({ name: `silent-${index}`, ip: '127.0.0.1', port: (socket.address() as { port: number }).port }));
      }
      await setIncomingPeers(Z, 'example.net.', peers);
      const started = Date.now();
      const { json } = await check();
      const took = Date.now() - started;
      expect(json.result.peers.map((peer: { status: string }) => peer.status)).toEqual(['timeout', 'timeout', 'timeout']);
      expect(took).toBeGreaterThanOrEqual(600);
      expect(took).toBeLessThan(1500); // one after another would be 1800 ms or more
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('after Force AXFR the primary and Cloudflare agree', async () => {
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer]);
    const cloudflare = sandbox.getState().incoming.find((config) => config.zone_id === Z)!.soa_serial;
    sandbox.setPrimarySerial(Z, cloudflare + 1);
    expect((await check()).json.result.peers[0]).toMatchObject({ relation: 'peer-ahead' });
    const forced = await app.inject({ method: 'POST', url: `/api/zones/${Z}/secondary_dns/force_axfr`, payload: {} });
    expect(forced.statusCode, forced.body).toBe(200);
    const after = (await check()).json.result;
    expect(after.cloudflare_serial).toBe(cloudflare + 1);
    expect(after.peers[0]).toMatchObject({ serial: cloudflare + 1, relation: 'same' });
    expect(after.peers[0].message).toBe(`Serial ${cloudflare + 1}, the same as Cloudflare's.`);
  });

  it('says when a primary is behind Cloudflare (its serial went backwards)', async () => {
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer]);
    const cloudflare = sandbox.getState().incoming.find((config) => config.zone_id === Z)!.soa_serial;
    sandbox.setPrimarySerial(Z, cloudflare - 2);
    const peer = (await check()).json.result.peers[0];
    expect(peer).toMatchObject({ status: 'answered', serial: cloudflare - 2, relation: 'peer-behind' });
    expect(peer.message).toContain(`Serial ${cloudflare - 2} is behind Cloudflare's copy (${cloudflare})`);
  });

  it.each([
    ['refused', 'refused', 'refused the query'],
    ['servfail', 'server-failure', 'SERVFAIL'],
  ] as const)('reports a nameserver that answers %s', async (behaviour, status, text) => {
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer]);
    sandbox.setDnsBehaviour('example.net', behaviour);
    const peer = (await check()).json.result.peers[0];
    expect(peer).toMatchObject({ status, serial: null, relation: null, transport: 'udp' });
    expect(peer.message).toContain(text);
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer]);
    sandbox.setDnsBehaviour('example.net', 'truncate');
    const peer = (await check()).json.result.peers[0];
    expect(peer).toMatchObject({ status: 'answered', transport: 'tcp', authoritative: true });
    expect(peer.serial).toEqual(expect.any(Number));
  });

  it('flags an answer without the authoritative bit', async () => {
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer]);
    sandbox.setDnsBehaviour('example.net', 'not-authoritative');
    const peer = (await check()).json.result.peers[0];
    expect(peer).toMatchObject({ status: 'answered', authoritative: false });
    expect(peer.message).toContain('without the authoritative (AA) flag');
  });

  it('several people checking the same zone at once share one query per peer', async () => {
    const counting = await boundSocket();
    let packets = 0;
    counting.on('message', () => (packets += 1)); // never answers: each query is sent once, then once again
    try {
      const peer = await createPeer({ name: 'counting-primary', ip: '127.0.0.1', port: (counting.address() as { port: number }).port });
      await setIncomingPeers(Z, 'example.net.', [peer]);
      const [first, second, third] = await Promise.all([check(), check(), check()]);
      for (const answer of [first, second, third]) expect(answer.json.result.peers[0]).toMatchObject({ status: 'timeout' });
      expect(packets).toBe(2);
    } finally {
      counting.close();
    }
  });

  it('refuses a bad account id before asking Cloudflare anything', async () => {
    const { status, json } = await check(incomingSerials(Z, 'not-an-id'));
    expect(status).toBe(400);
    expect(json.success).toBe(false);
    expect(JSON.stringify(json.errors)).toContain('account_id');
    expect(recorded(sandbox)).toEqual([]);
  });

  it("passes Cloudflare's refusal through when the zone has no such configuration", async () => {
    const { status, json } = await check(incomingSerials(SEED.zones.legacyExampleOrg));
    expect(status).toBe(404);
    expect(json.success).toBe(false);
  });

  it('is a read: a viewer may run it, an anonymous browser may not', async () => {
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer]);
    const viewer = await test.as('viewer');
    const response = await viewer.inject({ method: 'GET', url: incomingSerials() });
    expect(response.statusCode, response.body).toBe(200);
    expect((await test.anonymous({ method: 'GET', url: incomingSerials() })).statusCode).toBe(401);
  });

  it("counts against the asking user's share of reads (a sweep of checks cannot take everyone's budget)", async () => {
    await setIncomingPeers(Z, 'example.net.', [emulatorPeer]);
    // One user's reads may take 4 of the 8 per window; a check reads the configuration and the peers.
    const limited = await appFor(sandbox, { RATE_LIMIT_REQUESTS: '8', RATE_LIMIT_HEADROOM: '0', READ_SHARE_PER_CLIENT: '0.5' });
    try {
      for (let i = 0; i < 2; i++) expect((await limited.app.inject({ method: 'GET', url: incomingSerials() })).statusCode).toBe(200);
      const refused = await limited.app.inject({ method: 'GET', url: incomingSerials() });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().errors[0].message).toMatch(/^Not sent to Cloudflare: you have used your share/);
      const viewer = await limited.as('viewer');
      expect((await viewer.inject({ method: 'GET', url: incomingSerials() })).statusCode).toBe(200);
    } finally {
      await limited.app.close();
    }
  });
});

describe('GET /api/zones/:zone_id/secondary_dns/outgoing/serials', () => {
  it('shows a secondary behind Cloudflare until Force NOTIFY', async () => {
    const zone = SEED.zones.statusExampleOrg;
    const outgoing = sandbox.getState().outgoing.find((config) => config.zone_id === zone)!;
    const put = await app.inject({
      method: 'PUT',
      url: `/api/zones/${zone}/secondary_dns/outgoing`,
      payload: { name: outgoing.name, peers: [emulatorPeer] },
    });
    expect(put.statusCode, put.body).toBe(200);
    const url = `/api/zones/${zone}/secondary_dns/outgoing/serials?account_id=${A}`;
    const before = (await check(url)).json.result;
    expect(before).toMatchObject({ direction: 'outgoing', cloudflare_serial: outgoing.soa_serial });
    expect(before.peers[0]).toMatchObject({ status: 'answered', relation: 'peer-behind' });
    expect(before.peers[0].message).toContain('Force NOTIFY');
    const notify = await app.inject({ method: 'POST', url: `/api/zones/${zone}/secondary_dns/outgoing/force_notify`, payload: {} });
    expect(notify.statusCode, notify.body).toBe(200);
    const after = (await check(url)).json.result;
    expect(after.peers[0]).toMatchObject({ serial: outgoing.soa_serial, relation: 'same' });
  });
});

describe('sandbox mode', () => {
  it("asks the sandbox's emulated nameserver whatever the peers' addresses", async () => {
    const sandboxMode = await buildTestApp({ CLOUDFLARE_API_TOKEN: undefined, SOA_PROBE_TIMEOUT_MS: '600' });
    try {
      const response = await sandboxMode.app.inject({ method: 'GET', url: incomingSerials(SEED.zones.mailExampleNet) });
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json().result;
      expect(result).toMatchObject({ emulated: true, zone_name: 'mail.example.net.' });
      // The seeded stale zone: its primary (hidden-primary, 198.51.100.20:5353) has changes Cloudflare has not pulled.
      expect(result.peers).toEqual([
        expect.objectContaining({ peer_name: 'hidden-primary', address: '198.51.100.20', port: 5353, status: 'answered', relation: 'peer-ahead' }),
      ]);
    } finally {
      await sandboxMode.app.close();
    }
  });
});
