/**
 * The package's public API: the sandbox (build / start, controls), the DNS emulator the serial check queries, the
 * seed ids, and the state record types tests and the BFF read.
 */
export {
  API_PREFIX,
  CONTROL_PREFIX,
  buildSandbox,
  startSandbox,
  type BuiltSandbox,
  type RecordedRequest,
  type RunningSandbox,
  type SandboxControls,
  type SandboxOptions,
  type StartSandboxOptions,
  type StateAccessor,
} from './app.js';
export {
  DNS_BEHAVIOURS,
  startDnsEmulator,
  type DnsBehaviour,
  type DnsEmulator,
  type DnsEmulatorOptions,
} from './dns.js';
export { SEED, buildSeedState } from './seed.js';
export type { ActiveFault, Fault, FaultController, FaultMatch } from './faults.js';
export type { RateLimitOptions } from './rate-limit.js';
export {
  STATE_FILE_NAME,
  type AccountRecord,
  type AclRecord,
  type IncomingRecord,
  type OutgoingRecord,
  type PeerRecord,
  type SandboxState,
  type TsigRecord,
  type ZoneRecord,
  type ZoneType,
} from './state.js';
