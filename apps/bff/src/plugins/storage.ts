/**
 * Capability: `fastify.storage`, the dashboard's database (users, sessions, audit log, the serial watch's memory) — SQLite in
 * <DATA_DIR>/dashboard.db, migrated at startup, behind the DATA_DIR lock (`dashboard.lock`: one server at a time). The
 * first start with no users creates `admin` (see auth/bootstrap.ts). Closed with the app, the lock released.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ensureInitialAdmin } from '../auth/bootstrap.js';
import { lockDataDir } from '../data-dir.js';
import { withLookupCache } from '../storage/cached.js';
import { openSqliteStorage } from '../storage/sqlite.js';
import type { Storage } from '../storage/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage;
  }
}

export interface StoragePluginOptions {
  dataDir: string;
  /** DASHBOARD_ADMIN_PASSWORD; handed over as an option only (it is not in fastify.config). */
  adminPassword: string | undefined;
  now: () => number;
  announce?: (text: string) => void;
}

export default fp<StoragePluginOptions>(
  async (fastify: FastifyInstance, options) => {
    // One server per DATA_DIR (data-dir.ts): taken before the database is opened, given back after it is closed.
    const lock = lockDataDir(options.dataDir);
    if (lock.replaced) fastify.log.warn({ lock: lock.file }, `Took over the DATA_DIR lock of a server that is gone (${lock.replaced})`);
    let storage: Storage;
    try {
      storage = withLookupCache(await openSqliteStorage({ dataDir: options.dataDir }));
    } catch (error) {
      lock.release();
      throw error;
    }
    fastify.decorate('storage', storage);
    fastify.addHook('onClose', async () => {
      try {
        await storage.close();
      } finally {
        lock.release();
      }
    });
    const created = await ensureInitialAdmin({
      storage,
      dataDir: options.dataDir,
      adminPassword: options.adminPassword,
      log: fastify.log,
      now: new Date(options.now()),
      announce: options.announce,
    });
    if (created) {
      await storage.audit.append({
        time: new Date(options.now()).toISOString(),
        username: null,
        role: null,
        operation: 'users.bootstrap',
        method: '-',
        path: '-',
        accountId: null,
        zoneId: null,
        resourceId: 'admin',
        body: { username: 'admin', role: 'admin', password: '[REDACTED]', source: created },
        reason: null,
        status: 200,
        upstreamErrorCodes: [],
        refusal: null,
        requestId: 'startup',
        clientIp: null,
      });
    }
  },
  { name: 'storage', fastify: '5.x' },
);
