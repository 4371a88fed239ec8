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
  /**
   * The caller's own reads, when one user's reads may take only a share of the budget (READ_SHARE_PER_CLIENT below
   * 1); absent when they may take it all.
   */
  yourReads: z
    .object({
      /** Reads sent to Cloudflare for the caller in the current window. */
      used: z.number(),
      /** The most one user's reads may take per window. */
      share: z.number(),
      /** Seconds until the caller may read again (0 while below the share). */
      nextSeconds: z.number(),
    })
    .optional(),
});
export type RateBudget = z.infer<typeof RateBudgetSchema>;
