import { z } from 'zod';
import { DomainNameSchema, TimeSchema, uniqueIds } from '../common.js';
import { MAX_PEERS_PER_ZONE } from './incoming.js';

/** Cloudflare as primary: the zone it serves to, and NOTIFYs, its secondaries. */
export const OutgoingSchema = z.object({
  id: z.string().optional(),
  checked_time: TimeSchema.optional(),
  created_time: TimeSchema.optional(),
  last_transferred_time: TimeSchema.optional(),
  name: z.string().optional(),
  peers: z.array(z.string()).optional(),
  soa_serial: z.number().optional(),
});
export type Outgoing = z.infer<typeof OutgoingSchema>;

export const OutgoingBodySchema = z.strictObject({
  name: DomainNameSchema,
  peers: uniqueIds(0, MAX_PEERS_PER_ZONE),
});
export const OutgoingCreateBodySchema = OutgoingBodySchema;
export const OutgoingUpdateBodySchema = OutgoingBodySchema;
export type OutgoingBody = z.infer<typeof OutgoingBodySchema>;

/** `"Enabled"` or `"Disabled"`; kept open in case Cloudflare adds a state. */
export const OutgoingStatusSchema = z.string();
export const OUTGOING_STATUS = { enabled: 'Enabled', disabled: 'Disabled' } as const;

/** Body of enable / disable / force_notify / force_axfr: Cloudflare takes `{}`. */
export const EmptyBodySchema = z.strictObject({});
/**
 * What the BFF accepts for those actions: `{}` or `{reason}` (a ticket or a note, at most 500 characters). The reason
 * is recorded in the dashboard's audit log and never sent to Cloudflare (the BFF always sends `{}` upstream).
 */
export const ForceActionBodySchema = z.strictObject({
  reason: z.string().trim().max(500, { error: 'must be at most 500 characters' }).optional(),
});
export type ForceActionBody = z.infer<typeof ForceActionBodySchema>;
/** Their result: a plain string (`"OK"`, `"Enabled"`, `"Disabled"`). */
export const ActionResultSchema = z.string();
