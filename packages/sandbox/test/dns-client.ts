/**
 * A tiny DNS client for the emulator's tests: one query over UDP or TCP, built and read with dns-packet, every wait
 * bounded (a timeout resolves to null, so "no answer" is something a test can assert).
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import dnsPacket, { type DecodedPacket, type Packet, type RecordType } from 'dns-packet';

export const RCODE = { noError: 0, formErr: 1, servFail: 2, notImp: 4, refused: 5 } as const;

export interface Target {
  host?: string;
  port: number;
}

let nextId = 1000;

/** A standard query (RD set, as a stub resolver would send it) for one name and type. */
export function query(name: string, type: RecordType = 'SOA', extra: Partial<Packet> = {}): Packet {
  nextId = (nextId + 1) % 65536;
  return {
    type: 'query',
    id: nextId,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
    ...extra,
  };
}

export const rcodeOf = (packet: DecodedPacket): number => (packet.flags ?? 0) & 0xf;
export const flagsOf = (packet: DecodedPacket) => ({
  qr: packet.type === 'response',
  aa: packet.flag_aa,
  tc: packet.flag_tc,
  rd: packet.flag_rd,
  ra: packet.flag_ra,
});

/** Sends raw bytes over UDP; the decoded reply, or null when none came within `timeoutMs`. */
export function sendUdp(target: Target, message: Buffer, timeoutMs = 2000): Promise<DecodedPacket | null> {
  const host = target.host ?? '127.0.0.1';
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (result: DecodedPacket | null, error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(result);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.on('message', (reply) => {
      try {
        finish(dnsPacket.decode(reply));
      } catch (error) {
        finish(null, error as Error);
      }
    });
    socket.on('error', (error) => finish(null, error));
    socket.send(message, target.port, host);
  });
}

export function queryUdp(target: Target, packet: Packet, timeoutMs = 2000): Promise<DecodedPacket | null> {
  return sendUdp(target, dnsPacket.encode(packet), timeoutMs);
}

/**
 * Sends raw bytes over TCP (the caller adds the length prefix); the first reply, or null when none came within
 * `timeoutMs` or the server closed the connection first.
 */
export function sendTcp(target: Target, bytes: Buffer, timeoutMs = 2000): Promise<DecodedPacket | null> {
  const socket = connect({ host: target.host ?? '127.0.0.1', port: target.port });
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    let done = false;
    const finish = (result: DecodedPacket | null, error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(result);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      try {
        finish(dnsPacket.streamDecode(buffered) as DecodedPacket);
      } catch (error) {
        finish(null, error as Error);
      }
    });
    socket.on('error', (error) => finish(null, error));
    // The server closing the connection without a reply is "no answer" too.
    socket.on('close', () => finish(null));
  });
}

export function queryTcp(target: Target, packet: Packet, timeoutMs = 2000): Promise<DecodedPacket | null> {
  return sendTcp(target, dnsPacket.streamEncode(packet), timeoutMs);
}

/** The SOA serial of the first answer, or undefined. */
export function serialOf(packet: DecodedPacket | null): number | undefined {
  const record = packet?.answers?.[0];
  return record?.type === 'SOA' ? record.data.serial : undefined;
}
