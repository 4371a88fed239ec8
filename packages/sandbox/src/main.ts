/**
 * Standalone runner: `pnpm -C packages/sandbox start` (tsx src/main.ts).
 * SANDBOX_TOKEN (default: a random token, printed), SANDBOX_PORT (8788), SANDBOX_HOST (127.0.0.1),
 * DATA_DIR (state file directory; in memory when unset), SANDBOX_LOG=1 for request logs.
 */
import { randomBytes } from 'node:crypto';
import { startSandbox } from './app.js';
import { SEED } from './seed.js';

const tokenFromEnv = process.env.SANDBOX_TOKEN;
const token = tokenFromEnv || randomBytes(24).toString('hex');
const port = Number(process.env.SANDBOX_PORT ?? 8788);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  process.exit(1);
}

const sandbox = await startSandbox({
  token,
  port,
  host: process.env.SANDBOX_HOST || '127.0.0.1',
  dataDir: process.env.DATA_DIR || undefined,
  logger: process.env.SANDBOX_LOG === '1',
});

console.log(`Cloudflare Secondary DNS sandbox listening at ${sandbox.url}`);
console.log(tokenFromEnv ? 'Token: from SANDBOX_TOKEN' : `Token (random; set SANDBOX_TOKEN to fix it): ${token}`);
console.log(`State: ${process.env.DATA_DIR ? `${process.env.DATA_DIR}/sandbox-state.json` : 'in memory (set DATA_DIR to persist)'}`);
console.log(`Seed account: ${SEED.accountId}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
