/**
 * The one way the web app talks to the BFF. Typed from the contract's `operations` table: the operation id decides
 * the params, query, body and result types, and the URL is `/api` + Cloudflare's path.
 *
 * The table itself (zod schemas and all) is loaded with a dynamic import that starts when this module loads: the
 * first paint does not wait for it, and the first `apiCall` awaits the same promise (`loadContract`). Types come from
 * it at compile time only.
 */
import type {
  BodyOf,
  ClientBudgetPurpose,
  OperationId,
  ParamsOf,
  QueryOf,
  ResponseInfo,
  ResultInfo,
  ResultOf,
} from '@secdns/api-types';
import { markSessionEnded } from './session-end';
import { recordFreshRead, recordStaleRead } from './stale-reads';

export const API_PREFIX = '/api';
const REQUEST_ID_HEADER = 'x-request-id';
const CSRF_HEADER = 'x-csrf-token';
/** The BFF's own error code for a refusal by its rate governor (and for sign-in throttling under /auth). */
export const RATE_LIMITED_CODE = 10429;
/** The BFF's own error code for a read refused because this user's reads used their share of the budget (ADR 005). */
export const READ_SHARE_CODE = 10430;
/** The BFF's own error code for a bulk action's read refused because bulk reads, everyone's, used their share (ADR 005). */
export const BULK_SHARE_CODE = 10431;
/** The header naming the bulk action a request is part of (the contract's BUDGET_PURPOSE_HEADER; here for the bundle). */
export const BUDGET_PURPOSE_HEADER = 'x-budget-purpose';
/** The `messages` code of a read answered from the BFF's cache because the budget is spent (ADR 005). */
export const STALE_READ_CODE = 1091;

type Contract = typeof import('@secdns/api-types');
let contractPromise: Promise<Contract> | null = null;
/** The contract module (`operations`, `buildPath`, zod), loaded once; started as soon as this module loads. */
export function loadContract(): Promise<Contract> {
  contractPromise ??= import('@secdns/api-types');
  return contractPromise;
}
void loadContract().catch(() => {
  // A failed chunk load: forget it, so the next call tries again (and reports the error to its caller).
  contractPromise = null;
});

/**
 * The signed-in session's CSRF token, sent on every write. Set by the session module after sign-in or /auth/me;
 * kept in memory only (never in storage).
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the BFF answers 401 to a request that needed a session (it expired or was revoked). */
let unauthorizedHandler: (() => void) | null = null;
export function onUnauthorized(handler: (() => void) | null) {
  unauthorizedHandler = handler;
}

/** A refused or failed call: HTTP status (0 = no response), Cloudflare's `errors`, and the BFF's request id. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: ResponseInfo[];
  readonly requestId: string | null;
  readonly operationId: string | undefined;
  /** The envelope's `result`, when a refusal carries one (e.g. the peer created by a partial create). */
  readonly result: unknown;
  /** From a 429's `Retry-After`: seconds until trying again makes sense. */
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    status: number;
    errors: ResponseInfo[];
    requestId?: string | null;
    message?: string;
    operationId?: string;
    result?: unknown;
    retryAfterSeconds?: number | null;
  }) {
    super(init.message ?? messageFrom(init.errors, init.status));
    this.name = 'ApiError';
    this.status = init.status;
    this.errors = init.errors;
    this.requestId = init.requestId ?? null;
    this.operationId = init.operationId;
    this.result = init.result ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  /** Refused by the dashboard's share of the Cloudflare budget (nothing was sent to Cloudflare). */
  get isBudgetRefusal(): boolean {
    return (
      this.status === 429 &&
      (this.code === RATE_LIMITED_CODE || this.code === READ_SHARE_CODE || this.code === BULK_SHARE_CODE) &&
      !this.operationId?.startsWith('auth.')
    );
  }

  /** Refused because this user's reads used their share of the shared budget (the others can still read). */
  get isShareRefusal(): boolean {
    return this.status === 429 && this.code === READ_SHARE_CODE;
  }

  /** Refused because the bulk actions' reads, everyone's together, used their share (single looks still go). */
  get isBulkShareRefusal(): boolean {
    return this.status === 429 && this.code === BULK_SHARE_CODE;
  }

  /** The first error code, if any (e.g. 1010 for "created, but its details were not saved"). */
  get code(): number | undefined {
    return this.errors[0]?.code;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Cloudflare failed, not the request: the BFF's 502 (5xx, no connection, an answer not understood) or 504 (no
 * answer in time), after its own retries where safe (ADR 005, ADR 022).
 */
export function isCloudflareFailure(error: unknown): error is ApiError {
  return isApiError(error) && (error.status === 502 || error.status === 504);
}

function messageFrom(errors: ResponseInfo[], status: number): string {
  // The BFF's sentence for a Cloudflare failure quotes Cloudflare's own error, which the envelope also keeps: a
  // message already said in an earlier one is not said twice ("…: Internal Server Error. …; Internal Server Error").
  const said: string[] = [];
  for (const { message } of errors) {
    if (message && !said.some((earlier) => earlier.includes(message))) said.push(message);
  }
  const text = said.join('; ');
  if (text) return text;
  if (status === 0) return 'Could not reach the server. Check your connection and try again.';
  return `The server answered HTTP ${status}.`;
}

/** A readable sentence for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Something went wrong.';
}

export function requestIdOf(error: unknown): string | null {
  return isApiError(error) ? error.requestId : null;
}

/** `Retry-After` as whole seconds (delta-seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function tryAgainIn(seconds: number | null): string {
  if (seconds === null) return 'Try again in a minute.';
  if (seconds <= 1) return 'Try again in a moment.';
  if (seconds < 120) return `Try again in ${seconds} s.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
}

/**
 * The sentence a user reads for a 429 from the BFF. The BFF's own refusal (code 10429 on an `/api` call) means its
 * rate governor kept the request back: nothing reached Cloudflare. Any other 429 under `/api` is Cloudflare's own
 * (passed through): the request did reach Cloudflare, which refused it. Code 10430: this user's reads used their
 * share of the budget, which the sentence says, so it is not taken for the whole budget being spent; 10431: the bulk
 * actions' reads, everyone's, used theirs (the server's sentence names them and stands). Sign-in
 * throttling (`/auth`) keeps the server's sentence. Returns null when the server's own message should stand.
 */
export function rateLimitMessage(input: {
  url: string;
  errors: ResponseInfo[];
  retryAfterSeconds: number | null;
}): string | null {
  if (!input.url.startsWith(`${API_PREFIX}/`)) return null;
  const server = input.errors.map((e) => e.message).join(' ');
  // The BFF is shutting down: its sentence says so better than a budget sentence would.
  if (/shutting down/i.test(server)) return null;
  if (input.errors.some((e) => e.code === BULK_SHARE_CODE)) return null;
  if (input.errors.some((e) => e.code === READ_SHARE_CODE)) {
    return (
      "You have used your share of Cloudflare's request budget for this dashboard (so that others can still work). " +
      `Nothing was sent to Cloudflare. ${tryAgainIn(input.retryAfterSeconds)}`
    );
  }
  if (input.errors.some((e) => e.code === RATE_LIMITED_CODE)) {
    return (
      "Cloudflare's shared request budget for this dashboard is used up. Nothing was sent to Cloudflare. " +
      tryAgainIn(input.retryAfterSeconds)
    );
  }
  return (
    "Cloudflare is refusing this dashboard's requests for now (too many requests for the shared API token). " +
    tryAgainIn(input.retryAfterSeconds)
  );
}

type EmptyObject = Record<string, never>;
/** Whether an object type has required keys (zod's `strictObject({})` infers as an index signature). */
type HasKeys<T> = [keyof T] extends [never] ? false : string extends keyof T ? false : true;

export type CallOptions<Id extends OperationId> = (HasKeys<ParamsOf<Id>> extends true
  ? { params: ParamsOf<Id> }
  : { params?: EmptyObject }) &
  (QueryOf<Id> extends undefined ? { query?: undefined } : { query?: QueryOf<Id> }) &
  (BodyOf<Id> extends undefined ? { body?: undefined } : { body: BodyOf<Id> }) & {
    signal?: AbortSignal;
    /** The bulk action this call is part of (`x-budget-purpose`): the budget's report and its bulk allowance (ADR 005). */
    purpose?: ClientBudgetPurpose;
  };

export interface CallResult<Id extends OperationId> {
  result: ResultOf<Id>;
  resultInfo: ResultInfo | undefined;
}

type CallArgs<Id extends OperationId> =
  HasKeys<ParamsOf<Id>> extends true
    ? [options: CallOptions<Id>]
    : BodyOf<Id> extends undefined
      ? [options?: CallOptions<Id>]
      : [options: CallOptions<Id>];

/** Builds `/api/…?…` for an operation. Exported for tests and links. */
export async function operationUrl(
  id: OperationId,
  params: Record<string, string | undefined> = {},
  query?: Record<string, unknown>,
): Promise<string> {
  const { buildPath, operations } = await loadContract();
  const path = API_PREFIX + buildPath(operations[id].path, params);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RawEnvelope {
  success?: boolean;
  errors?: ResponseInfo[];
  messages?: ResponseInfo[];
  result?: unknown;
  result_info?: ResultInfo;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function request(
  url: string,
  init: RequestInit,
  operationId?: string,
  /**
   * `background`: a poll nobody asked for (the header's budget). Its 401 is not taken as the session's end: that is
   * noticed at the user's next action, so a poll never sends someone to sign in while they are filling in a form.
   */
  options: { background?: boolean } = {},
): Promise<{ envelope: RawEnvelope; response: Response }> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.method && init.method !== 'GET' && csrfToken ? { [CSRF_HEADER]: csrfToken } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, errors: [], operationId });
  }
  const requestId = response.headers.get(REQUEST_ID_HEADER);
  const body = await readJson(response);
  const envelope: RawEnvelope = body && typeof body === 'object' ? (body as RawEnvelope) : {};
  if (response.status === 401 && !url.startsWith('/auth/') && !options.background) {
    // Signed in a moment ago (we hold a CSRF token): the session expired or was revoked. The sign-in page says so.
    if (csrfToken) markSessionEnded('expired');
    unauthorizedHandler?.();
  }
  if (!response.ok || envelope.success === false) {
    const errors = Array.isArray(envelope.errors) ? envelope.errors : [];
    const retryAfterSeconds = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : null;
    const fallback =
      (response.status === 429 ? rateLimitMessage({ url, errors, retryAfterSeconds }) : null) ??
      (errors.length === 0
        ? `The server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`
        : undefined);
    throw new ApiError({
      status: response.status,
      errors,
      requestId,
      operationId,
      message: fallback,
      result: envelope.result,
      retryAfterSeconds,
    });
  }
  noteCacheState(url, init.method, response, envelope);
  return { envelope, response };
}

/** A read answered from the BFF's cache because the budget is spent: remember it (the header says so) until a fresh one. */
function noteCacheState(url: string, method: string | undefined, response: Response, envelope: RawEnvelope) {
  if ((method ?? 'GET') !== 'GET' || !url.startsWith(`${API_PREFIX}/`)) return;
  const cache = response.headers.get('x-cache');
  if (cache === 'stale') {
    const messages = Array.isArray(envelope.messages) ? envelope.messages : [];
    const age = Number(response.headers.get('age'));
    recordStaleRead({
      message:
        messages.find((m) => m.code === STALE_READ_CODE)?.message ??
        messages[0]?.message ??
        "Some data shown may be out of date: Cloudflare's shared request budget for this dashboard is used up.",
      ageSeconds: Number.isFinite(age) && response.headers.has('age') ? age : null,
    });
  } else if (cache) {
    recordFreshRead();
  }
}

/**
 * Calls one contract operation through the BFF.
 * `apiCall('peers.update', { params: { account_id, peer_id }, body })` → `{ result: Peer, resultInfo }`.
 */
export async function apiCall<Id extends OperationId>(id: Id, ...args: CallArgs<Id>): Promise<CallResult<Id>> {
  const options = (args[0] ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: unknown;
    signal?: AbortSignal;
    purpose?: ClientBudgetPurpose;
  };
  const { operations } = await loadContract();
  const operation = operations[id];
  const url = await operationUrl(id, options.params, options.query);
  const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  const { envelope } = await request(
    url,
    {
      method: operation.method,
      body: hasBody ? JSON.stringify(options.body ?? {}) : undefined,
      signal: options.signal,
      ...(options.purpose ? { headers: { [BUDGET_PURPOSE_HEADER]: options.purpose } } : {}),
    },
    id,
  );
  return { result: envelope.result as ResultOf<Id>, resultInfo: envelope.result_info };
}

/** What `GET /api/meta` tells the dashboard about the BFF it talks to (the envelope's `result`). */
export interface Meta {
  mode: 'sandbox' | 'cloudflare';
  defaultAccountId: string | null;
  upstream?: string;
  version?: string;
  /** Single sign-on, when configured: "Sign in with <name>" goes to `start` (ADR 021). */
  sso: { name: string; start: string } | null;
}

export async function fetchMeta(signal?: AbortSignal): Promise<Meta> {
  const { envelope } = await request(`${API_PREFIX}/meta`, { method: 'GET', signal }, 'meta');
  const raw = envelope.result as Partial<Meta> | null | undefined;
  return {
    // Unknown mode: never claim "nothing reaches Cloudflare".
    mode: raw?.mode === 'sandbox' ? 'sandbox' : 'cloudflare',
    defaultAccountId: raw?.defaultAccountId ?? null,
    upstream: raw?.upstream,
    version: raw?.version,
    sso: raw?.sso && typeof raw.sso.name === 'string' && typeof raw.sso.start === 'string' ? raw.sso : null,
  };
}
