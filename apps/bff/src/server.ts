/** The only place that listens. Loads the config, builds the app, closes gracefully on SIGINT / SIGTERM. */
import { buildApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { DataDirInUseError, dataDirProblem } from './data-dir.js';

async function main() {
  const config = loadConfigOrExit();
  let app;
  try {
    app = await buildApp(config);
  } catch (error) {
    // DATA_DIR not writable, or held by another server: one sentence, no stack trace.
    const problem = error instanceof DataDirInUseError ? error.message : dataDirProblem(error, config.dataDir);
    if (!problem) throw error;
    console.error(problem);
    process.exit(1);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  try {
    const address = await app.listen({ host: config.host, port: config.port });
    app.log.info(
      { url: address, mode: app.config.mode, upstream: app.upstreamInfo.upstream, dataDir: config.dataDir },
      `BFF listening on ${address}`,
    );
  } catch (error) {
    app.log.error({ err: error }, `Could not listen on ${config.host}:${config.port}`);
    await app.close().catch(() => undefined);
    process.exit(1);
  }
}

void main();
