/**
 * Standalone runner: `pnpm -C packages/sandbox start` (tsx src/main.ts).
 * SANDBOX_TOKEN (default: a random token, printed), SANDBOX_PORT (8788), SANDBOX_HOST (127.0.0.1),
 * SANDBOX_DNS_PORT (the DNS emulator's UDP+TCP port; 0 = random, the default),
 * DATA_DIR (state file directory; in memory when unset), SANDBOX_LOG=1 for request logs.
 */
import { randomBytes } from 'node:crypto';
import { startSandbox } from './app.js';
import { SEED } from './seed.js';

const tokenFromEnv = process.env.SANDBOX_TOKEN;
const token = tokenFromEnv || randomBytes(24).toString('hex');

/** A port number from the environment, or exit with a message naming the variable. */
function portFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number, got ${process.env[name]}`);
    process.exit(1);
  }
  return value;
}

const port = portFromEnv('SANDBOX_PORT', 8788);
const dnsPort = portFromEnv('SANDBOX_DNS_PORT', 0);

const sandbox = await startSandbox({
  token,
  port,
  host: process.env.SANDBOX_HOST || '127.0.0.1',
  dataDir: process.env.DATA_DIR || undefined,
  logger: process.env.SANDBOX_LOG === '1',
  dns: { port: dnsPort },
});

console.log(`Cloudflare Secondary DNS sandbox listening at ${sandbox.url}`);
if (sandbox.dns) {
  const dnsHost = sandbox.dns.host.includes(':') ? `[${sandbox.dns.host}]` : sandbox.dns.host;
  console.log(`DNS emulator (SOA serial checks) on UDP and TCP ${dnsHost}:${sandbox.dns.port}`);
}
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
