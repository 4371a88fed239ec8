/**
 * The sandbox: a Fastify app answering Cloudflare's Secondary DNS API (plus `GET /accounts` and `GET /zones`)
 * under `/client/v4`, with every route registered from the contract's `operations` table, and test controls
 * under `/__sandbox`. The listening variant also runs the nameserver emulator (dns.ts) the serial check queries.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  errorEnvelope,
  okEnvelope,
  operationList,
  PeerUpstreamCreateBodySchema,
  toColonPath,
  validationErrors,
  type InputLocation,
  type OperationId,
  type ResponseInfo,
} from '@secdns/api-types';
import {
  DNS_BEHAVIOURS,
  DnsBehaviourBodySchema,
  isDnsBehaviour,
  normaliseDnsName,
  startDnsEmulator,
  type DnsBehaviour,
  type DnsEmulator,
} from './dns.js';
import { ApiError, SandboxCodes } from './errors.js';
import { FaultBodySchema, FaultRegistry, type ActiveFault, type Fault, type FaultController } from './faults.js';
import { bodySchemaFor, handlers, querySchemaFor, type HandlerContext } from './handlers.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { buildSeedState } from './seed.js';
import {
  cloneState,
  emptyState,
  loadStateFile,
  newId,
  nowIso,
  StateStore,
  type AccountRecord,
  type SandboxState,
  type ZoneRecord,
  type ZoneType,
} from './state.js';

export const API_PREFIX = '/client/v4';
export const CONTROL_PREFIX = '/__sandbox';

export interface SandboxOptions {
  /** The API token clients must send as `Authorization: Bearer <token>`. */
  token: string;
  /** Where `sandbox-state.json` lives. Without it the state is in memory only. */
  dataDir?: string;
  /** Seed realistic data when there is no state file yet (default true). */
  seed?: boolean;
  /** Enforce Cloudflare's global rate limit (off by default). */
  rateLimit?: RateLimitOptions;
  /** Fastify's logger (default false). `authorization` is redacted. */
  logger?: boolean;
  /** Most recent requests kept in `requests` (default 10000; older ones are dropped). */
  maxRecordedRequests?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without `/client/v4` and without the query string, e.g. `/accounts/…/secondary_dns/peers`. */
  path: string;
  query: Record<string, unknown>;
  /** Parsed JSON body, or undefined (no body, or not parseable). */
  body: unknown;
  /** Request headers; `authorization` is redacted (`Bearer [redacted]`). */
  headers: Record<string, string | string[] | undefined>;
  /** RFC 3339 time the request arrived. */
  at: string;
  /** The contract operation the request was routed to, when it matched one. */
  operationId?: OperationId;
  /** HTTP status answered (absent for dropped / hanging / still running requests). */
  statusCode?: number;
}

export interface StateAccessor {
  /** A deep copy of the current state. */
  get(): SandboxState;
  /** Replaces the whole state (persisted). */
  replace(state: SandboxState): void;
  /** Back to the seed data (or empty state when `seed: false`). */
  reset(options?: { seed?: boolean }): void;
  addAccount(input: { name: string; id?: string; type?: string }): AccountRecord;
  addZone(input: {
    accountId: string;
    name: string;
    type?: ZoneType;
    status?: string;
    id?: string;
    primarySerial?: number;
  }): ZoneRecord;
}

export interface SandboxControls {
  token: string;
  /** Every request to /client/v4, oldest first. The same array for the sandbox's lifetime. */
  requests: RecordedRequest[];
  clearRequests(): void;
  faults: FaultController;
  state: StateAccessor;
  /** Shorthand for `state.get()`. */
  getState(): SandboxState;
  /**
   * Sets the simulated primary's SOA serial of a zone. Secondary zones: Force AXFR then pulls it into the
   * incoming `soa_serial` when newer. Full zones with an outgoing configuration: it is Cloudflare's own serial,
   * so the outgoing `soa_serial` takes it at once (and, when enabled, one change waits in the IXFR backlog).
   */
  setPrimarySerial(zoneId: string, serial: number): void;
  /**
   * How the DNS emulator answers for a zone (its apex and every name below). ApiError 400 for an unknown behaviour,
   * or when no emulator runs (`buildSandbox`, or `startSandbox` with `dns: false`).
   */
  setDnsBehaviour(zoneName: string, behaviour: DnsBehaviour): void;
  /** Every zone back to `answer` (no-op without an emulator). */
  clearDnsBehaviours(): void;
  /** Forgets the rate limiter's counters (no-op when rate limiting is off). */
  resetRateLimit(): void;
  close(): Promise<void>;
}

export interface BuiltSandbox extends SandboxControls {
  app: FastifyInstance;
}

export interface StartSandboxOptions extends SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /**
   * The nameserver emulator for the serial check, on UDP and TCP, same host as the API. Default: on, random port;
   * `false`: none. (`buildSandbox` never starts it: inject-only tests do not need sockets.)
   */
  dns?: { port?: number } | false;
}

export interface RunningSandbox extends BuiltSandbox {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234/client/v4` (no trailing slash). */
  url: string;
  /** `http://127.0.0.1:41234`; the controls are at `${origin}/__sandbox/…`. */
  origin: string;
  /** Where the DNS emulator answers (UDP and TCP), or null with `dns: false`. */
  dns: { host: string; port: number } | null;
}

/** What startSandbox needs beyond the public controls: the live state and a place to plug the emulator in. */
interface AssembledSandbox {
  sandbox: BuiltSandbox;
  /** The live state (not a copy): the emulator reads it on every query. */
  liveState: () => SandboxState;
  attachDns(emulator: DnsEmulator): void;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function splitUrl(url: string): { pathname: string } {
  const index = url.indexOf('?');
  return { pathname: index === -1 ? url : url.slice(0, index) };
}

function isUnder(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

function redactHeaders(headers: FastifyRequest['headers']): RecordedRequest['headers'] {
  const copy: RecordedRequest['headers'] = { ...headers };
  if (typeof copy.authorization === 'string') {
    const scheme = copy.authorization.split(' ')[0];
    copy.authorization = scheme && scheme !== copy.authorization ? `${scheme} [redacted]` : '[redacted]';
  }
  return copy;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, location: InputLocation): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError(400, validationErrors(result.error, location));
  return result.data;
}

function defaultErrorFor(status: number): ResponseInfo {
  if (status === 401) return { code: SandboxCodes.authentication, message: 'Authentication error' };
  if (status === 403) return { code: SandboxCodes.authentication, message: 'Authentication error' };
  if (status === 404) return { code: SandboxCodes.noRoute, message: 'No route for that URI' };
  if (status === 429) {
    return { code: SandboxCodes.rateLimited, message: 'Rate limited. Please wait and consider throttling your request speed' };
  }
  if (status >= 500) return { code: SandboxCodes.internal, message: 'Internal Server Error' };
  return { code: SandboxCodes.validation, message: `Request failed with status ${status}` };
}

/** Builds the sandbox app (no listen, no DNS emulator). */
export async function buildSandbox(options: SandboxOptions): Promise<BuiltSandbox> {
  return (await assembleSandbox(options)).sandbox;
}

async function assembleSandbox(options: SandboxOptions): Promise<AssembledSandbox> {
  if (!options.token) throw new Error('buildSandbox: a token is required');
  const seedEnabled = options.seed !== false;
  const initialState = (): SandboxState => (seedEnabled ? buildSeedState() : emptyState());

  const loaded = options.dataDir ? loadStateFile(options.dataDir) : undefined;
  const store = new StateStore(loaded ?? initialState(), options.dataDir);
  if (!loaded) store.commit();

  const tokenHash = sha256(options.token);
  const faults = new FaultRegistry();
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  const maxRecorded = options.maxRecordedRequests ?? 10_000;
  const requests: RecordedRequest[] = [];
  const recordOf = new WeakMap<FastifyRequest, RecordedRequest>();
  const aborter = new AbortController();
  const routePatterns: { method: string; pattern: RegExp }[] = [];

  const app = Fastify({
    logger: options.logger
      ? { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] }
      : false,
    forceCloseConnections: true,
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const pattern = new RegExp(`^${route.url.replace(/:[A-Za-z_]\w*/g, '[^/]+')}/?$`);
    for (const method of methods) routePatterns.push({ method: String(method).toUpperCase(), pattern });
  });

  // JSON bodies: an empty body is "no body"; malformed JSON is a 400 in the envelope.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ApiError(400, { code: SandboxCodes.malformedJson, message: 'Malformed JSON in request body' }), undefined);
    }
  });

  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (aborter.signal.aborted) return resolve(false);
      const timer = setTimeout(() => {
        aborter.signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      aborter.signal.addEventListener('abort', onAbort, { once: true });
    });

  /** Applies a fault; returns true when the request has been answered (or abandoned). */
  async function applyFault(fault: ActiveFault, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (fault.latencyMs) {
      const completed = await sleep(fault.latencyMs);
      if (!completed) {
        reply.hijack();
        request.raw.socket.destroy();
        return true;
      }
    }
    if (fault.drop) {
      reply.hijack();
      request.raw.socket.destroy();
      return true;
    }
    if (fault.hang) {
      // Never answered: the socket stays open until the client gives up or close() destroys it.
      reply.hijack();
      return true;
    }
    if (fault.malformed) {
      await reply
        .code(200)
        .header('content-type', 'application/json; charset=utf-8')
        .send('{"success":true,"errors":[],"messages":[],"result":[{"id":"');
      return true;
    }
    if (fault.status !== undefined) {
      const fallback = defaultErrorFor(fault.status);
      const info: ResponseInfo = { code: fault.code ?? fallback.code, message: fault.message ?? fallback.message };
      if (fault.retryAfterSeconds !== undefined) reply.header('retry-after', String(fault.retryAfterSeconds));
      await reply.code(fault.status).send(
        fault.status < 400 ? okEnvelope(null) : errorEnvelope(info),
      );
      return true;
    }
    return false;
  }

  function authenticate(request: FastifyRequest): void {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new ApiError(401, { code: SandboxCodes.authentication, message: 'Authentication error' });
    }
    if (!timingSafeEqual(sha256(match[1]), tokenHash)) {
      throw new ApiError(403, { code: SandboxCodes.invalidToken, message: 'Invalid access token' });
    }
  }

  app.addHook('onRequest', async (request, reply) => {
    const { pathname } = splitUrl(request.url);
    const isApi = isUnder(pathname, API_PREFIX);
    const isControl = isUnder(pathname, CONTROL_PREFIX);
    if (!isApi && !isControl) return;

    if (isApi) {
      const path = pathname.slice(API_PREFIX.length) || '/';
      const record: RecordedRequest = {
        method: request.method,
        path,
        query: { ...(request.query as Record<string, unknown>) },
        body: undefined,
        headers: redactHeaders(request.headers),
        at: nowIso(),
      };
      requests.push(record);
      if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
      recordOf.set(request, record);
    }

    if (isControl && pathname === `${CONTROL_PREFIX}/health`) return;
    authenticate(request);

    if (isApi && limiter) {
      const decision = limiter.consume();
      reply.headers(decision.headers);
      if (!decision.allowed) {
        throw new ApiError(
          429,
          {
            code: SandboxCodes.rateLimited,
            message: 'Rate limited. Please wait and consider throttling your request speed',
          },
          decision.headers,
        );
      }
    }
  });

  // After authentication and body parsing: record the body, then apply a matching fault (so a faulted request is
  // still recorded with its body, and a fault never hides a wrong token).
  app.addHook('preValidation', async (request, reply) => {
    const record = recordOf.get(request);
    if (!record) return;
    record.body = request.body;
    const fault = faults.take(request.method, record.path);
    if (fault && (await applyFault(fault, request, reply))) return reply;
  });

  app.addHook('onResponse', async (request, reply) => {
    const record = recordOf.get(request);
    if (record) record.statusCode = reply.statusCode;
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      reply.headers(error.headers);
      return reply.code(error.statusCode).send(errorEnvelope(error.errors));
    }
    const err = error as { statusCode?: number; code?: string; message?: string };
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
    let info: ResponseInfo;
    if (status === 415) {
      info = {
        code: SandboxCodes.invalidHeaders,
        message: `Unsupported Content-Type ${String(request.headers['content-type'] ?? '')}: send application/json`,
      };
    } else if (status === 413) {
      info = { code: SandboxCodes.validation, message: 'Request body is too large' };
    } else if (status >= 500) {
      request.log.error({ err: error }, 'sandbox internal error');
      info = { code: SandboxCodes.internal, message: `Internal Server Error: ${err.message ?? 'unknown error'}` };
    } else {
      info = { code: SandboxCodes.validation, message: err.message ?? 'Bad request' };
    }
    return reply.code(status).send(errorEnvelope(info));
  });

  app.setNotFoundHandler((request, reply) => {
    const { pathname } = splitUrl(request.url);
    const allowed = routePatterns
      .filter((route) => route.pattern.test(pathname))
      .map((route) => route.method)
      .filter((method, index, all) => all.indexOf(method) === index);
    if (allowed.length) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(
          errorEnvelope({
            code: SandboxCodes.methodNotAllowed,
            message: `Method ${request.method} not allowed for ${pathname}; allowed: ${allowed.join(', ')}`,
          }),
        );
    }
    return reply.code(404).send(errorEnvelope({ code: SandboxCodes.noRoute, message: `No route for that URI: ${pathname}` }));
  });

  // ---- The contract's operations -----------------------------------------------------------------------------
  for (const operation of operationList) {
    const id = operation.id as OperationId;
    const handler = handlers[id];
    const bodySchema = bodySchemaFor(id, operation.body, PeerUpstreamCreateBodySchema);
    const querySchema = querySchemaFor(id);
    app.route({
      method: operation.method,
      url: API_PREFIX + toColonPath(operation.path),
      handler: async (request, reply) => {
        const record = recordOf.get(request);
        if (record) record.operationId = id;
        const state = store.state;

        const params = parseWith(operation.params, request.params, 'params') as Record<string, string>;
        const ctx: HandlerContext = { state, params, query: {}, body: undefined };
        if (params.account_id !== undefined) {
          ctx.account = state.accounts.find((account) => account.id === params.account_id);
          if (!ctx.account) {
            throw new ApiError(404, {
              code: SandboxCodes.couldNotRoute,
              message: `Could not route to /accounts/${params.account_id}, perhaps your object identifier is invalid?`,
            });
          }
        }
        if (params.zone_id !== undefined) {
          ctx.zone = state.zones.find((zone) => zone.id === params.zone_id);
          if (!ctx.zone) {
            throw new ApiError(404, {
              code: SandboxCodes.couldNotRoute,
              message: `Could not route to /zones/${params.zone_id}, perhaps your object identifier is invalid?`,
            });
          }
        }

        const errors: ResponseInfo[] = [];
        const query = querySchema.safeParse(request.query ?? {});
        if (query.success) ctx.query = query.data as Record<string, unknown>;
        else errors.push(...validationErrors(query.error, 'query'));
        if (bodySchema) {
          // Action bodies are `{}`; a missing body is taken as `{}`.
          const raw = request.body === undefined && operation.method === 'POST' && isEmptyObjectSchema(id) ? {} : request.body;
          const body = bodySchema.safeParse(raw);
          if (body.success) ctx.body = body.data;
          else errors.push(...validationErrors(body.error, 'body'));
        }
        if (errors.length) throw new ApiError(400, errors);

        const outcome = handler(ctx);
        if (operation.method !== 'GET') store.commit();
        return reply.code(outcome.status ?? 200).send(okEnvelope(outcome.result, outcome.resultInfo));
      },
    });
  }

  // ---- Test controls ------------------------------------------------------------------------------------------
  const stateAccessor: StateAccessor = {
    get: () => cloneState(store.state),
    replace: (state) => store.replace(cloneState(state)),
    reset: (resetOptions) => store.replace((resetOptions?.seed ?? seedEnabled) ? buildSeedState() : emptyState()),
    addAccount: (input) => {
      const account: AccountRecord = {
        id: input.id ?? newId(),
        name: input.name,
        type: input.type ?? 'enterprise',
        created_on: nowIso(),
      };
      store.state.accounts.push(account);
      store.commit();
      return { ...account };
    },
    addZone: (input) => {
      if (!store.state.accounts.some((account) => account.id === input.accountId)) {
        throw new Error(`addZone: account ${input.accountId} does not exist`);
      }
      const now = nowIso();
      const zone: ZoneRecord = {
        id: input.id ?? newId(),
        account_id: input.accountId,
        name: input.name,
        status: input.status ?? 'active',
        type: input.type ?? 'full',
        created_on: now,
        modified_on: now,
        ...(input.primarySerial !== undefined ? { primary_serial: input.primarySerial } : {}),
      };
      store.state.zones.push(zone);
      store.commit();
      return { ...zone };
    },
  };

  function setPrimarySerial(zoneId: string, serial: number): void {
    if (!Number.isInteger(serial) || serial < 0 || serial > 4_294_967_295) {
      throw new ApiError(400, {
        code: SandboxCodes.validation,
        message: 'serial: must be a whole number between 0 and 4294967295',
        source: { pointer: '/serial' },
      });
    }
    const zone = store.state.zones.find((candidate) => candidate.id === zoneId);
    if (!zone) throw new ApiError(404, { code: SandboxCodes.notFound, message: `zone ${zoneId} not found` });
    zone.primary_serial = serial;
    const outgoing = store.state.outgoing.find((config) => config.zone_id === zoneId);
    if (zone.type !== 'secondary' && outgoing && outgoing.soa_serial !== serial) {
      // The secondaries keep what they hold until a NOTIFY (absent = they held the old serial).
      outgoing.secondary_serial ??= outgoing.soa_serial;
      outgoing.soa_serial = serial;
      if (outgoing.enabled) outgoing.ixfr_backlog += 1;
    }
    store.commit();
  }

  let dns: DnsEmulator | null = null;

  function setDnsBehaviour(zoneName: string, behaviour: DnsBehaviour): void {
    if (!isDnsBehaviour(behaviour)) {
      throw new ApiError(400, {
        code: SandboxCodes.validation,
        message: `behaviour: must be one of ${DNS_BEHAVIOURS.join(', ')} (got ${String(behaviour)})`,
        source: { pointer: '/behaviour' },
      });
    }
    if (!dns) {
      throw new ApiError(400, {
        code: SandboxCodes.conflict,
        message: 'no DNS emulator is running (buildSandbox, or startSandbox with dns: false)',
      });
    }
    dns.setBehaviour(zoneName, behaviour);
  }

  app.get(`${CONTROL_PREFIX}/health`, async () => okEnvelope({ ok: true }));
  app.get(`${CONTROL_PREFIX}/requests`, async () => okEnvelope(requests));
  app.delete(`${CONTROL_PREFIX}/requests`, async () => {
    requests.length = 0;
    return okEnvelope({ cleared: true });
  });
  app.get(`${CONTROL_PREFIX}/faults`, async () =>
    okEnvelope(faults.list().map((fault) => ({ ...fault, match: fault.match ? { ...fault.match, path: fault.match.path?.toString() } : undefined }))),
  );
  app.post(`${CONTROL_PREFIX}/faults`, async (request) => {
    const fault = parseWith(FaultBodySchema, request.body, 'body') as Fault;
    try {
      return okEnvelope({ id: faults.add(fault) });
    } catch (error) {
      throw new ApiError(400, {
        code: SandboxCodes.validation,
        message: `match.path: not a valid regular expression (${(error as Error).message})`,
        source: { pointer: '/match/path' },
      });
    }
  });
  app.delete(`${CONTROL_PREFIX}/faults`, async () => {
    faults.clear();
    return okEnvelope({ cleared: true });
  });
  app.delete<{ Params: { id: string } }>(`${CONTROL_PREFIX}/faults/:id`, async (request) => {
    if (!faults.remove(request.params.id)) {
      throw new ApiError(404, { code: SandboxCodes.notFound, message: `fault ${request.params.id} not found` });
    }
    return okEnvelope({ id: request.params.id });
  });
  app.post<{ Params: { zone_id: string } }>(`${CONTROL_PREFIX}/zones/:zone_id/primary_serial`, async (request) => {
    const body = request.body as { serial?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.serial !== 'number') {
      throw new ApiError(400, {
        code: SandboxCodes.validation,
        message: 'serial: must be a number',
        source: { pointer: '/serial' },
      });
    }
    setPrimarySerial(request.params.zone_id, body.serial);
    return okEnvelope({ zone_id: request.params.zone_id, primary_serial: body.serial });
  });
  app.post(`${CONTROL_PREFIX}/dns/behaviour`, async (request) => {
    const body = parseWith(DnsBehaviourBodySchema, request.body, 'body');
    setDnsBehaviour(body.zone, body.behaviour);
    return okEnvelope({ zone: normaliseDnsName(body.zone), behaviour: body.behaviour });
  });
  app.delete(`${CONTROL_PREFIX}/dns/behaviour`, async () => {
    dns?.clearBehaviours();
    return okEnvelope({ cleared: true });
  });
  app.get(`${CONTROL_PREFIX}/state`, async () => okEnvelope(stateAccessor.get()));
  app.post(`${CONTROL_PREFIX}/reset`, async (request) => {
    const body = request.body as { seed?: unknown } | undefined;
    stateAccessor.reset({ seed: typeof body?.seed === 'boolean' ? body.seed : seedEnabled });
    limiter?.reset();
    return okEnvelope({ reset: true });
  });

  let closing: Promise<void> | undefined;
  const controls: BuiltSandbox = {
    app,
    token: options.token,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    faults,
    state: stateAccessor,
    getState: () => stateAccessor.get(),
    setPrimarySerial,
    setDnsBehaviour,
    clearDnsBehaviours: () => dns?.clearBehaviours(),
    resetRateLimit: () => limiter?.reset(),
    close: () => {
      closing ??= (async () => {
        aborter.abort();
        await Promise.all([app.close(), dns?.close()]);
      })();
      return closing;
    },
  };
  await app.ready();
  return {
    sandbox: controls,
    liveState: () => store.state,
    attachDns: (emulator) => {
      dns = emulator;
    },
  };
}

function isEmptyObjectSchema(id: OperationId): boolean {
  return id === 'outgoing.enable' || id === 'outgoing.disable' || id === 'outgoing.forceNotify' || id === 'forceAxfr';
}

/** The DNS emulator binds UDP and TCP separately, so a name that may resolve to either family is pinned to IPv4. */
function dnsBindHost(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}

/** An address a client can send to: the loopback of the family for a wildcard bind. */
function dnsClientHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/** Builds the sandbox and listens (default 127.0.0.1, random port), with the DNS emulator unless `dns: false`. */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const { sandbox, liveState, attachDns } = await assembleSandbox(options);
  const host = options.host ?? '127.0.0.1';
  let dns: RunningSandbox['dns'] = null;
  try {
    await sandbox.app.listen({ host, port: options.port ?? 0 });
    if (options.dns !== false) {
      const emulator = await startDnsEmulator({ host: dnsBindHost(host), port: options.dns?.port ?? 0, state: liveState });
      attachDns(emulator);
      dns = { host: dnsClientHost(emulator.host), port: emulator.port };
    }
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const address = sandbox.app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const origin = `http://${urlHost}:${port}`;
  return Object.assign(sandbox, { url: `${origin}${API_PREFIX}`, origin, dns });
}
