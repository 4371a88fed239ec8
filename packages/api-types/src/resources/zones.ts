import { z } from 'zod';
import { IdSchema } from '../common.js';

export const AccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string().optional(),
});
export type Account = z.infer<typeof AccountSchema>;

/** A zone as `GET /zones` lists it; `type` is `secondary` for zones Cloudflare pulls from a primary. */
export const ZoneSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string().optional(),
  type: z.string().optional(),
  account: z.object({ id: z.string(), name: z.string().optional() }).optional(),
});
export type Zone = z.infer<typeof ZoneSchema>;

const PageSchema = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be 1 or more' });

/** Cloudflare's list pages hold 5 to 50 items. */
const PerPageSchema = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(5, { error: 'must be between 5 and 50' })
  .max(50, { error: 'must be between 5 and 50' });

export const PaginationQuerySchema = z.strictObject({
  page: PageSchema.optional(),
  per_page: PerPageSchema.optional(),
});

export const AccountsListQuerySchema = PaginationQuerySchema;

/** The BFF's `GET /api/zones` query. `account_id` is sent upstream as Cloudflare's `account.id`. */
export const ZonesListQuerySchema = z.strictObject({
  account_id: IdSchema.optional(),
  name: z.string().trim().max(253, { error: 'must be at most 253 characters' }).optional(),
  page: PageSchema.optional(),
  per_page: PerPageSchema.optional(),
});
export type ZonesListQuery = z.infer<typeof ZonesListQuerySchema>;
