/**
 * Capability: every answer carries the request id, so a person can quote it and support can find the log line
 * (pino logs it as `reqId` on every line of the request; each request ends with one `request completed` line with
 * method, URL, status, operation, cache status and time). It is the `x-request-id` header of every response, and
 * the BFF's own error envelopes also carry it as `request_id` (Cloudflare's 4xx envelopes pass through unchanged;
 * their id is in the header).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { cloudflareEnvelopes } from '../upstream/client.js';

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** A browser- or proxy-supplied id, if it looks like one (no spaces, quotes or control characters, ≤ 128). */
export function requestIdFrom(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ID_PATTERN.test(value) ? value : undefined;
}

interface EnvelopeLike {
  success?: unknown;
  errors?: unknown;
}


export default fp(
  async (fastify: FastifyInstance) => {
    // The access line is made of known fields only (no headers, no bodies), so it skips the redaction walk that every
    // other line gets (REDACT_PATHS in app.ts): a third of the cost of logging a request.
    const access = fastify.log.child({}, { redact: { paths: [], censor: '[REDACTED]' } });
    fastify.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const cache = reply.getHeader('x-cache');
      access.info(
        {
          reqId: request.id,
          req: request, // Fastify's serializer: method, url, host, remoteAddress, remotePort
          res: { statusCode: reply.statusCode },
          operation: (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId,
          ...(cache ? { cache } : {}),
          responseTime: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request completed',
      );
      done();
    });
    fastify.addHook('preSerialization', async (request, reply, payload: unknown) => {
      if (reply.statusCode < 400 || !payload || typeof payload !== 'object') return payload;
      const envelope = payload as EnvelopeLike;
      if (envelope.success !== false || !Array.isArray(envelope.errors)) return payload;
      if (cloudflareEnvelopes.has(envelope) || 'request_id' in envelope) return payload;
      return { ...envelope, request_id: String(request.id) };
    });
  },
  { name: 'request-id', fastify: '5.x' },
);
