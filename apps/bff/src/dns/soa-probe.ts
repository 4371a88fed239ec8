/**
 * One SOA query to one nameserver, as a secondary would ask it: over UDP (sent again once if nothing came back by
 * 40 % of the time allowed), then over TCP when the answer is truncated, all within `timeoutMs`. Recursion is not
 * asked for (peers are authoritative servers). The answer is read with dns-packet: rcode, the AA flag and the
 * serial of the zone's SOA. Nothing here throws: every outcome is a `SoaProbeResult` (see the serial check,
 * routes/serials.ts and docs/decisions/010-serial-check.md).
 */
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { SoaProbeStatus } from '@secdns/api-types';

export interface SoaProbeResult {
  status: Exclude<SoaProbeStatus, 'no-address'>;
  serial: number | null;
  authoritative: boolean | null;
  ms: number | null;
  transport: 'udp' | 'tcp' | null;
  /** The rcode or the socket error code, for the message and the log. */
  detail: string | null;
}

export interface SoaProbeOptions {
  timeoutMs: number;
}

/** `example.net.` → `example.net` (dns-packet names have no trailing dot); compared case-insensitively. */
function bare(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

function query(zone: string, id: number): dnsPacket.Packet {
  return {
    type: 'query',
    id,
    flags: 0, // no RD: we ask the authoritative server itself
    questions: [{ type: 'SOA', name: zone, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer],
  };
}

type Decoded = ReturnType<typeof dnsPacket.decode>;

/** The answer to our question (same id, QR set, same name and type), else null (a stray or garbled packet). */
function matching(buffer: Buffer, id: number, zone: string): Decoded | null {
  try {
    const packet = dnsPacket.decode(buffer);
    if (packet.id !== id || packet.type !== 'response') return null;
    const question = packet.questions?.[0];
    if (question && (bare(question.name) !== bare(zone) || question.type !== 'SOA')) return null;
    return packet;
  } catch {
    return null;
  }
}

function fromPacket(packet: Decoded, zone: string, ms: number, transport: 'udp' | 'tcp'): SoaProbeResult {
  const rcode = (packet as { rcode?: string }).rcode ?? 'NOERROR';
  const authoritative = Boolean((packet as { flag_aa?: boolean }).flag_aa);
  const base = { authoritative, ms, transport, detail: rcode };
  if (rcode === 'NOERROR') {
    const soa = (packet.answers ?? []).find((answer) => answer.type === 'SOA' && bare(answer.name) === bare(zone));
    if (soa && soa.type === 'SOA' && typeof soa.data.serial === 'number') {
      return { ...base, status: 'answered', serial: soa.data.serial >>> 0 };
    }
    return { ...base, status: 'no-soa', serial: null };
  }
  const status: SoaProbeResult['status'] =
    rcode === 'REFUSED' ? 'refused' : rcode === 'NXDOMAIN' ? 'not-found' : rcode === 'SERVFAIL' ? 'server-failure' : 'error';
  return { ...base, status, serial: null };
}

function failure(status: 'timeout' | 'unreachable' | 'error', detail: string | null): SoaProbeResult {
  return { status, serial: null, authoritative: null, ms: null, transport: null, detail };
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);

function socketFailure(error: NodeJS.ErrnoException): SoaProbeResult {
  const code = error.code ?? 'error';
  return failure(UNREACHABLE.has(code) ? 'unreachable' : 'error', code);
}

function overTcp(zone: string, address: string, port: number, deadline: number, started: number): Promise<SoaProbeResult> {
  const id = randomInt(0, 65536);
  return new Promise((resolve) => {
    let settled = false;
    let received = Buffer.alloc(0);
    const socket = net.connect({ host: address, port });
    const finish = (result: SoaProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(failure('timeout', 'TCP')), Math.max(1, deadline - performance.now()));
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(query(zone, id))));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length < 2 + length) return;
      const packet = matching(received.subarray(2, 2 + length), id, zone);
      finish(packet ? fromPacket(packet, zone, Math.round(performance.now() - started), 'tcp') : failure('error', 'unreadable TCP answer'));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(socketFailure(error)));
    socket.on('close', () => finish(failure('error', 'TCP connection closed without an answer')));
  });
}

/** Asks `address:port` for the SOA of `zone` (a name with or without the trailing dot). */
export function probeSoa(zone: string, address: string, port: number, options: SoaProbeOptions): Promise<SoaProbeResult> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const id = randomInt(0, 65536);
  const message = dnsPacket.encode(query(zone, id));
  return new Promise((resolve) => {
    let settled = false;
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
    const timers: NodeJS.Timeout[] = [];
    const finish = (result: SoaProbeResult | Promise<SoaProbeResult>) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    let connected = false;
    const send = () => {
      if (!connected || settled) return;
      socket.send(message, (error) => {
        if (error) finish(socketFailure(error as NodeJS.ErrnoException));
      });
    };
    socket.on('error', (error: NodeJS.ErrnoException) => finish(socketFailure(error)));
    socket.on('message', (buffer: Buffer) => {
      const packet = matching(buffer, id, zone);
      if (!packet) return; // not ours: keep waiting
      if ((packet as { flag_tc?: boolean }).flag_tc) {
        finish(overTcp(zone, address, port, deadline, started));
        return;
      }
      finish(fromPacket(packet, zone, Math.round(performance.now() - started), 'udp'));
    });
    // A connected socket hears ICMP "port unreachable" as ECONNREFUSED instead of waiting for the timeout.
    try {
      socket.connect(port, address, () => {
        connected = true;
        send();
      });
    } catch (error) {
      finish(socketFailure(error as NodeJS.ErrnoException));
      return;
    }
    timers.push(setTimeout(send, Math.round(options.timeoutMs * 0.4)));
    timers.push(setTimeout(() => finish(failure('timeout', 'UDP')), options.timeoutMs));
  });
}
