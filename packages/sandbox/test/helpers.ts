import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../src/index.js';

export const TOKEN = 'test-token-0123456789abcdef';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: {
    success: boolean;
    errors: { code: number; message: string; source?: { pointer?: string } }[];
    messages: unknown[];
    result: T;
    result_info?: { page: number; per_page: number; count: number; total_count: number; total_pages: number };
  };
}

export async function start(options: Partial<StartSandboxOptions> = {}): Promise<RunningSandbox> {
  return startSandbox({ token: TOKEN, ...options });
}

/** Calls the sandbox API (`path` relative to /client/v4) with the right token unless `token` is given. */
export async function api<T = any>(
  sandbox: { url: string },
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

/** Calls a control endpoint (`path` relative to the origin, e.g. `/__sandbox/faults`). */
export async function control<T = any>(
  sandbox: { origin: string },
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sandbox.origin}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
}

export const pointers = (response: ApiResponse) => response.body.errors.map((error) => error.source?.pointer);
