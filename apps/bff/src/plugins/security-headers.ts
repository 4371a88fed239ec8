/**
 * Capability: browser hardening headers (@fastify/helmet) on every answer. A strict Content-Security-Policy: scripts
 * only from our own origin (no inline script anywhere; Swagger UI 6 at /api/docs loads its initializer from a file,
 * so it needs no exception), inline *styles* allowed (Mantine injects <style> tags at runtime), no framing, no
 * plugins, no <base>; `Referrer-Policy: no-referrer`. No `upgrade-insecure-requests`: the default is plain HTTP on
 * 127.0.0.1.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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

export default fp(
  async (fastify: FastifyInstance) => {
    await fastify.register(helmet, {
      global: true,
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      // HSTS only means something over HTTPS; harmless otherwise but pins nothing on http://127.0.0.1.
      strictTransportSecurity: false,
    });
  },
  { name: 'security-headers', fastify: '5.x' },
);
