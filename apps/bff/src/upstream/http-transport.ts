/**
 * The upstream client's transport: a `fetch`-shaped function over node:http(s) with keep-alive agents.
 * Node's global fetch builds WHATWG streams, a Request and a Response for every call; for a BFF that forwards every
 * request this was the largest single cost in a CPU profile, and node:http is measured faster (see
 * docs/benchmarks.md). Only what the client reads is provided: `status`, `headers.get()` and `text()`.
 */
import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  redirect?: 'manual';
}

export function httpTransport(url: string, init: TransportInit): Promise<TransportResponse> {
  const target = new URL(url);
  const protocol = target.protocol === 'https:' ? 'https:' : 'http:';
  const request = protocol === 'https:' ? https.request : http.request;
  const headers = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const req = request(target, { method: init.method, headers, agent: agents[protocol], signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET' })));
      res.on('end', () => {
        if (!res.complete) {
          reject(Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET' }));
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({
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
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
