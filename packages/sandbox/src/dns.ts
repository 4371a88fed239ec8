/**
 * A nameserver emulator for the product's serial check. The backend asks each peer nameserver of a zone for the
 * zone's SOA over DNS and compares its serial with Cloudflare's `soa_serial`; in sandbox mode every one of those
 * queries comes here instead of to the documentation addresses of the seeded peers, which nobody answers.
 *
 * It answers as the peers of a zone would: for a secondary zone (incoming configuration) as the customer's primary
 * (`primary_serial`), for a full zone with an outgoing configuration as Cloudflare's secondaries
 * (`secondary_serial`, which catches up on enable and on Force NOTIFY while enabled). Per-zone behaviours (silent,
 * REFUSED, SERVFAIL, not authoritative, truncated over UDP) let tests and demos show each way a peer can fail the
 * check.
 *
 * UDP and TCP on the same port, because a client that gets a truncated UDP answer retries over TCP.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server as TcpServer, type Socket as TcpSocket } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type Packet, type Question, type SoaAnswer } from 'dns-packet';
import { z } from 'zod';
import type { IncomingRecord, OutgoingRecord, SandboxState, ZoneRecord } from './state.js';

/** How the emulated peers of a zone answer. `answer` is the default. */
export const DNS_BEHAVIOURS = ['answer', 'silent', 'refused', 'servfail', 'not-authoritative', 'truncate'] as const;
export type DnsBehaviour = (typeof DNS_BEHAVIOURS)[number];

export function isDnsBehaviour(value: unknown): value is DnsBehaviour {
  return typeof value === 'string' && (DNS_BEHAVIOURS as readonly string[]).includes(value);
}

/** What `POST /__sandbox/dns/behaviour` accepts. */
export const DnsBehaviourBodySchema = z.strictObject({
  zone: z.string().trim().min(1, { error: 'must be a zone name' }).max(253),
  behaviour: z.enum(DNS_BEHAVIOURS),
});

export interface DnsEmulatorOptions {
  /** Default 127.0.0.1. An IPv6 address (e.g. `::1`) binds udp6. */
  host?: string;
  /** Default 0: a random free port, the same number for UDP and TCP. */
  port?: number;
  /** The live sandbox state, read on every query (never modified). */
  state: () => SandboxState;
}

export interface DnsEmulator {
  /** The address bound (UDP and TCP). */
  host: string;
  port: number;
  /**
   * Applies to the zone's apex and every name below it down to another zone's apex (`.`: every zone without a
   * behaviour of its own); `answer` is the default (and overrides `.`).
   */
  setBehaviour(zoneName: string, behaviour: DnsBehaviour): void;
  clearBehaviours(): void;
  /** Idempotent; drops open TCP connections (including silent ones). */
  close(): Promise<void>;
}

type Transport = 'udp' | 'tcp';

// RFC 1035 / RFC 6895 numbers; dns-packet encodes the opcode and rcode only through the raw flags.
const OPCODE_QUERY = 0;
const RCODE = { noError: 0, formErr: 1, servFail: 2, notImp: 4, refused: 5 } as const;
const FLAG_MASK_OPCODE = 0xf << 11;

/** SOA timers of every emulated zone; only `refresh` follows the configuration. */
const SOA = { ttl: 300, defaultRefresh: 3600, retry: 600, expire: 604_800, minimum: 300 } as const;

/** Same-port binding can lose a race with another process for the TCP side; this many fresh ports are tried. */
const BIND_ATTEMPTS = 5;

/** Lower case, no trailing dot: how names are compared. */
export function normaliseDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, '');
}

/** True when `name` is `zone` or below it (on a label boundary). */
function isAtOrBelow(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Which zone, which serial

/** What the emulated peers of one zone serve. */
interface ZoneAuthority {
  /** The apex, normalised. */
  apex: string;
  serial: number;
  refresh: number;
  /** The SOA MNAME: the customer's primary for secondary zones, Cloudflare for zones it is primary of. */
  mname: string;
}

function hasConfiguration(state: SandboxState, zone: ZoneRecord): boolean {
  return state.incoming.some((c) => c.zone_id === zone.id) || state.outgoing.some((c) => c.zone_id === zone.id);
}

/** The closest enclosing zone of `name` (longest apex); among zones of the same name, a configured one. */
function findZone(state: SandboxState, name: string): ZoneRecord | undefined {
  let best: ZoneRecord | undefined;
  let bestLength = -1;
  for (const zone of state.zones) {
    const apex = normaliseDnsName(zone.name);
    if (!isAtOrBelow(name, apex)) continue;
    const better = apex.length > bestLength || (apex.length === bestLength && best && !hasConfiguration(state, best));
    if (better) {
      best = zone;
      bestLength = apex.length;
    }
  }
  return best;
}

/** Secondary zone: the peers are the customer's primaries, which hold `primary_serial`. */
function incomingAuthority(zone: ZoneRecord, config: IncomingRecord): ZoneAuthority {
  const apex = normaliseDnsName(zone.name);
  return {
    apex,
    serial: zone.primary_serial ?? config.soa_serial,
    refresh: config.auto_refresh_seconds || SOA.defaultRefresh,
    mname: `ns1.${apex}`,
  };
}

/** Cloudflare is primary: the peers are the secondaries, which hold what the last NOTIFY sent them. */
function outgoingAuthority(zone: ZoneRecord, config: OutgoingRecord): ZoneAuthority {
  return {
    apex: normaliseDnsName(zone.name),
    serial: config.secondary_serial ?? config.soa_serial,
    refresh: SOA.defaultRefresh,
    mname: 'ada.ns.cloudflare.com',
  };
}

/** Undefined when the zone has no transfer configuration: no peer would serve it. */
function authorityOf(state: SandboxState, zone: ZoneRecord): ZoneAuthority | undefined {
  const incoming = state.incoming.find((config) => config.zone_id === zone.id);
  if (incoming) return incomingAuthority(zone, incoming);
  const outgoing = state.outgoing.find((config) => config.zone_id === zone.id);
  if (outgoing) return outgoingAuthority(zone, outgoing);
  return undefined;
}

function soaRecord(authority: ZoneAuthority, owner: string): SoaAnswer {
  return {
    type: 'SOA',
    name: owner,
    class: 'IN',
    ttl: SOA.ttl,
    data: {
      mname: authority.mname,
      rname: `hostmaster.${authority.apex}`,
      serial: authority.serial,
      refresh: authority.refresh,
      retry: SOA.retry,
      expire: SOA.expire,
      minimum: SOA.minimum,
    },
  };
}

/**
 * The behaviour set for the name or the closest enclosing name, stopping at a zone cut: a zone of the state below a
 * zone with a behaviour (cdn.example.net below example.net) is served by its own peers. `.` is the fallback.
 */
function behaviourFor(state: SandboxState, behaviours: ReadonlyMap<string, DnsBehaviour>, name: string): DnsBehaviour {
  if (behaviours.size === 0) return 'answer';
  const isApex = (candidate: string) => state.zones.some((zone) => normaliseDnsName(zone.name) === candidate);
  for (let candidate = name; candidate !== ''; ) {
    const behaviour = behaviours.get(candidate);
    if (behaviour) return behaviour;
    if (isApex(candidate)) break;
    const dot = candidate.indexOf('.');
    candidate = dot === -1 ? '' : candidate.slice(dot + 1);
  }
  return behaviours.get('') ?? 'answer';
}

// ---------------------------------------------------------------------------------------------------------------
// Answers

interface ReplyParts {
  rcode: number;
  authoritative?: boolean;
  truncated?: boolean;
  answers?: Answer[];
  authorities?: Answer[];
}

/** A response to `query`: same id, question and opcode, QR set, RD copied, RA clear. */
function replyTo(query: DecodedPacket, parts: ReplyParts): Packet {
  const queryFlags = query.flags ?? 0;
  let flags = (queryFlags & FLAG_MASK_OPCODE) | (queryFlags & dnsPacket.RECURSION_DESIRED) | parts.rcode;
  if (parts.authoritative) flags |= dnsPacket.AUTHORITATIVE_ANSWER;
  if (parts.truncated) flags |= dnsPacket.TRUNCATED_RESPONSE;
  return {
    type: 'response',
    id: query.id ?? 0,
    flags,
    questions: query.questions ?? [],
    answers: parts.answers ?? [],
    authorities: parts.authorities ?? [],
  };
}

/** The answer of a well-behaved authoritative server: SOA at the apex, NODATA elsewhere, REFUSED outside. */
function authoritativeAnswer(state: SandboxState, question: Question): ReplyParts {
  const name = normaliseDnsName(question.name);
  const zone = question.class === 'IN' || question.class === 'ANY' ? findZone(state, name) : undefined;
  const authority = zone ? authorityOf(state, zone) : undefined;
  if (!authority) return { rcode: RCODE.refused };
  if (name === authority.apex && question.type === 'SOA') {
    return { rcode: RCODE.noError, authoritative: true, answers: [soaRecord(authority, question.name)] };
  }
  return { rcode: RCODE.noError, authoritative: true, authorities: [soaRecord(authority, authority.apex)] };
}

/** Bends a normal answer to the zone's behaviour; null = no reply at all. */
function applyBehaviour(behaviour: DnsBehaviour, normal: () => ReplyParts, transport: Transport): ReplyParts | null {
  switch (behaviour) {
    case 'silent':
      return null;
    case 'refused':
      return { rcode: RCODE.refused };
    case 'servfail':
      return { rcode: RCODE.servFail };
    case 'not-authoritative':
      return { ...normal(), authoritative: false };
    case 'truncate':
      return transport === 'udp' ? { ...normal(), truncated: true, answers: [], authorities: [] } : normal();
    default:
      return normal();
  }
}

/** The reply to a decoded message, or null when nothing should be sent. */
function answerQuery(
  query: DecodedPacket,
  state: SandboxState,
  behaviours: ReadonlyMap<string, DnsBehaviour>,
  transport: Transport,
): Packet | null {
  if (query.type === 'response') return null;
  const opcode = ((query.flags ?? 0) & FLAG_MASK_OPCODE) >> 11;
  if (opcode !== OPCODE_QUERY) return replyTo(query, { rcode: RCODE.notImp });
  const question = query.questions?.length === 1 ? query.questions[0] : undefined;
  if (!question) return replyTo(query, { rcode: RCODE.formErr });
  const behaviour = behaviourFor(state, behaviours, normaliseDnsName(question.name));
  const parts = applyBehaviour(behaviour, () => authoritativeAnswer(state, question), transport);
  return parts ? replyTo(query, parts) : null;
}

/** Decodes, answers and encodes one message; null for anything malformed or unanswerable. */
function respond(
  message: Buffer,
  state: SandboxState,
  behaviours: ReadonlyMap<string, DnsBehaviour>,
  transport: Transport,
): Packet | null {
  try {
    return answerQuery(dnsPacket.decode(message), state, behaviours, transport);
  } catch {
    return null;
  }
}

function encodeSafely(packet: Packet, transport: Transport): Buffer | null {
  try {
    return transport === 'udp' ? dnsPacket.encode(packet) : dnsPacket.streamEncode(packet);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sockets

type Responder = (message: Buffer, transport: Transport) => Buffer | null;

function bindUdp(host: string, port: number, responder: Responder): Promise<UdpSocket> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (message, remote) => {
    const reply = responder(message, 'udp');
    if (!reply) return;
    try {
      socket.send(reply, remote.port, remote.address, () => undefined);
    } catch {
      // The socket closed while answering.
    }
  });
  return new Promise((resolve, reject) => {
    socket.once('error', (error) => {
      void closeUdp(socket);
      reject(error);
    });
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/** Splits a TCP stream into messages (2-byte length prefix, RFC 1035 4.2.2) and answers each in order. */
function serveTcpConnection(connection: TcpSocket, responder: Responder): void {
  let buffered = Buffer.alloc(0);
  connection.on('error', () => connection.destroy());
  connection.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2) {
      const length = buffered.readUInt16BE(0);
      if (buffered.length < 2 + length) return;
      const message = buffered.subarray(2, 2 + length);
      buffered = buffered.subarray(2 + length);
      const reply = responder(message, 'tcp');
      if (reply && connection.writable) connection.write(reply);
    }
  });
}

function listenTcp(host: string, port: number, responder: Responder, connections: Set<TcpSocket>): Promise<TcpServer> {
  const server = createServer((connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    serveTcpConnection(connection, responder);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.removeListener('error', reject);
      resolve(server);
    });
  });
}

function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}

function closeTcp(server: TcpServer, connections: Set<TcpSocket>): Promise<void> {
  for (const connection of connections) connection.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** UDP first (it picks the port when 0), then TCP on the same number; a few fresh ports if TCP loses that race. */
async function bindBoth(
  host: string,
  port: number,
  responder: Responder,
  connections: Set<TcpSocket>,
): Promise<{ udp: UdpSocket; tcp: TcpServer; port: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const udp = await bindUdp(host, port, responder);
    const bound = udp.address().port;
    try {
      const tcp = await listenTcp(host, bound, responder, connections);
      return { udp, tcp, port: bound };
    } catch (error) {
      await closeUdp(udp);
      const retryable = port === 0 && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!retryable || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

/** Starts the emulator on UDP and TCP (default 127.0.0.1, a random port). */
export async function startDnsEmulator(options: DnsEmulatorOptions): Promise<DnsEmulator> {
  const host = options.host ?? '127.0.0.1';
  const behaviours = new Map<string, DnsBehaviour>();
  const connections = new Set<TcpSocket>();
  const responder: Responder = (message, transport) => {
    const packet = respond(message, options.state(), behaviours, transport);
    return packet ? encodeSafely(packet, transport) : null;
  };
  const { udp, tcp, port } = await bindBoth(host, options.port ?? 0, responder, connections);

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    setBehaviour: (zoneName, behaviour) => {
      if (!isDnsBehaviour(behaviour)) throw new Error(`unknown DNS behaviour ${String(behaviour)}`);
      behaviours.set(normaliseDnsName(zoneName), behaviour);
    },
    clearBehaviours: () => behaviours.clear(),
    close: () => {
      closing ??= Promise.all([closeUdp(udp), closeTcp(tcp, connections)]).then(() => undefined);
      return closing;
    },
  };
}
