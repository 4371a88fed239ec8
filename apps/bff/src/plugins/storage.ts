/**
 * Capability: `fastify.storage`, the dashboard's database (users, sessions, audit log, the serial watch's memory) — SQLite in
 * <DATA_DIR>/dashboard.db, migrated at startup. The first start with no users creates `admin`
 * (see auth/bootstrap.ts). Closed with the app.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ensureInitialAdmin } from '../auth/bootstrap.js';
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
    const storage = withLookupCache(await openSqliteStorage({ dataDir: options.dataDir }));
    fastify.decorate('storage', storage);
    fastify.addHook('onClose', async () => {
      await storage.close();
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
