/**
 * The serial check of one zone (docs/decisions/010-serial-check.md), used by the route and by the serial watch
 * (docs/decisions/014-serial-watch.md): reads the zone's transfer configuration and the account's peers through the
 * gateway (two reads of the shared budget, cached like any read; the watch passes the peers it read once per round),
 * asks every configured peer for the zone's SOA over DNS (in parallel, each within SOA_PROBE_TIMEOUT_MS) and sets
 * each serial beside Cloudflare's with a sentence a person can act on.
 * Only the configured peers are ever asked: no address comes from a request; identical queries in flight (same zone,
 * address and port: several people checking the same zone, or the watch and a person) share one.
 * In sandbox mode the queries go to the sandbox's emulated nameserver (`emulated: true`), since the seeded peers'
 * addresses are documentation ranges.
 */
import {
  ErrorCodes,
  answeredSerialMessage,
  compareSerials,
  errorEnvelope,
  type Envelope,
  type Incoming,
  type Outgoing,
  type Peer,
  type PeerSerial,
  type SerialCheck,
  type SerialDirection,
  type BudgetPurpose,
} from '@secdns/api-types';
import type { FastifyBaseLogger } from 'fastify';
import type { Gateway } from '../upstream/gateway.js';
import { plural } from '../text.js';
import { probeSoa, type SoaProbeResult } from './soa-probe.js';

function where(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address} port ${port}`;
}

function failureMessage(result: SoaProbeResult, zone: string, address: string, port: number, timeoutMs: number): string {
  const at = where(address, port);
  switch (result.status) {
    case 'timeout':
      return `No answer from ${at} within ${timeoutMs / 1000} s: the server is down, the address or port is wrong, or a firewall drops queries from this dashboard's server.`;
    case 'unreachable':
      return `Nothing answers at ${at} (${result.detail}): no nameserver listens there, or the host cannot be reached.`;
    case 'refused':
      return `${at} refused the query: it does not serve ${zone}, or it answers only some addresses and this dashboard's server is not among them.`;
    case 'not-found':
      return `${at} says ${zone} does not exist (NXDOMAIN): it is not serving this zone.`;
    case 'no-soa':
      return `${at} answered without an SOA for ${zone}: it is not authoritative for the zone (a referral or an empty answer).`;
    case 'server-failure':
      return `${at} answered SERVFAIL: the zone may have failed to load there; check that server's logs.`;
    default:
      return `Could not read the answer from ${at} (${result.detail ?? 'unknown error'}).`;
  }
}

export type SerialCheckOutcome =
  | { ok: true; check: SerialCheck }
  | { ok: false; status: number; headers: Record<string, string>; envelope: Envelope<unknown> };

export interface SerialChecker {
  check(
    accountId: string,
    zoneId: string,
    direction: SerialDirection,
    /**
     * `clientKey`: who asks (the reads' share per client), none for the serial watch; `purpose`: the larger action
     * the check is part of (Check serials, the serial watch), for the budget.
     */
    options: { log?: FastifyBaseLogger; peers?: Peer[]; clientKey?: string; purpose?: BudgetPurpose },
  ): Promise<SerialCheckOutcome>;
  readonly timeoutMs: number;
  readonly emulated: boolean;
}

export function createSerialChecker(options: {
  gateway: Gateway;
  timeoutMs: number;
  emulatedNameserver: { host: string; port: number } | null;
}): SerialChecker {
  const { gateway, timeoutMs, emulatedNameserver } = options;
  const inFlight = new Map<string, Promise<SoaProbeResult>>();
  /** One query per zone, address and port at a time; later askers join it. */
  const probe = (zone: string, host: string, port: number): Promise<SoaProbeResult> => {
    const key = `${zone.toLowerCase()}|${host}|${port}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = probeSoa(zone, host, port, { timeoutMs }).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };

  async function check(
    accountId: string,
    zoneId: string,
    direction: SerialDirection,
    {
      log,
      peers: knownPeers,
      clientKey,
      purpose,
    }: { log?: FastifyBaseLogger; peers?: Peer[]; clientKey?: string; purpose?: BudgetPurpose },
  ): Promise<SerialCheckOutcome> {
    const callOptions = {
      ...(log ? { log } : {}),
      ...(clientKey !== undefined ? { clientKey } : {}),
      ...(purpose !== undefined ? { purpose } : {}),
    };
    const config = await gateway.call(`${direction}.get`, { params: { zone_id: zoneId } }, callOptions);
    if (!config.ok) return { ok: false, status: config.status, headers: config.headers, envelope: config.envelope };
    let peerList = knownPeers;
    if (!peerList) {
      const listed = await gateway.call('peers.list', { params: { account_id: accountId } }, callOptions);
      if (!listed.ok) return { ok: false, status: listed.status, headers: listed.headers, envelope: listed.envelope };
      peerList = (listed.envelope.result ?? []) as Peer[];
    }

    const transfer = config.envelope.result as Incoming | Outgoing;
    const peers = new Map(peerList.map((peer) => [peer.id, peer]));
    const cloudflare = typeof transfer.soa_serial === 'number' ? transfer.soa_serial : null;
    // Cloudflare names every configuration after its zone; without the name there is nothing to ask for.
    const zoneName = transfer.name;
    if (!zoneName) {
      return {
        ok: false,
        status: 502,
        headers: {},
        envelope: errorEnvelope({
          code: ErrorCodes.upstreamBadResponse,
          message: `Cloudflare's ${direction} configuration of this zone has no zone name, so its peers cannot be asked for the SOA. Reload and try again.`,
        }),
      };
    }

    const results: PeerSerial[] = await Promise.all(
      (transfer.peers ?? []).map(async (peerId): Promise<PeerSerial> => {
        const peer = peers.get(peerId);
        const port = peer?.port ?? 53;
        const empty = { serial: null, authoritative: null, relation: null, ms: null, transport: null } as const;
        if (!peer) {
          return {
            ...empty, peer_id: peerId, peer_name: null, address: null, port, status: 'no-address',
            message: `Peer ${peerId} is not among this account's peers (deleted?): nothing to ask. Edit the ${direction === 'incoming' ? 'secondary' : 'primary'} zone's peers.`,
          };
        }
        if (!peer.ip) {
          return {
            ...empty, peer_id: peerId, peer_name: peer.name, address: null, port, status: 'no-address',
            message: `${peer.name} has no IP address, so there is nothing to ask${direction === 'incoming' ? ' (and Cloudflare cannot transfer from it either)' : ''}. Edit the peer.`,
          };
        }
        const target = emulatedNameserver ?? { host: peer.ip, port };
        const result = await probe(zoneName, target.host, target.port);
        const answered = result.status === 'answered' && result.serial !== null;
        return {
          peer_id: peerId,
          peer_name: peer.name,
          address: peer.ip,
          port,
          status: result.status,
          serial: result.serial,
          authoritative: result.authoritative,
          relation: answered && cloudflare !== null ? compareSerials(result.serial!, cloudflare) : null,
          ms: result.ms,
          transport: result.transport,
          message: answered
            ? answeredSerialMessage(direction, result.serial!, cloudflare, result.authoritative !== false)
            : failureMessage(result, zoneName, peer.ip, port, timeoutMs),
        };
      }),
    );

    const answered = results.filter((r) => r.status === 'answered').length;
    log?.info(
      { serialCheck: { zone_id: zoneId, direction, peers: results.length, answered, emulated: emulatedNameserver !== null } },
      `serial check: ${answered} of ${plural(results.length, 'peer')} answered`,
    );
    return {
      ok: true,
      check: {
        zone_id: zoneId,
        zone_name: zoneName,
        direction,
        cloudflare_serial: cloudflare,
        checked_at: new Date().toISOString(),
        timeout_ms: timeoutMs,
        ...(direction === 'incoming'
          ? {
              refresh: {
                checked_time: (transfer as Incoming).checked_time ?? null,
                auto_refresh_seconds: (transfer as Incoming).auto_refresh_seconds ?? null,
              },
            }
          : {}),
        emulated: emulatedNameserver !== null,
        peers: results,
      },
    };
  }

  return { check, timeoutMs, emulated: emulatedNameserver !== null };
}
