/**
 * The way every route reaches Cloudflare: `gateway.call(id, input)` in front of the one-attempt client.
 *
 * Reads (GET): fresh cache → join an identical read in flight → a budget token (never waits; the asking user's reads
 *   may take only their share of it) → attempts. Budget or the user's share spent: the last answer, marked stale
 *   (`x-cache: stale` and a `messages` entry), else 429 + Retry-After; the sentence says which of the two.
 * Writes: a budget token from the fair queue (bounded wait, then 429 + Retry-After) → attempts; afterwards the
 *   write's scope is invalidated in the read cache (whatever the outcome: a failed write may have been applied).
 * Attempts: per-attempt timeout, a bounded total; GET / PUT / DELETE are retried on connection errors, 5xx and
 *   429 (honouring Retry-After, with exponential backoff and jitter) while the total bound allows; POSTs (creates
 *   and actions such as Force AXFR) are sent once. Every attempt takes a token and reports its answer to the
 *   governor. See docs/decisions/005-rate-budget.md.
 */
import {
  BUDGET_PURPOSE_LABELS,
  BULK_READ_PURPOSES,
  ErrorCodes,
  errorEnvelope,
  type BudgetPurpose,
  operations,
  type Envelope,
  type OperationId,
  type ResultOf,
} from '@secdns/api-types';
import type { ReadCache } from '../cache/read-cache.js';
import { scopeOf } from '../cache/read-cache.js';
import type { Admission, DenialReason, RateGovernor } from '../governor/governor.js';
import type { Metrics } from '../plugins/metrics.js';
import type {
  CallInput,
  CallOptions,
  UpstreamClient,
  UpstreamOutcome,
  UpstreamResponse,
} from './client.js';
import { plural, thousands } from '../text.js';
import { FAILURE_KINDS, UpstreamHealth } from './health.js';

/** Codes of the BFF's own `messages` entries. */
export const MessageCodes = {
  /** The answer comes from the read cache because the budget is spent. */
  staleRead: 1091,
  /** A sign-in over plain HTTP with COOKIE_SECURE=true: the browser drops the cookie (plugins/auth.ts). */
  insecureCookie: 1092,
  /** A zones list answered for an API token limited to zones: its zones only (routes/token-zones.ts). */
  tokenZonesOnly: 1093,
  /** A failure of Cloudflare's while Cloudflare is failing for everyone: not about this request (ADR 022). */
  cloudflareFailing: 1094,
} as const;

export type CacheStatus = 'hit' | 'miss' | 'coalesced' | 'stale' | 'bypass';

export interface GatewayResponse<T = unknown> extends UpstreamResponse<T> {
  cache: CacheStatus;
  /** Why the governor kept the call back (a 429 of the BFF's own, with `retryAfterSeconds`). */
  refusal?: DenialReason;
}

export interface GatewayCallOptions extends Omit<CallOptions, 'timeoutMs'> {
  /**
   * Who is asking (`clientKey(request)`: the signed-in user, else the address): the write queue's round-robin, and
   * the reads' share per client. Without one (the dashboard's own reads: readiness, the serial watch), reads are not
   * limited per client.
   */
  clientKey?: string;
  /**
   * A read that a change needs (the audit log's "before", the TSIG guards): not limited by the user's share of reads,
   * as the change itself is not. It spends the budget all the same.
   */
  partOfChange?: boolean;
  /**
   * What the call is for, when it belongs to a larger action (a bulk action named by the web app, the serial watch):
   * the budget's report says who spends it on what, and a bulk action's reads share the bulk allowance.
   */
  purpose?: BudgetPurpose;
  /** Absolute end (Date.now() ms) shared by several calls of one request (e.g. create then update). */
  deadline?: number;
}

export interface Gateway {
  call<Id extends OperationId>(
    id: Id,
    input: CallInput<Id>,
    options?: GatewayCallOptions,
  ): Promise<GatewayResponse<ResultOf<Id>>>;
  /** When Cloudflare last answered (any HTTP answer that is not a 5xx), for /readyz. */
  lastAnswer(): { at: number; status: number } | null;
  /** What every attempt of late came to (the budget report's `cloudflare`, a gauge of /metrics). */
  readonly health: UpstreamHealth;
}

/** The same gateway, every call of it made for `purpose` (the dashboard's own work: the serial watch). */
export function withPurpose(gateway: Gateway, purpose: BudgetPurpose): Gateway {
  return {
    call: (id, input, options = {}) => gateway.call(id, input, { purpose, ...options }),
    lastAnswer: () => gateway.lastAnswer(),
    health: gateway.health,
  };
}

export interface GatewayOptions {
  client: UpstreamClient;
  governor: RateGovernor;
  cache: ReadCache<UpstreamResponse>;
  metrics?: Metrics;
  /** Where attempts are recorded; a new one when not given. */
  health?: UpstreamHealth;
  timeoutMs: number;
  totalTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  /** Test seam for the jitter. */
  random?: () => number;
  /** Told each successful read Cloudflare answered (not a cached copy): the Force follow-up watches them (ADR 018). */
  onRead?: (id: OperationId, params: Record<string, unknown>, result: unknown) => void;
}

const RETRYABLE: ReadonlySet<UpstreamOutcome> = new Set(['network', 'server', 'rate-limited']);

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Why a call was kept back for budget, as a clause people read: the budget everyone shares is used up, or (`share`)
 * this user's reads used their share of it, so it is never taken for the other. The one wording of the 429s and the
 * stale answers' message.
 */
function budgetSpentWords(governor: RateGovernor, reason: DenialReason): string {
  const { limit, windowSeconds } = governor;
  const words = `${thousands(limit)} requests per ${
    windowSeconds % 60 === 0 ? plural(windowSeconds / 60, 'minute') : plural(windowSeconds, 'second')
  }`;
  const budget = 'the Cloudflare API budget this dashboard shares';
  if (reason === 'share') {
    return (
      `you have used your share of ${budget} (one user's reads may take ${thousands(governor.readShare)} ` +
      `of its ${words}, so that others can still read)`
    );
  }
  if (reason === 'bulk') {
    const actions = [...BULK_READ_PURPOSES].map((purpose) => BUDGET_PURPOSE_LABELS[purpose]).join(', ');
    return (
      `the actions that read many zones at once (${actions}), everyone's together, have used their share of ${budget} ` +
      `(${thousands(governor.bulkShare)} of its ${words}, so that single looks and changes still go)`
    );
  }
  return `${budget} (${words} for everyone using it) is used up`;
}

/** The error code of a refusal: the user's share of reads, the bulk actions' share, or any other (the budget, the lock-out, the queue). */
function refusalCode(reason: DenialReason): number {
  return reason === 'share' ? ErrorCodes.readShareUsed : reason === 'bulk' ? ErrorCodes.bulkShareUsed : ErrorCodes.rateLimited;
}

/** When to try again, after a refusal for `reason`. */
function tryAgain(reason: DenialReason, seconds: number): string {
  if (reason === 'share') return `Try again in ${seconds} s, when part of your share is back.`;
  if (reason === 'bulk') return `Go on in ${seconds} s, when part of their share is back; opening one zone still works now.`;
  return `Try again in ${seconds} s.`;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { client, governor, cache, metrics } = options;
  const random = options.random ?? Math.random;
  const health = options.health ?? new UpstreamHealth();
  let lastAnswer: { at: number; status: number } | null = null;

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  function backoff(retry: number): number {
    const step = options.retryBaseMs * 2 ** retry;
    return step / 2 + random() * (step / 2);
  }

  function throttled<T>(id: OperationId, admission: Extract<Admission, { granted: false }>): GatewayResponse<T> {
    const op = operations[id];
    const isRead = op.method === 'GET';
    const wait = admission.retryAfterSeconds;
    const spent = budgetSpentWords(governor, admission.reason);
    let message: string;
    if (admission.reason === 'locked-out') {
      message =
        `Not sent to Cloudflare: Cloudflare is refusing this dashboard's API token for now (too many requests, HTTP 429). ` +
        (isRead ? '' : 'Nothing was changed. ') +
        `Try again in ${wait} s.`;
    } else if (admission.reason === 'queue-full') {
      message =
        `Your change was not sent to Cloudflare: ${spent} and ${plural(governor.queueLength, 'other change')} ` +
        `are already waiting. Nothing was changed; try again in ${wait} s.`;
    } else if (admission.reason === 'queue-timeout') {
      message =
        `Your change was not sent to Cloudflare: ${spent} and it waited ${seconds(admission.waitedMs)} ` +
        `for its turn. Nothing was changed; try again in ${wait} s.`;
    } else if (admission.reason === 'closing') {
      message = 'Not sent to Cloudflare: the dashboard server is shutting down. Try again in a moment.';
    } else {
      // The budget, or (reads only) this user's share of it, or the bulk actions'.
      message = `Not sent to Cloudflare: ${spent}, and this view has no recent copy to show. ${tryAgain(admission.reason, wait)}`;
    }
    metrics?.throttled.inc({ operation: id, reason: admission.reason });
    return {
      ok: false,
      status: 429,
      envelope: errorEnvelope({ code: refusalCode(admission.reason), message }) as Envelope<T>,
      headers: { 'retry-after': String(wait) },
      reason: message,
      kind: 'throttled',
      retryAfterSeconds: wait,
      refusal: admission.reason,
      cache: 'bypass',
    };
  }

  /** Sends the call, retrying when safe, within the total bound. */
  async function attempts<Id extends OperationId>(
    id: Id,
    input: CallInput<Id>,
    callOptions: GatewayCallOptions,
  ): Promise<GatewayResponse<ResultOf<Id>>> {
    const op = operations[id];
    const isRead = op.method === 'GET';
    const idempotent = op.method === 'GET' || op.method === 'PUT' || op.method === 'DELETE';
    const deadline = callOptions.deadline ?? Date.now() + options.totalTimeoutMs;
    let last: UpstreamResponse<ResultOf<Id>> | undefined;

    for (let attempt = 0; ; attempt++) {
      // A read's token is asked for synchronously: a refusal for this user's share settles before any other
      // request can join the read (coalescing), so it never answers someone else.
      const admission = isRead
        ? governor.tryAcquireRead(callOptions.clientKey, { partOfChange: callOptions.partOfChange, purpose: callOptions.purpose })
        : await governor.acquireWrite(callOptions.clientKey, Math.max(0, deadline - Date.now()), callOptions.purpose);
      if (!admission.granted) {
        if (last) return { ...last, cache: 'miss' }; // a retry without budget: the last failure stands
        return throttled(id, admission);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        governor.observe({ status: 0 }); // the token was not used after all
        if (last) return { ...last, cache: 'miss' };
        const message =
          `Not sent to Cloudflare: this request already used the dashboard's bound of ${seconds(options.totalTimeoutMs)}. ` +
          (isRead ? 'Try again.' : 'This part of the change was not sent: reload to check before retrying.');
        return {
          ok: false,
          status: 504,
          envelope: errorEnvelope({ code: ErrorCodes.upstreamTimeout, message }) as Envelope<ResultOf<Id>>,
          headers: {},
          reason: message,
          kind: 'timeout',
          cache: 'bypass',
        };
      }
      const attemptTimeout = Math.max(1, Math.min(options.timeoutMs, left));
      const started = performance.now();
      const response = await client.call(id, input, {
        log: callOptions.log,
        signal: callOptions.signal,
        timeoutMs: attemptTimeout,
      });
      const durationMs = performance.now() - started;
      metrics?.upstreamDuration.observe({ operation: id }, durationMs / 1000);
      health.record({ operation: id, kind: response.kind, status: response.status, message: response.reason ?? '', durationMs, retry: attempt > 0 });
      metrics?.upstreamCalls.inc({ operation: id, outcome: response.kind });
      governor.observe({
        status: response.kind === 'network' || response.kind === 'timeout' ? 0 : response.status,
        ...(response.rateLimit ? { rateLimit: response.rateLimit } : {}),
        ...(response.retryAfterSeconds !== undefined ? { retryAfterSeconds: response.retryAfterSeconds } : {}),
      });
      if (response.kind !== 'network' && response.kind !== 'timeout' && response.kind !== 'cancelled' && response.kind !== 'server') {
        lastAnswer = { at: Date.now(), status: response.upstreamStatus ?? response.status };
      }
      last = response;
      if (response.kind === 'timeout' && attemptTimeout < options.timeoutMs) {
        const message =
          `Cloudflare did not answer ${op.method} ${client.target(id, input).path} within the dashboard's bound of ` +
          `${seconds(options.totalTimeoutMs)} for one request (${plural(attempt + 1, 'attempt')}). ` +
          (isRead
            ? 'Nothing was changed by this request (it was a read); try again.'
            : 'The change may or may not have been applied: reload to check before retrying.');
        last = { ...response, reason: message, envelope: errorEnvelope({ code: ErrorCodes.upstreamTimeout, message }) as Envelope<ResultOf<Id>> };
      }

      if (!idempotent || attempt >= options.maxRetries || !RETRYABLE.has(response.kind)) {
        return { ...last, cache: 'miss' };
      }
      let delay = backoff(attempt);
      if (response.retryAfterSeconds !== undefined) delay = Math.max(delay, response.retryAfterSeconds * 1000);
      // Only retry if the wait and a reasonable attempt still fit in the bound.
      if (Date.now() + delay + Math.min(options.timeoutMs, 100) >= deadline) return { ...last, cache: 'miss' };
      metrics?.upstreamRetries.inc({ operation: id, reason: response.kind });
      callOptions.log?.info(
        { upstream: { operation: id, attempt: attempt + 1, kind: response.kind, status: response.status, delayMs: Math.round(delay) } },
        'retrying upstream call',
      );
      await sleep(delay);
    }
  }

  function staleAnswer<T>(
    id: OperationId,
    stale: { entry: { value: UpstreamResponse }; ageMs: number },
    refused: GatewayResponse<T>,
  ): GatewayResponse<T> {
    const answer = stale.entry.value as UpstreamResponse<T>;
    const age = Math.max(1, Math.ceil(stale.ageMs / 1000));
    const retryAfterSeconds = refused.retryAfterSeconds ?? 1;
    metrics?.readsCached.inc({ operation: id, freshness: 'stale' });
    return {
      ...answer,
      headers: { ...answer.headers, 'x-cache': 'stale', age: String(age) },
      envelope: {
        ...answer.envelope,
        messages: [
          ...(answer.envelope.messages ?? []),
          {
            code: MessageCodes.staleRead,
            message:
              `This data may be up to ${age} s old: ${budgetSpentWords(governor, refused.refusal ?? 'budget')}, so it was not asked again. ` +
              `Fresh data in about ${retryAfterSeconds} s.`,
          },
        ],
      },
      cache: 'stale',
    };
  }

  /**
   * A failure of Cloudflare's (502 / 504) while Cloudflare is failing for everyone gets a `messages` entry saying so,
   * for a script's log as for the browser: not about this request (ADR 022).
   */
  function noteFailing<T>(response: GatewayResponse<T>): GatewayResponse<T> {
    if (response.ok || !FAILURE_KINDS.has(response.kind)) return response;
    const seen = health.snapshot();
    if (seen.state !== 'failing') return response;
    const n = seen.consecutiveFailures;
    const message =
      `Cloudflare is failing for everyone using this dashboard: ${n === 1 ? 'the last attempt' : `the last ${n} attempts`} failed` +
      `${n > 1 && seen.failingSince ? `, the first at ${seen.failingSince}` : ''}. This is not about this request; try again ` +
      'when Cloudflare answers (GET /api/meta/ratelimit says how it is answering, under "cloudflare").';
    return {
      ...response,
      envelope: { ...response.envelope, messages: [...(response.envelope.messages ?? []), { code: MessageCodes.cloudflareFailing, message }] },
    };
  }

  async function call<Id extends OperationId>(
    id: Id,
    input: CallInput<Id>,
    callOptions: GatewayCallOptions = {},
  ): Promise<GatewayResponse<ResultOf<Id>>> {
    return noteFailing(await send(id, input, callOptions));
  }

  async function send<Id extends OperationId>(
    id: Id,
    input: CallInput<Id>,
    callOptions: GatewayCallOptions,
  ): Promise<GatewayResponse<ResultOf<Id>>> {
    const op = operations[id];
    const scope = scopeOf(op, input.params as Record<string, unknown>);

    if (op.method !== 'GET') {
      const response = await attempts(id, input, callOptions);
      if (response.kind !== 'throttled') cache.invalidate(scope);
      return response;
    }

    const key = client.target(id, input).pathAndQuery;
    const fresh = cache.fresh(key);
    if (fresh) {
      metrics?.readsCached.inc({ operation: id, freshness: 'fresh' });
      const answer = fresh.entry.value as UpstreamResponse<ResultOf<Id>>;
      return {
        ...answer,
        headers: { ...answer.headers, 'x-cache': 'hit', age: String(Math.floor(fresh.ageMs / 1000)) },
        cache: 'hit',
      };
    }

    const generation = cache.generation(scope);
    const { promise, joined } = cache.coalesce(key, scope, async () => {
      const response = await attempts(id, input, { ...callOptions, signal: undefined });
      if (response.ok && response.kind === 'ok') {
        const { cache: _status, ...plain } = response;
        cache.store(key, scope, generation, plain);
        options.onRead?.(id, (input.params ?? {}) as Record<string, unknown>, response.envelope.result);
      }
      return response;
    });
    if (joined) metrics?.readsCoalesced.inc({ operation: id });
    const response = (await promise) as GatewayResponse<ResultOf<Id>>;

    if (response.kind === 'throttled') {
      const stale = cache.stale(key);
      if (stale) return staleAnswer<ResultOf<Id>>(id, stale, response);
      return response;
    }
    const status: CacheStatus = joined ? 'coalesced' : 'miss';
    return { ...response, headers: { ...response.headers, 'x-cache': status }, cache: status };
  }

  return { call, lastAnswer: () => lastAnswer, health };
}
