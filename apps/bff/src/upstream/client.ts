/**
 * The thin Cloudflare API client: the only holder of the API token (kept in this closure, never in any object
 * another module can reach). One attempt per call, a timeout per attempt, and every failure turned into
 * Cloudflare's envelope with a message a person can act on, plus a `kind` saying what went wrong, so the gateway
 * (`gateway.ts`: budget, retries, cache) can decide what to do next. See docs/decisions/001-upstream-client.md and
 * docs/decisions/005-rate-budget.md.
 */
import { httpTransport, type Transport, type TransportResponse } from './http-transport.js';
import {
  ErrorCodes,
  TSIG_SECRET_MASK,
  buildPath,
  errorEnvelope,
  operations,
  type BodyOf,
  type Envelope,
  type OperationId,
  type ParamsOf,
  type QueryOf,
  type ResponseInfo,
  type ResultOf,
} from '@secdns/api-types';

export interface UpstreamLogger {
  debug?(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface UpstreamClientOptions {
  /** Base URL ending in /client/v4 (no trailing slash needed). */
  baseUrl: string;
  /** The API token; sent as `Authorization: Bearer …`, never logged, never echoed. */
  token: string;
  timeoutMs: number;
  /** Shown in messages instead of the base URL (e.g. "the built-in sandbox"). */
  displayName?: string;
  /** Test seam; defaults to `httpTransport(baseUrl)` (node:http with keep-alive). */
  transport?: Transport;
}

export interface CallInput<Id extends OperationId> {
  params: ParamsOf<Id>;
  query?: QueryOf<Id> | Record<string, unknown>;
  body?: BodyOf<Id> | Record<string, unknown>;
}

export interface CallOptions {
  log?: UpstreamLogger;
  /** Aborts the upstream request too (e.g. the browser went away). */
  signal?: AbortSignal;
  /** This attempt's timeout; defaults to the client's `timeoutMs`. */
  timeoutMs?: number;
}

/**
 * What happened, for the gateway's decisions: `ok` (2xx envelope), `refused` (4xx other than 429),
 * `rate-limited` (Cloudflare's 429), `server` (5xx), `malformed` (not an envelope, or a redirect), `network`
 * (refused / reset / dropped connection, DNS), `timeout`, `cancelled`; `throttled` is the BFF's own refusal
 * (budget spent, nothing sent).
 */
export type UpstreamOutcome =
  | 'ok'
  | 'refused'
  | 'rate-limited'
  | 'server'
  | 'malformed'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'throttled';

/** Cloudflare's `Ratelimit: "default";r=<remaining>;t=<seconds to reset>` header, parsed. */
export interface UpstreamRateLimit {
  remaining: number;
  resetSeconds: number;
}

/**
 * What the BFF answers with. `ok` is true for 2xx envelopes. For upstream 4xx the status and envelope are
 * Cloudflare's; for unreachable / 5xx / malformed answers the status is 502, for a timeout 504.
 */
export interface UpstreamResponse<T = unknown> {
  ok: boolean;
  status: number;
  envelope: Envelope<T>;
  /** Headers worth passing to the browser (retry-after on 429). */
  headers: Record<string, string>;
  /** Why the call failed, in one sentence (for partial-create messages and logs). */
  reason?: string;
  kind: UpstreamOutcome;
  /** Cloudflare's rate-limit headers, when it sent them. */
  rateLimit?: UpstreamRateLimit;
  /** Cloudflare's `Retry-After`, in seconds. */
  retryAfterSeconds?: number;
  /** Cloudflare's own HTTP status when the BFF answers with another (its 401 becomes a 502). */
  upstreamStatus?: number;
}

export interface UpstreamClient {
  readonly baseUrl: string;
  /** The upstream path and query string of a call (the read cache's key). */
  target(id: OperationId, input: Pick<CallInput<OperationId>, 'params' | 'query'>): { path: string; pathAndQuery: string };
  call<Id extends OperationId>(
    id: Id,
    input: CallInput<Id>,
    options?: CallOptions,
  ): Promise<UpstreamResponse<ResultOf<Id>>>;
}

/**
 * Envelopes that are Cloudflare's own (4xx passed through): they leave the BFF unchanged, so the request-id plugin
 * leaves them alone (the id is still in the `x-request-id` header).
 */
export const cloudflareEnvelopes = new WeakSet<object>();

const FAILURE_HINT_READ = 'Nothing was changed by this request (it was a read); try again.';
const FAILURE_HINT_WRITE = 'The change may or may not have been applied: reload to check before retrying.';

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.success === 'boolean' && (v.errors === undefined || Array.isArray(v.errors));
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS lookup failed)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed before an answer arrived',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
};

/** Finds a Node / undici error code (and the innermost message) in an error's cause chain. */
function networkCause(error: unknown): { code?: string; message?: string } {
  let current: unknown = error;
  let message: string | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    const text = (current as { message?: unknown }).message;
    if (typeof text === 'string' && text) message = text;
    if (typeof code === 'string') return { code, message };
    current = (current as { cause?: unknown }).cause;
  }
  return { message };
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === 'TimeoutError';
}

function upstreamErrors(body: unknown): ResponseInfo[] {
  if (!isEnvelope(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter((e): e is ResponseInfo => !!e && typeof e === 'object');
}

function codeForStatus(status: number): number {
  if (status === 401) return ErrorCodes.authentication;
  if (status === 403) return ErrorCodes.forbidden;
  if (status === 404) return ErrorCodes.notFound;
  if (status === 405) return ErrorCodes.methodNotAllowed;
  if (status === 409) return ErrorCodes.conflict;
  if (status === 429) return ErrorCodes.rateLimited;
  return ErrorCodes.validation;
}

/** `"default";r=12;t=30` → {remaining: 12, resetSeconds: 30}; undefined when absent or unreadable. */
export function parseRateLimit(header: string | null): UpstreamRateLimit | undefined {
  if (!header) return undefined;
  const r = /(?:^|;)\s*r=(\d+)/.exec(header);
  const t = /(?:^|;)\s*t=(\d+)/.exec(header);
  if (!r) return undefined;
  return { remaining: Number(r[1]), resetSeconds: t ? Number(t[1]) : 0 };
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/**
 * `text` with every occurrence of `secret` replaced by the mask: as sent, and inside a JSON answer's strings however
 * they are escaped (a secret set outside the dashboard may hold `"`, `\\`, `&`, which JSON encoders write as escapes).
 */
export function maskSecret(text: string, secret: string): string {
  const masked = text.replaceAll(secret, TSIG_SECRET_MASK);
  let parsed: unknown;
  try {
    parsed = JSON.parse(masked);
  } catch {
    return masked;
  }
  let found = false;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.includes(secret)) return value;
      found = true;
      return value.replaceAll(secret, TSIG_SECRET_MASK);
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  const cleaned = walk(parsed);
  return found ? JSON.stringify(cleaned) : masked;
}

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const token = options.token;
  const send = options.transport ?? httpTransport(baseUrl);
  const where = options.displayName ?? baseUrl;

  function target(id: OperationId, input: Pick<CallInput<OperationId>, 'params' | 'query'>) {
    const op = operations[id];
    const path = buildPath(op.path, input.params as Record<string, string>);
    const search = new URLSearchParams();
    const renames: Record<string, string> = 'upstreamQuery' in op ? op.upstreamQuery : {};
    for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      search.set(renames[key] ?? key, String(value));
    }
    search.sort();
    const qs = search.toString();
    return { path, pathAndQuery: `${path}${qs ? `?${qs}` : ''}` };
  }

  async function call<Id extends OperationId>(
    id: Id,
    input: CallInput<Id>,
    callOptions: CallOptions = {},
  ): Promise<UpstreamResponse<ResultOf<Id>>> {
    const op = operations[id];
    const { path, pathAndQuery } = target(id, input);
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs;
    const what = `${op.method} ${path}`;
    const isRead = op.method === 'GET';
    const hint = isRead ? FAILURE_HINT_READ : FAILURE_HINT_WRITE;

    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
    };
    let payload: string | undefined;
    if ('body' in op && op.body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(input.body ?? {});
    }
    // A TSIG secret sent (typed, or the kept one the BFF put in place of the mask) that an error answer quotes back
    // is replaced by the mask: Cloudflare's error messages go to the browser and, for server errors, to the log.
    const sentSecret = (input.body as { secret?: unknown } | undefined)?.secret;

    const started = performance.now();
    const log = callOptions.log;

    const fail = (
      kind: UpstreamOutcome,
      status: number,
      code: number,
      message: string,
      extra: ResponseInfo[] = [],
      more: Partial<UpstreamResponse<ResultOf<Id>>> = {},
    ): UpstreamResponse<ResultOf<Id>> => {
      log?.warn({ upstream: { operation: id, method: op.method, path, status, kind, ms: Math.round(performance.now() - started) } }, message);
      return {
        ok: false,
        status,
        envelope: errorEnvelope([{ code, message }, ...extra]) as Envelope<ResultOf<Id>>,
        headers: {},
        reason: message,
        kind,
        ...more,
      };
    };

    let response: TransportResponse;
    let text: string;
    try {
      response = await send(pathAndQuery, { method: op.method, headers, body: payload, timeoutMs, signal: callOptions.signal });
      text = await response.text();
      if (response.status >= 400 && typeof sentSecret === 'string' && sentSecret) text = maskSecret(text, sentSecret);
    } catch (error) {
      if (isTimeout(error)) {
        return fail(
          'timeout',
          504,
          ErrorCodes.upstreamTimeout,
          `Cloudflare did not answer within ${seconds(timeoutMs)} (${what}). ${hint}`,
        );
      }
      if (callOptions.signal?.aborted) {
        return fail('cancelled', 499, ErrorCodes.upstreamUnreachable, `The request was cancelled before Cloudflare answered (${what}). ${hint}`);
      }
      const { code, message } = networkCause(error);
      const described =
        (code && NETWORK_CODES[code]) ?? (code ? `network error ${code}` : `network error (${message ?? 'unknown'})`);
      if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
        return fail(
          'network',
          502,
          ErrorCodes.upstreamUnreachable,
          `Cloudflare at ${where} closed the connection without answering (${what}): ${described}. ${hint}`,
        );
      }
      return fail(
        'network',
        502,
        ErrorCodes.upstreamUnreachable,
        `Could not reach Cloudflare at ${where}: ${described}. Check CLOUDFLARE_API_BASE_URL and the network.`,
      );
    }

    const ms = Math.round(performance.now() - started);
    let body: unknown;
    let parsed = false;
    try {
      body = text.length ? JSON.parse(text) : undefined;
      parsed = text.length > 0;
    } catch {
      parsed = false;
    }
    const status = response.status;
    const passHeaders: Record<string, string> = {};
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter) passHeaders['retry-after'] = retryAfter;
    const limits: Partial<UpstreamResponse<ResultOf<Id>>> = {};
    const rateLimit = parseRateLimit(response.headers.get('ratelimit'));
    if (rateLimit) limits.rateLimit = rateLimit;
    const retryAfterSeconds = parseRetryAfter(retryAfter);
    if (retryAfterSeconds !== undefined) limits.retryAfterSeconds = retryAfterSeconds;

    if (status >= 500) {
      const theirs = upstreamErrors(body);
      const detail = theirs[0]?.message ? `: ${theirs[0].message}` : '';
      return fail(
        'server',
        502,
        ErrorCodes.upstreamServerError,
        `Cloudflare answered with a server error (HTTP ${status}) for ${what}${detail}. ${hint}`,
        theirs,
        limits,
      );
    }
    if (status === 401) {
      // The token, not the user: passed through, a 401 would read as the dashboard session's end (the SPA signs out).
      const theirs = upstreamErrors(body);
      const detail = theirs[0]?.message ? `: ${theirs[0].message}` : '';
      return fail(
        'refused',
        502,
        ErrorCodes.upstreamTokenRejected,
        `Cloudflare did not accept this dashboard's API token for ${what} (HTTP 401${detail}). Your dashboard session is ` +
          'fine: an administrator must set a valid CLOUDFLARE_API_TOKEN and restart the dashboard.',
        theirs,
        { ...limits, upstreamStatus: status },
      );
    }
    if (status >= 400) {
      log?.info({ upstream: { operation: id, method: op.method, path, status, ms } }, 'upstream refused');
      const kind: UpstreamOutcome = status === 429 ? 'rate-limited' : 'refused';
      if (parsed && isEnvelope(body)) {
        const envelope = { ...body, messages: body.messages ?? [] } as Envelope<ResultOf<Id>>;
        cloudflareEnvelopes.add(envelope);
        const reason = upstreamErrors(body)
          .map((e) => e.message)
          .join('; ');
        return { ok: false, status, envelope, headers: passHeaders, reason: reason || `HTTP ${status}`, kind, ...limits };
      }
      const message =
        `Cloudflare refused ${what} with HTTP ${status}` + (text ? `: ${snippet(text)}` : '.');
      return {
        ok: false,
        status,
        envelope: errorEnvelope({ code: codeForStatus(status), message }) as Envelope<ResultOf<Id>>,
        headers: passHeaders,
        reason: message,
        kind,
        ...limits,
      };
    }
    if (status >= 300 || status < 200) {
      return fail(
        'malformed',
        502,
        ErrorCodes.upstreamBadResponse,
        `Cloudflare answered ${what} with an unexpected HTTP ${status}${response.headers.get('location') ? ' redirect' : ''}. Check CLOUDFLARE_API_BASE_URL. ${hint}`,
      );
    }
    if (!parsed || !isEnvelope(body)) {
      return fail(
        'malformed',
        502,
        ErrorCodes.upstreamBadResponse,
        `Cloudflare's answer to ${what} was not understood (${parsed ? 'JSON, but not the usual {success, errors, result} envelope' : 'not JSON'}). ${hint}`,
      );
    }
    log?.debug?.({ upstream: { operation: id, method: op.method, path, status, ms } }, 'upstream call');
    const envelope = { ...body, messages: body.messages ?? [] } as Envelope<ResultOf<Id>>;
    return { ok: envelope.success !== false, status, envelope, headers: passHeaders, kind: 'ok', ...limits };
  }

  return { baseUrl, target, call };
}
