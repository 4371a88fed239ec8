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
/**
 * `from`: continue a look-up that stopped (its `resume_from`): only zones whose name sorts at or after it are read.
 * Zones are read in name order, so a large account is read in turns, each within its share of the budget.
 */
export const PeerUsageQuerySchema = z.strictObject({
  from: z.string().trim().min(1, { error: 'must be a zone name' }).max(253, { error: 'must be at most 253 characters' }).optional(),
});

/** One zone naming one peer: `incoming` = the peer is one of the zone's primaries, `outgoing` = one of its secondaries. */
export const PeerUseSchema = z.object({
  peer_id: z.string(),
  zone_id: z.string(),
  zone_name: z.string(),
  direction: SerialDirectionSchema,
});
export type PeerUse = z.infer<typeof PeerUseSchema>;

/** A zone whose configuration Cloudflare answered an error for (or a timeout): named, with Cloudflare's words. */
export const UnreadZoneSchema = z.object({
  zone_id: z.string(),
  zone_name: z.string(),
  reason: z.enum(['time', 'error']),
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
  /** Zones before `from` (read by an earlier look-up), not read by this one. */
  zones_before: z.number(),
  /**
   * Zones this look-up did not reach: its share of the budget (at most half of what was left) or its time ran out,
   * or the budget was spent. They come after every zone it read, in name order.
   */
  not_read: z.number(),
  /** Why `not_read` zones were not read. */
  stopped_by: z.enum(['budget', 'time']).nullable(),
  /** Where to continue (`?from=`): the first zone not reached; null when there is nothing left to reach. */
  resume_from: z.string().nullable(),
  /** Requests the scan sent to Cloudflare (reads answered from the BFF's cache cost none). */
  upstream_calls: z.number(),
  /** Some configurations came from the cache after the budget was spent (they may be older than checked_at). */
  stale: z.boolean(),
  /** Every zone from `from` on was read (no error, none left): with no `from`, a peer with no use below is used by no zone. */
  complete: z.boolean(),
  uses: z.array(PeerUseSchema),
  unread: z.array(UnreadZoneSchema),
  /** One sentence: what was read and what was not. */
  message: z.string(),
});
export type PeerUsage = z.infer<typeof PeerUsageSchema>;
