/**
 * Capability: browser hardening headers on every answer, chosen by `helmet`. A strict Content-Security-Policy: scripts
 * only from our own origin (no inline script anywhere; Swagger UI 6 at /api/docs loads its initializer from a file,
 * so it needs no exception), inline *styles* allowed (Mantine injects <style> tags at runtime), no framing, no
 * plugins, no <base>; `Referrer-Policy: no-referrer`. No `upgrade-insecure-requests`: the default is plain HTTP on
 * 127.0.0.1. `Strict-Transport-Security` only with COOKIE_SECURE=true (served over HTTPS).
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
  // HSTS only means something over HTTPS: sent when COOKIE_SECURE=true says the dashboard is served over it (the
  // plugin's `hsts` option), for this host only (a sibling sub-domain may still be plain HTTP).
  strictTransportSecurity: false,
};

/** One year, this host only. */
export const HSTS: HelmetOptions['strictTransportSecurity'] = { maxAge: 31_536_000, includeSubDomains: false };

export interface SecurityHeadersOptions {
  /** Send Strict-Transport-Security (COOKIE_SECURE=true: the dashboard is reached over HTTPS). */
  hsts?: boolean;
}

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

export default fp<SecurityHeadersOptions>(
  async (fastify: FastifyInstance, options) => {
    const headers = helmetHeaders(options.hsts ? { ...HELMET_OPTIONS, strictTransportSecurity: HSTS } : HELMET_OPTIONS);
    fastify.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers', fastify: '5.x' },
);
