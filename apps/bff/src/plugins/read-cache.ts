/**
 * Capability: `fastify.readCache`, the short-lived memory of successful reads and the coalescing of identical reads
 * in flight (see cache/read-cache.ts). The upstream gateway uses it; writes invalidate through it.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ReadCache } from '../cache/read-cache.js';
import type { UpstreamResponse } from '../upstream/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    readCache: ReadCache<UpstreamResponse>;
  }
}

export interface ReadCachePluginOptions {
  ttlMs: number;
  /** How long an answer is kept to be served stale while the budget is spent. */
  staleMs: number;
}

export default fp<ReadCachePluginOptions>(
  async (fastify: FastifyInstance, options) => {
    const cache = new ReadCache<UpstreamResponse>({ ttlMs: options.ttlMs, staleMs: options.staleMs });
    fastify.decorate('readCache', cache);
    fastify.addHook('onClose', async () => cache.clear());
  },
  { name: 'read-cache', fastify: '5.x' },
);
