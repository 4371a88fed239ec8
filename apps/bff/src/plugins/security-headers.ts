/**
 * Capability: browser hardening headers on every answer, chosen by `helmet`. A strict Content-Security-Policy: scripts
 * only from our own origin (no inline script anywhere; Swagger UI 6 at /api/docs loads its initializer from a file,
 * so it needs no exception), inline *styles* allowed (Mantine injects <style> tags at runtime), no framing, no
 * plugins, no <base>; `Referrer-Policy: no-referrer`. No `upgrade-insecure-requests`: the default is plain HTTP on
 * 127.0.0.1.
 *
 * The headers do not vary by request (no nonces), so helmet's middleware runs once, at startup, against a recorder,
 * and every answer gets the recorded set. (@fastify/helmet builds helmet's middleware again for every request: a
 * tenth of the BFF's time per proxied read in a CPU profile; see docs/performance-notes.md.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  referrerPolicy: { policy: 'no-referrer' },
  frameguard: { action: 'deny' },
  // HSTS only means something over HTTPS; harmless otherwise but pins nothing on http://127.0.0.1.
  strictTransportSecurity: false,
};

/** The headers helmet's middleware sets for these options (names in lower case). */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

export default fp(
  async (fastify: FastifyInstance) => {
    const headers = helmetHeaders(HELMET_OPTIONS);
    fastify.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers', fastify: '5.x' },
);
