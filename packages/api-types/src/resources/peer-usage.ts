/**
 * Which zones use each peer (a BFF-owned route, not a Cloudflare operation). Cloudflare deletes or changes a peer
 * that zones still name without a word, and its API has no "used by": the only way to know is to read every zone's
 * transfer configuration. The BFF does that on request, through the shared budget, and never spends more than half
 * of what is left of it:
 *
 *   GET /api/accounts/:account_id/secondary_dns/peers/usage
 *
 * Secondary zones' incoming configurations name their primaries; other zones' outgoing configurations name their
 * secondaries. See docs/decisions/012-peer-usage.md.
 */
import { z } from 'zod';
import { IdSchema } from '../common.js';
import { SerialDirectionSchema } from './serials.js';

export const PeerUsageParamsSchema = z.strictObject({ account_id: IdSchema });

/** One zone naming one peer: `incoming` = the peer is one of the zone's primaries, `outgoing` = one of its secondaries. */
export const PeerUseSchema = z.object({
  peer_id: z.string(),
  zone_id: z.string(),
  zone_name: z.string(),
  direction: SerialDirectionSchema,
});
export type PeerUse = z.infer<typeof PeerUseSchema>;

/**
 * A zone whose configuration was not read: `budget` (reading it would have taken more than the scan's share of the
 * budget, or the budget was spent), `time` (the scan's time bound ran out), `error` (Cloudflare answered an error).
 */
export const UnreadZoneSchema = z.object({
  zone_id: z.string(),
  zone_name: z.string(),
  reason: z.enum(['budget', 'time', 'error']),
  message: z.string(),
});
export type UnreadZone = z.infer<typeof UnreadZoneSchema>;

export const PeerUsageSchema = z.object({
  account_id: z.string(),
  /** When the BFF read the configurations (ISO 8601). */
  checked_at: z.string(),
  /** Zones in the account, as Cloudflare counts them. */
  zones_total: z.number(),
  /** Zones whose configuration was read (a zone without any transfer configuration counts as read). */
  zones_read: z.number(),
  /** Requests the scan sent to Cloudflare (reads answered from the BFF's cache cost none). */
  upstream_calls: z.number(),
  /** Some configurations came from the cache after the budget was spent (they may be older than checked_at). */
  stale: z.boolean(),
  /** Every zone was read: a peer with no use below is used by no zone. */
  complete: z.boolean(),
  uses: z.array(PeerUseSchema),
  unread: z.array(UnreadZoneSchema),
  /** One sentence: what was read and what was not. */
  message: z.string(),
});
export type PeerUsage = z.infer<typeof PeerUsageSchema>;
