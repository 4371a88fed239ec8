/**
 * Test helper: a real sandbox (the Cloudflare emulator) over HTTP, and the BFF built against it with the sandbox's
 * token. Requests to the BFF go through `app.inject`; BFF -> sandbox is real HTTP.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@secdns/sandbox';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
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
  app: FastifyInstance;
  /** Every log line the app wrote (JSON strings). */
  logs: string[];
}

/** Builds the BFF from environment variables, as server.ts would, with logs captured. */
export async function buildTestApp(env: Record<string, string | undefined>): Promise<TestApp> {
  const logs: string[] = [];
  const config = loadConfig({
    LOG_LEVEL: 'info',
    DATA_DIR: emptyDir(),
    WEB_DIST_DIR: join(emptyDir(), 'dist'),
    ...env,
  });
  const app = await buildApp(config, { logStream: { write: (line: string) => void logs.push(line) } });
  await app.ready();
  return { app, logs };
}

/** The BFF pointed at `sandbox`, holding its token. */
export function appFor(sandbox: Sandbox, env: Record<string, string | undefined> = {}): Promise<TestApp> {
  return buildTestApp({
    CLOUDFLARE_API_TOKEN: sandbox.token,
    CLOUDFLARE_API_BASE_URL: sandbox.url,
    ...env,
  });
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
