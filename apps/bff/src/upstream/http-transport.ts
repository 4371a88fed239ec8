/**
 * The upstream client's transport over node:http(s) with keep-alive agents. Node's global fetch builds WHATWG
 * streams, a Request and a Response for every call; for a BFF that forwards every request this was the largest
 * single cost in a CPU profile, and node:http is measured faster (see docs/decisions/007-bff-production-build.md).
 * The base URL is parsed once; a timeout is one timer per call (not `AbortSignal.timeout`, which also allocates a
 * signal and its listeners on every call), and a caller's AbortSignal is attached only when there is one.
 */
import http from 'node:http';
import https from 'node:https';

export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Rejects with an error named `TimeoutError` when the whole answer has not arrived by then. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Sends `method path` to the base URL; resolves with the whole answer. */
export type Transport = (pathAndQuery: string, init: TransportInit) => Promise<TransportResponse>;

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms} ms`), { name: 'TimeoutError' });
}

function closedMidAnswer(): Error {
  return Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET' });
}

export function httpTransport(baseUrl: string): Transport {
  const base = new URL(baseUrl);
  const secure = base.protocol === 'https:';
  const request = secure ? https.request : http.request;
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 64 })
    : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const hostname = base.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = base.port || (secure ? 443 : 80);
  const basePath = base.pathname.replace(/\/+$/, '');
  const host = base.host;

  return (pathAndQuery, init) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { host, ...init.headers };
      if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
      let settled = false;
      const finish = (error: Error | null, answer?: TransportResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(answer!);
      };
      const req = request(
        { hostname, port, path: basePath + pathAndQuery, method: init.method, headers, agent, ...(init.signal ? { signal: init.signal } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => finish(error));
          res.on('aborted', () => finish(closedMidAnswer()));
          res.on('end', () => {
            if (!res.complete) return finish(closedMidAnswer());
            const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
            finish(null, {
              status: res.statusCode ?? 0,
              headers: {
                get(name: string) {
                  const value = res.headers[name.toLowerCase()];
                  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
                },
              },
              text: async () => body,
            });
          });
        },
      );
      const timer = setTimeout(() => {
        const error = timeoutError(init.timeoutMs);
        req.destroy(error);
        finish(error);
      }, init.timeoutMs);
      req.on('error', (error) => finish(error));
      req.end(init.body);
    });
}
