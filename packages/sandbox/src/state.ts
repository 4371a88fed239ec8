/**
 * The sandbox's state: accounts, zones, the per-account Secondary DNS resources (ACLs, peers, TSIGs) and the
 * per-zone transfer configurations (incoming, outgoing). Kept in memory; persisted as one JSON file written
 * atomically after every mutation when a data directory is configured.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const STATE_FILE_NAME = 'sandbox-state.json';
export const STATE_VERSION = 1;

export interface AccountRecord {
  id: string;
  name: string;
  type: string;
  created_on: string;
}

export type ZoneType = 'full' | 'secondary' | 'partial';

export interface ZoneRecord {
  id: string;
  account_id: string;
  name: string;
  status: string;
  type: ZoneType;
  created_on: string;
  modified_on: string;
  /**
   * Secondary zones: the SOA serial of the simulated primary nameserver. Force AXFR (or a NOTIFY) pulls it into
   * the incoming configuration's `soa_serial` when it is newer.
   */
  primary_serial?: number;
}

export interface AclRecord {
  id: string;
  account_id: string;
  name: string;
  ip_range: string;
}

export interface PeerRecord {
  id: string;
  account_id: string;
  name: string;
  ip?: string;
  port?: number;
  ixfr_enable?: boolean;
  tsig_id?: string;
}

export interface TsigRecord {
  id: string;
  account_id: string;
  name: string;
  algo: string;
  secret: string;
}

export interface IncomingRecord {
  /** The zone's id (one configuration per zone). */
  id: string;
  zone_id: string;
  name: string;
  peers: string[];
  auto_refresh_seconds: number;
  soa_serial: number;
  created_time: string;
  modified_time: string;
  checked_time: string;
}

export interface OutgoingRecord {
  /** The zone's id (one configuration per zone). */
  id: string;
  zone_id: string;
  name: string;
  peers: string[];
  soa_serial: number;
  created_time: string;
  /** Internal (Cloudflare's outgoing result has no modified_time); shown only by the state accessor. */
  modified_time: string;
  checked_time: string;
  /** Absent until the first transfer (enable or force_notify). */
  last_transferred_time?: string;
  /** Outgoing transfers enabled (`outgoing.status.get` = "Enabled"). New configurations start disabled. */
  enabled: boolean;
  /** Simulated count of zone changes not yet sent to the secondaries; cleared by disable and force_notify. */
  ixfr_backlog: number;
  /**
   * The SOA serial the simulated secondaries hold; they catch up on enable and Force NOTIFY. Internal (not in
   * Cloudflare's result): the DNS emulator answers the serial check with it. Absent in state files written before
   * it existed, which means "equal to `soa_serial`".
   */
  secondary_serial?: number;
}

export interface SandboxState {
  version: typeof STATE_VERSION;
  accounts: AccountRecord[];
  zones: ZoneRecord[];
  acls: AclRecord[];
  peers: PeerRecord[];
  tsigs: TsigRecord[];
  incoming: IncomingRecord[];
  outgoing: OutgoingRecord[];
}

export function emptyState(): SandboxState {
  return { version: STATE_VERSION, accounts: [], zones: [], acls: [], peers: [], tsigs: [], incoming: [], outgoing: [] };
}

/** A Cloudflare-style identifier: 32 lowercase hexadecimal characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** RFC 3339 timestamp. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function cloneState(state: SandboxState): SandboxState {
  return structuredClone(state);
}

function isStateShape(value: unknown): value is SandboxState {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return ['accounts', 'zones', 'acls', 'peers', 'tsigs', 'incoming', 'outgoing'].every((key) =>
    Array.isArray(record[key]),
  );
}

/**
 * Reads `<dataDir>/sandbox-state.json`. Returns undefined when the file does not exist; throws (rather than
 * silently overwriting someone's data) when it exists but cannot be read as sandbox state.
 */
export function loadStateFile(dataDir: string): SandboxState | undefined {
  const file = join(dataDir, STATE_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`Sandbox state file ${file} is not valid JSON (${(error as Error).message}); move it away to start fresh`);
  }
  if (!isStateShape(parsed)) {
    throw new Error(`Sandbox state file ${file} does not look like sandbox state; move it away to start fresh`);
  }
  return { ...emptyState(), ...parsed, version: STATE_VERSION };
}

/**
 * Atomic write: a temporary file in the same directory, fsync, rename over the target, then fsync the directory
 * (best effort), so a crash leaves either the old or the new file, never a torn one.
 */
export function writeStateFile(dataDir: string, state: SandboxState): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, STATE_FILE_NAME);
  const temp = join(dataDir, `.${STATE_FILE_NAME}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const data = `${JSON.stringify(state, null, 2)}\n`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w', 0o600);
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dirFd = openSync(dataDir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Directory fsync is not supported everywhere; the rename itself is atomic.
  }
}

/** Holds the live state and persists it after each mutation. */
export class StateStore {
  state: SandboxState;

  constructor(
    initial: SandboxState,
    private readonly dataDir: string | undefined,
  ) {
    this.state = initial;
  }

  get persistent(): boolean {
    return this.dataDir !== undefined;
  }

  /** Call after every mutation. */
  commit(): void {
    if (this.dataDir !== undefined) writeStateFile(this.dataDir, this.state);
  }

  replace(state: SandboxState): void {
    this.state = state;
    this.commit();
  }
}
