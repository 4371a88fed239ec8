/**
 * What the BFF says about itself (BFF-owned routes, not Cloudflare operations).
 *
 *   GET /api/meta/ratelimit -> RateBudget: the shared Cloudflare API budget as the BFF's rate governor counts it
 *   (docs/decisions/005-rate-budget.md), and what the dashboard has seen of Cloudflare lately (`cloudflare`).
 */
import { z } from 'zod';

/**
 * What a request to Cloudflare is for, when it is part of something larger than one look: the web app names it in
 * the `x-budget-purpose` header of each request such an action sends (the BFF refuses a name it does not know), the
 * dashboard's own work is named by the BFF. The budget report says who spends the budget on what (`spending`), and
 * the reads of the bulk purposes, whoever sends them, share one allowance (`bulkReads`), so that several people's
 * large actions at once leave the rest of the budget to single looks and changes (docs/decisions/005-rate-budget.md).
 */
export const BUDGET_PURPOSE_HEADER = 'x-budget-purpose';
/** What a person's action may name (the header). */
export const ClientBudgetPurposeSchema = z.enum(['check-serials', 'find-zones-using-peers', 'bulk-setup', 'bulk-force']);
export type ClientBudgetPurpose = z.infer<typeof ClientBudgetPurposeSchema>;
/** The dashboard's own work (never from the header). */
export const DashboardBudgetPurposeSchema = z.enum(['serial-watch', 'readiness']);
export const BudgetPurposeSchema = z.union([ClientBudgetPurposeSchema, DashboardBudgetPurposeSchema]);
export type BudgetPurpose = z.infer<typeof BudgetPurposeSchema>;
/** The purposes whose reads share the bulk allowance: reads of many zones at once. */
export const BULK_READ_PURPOSES: ReadonlySet<BudgetPurpose> = new Set(['check-serials', 'find-zones-using-peers', 'bulk-setup']);
/** Each purpose as the budget's report words it. */
export const BUDGET_PURPOSE_LABELS: Record<BudgetPurpose, string> = {
  'check-serials': 'Check serials',
  'find-zones-using-peers': 'Find zones using peers',
  'bulk-setup': 'Set up many zones',
  'bulk-force': 'Force on many zones',
  'serial-watch': 'Serial watch',
  readiness: 'Readiness check',
};

/** Requests sent to Cloudflare in the current window by one spender, for one purpose or for none (single looks). */
export const BudgetSpendSchema = z.object({
  purpose: BudgetPurposeSchema.nullable(),
  reads: z.number(),
  writes: z.number(),
});

/** One spender of the current window: a dashboard user, or the dashboard itself (the serial watch, readiness). */
export const BudgetSpenderSchema = z.object({
  /** The username; null for the dashboard's own requests. */
  username: z.string().nullable(),
  reads: z.number(),
  writes: z.number(),
  /** What for, the largest first. */
  spends: z.array(BudgetSpendSchema),
});
export type BudgetSpender = z.infer<typeof BudgetSpenderSchema>;

/** How one attempt towards Cloudflare failed: a 5xx, no answer in time, no connection, an answer not understood. */
export const UpstreamFailureKindSchema = z.enum(['server', 'timeout', 'network', 'malformed']);
export type UpstreamFailureKind = z.infer<typeof UpstreamFailureKindSchema>;

/**
 * What the dashboard has seen of Cloudflare lately, from its own calls (every user's, and its own work): whether
 * Cloudflare answers, how often it failed and how, how long it takes. Support staff see at a glance whether an error
 * is Cloudflare's or theirs. `state`: `unknown` (no call in the window, whatever came before), `failing` (the last
 * 3 attempts failed, or the last one did and none succeeded in the window), `errors` (some attempts failed in the window), `slow` (the
 * slowest 5 % of answers took `slowMs` or more), `ok`.
 */
export const CloudflareHealthSchema = z.object({
  state: z.enum(['unknown', 'ok', 'slow', 'errors', 'failing']),
  windowSeconds: z.number(),
  /** Attempts sent in the window (retries included; abandoned ones — the browser went away — not). */
  calls: z.number(),
  /** Of them, attempts that failed, by how. */
  failed: z.number(),
  failures: z.record(UpstreamFailureKindSchema, z.number()),
  /** Attempts that were retries of a read or an idempotent change. */
  retried: z.number(),
  /** Cloudflare's own 429s (its rate limit: the budget report says until when it refuses the token). */
  rateLimited: z.number(),
  /** Failed attempts in a row, up to the latest. */
  consecutiveFailures: z.number(),
  /** When the current run of failures began (null while the latest attempt was answered). */
  failingSince: z.string().nullable(),
  /** The latest failure, with the sentence the user who met it was shown. */
  lastFailure: z
    .object({
      at: z.string(),
      operation: z.string(),
      kind: UpstreamFailureKindSchema,
      /** The BFF's status for it: 502 or 504. */
      status: z.number(),
      message: z.string(),
    })
    .nullable(),
  /** When Cloudflare last answered (any answer that is not a failure), in or before the window. */
  lastAnswerAt: z.string().nullable(),
  /** Time of the answered attempts in the window (ms); null without any. */
  answerMs: z.object({ p50: z.number(), p95: z.number() }).nullable(),
  /** From this p95 on, `slow`. */
  slowMs: z.number(),
});
export type CloudflareHealth = z.infer<typeof CloudflareHealthSchema>;

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
  /**
   * Who sent the requests of the current window, the most first (at most 10; the rest in `otherSpenders`). The
   * requests counted are those the governor let go (cached and coalesced reads cost nothing and are not counted).
   */
  spending: z.array(BudgetSpenderSchema),
  /** Spenders beyond the first 10, with their requests. */
  otherSpenders: z.object({ spenders: z.number(), requests: z.number() }),
  /**
   * The reads of bulk actions (Check serials, Find zones using peers, setting up many zones), everyone's together,
   * and the most they may take per window (BULK_READ_SHARE of the capacity); `nextSeconds`: until such a read may go
   * again (0 while below).
   */
  bulkReads: z.object({ used: z.number(), share: z.number(), nextSeconds: z.number() }),
  /** What the dashboard has seen of Cloudflare lately (absent from an older BFF). */
  cloudflare: CloudflareHealthSchema.optional(),
});
export type RateBudget = z.infer<typeof RateBudgetSchema>;

/**
 * GET /api/meta/settings (admins): how this dashboard is set up — each setting's environment variable, what it is
 * now in words, and whether that is the default. Secrets are "set" or "not set", a webhook its host only: the
 * answer holds nothing that is not already safe to show an admin on screen.
 */
export const SettingSchema = z.object({
  /** The environment variable that sets it. */
  env: z.string(),
  label: z.string(),
  /** In words: "10 s", "every 15 minutes", "set", "hooks.slack.com (path not shown)". */
  value: z.string(),
  /** The value is the default (for this mode: sandbox or Cloudflare). */
  isDefault: z.boolean(),
  /**
   * How it is going, where the server knows: a webhook's deliveries since the start; `ok` false when its latest
   * event was not taken.
   */
  status: z.object({ text: z.string(), ok: z.boolean() }).optional(),
});
export type Setting = z.infer<typeof SettingSchema>;
export const SettingsGroupSchema = z.object({ title: z.string(), description: z.string(), settings: z.array(SettingSchema) });
export type SettingsGroup = z.infer<typeof SettingsGroupSchema>;
export const SettingsSchema = z.object({ version: z.string(), groups: z.array(SettingsGroupSchema) });
export type Settings = z.infer<typeof SettingsSchema>;

/** The webhooks' variables: what "Send a test message" names. */
export const WebhookEnvSchema = z.enum(['AUDIT_WEBHOOK_URL', 'SERIAL_WATCH_WEBHOOK_URL', 'CLOUDFLARE_HEALTH_WEBHOOK_URL'], {
  error: 'must be AUDIT_WEBHOOK_URL, SERIAL_WATCH_WEBHOOK_URL or CLOUDFLARE_HEALTH_WEBHOOK_URL',
});
export type WebhookEnv = z.infer<typeof WebhookEnvSchema>;
/** POST /api/meta/settings/webhook-test (admins): a test message to one webhook, sent now. */
export const WebhookTestBodySchema = z.strictObject({ env: WebhookEnvSchema });
export type WebhookTestBody = z.infer<typeof WebhookTestBodySchema>;
/** What became of it: taken (2xx), or not and why ("refused with HTTP 404", "could not reach it"). */
export const WebhookTestResultSchema = z.object({ taken: z.boolean(), detail: z.string() });
export type WebhookTestResult = z.infer<typeof WebhookTestResultSchema>;
