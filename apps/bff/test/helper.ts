/**
 * Test helper: a real sandbox (the Cloudflare emulator) over HTTP, and the BFF built against it with the sandbox's
 * token. Requests to the BFF go through `app.inject`; BFF -> sandbox is real HTTP.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@secdns/sandbox';
import type { Role } from '@secdns/api-types';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../src/auth/passwords.js';
import { buildApp, type BuildAppOptions } from '../src/app.js';
import { loadConfig } from '../src/config.js';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export const TEST_TOKEN = `test-token-${randomBytes(12).toString('hex')}`;

/** Starts an in-memory sandbox on a random port. */
export async function startTestSandbox(token = TEST_TOKEN): Promise<Sandbox> {
  return startSandbox({ token, host: '127.0.0.1', port: 0 });
}

/** A directory that certainly has no built web app. */
export function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'bff-test-'));
}

export interface TestApp {
  /**
   * The app. Unless built with `{ signIn: false }`, its `inject` carries the session cookie and x-csrf-token of the
   * first admin (signed in at build time), so tests written before access control keep working unchanged. A request
   * that sets its own `cookie` with a session, or its own `x-csrf-token`, keeps its own.
   */
  app: FastifyInstance;
  /** Every log line the app wrote (JSON strings). */
  logs: string[];
  /** `inject` without any session (what an anonymous browser sends). */
  anonymous: FastifyInstance['inject'];
  /** A signed-in client with that role (users `test-viewer`, `test-operator`; the first `admin` for admin). */
  as(role: Role): Promise<TestClient>;
}

export interface TestClient {
  username: string;
  role: Role;
  /** `sid=…` */
  cookie: string;
  csrfToken: string;
  /** inject with this client's cookie and x-csrf-token (unless the options set their own). */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** The first admin's password in tests (DASHBOARD_ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = `admin-pw-${randomBytes(8).toString('hex')}`;
/** The password of the users `as(role)` creates. */
export const TEST_USER_PASSWORD = `user-pw-${randomBytes(8).toString('hex')}`;

export interface BuildTestAppOptions {
  /** Sign the default `inject` in as admin (default true). */
  signIn?: boolean;
  /** Passed to buildApp: the clock of sessions, throttling and audit. */
  now?: () => number;
  /** Passed to buildApp: how long a Force's outcome is followed (ADR 018). */
  forceFollowUpMs?: number;
  /** Passed to buildApp: the CSV export's row cap and page size. */
  auditCsv?: BuildAppOptions['auditCsv'];
  /** Passed to buildApp: the serial watch's time between round starts, and its guard on zone pages. */
  serialWatch?: BuildAppOptions['serialWatch'];
}

/** A clock the test moves (for `now`: sessions, throttling, audit). */
export function testClock(start = Date.parse('2030-01-01T00:00:00Z')) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** Builds the BFF from environment variables, as server.ts would, with logs captured. */
export async function buildTestApp(
  env: Record<string, string | undefined>,
  options: BuildTestAppOptions = {},
): Promise<TestApp> {
  const logs: string[] = [];
  const config = loadConfig({
    LOG_LEVEL: 'info',
    DATA_DIR: emptyDir(),
    WEB_DIST_DIR: join(emptyDir(), 'dist'),
    DASHBOARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...env,
  });
  const app = await buildApp(config, {
    logStream: { write: (line: string) => void logs.push(line) },
    ...(options.now ? { now: options.now } : {}),
    ...(options.forceFollowUpMs !== undefined ? { forceFollowUpMs: options.forceFollowUpMs } : {}),
    ...(options.auditCsv ? { auditCsv: options.auditCsv } : {}),
    ...(options.serialWatch ? { serialWatch: options.serialWatch } : {}),
    announce: () => undefined,
  });
  await app.ready();
  const anonymous = app.inject.bind(app) as FastifyInstance['inject'];
  const clients = new Map<Role, Promise<TestClient>>();
  const as = (role: Role): Promise<TestClient> => {
    let client = clients.get(role);
    if (!client) {
      client = (async () => {
        const username = role === 'admin' ? 'admin' : `test-${role}`;
        const password = role === 'admin' ? TEST_ADMIN_PASSWORD : TEST_USER_PASSWORD;
        if (role !== 'admin' && !(await app.storage.users.get(username))) {
          await app.storage.users.create({ username, role, passwordHash: await hashPassword(password) }, new Date());
        }
        return signIn(anonymous, username, password);
      })();
      clients.set(role, client);
    }
    return client;
  };
  if (options.signIn !== false) {
    const admin = await as('admin');
    (app as { inject: unknown }).inject = (injectOptions: InjectOptions) => admin.inject(injectOptions);
  }
  return { app, logs, anonymous, as };
}

/** Signs in through POST /auth/login; throws unless it worked. */
export async function signIn(
  inject: FastifyInstance['inject'],
  username: string,
  password: string,
): Promise<TestClient> {
  const response = await inject({ method: 'POST', url: '/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  const cookie = cookieFrom(response.headers['set-cookie']);
  const { csrfToken, user } = response.json().result as { csrfToken: string; user: { role: Role } };
  return {
    username,
    role: user.role,
    cookie,
    csrfToken,
    inject: (options) => inject(withSession(options, cookie, csrfToken)),
  };
}

/** `name=value` of the session cookie in a Set-Cookie header. */
export function cookieFrom(header: string | string[] | undefined): string {
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  const line = lines.find((value) => /^(__Host-)?sid=/.test(value));
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return line.split(';')[0]!;
}

function withSession(options: InjectOptions, cookie: string, csrfToken: string): InjectOptions {
  const headers = { ...(options.headers ?? {}) } as Record<string, string | string[] | undefined>;
  const own = headers.cookie;
  if (typeof own !== 'string' || !/(^|;\s*)(__Host-)?sid=/.test(own)) headers.cookie = own ? `${own}; ${cookie}` : cookie;
  if (!('x-csrf-token' in headers)) headers['x-csrf-token'] = csrfToken;
  return { ...options, headers: headers as InjectOptions['headers'] };
}

/**
 * The BFF pointed at `sandbox`, holding its token. The pass-through tests see exactly one upstream call per request:
 * no read cache and no retries unless `env` asks for them (the resilience, governor and cache tests do). Nor a share
 * of reads per client or for bulk actions (the tests' one user would meet them in their small budgets) unless `env`
 * asks for one.
 */
export function appFor(
  sandbox: Sandbox,
  env: Record<string, string | undefined> = {},
  options: BuildTestAppOptions = {},
): Promise<TestApp> {
  return buildTestApp({
    CLOUDFLARE_API_TOKEN: sandbox.token,
    CLOUDFLARE_API_BASE_URL: sandbox.url,
    READ_CACHE_TTL_MS: '0',
    UPSTREAM_MAX_RETRIES: '0',
    READ_SHARE_PER_CLIENT: '1',
    BULK_READ_SHARE: '1',
    ...env,
  }, options);
}

/** Calls the sandbox directly (fixtures, and the reference answer to compare the BFF's pass-through with). */
export async function direct(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sandbox.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Shape of what the sandbox records, reduced to what the tests compare. */
export function recorded(sandbox: Sandbox) {
  return sandbox.requests.map((request: Sandbox['requests'][number]) => ({
    method: request.method,
    path: request.path,
    query: request.query,
    body: request.body,
  }));
}

/** A webhook on 127.0.0.1 that keeps what is POSTed to it (path and JSON body) and answers `answer` (200). */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  base: string;
  received: { path: string; body: Record<string, unknown> }[];
  answer: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver = { received: [], answer: 200 } as unknown as WebhookReceiver;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      receiver.received.push({ path: request.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      response.statusCode = receiver.answer;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
