/**
 * The serial check (a BFF-owned route, not a Cloudflare operation): the BFF asks every peer of a zone's transfer
 * configuration for the zone's SOA record over DNS and sets each serial beside Cloudflare's `soa_serial`, so a
 * support engineer sees at once whether Cloudflare's copy (incoming) or a secondary's copy (outgoing) is behind.
 *
 *   GET /api/zones/:zone_id/secondary_dns/incoming/serials?account_id=…  the primaries Cloudflare pulls from
 *   GET /api/zones/:zone_id/secondary_dns/outgoing/serials?account_id=…  the secondaries Cloudflare notifies
 *
 * Serials are compared with RFC 1982 serial number arithmetic (they wrap at 2^32), as nameservers compare them.
 * See docs/decisions/010-serial-check.md.
 */
import { z } from 'zod';
import { IdSchema } from '../common.js';

export const SerialDirectionSchema = z.enum(['incoming', 'outgoing']);
export type SerialDirection = z.infer<typeof SerialDirectionSchema>;

export const SerialCheckParamsSchema = z.strictObject({ zone_id: IdSchema });
/** The account holds the peers (their addresses); the zone's transfer configuration holds only their ids. */
export const SerialCheckQuerySchema = z.strictObject({ account_id: IdSchema });

/**
 * What a peer did with the SOA query:
 * answered (NOERROR with the zone's SOA), no-address (the peer has no IP in Cloudflare), timeout (no answer in time),
 * unreachable (nothing listens there: ICMP port/host unreachable, or the TCP retry was refused), refused (REFUSED:
 * not authoritative for the zone, or it does not answer this dashboard's address), not-found (NXDOMAIN),
 * no-soa (NOERROR but no SOA for the zone: a referral or an empty answer), server-failure (SERVFAIL, often a zone
 * that failed to load), error (another rcode or an answer that could not be read).
 */
export const SoaProbeStatusSchema = z.enum([
  'answered',
  'no-address',
  'timeout',
  'unreachable',
  'refused',
  'not-found',
  'no-soa',
  'server-failure',
  'error',
]);
export type SoaProbeStatus = z.infer<typeof SoaProbeStatusSchema>;

/** The peer's serial against Cloudflare's (RFC 1982): null when either is unknown. */
export const SerialRelationSchema = z.enum(['same', 'peer-ahead', 'peer-behind', 'incomparable']);
export type SerialRelation = z.infer<typeof SerialRelationSchema>;

export const PeerSerialSchema = z.object({
  peer_id: z.string(),
  /** Null when the configuration names a peer id the account does not have (any more). */
  peer_name: z.string().nullable(),
  address: z.string().nullable(),
  port: z.number(),
  status: SoaProbeStatusSchema,
  serial: z.number().nullable(),
  /** The AA flag of the answer: a primary or secondary that answers without it is not serving the zone itself. */
  authoritative: z.boolean().nullable(),
  relation: SerialRelationSchema.nullable(),
  /** Milliseconds from the query to the answer (null without an answer). */
  ms: z.number().nullable(),
  transport: z.enum(['udp', 'tcp']).nullable(),
  /** One sentence a person can act on. */
  message: z.string(),
});
export type PeerSerial = z.infer<typeof PeerSerialSchema>;

export const SerialCheckSchema = z.object({
  zone_id: z.string(),
  zone_name: z.string(),
  direction: SerialDirectionSchema,
  /** The transfer configuration's `soa_serial` (null when Cloudflare has none yet). */
  cloudflare_serial: z.number().nullable(),
  /** When the BFF asked (ISO 8601). */
  checked_at: z.string(),
  /** How long each peer had to answer. */
  timeout_ms: z.number(),
  /** Sandbox mode: the peers' answers come from the sandbox's emulated nameservers, not from the addresses shown. */
  emulated: z.boolean(),
  peers: z.array(PeerSerialSchema),
});
export type SerialCheck = z.infer<typeof SerialCheckSchema>;

const HALF = 2 ** 31;
const MODULUS = 2 ** 32;

/**
 * RFC 1982 comparison of two SOA serials: 'same', 'peer-ahead' when `peer` is greater than `reference`,
 * 'peer-behind' when less, 'incomparable' when they are exactly 2^31 apart (the RFC leaves that undefined).
 */
export function compareSerials(peer: number, reference: number): SerialRelation {
  const a = ((peer % MODULUS) + MODULUS) % MODULUS;
  const b = ((reference % MODULUS) + MODULUS) % MODULUS;
  if (a === b) return 'same';
  const forward = (a - b + MODULUS) % MODULUS; // how far `peer` is past `reference`, going forward
  if (forward === HALF) return 'incomparable';
  return forward < HALF ? 'peer-ahead' : 'peer-behind';
}

/** How many increments `peer` is ahead of (positive) or behind (negative) `reference`, in RFC 1982 terms. */
export function serialDistance(peer: number, reference: number): number {
  const forward = (((peer - reference) % MODULUS) + MODULUS) % MODULUS;
  return forward <= HALF ? forward : forward - MODULUS;
}
