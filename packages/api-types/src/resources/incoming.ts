import { z } from 'zod';
import { DomainNameSchema, IdSchema, TimeSchema, uniqueIds } from '../common.js';

export const MIN_AUTO_REFRESH_SECONDS = 300;
export const DEFAULT_AUTO_REFRESH_SECONDS = 86400;
export const MAX_PEERS_PER_ZONE = 30;

/** Cloudflare as secondary: the zone it pulls from its primaries. */
export const IncomingSchema = z.object({
  id: z.string().optional(),
  auto_refresh_seconds: z.number().optional(),
  checked_time: TimeSchema.optional(),
  created_time: TimeSchema.optional(),
  modified_time: TimeSchema.optional(),
  name: z.string().optional(),
  peers: z.array(z.string()).optional(),
  soa_serial: z.number().optional(),
});
export type Incoming = z.infer<typeof IncomingSchema>;

export const AutoRefreshSecondsSchema = z
  .number({ error: 'must be a whole number of seconds' })
  .int({ error: 'must be a whole number of seconds' })
  .min(MIN_AUTO_REFRESH_SECONDS, { error: `must be at least ${MIN_AUTO_REFRESH_SECONDS} seconds (5 minutes)` })
  .max(2_147_483_647, { error: 'is too large' });

export const IncomingBodySchema = z.strictObject({
  name: DomainNameSchema,
  peers: uniqueIds(1, MAX_PEERS_PER_ZONE),
  auto_refresh_seconds: AutoRefreshSecondsSchema,
});
export const IncomingCreateBodySchema = IncomingBodySchema;
export const IncomingUpdateBodySchema = IncomingBodySchema;
export type IncomingBody = z.infer<typeof IncomingBodySchema>;

export const ZoneParamsSchema = z.strictObject({ zone_id: IdSchema });
