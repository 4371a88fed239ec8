/**
 * What the BFF says about itself (BFF-owned routes, not Cloudflare operations).
 *
 *   GET /api/meta/ratelimit -> RateBudget: the shared Cloudflare API budget as the BFF's rate governor counts it
 *   (docs/decisions/005-rate-budget.md).
 */
import { z } from 'zod';

export const RateBudgetSchema = z.object({
  limit: z.number(),
  windowSeconds: z.number(),
  headroom: z.number(),
  /** limit − headroom: what the dashboard lets itself send per window. */
  capacity: z.number(),
  /** Requests left now (0 while Cloudflare has locked the token out). */
  remaining: z.number(),
  /** Requests sent in the current window (as the governor counts them). */
  used: z.number(),
  /** Seconds until a request comes back (0 when one is available). */
  nextTokenSeconds: z.number(),
  /** Seconds until the whole budget is back. */
  resetSeconds: z.number(),
  /** Changes waiting for their turn. */
  queueLength: z.number(),
  /** Set while Cloudflare refuses the token (after a 429 from Cloudflare). */
  lockedOutUntil: z.string().nullable(),
  /** The last `Ratelimit` header Cloudflare sent, if any. */
  upstream: z.object({ remaining: z.number(), resetSeconds: z.number(), observedAt: z.string() }).nullable(),
});
export type RateBudget = z.infer<typeof RateBudgetSchema>;
