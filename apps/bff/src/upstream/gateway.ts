/**
 * The way every route reaches Cloudflare: `gateway.call(id, input)` in front of the one-attempt client.
 *
 * Reads (GET): fresh cache → join an identical read in flight → a budget token (never waits) → attempts.
 *   Budget spent: the last answer, marked stale (`x-cache: stale` and a `messages` entry), else 429 + Retry-After.
 * Writes: a budget token from the fair queue (bounded wait, then 429 + Retry-After) → attempts; afterwards the
 *   write's scope is invalidated in the read cache (whatever the outcome: a failed write may have been applied).
 * Attempts: per-attempt timeout, a bounded total; GET / PUT / DELETE are retried on connection errors, 5xx and
 *   429 (honouring Retry-After, with exponential backoff and jitter) while the total bound allows; POSTs (creates
 *   and actions such as Force AXFR) are sent once. Every attempt takes a token and reports its answer to the
 *   governor. See docs/decisions/005-rate-budget.md.
 */
import {
  ErrorCodes,
  errorEnvelope,
  operations,
  type Envelope,
  type OperationId,
  type ResultOf,
} from '@secdns/api-types';
import type { ReadCache } from '../cache/read-cache.js';
import { scopeOf } from '../cache/read-cache.js';
import type { Admission, RateGovernor } from '../governor/governor.js';
import type { Metrics } from '../plugins/metrics.js';
import type {
  CallInput,
  CallOptions,
  UpstreamClient,
  UpstreamOutcome,
  UpstreamResponse,
} from './client.js';
import { plural } from '../text.js';

/** Codes of the BFF's own `messages` entries. */
export const MessageCodes = {
  /** The answer comes from the read cache because the budget is spent. */
  staleRead: 1091,
  /** A sign-in over plain HTTP with COOKIE_SECURE=true: the browser drops the cookie (plugins/auth.ts). */
  insecureCookie: 1092,
} as const;

export type CacheStatus = 'hit' | 'miss' | 'coalesced' | 'stale' | 'bypass';

export interface GatewayResponse<T = unknown> extends UpstreamResponse<T> {
  cache: CacheStatus;
}

export interface GatewayCallOptions extends Omit<CallOptions, 'timeoutMs'> {
  /** Who is asking, for the write queue's round-robin (the user once there are users; the client IP for now). */
  clientKey?: string;
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
}

export interface GatewayOptions {
  client: UpstreamClient;
  governor: RateGovernor;
  cache: ReadCache<UpstreamResponse>;
  metrics?: Metrics;
  timeoutMs: number;
  totalTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  /** Test seam for the jitter. */
  random?: () => number;
}

const RETRYABLE: ReadonlySet<UpstreamOutcome> = new Set(['network', 'server', 'rate-limited']);

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createGateway(options: GatewayOptions): Gateway {
  const { client, governor, cache, metrics } = options;
  const random = options.random ?? Math.random;
  let lastAnswer: { at: number; status: number } | null = null;
  const budgetWords = `${governor.limit.toLocaleString('en-US')} requests per ${
    governor.windowSeconds % 60 === 0 ? plural(governor.windowSeconds / 60, 'minute') : plural(governor.windowSeconds, 'second')
  }`;

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  function backoff(retry: number): number {
    const step = options.retryBaseMs * 2 ** retry;
    return step / 2 + random() * (step / 2);
  }

  function throttled<T>(id: OperationId, admission: Extract<Admission, { granted: false }>): GatewayResponse<T> {
    const op = operations[id];
    const isRead = op.method === 'GET';
    const wait = admission.retryAfterSeconds;
    const budget = `the Cloudflare API budget this dashboard shares (${budgetWords} for everyone using it)`;
    let message: string;
    if (admission.reason === 'locked-out') {
      message =
        `Not sent to Cloudflare: Cloudflare is refusing this dashboard's API token for now (too many requests, HTTP 429). ` +
        (isRead ? '' : 'Nothing was changed. ') +
        `Try again in ${wait} s.`;
    } else if (admission.reason === 'queue-full') {
      message =
        `Your change was not sent to Cloudflare: ${budget} is used up and ${plural(governor.queueLength, 'other change')} ` +
        `are already waiting. Nothing was changed; try again in ${wait} s.`;
    } else if (admission.reason === 'queue-timeout') {
      message =
        `Your change was not sent to Cloudflare: ${budget} is used up and it waited ${seconds(admission.waitedMs)} ` +
        `for its turn. Nothing was changed; try again in ${wait} s.`;
    } else if (admission.reason === 'closing') {
      message = 'Not sent to Cloudflare: the dashboard server is shutting down. Try again in a moment.';
    } else {
      message =
        `Not sent to Cloudflare: ${budget} is used up, and this view has no recent copy to show. ` +
        `Try again in ${wait} s.`;
    }
    metrics?.throttled.inc({ operation: id, reason: admission.reason });
    return {
      ok: false,
      status: 429,
      envelope: errorEnvelope({ code: ErrorCodes.rateLimited, message }) as Envelope<T>,
      headers: { 'retry-after': String(wait) },
      reason: message,
      kind: 'throttled',
      retryAfterSeconds: wait,
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
      const admission = isRead
        ? governor.tryAcquireRead()
        : await governor.acquireWrite(callOptions.clientKey, Math.max(0, deadline - Date.now()));
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
      metrics?.upstreamDuration.observe({ operation: id }, (performance.now() - started) / 1000);
      metrics?.upstreamCalls.inc({ operation: id, outcome: response.kind });
      governor.observe({
        status: response.kind === 'network' || response.kind === 'timeout' ? 0 : response.status,
        ...(response.rateLimit ? { rateLimit: response.rateLimit } : {}),
        ...(response.retryAfterSeconds !== undefined ? { retryAfterSeconds: response.retryAfterSeconds } : {}),
      });
      if (response.kind !== 'network' && response.kind !== 'timeout' && response.kind !== 'cancelled' && response.kind !== 'server') {
        lastAnswer = { at: Date.now(), status: response.status };
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
    retryAfterSeconds: number,
  ): GatewayResponse<T> {
    const answer = stale.entry.value as UpstreamResponse<T>;
    const age = Math.max(1, Math.ceil(stale.ageMs / 1000));
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
              `This data may be up to ${age} s old: the Cloudflare API budget this dashboard shares (${budgetWords}) ` +
              `is used up, so it was not asked again. Fresh data in about ${retryAfterSeconds} s.`,
          },
        ],
      },
      cache: 'stale',
    };
  }

  async function call<Id extends OperationId>(
    id: Id,
    input: CallInput<Id>,
    callOptions: GatewayCallOptions = {},
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
      }
      return response;
    });
    if (joined) metrics?.readsCoalesced.inc({ operation: id });
    const response = (await promise) as GatewayResponse<ResultOf<Id>>;

    if (response.kind === 'throttled') {
      const stale = cache.stale(key);
      if (stale) return staleAnswer<ResultOf<Id>>(id, stale, response.retryAfterSeconds ?? 1);
      return response;
    }
    const status: CacheStatus = joined ? 'coalesced' : 'miss';
    return { ...response, headers: { ...response.headers, 'x-cache': status }, cache: status };
  }

  return { call, lastAnswer: () => lastAnswer };
}
