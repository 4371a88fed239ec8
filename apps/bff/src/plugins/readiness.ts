/**
 * Capability: `fastify.readiness`, a list of named checks behind `GET /readyz` (200 when all pass, 503 otherwise,
 * each check with a sentence), and `GET /healthz` (the process answers). Checks registered here: the data
 * directory is writable, the database answers and takes the audit log's entries, and Cloudflare answers with this
 * token.
 *
 * The database check fails while the last audit write failed (a full disk: the change it recorded went through
 * unrecorded) and no write has succeeded since, so a load balancer or a monitor notices. In that state each check
 * tries a small write of its own (`storage.checkWrite`): once the database takes writes again, it is ready again —
 * without that, a single instance taken out of rotation would never see the audited request that clears it.
 *
 * The upstream check spends budget sparingly: a Cloudflare answer in the last `upstreamFreshMs` (any call, by any
 * user) counts; otherwise one `GET /accounts?per_page=5` goes through the gateway (cached, coalesced, governed), and
 * its verdict is kept for `upstreamFreshMs`. With the budget spent it reports the last known state.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export type ReadinessCheck = () => Promise<CheckResult>;

export interface Readiness {
  add(name: string, check: ReadinessCheck): void;
  run(): Promise<{ ready: boolean; checks: Record<string, CheckResult> }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

export interface ReadinessPluginOptions {
  dataDir: string;
  /** How long one upstream verdict (or any Cloudflare answer) counts. Default 5000 ms. */
  upstreamFreshMs?: number;
  /** Bound for each check. Default 5000 ms. */
  checkTimeoutMs?: number;
}

function withTimeout(check: ReadinessCheck, ms: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no verdict within ${ms / 1000} s` }), ms);
  });
  const run = check().catch((error: unknown) => ({
    ok: false,
    detail: error instanceof Error ? error.message : String(error),
  }));
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

export default fp<ReadinessPluginOptions>(
  async (fastify: FastifyInstance, options) => {
    const checks = new Map<string, ReadinessCheck>();
    const freshMs = options.upstreamFreshMs ?? 5000;
    const checkTimeoutMs = options.checkTimeoutMs ?? 5000;

    const readiness: Readiness = {
      add(name, check) {
        checks.set(name, check);
      },
      async run() {
        const entries = await Promise.all(
          [...checks].map(async ([name, check]) => [name, await withTimeout(check, checkTimeoutMs)] as const),
        );
        return { ready: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
      },
    };
    fastify.decorate('readiness', readiness);

    readiness.add('dataDir', async () => {
      await mkdir(options.dataDir, { recursive: true });
      const probe = join(options.dataDir, `.readyz-${randomBytes(6).toString('hex')}`);
      await writeFile(probe, 'ok');
      await unlink(probe);
      return { ok: true, detail: `${options.dataDir} is writable` };
    });

    readiness.add('database', async () => {
      const failure = fastify.audit.lastWriteFailure();
      if (!failure) {
        await fastify.storage.users.count();
        return { ok: true, detail: 'the database answers; the last audit write succeeded' };
      }
      const failed = `the last audit write failed (${new Date(failure.at).toISOString()}: ${failure.message})`;
      try {
        await fastify.storage.checkWrite(new Date());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, detail: `${failed} and the database still refuses writes (${message}): changes go through unaudited` };
      }
      return { ok: true, detail: `${failed}; the database has taken a write since` };
    });

    let verdict: { at: number; result: CheckResult } | null = null;
    readiness.add('upstream', async () => {
      const now = Date.now();
      const last = fastify.upstream.lastAnswer();
      if (last && now - last.at < freshMs && last.status !== 401 && last.status !== 403) {
        return { ok: true, detail: `Cloudflare answered ${Math.round((now - last.at) / 1000)} s ago` };
      }
      if (verdict && now - verdict.at < freshMs) return verdict.result;
      const response = await fastify.upstream.call('accounts.list', { params: {}, query: { per_page: 5 } }, { purpose: 'readiness' });
      let result: CheckResult;
      if (response.ok) result = { ok: true, detail: 'Cloudflare answered GET /accounts' };
      else if (response.kind === 'throttled') {
        const known = fastify.upstream.lastAnswer();
        result = known
          ? {
              ok: known.status !== 401 && known.status !== 403,
              detail: `the shared API budget is spent; Cloudflare last answered ${Math.round((now - known.at) / 1000)} s ago (HTTP ${known.status})`,
            }
          : { ok: false, detail: 'the shared API budget is spent and Cloudflare has not answered yet' };
      } else {
        result = { ok: false, detail: response.envelope.errors?.[0]?.message ?? `HTTP ${response.status}` };
      }
      verdict = { at: Date.now(), result };
      return result;
    });

    // With a token: once listening, ask Cloudflare whether it takes the token and shows the configured account, and
    // say so in the log at once (rather than at the first user's request). One read of the budget.
    if (fastify.config.mode === 'cloudflare') {
      fastify.addHook('onListen', async () => {
        void startCheck().catch((error: unknown) => fastify.log.warn({ err: error }, 'the check of Cloudflare at start failed'));
      });
    }
    const startCheck = async () => {
      const response = await fastify.upstream.call('accounts.list', { params: {}, query: { per_page: 50 } }, { purpose: 'readiness' });
      if (!response.ok) {
        const detail = response.envelope.errors?.[0]?.message ?? `HTTP ${response.status}`;
        fastify.log.error({ status: response.status }, `Cloudflare check at start: ${detail}`);
        return;
      }
      const accounts = (response.envelope.result ?? []) as { id?: string; name?: string }[];
      const configured = fastify.upstreamInfo.defaultAccountId;
      if (configured && !accounts.some((account) => account.id === configured) && accounts.length < 50) {
        fastify.log.error(
          { accounts: accounts.map((account) => account.id) },
          `Cloudflare check at start: CLOUDFLARE_ACCOUNT_ID ${configured} is not among the ${accounts.length} account(s) this token can see; the dashboard will show no zones there`,
        );
        return;
      }
      fastify.log.info({ accounts: accounts.length }, 'Cloudflare check at start: the token is accepted');
    };

    fastify.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

    fastify.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const { ready, checks: results } = await readiness.run();
      return reply
        .code(ready ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: ready ? 'ready' : 'not ready', checks: results });
    });
  },
  { name: 'readiness', fastify: '5.x', dependencies: ['upstream', 'storage', 'audit'] },
);
