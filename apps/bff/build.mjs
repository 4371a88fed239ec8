// Production build of the BFF: one ESM file (dist/server.mjs) with our TypeScript (the BFF, the contract and the
// sandbox) compiled in and every npm package left external; and the backup command beside it (dist/backup.mjs). Measured against running the sources with tsx: about
// 30 MB less resident memory and a faster start (docs/decisions/007-bff-production-build.md). The offline password
// reset (dist/reset-password.mjs, `npm run reset-password`) is built the same way, beside it.
// `node build.mjs --outdir <dir>` builds elsewhere (a test runs the built command).
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 && process.argv[outdirAt + 1] ? resolve(process.argv[outdirAt + 1]) : resolve(root, 'dist');
const workspace = {
  '@secdns/api-types': resolve(root, '../../packages/api-types/src/index.ts'),
  '@secdns/sandbox': resolve(root, '../../packages/sandbox/src/index.ts'),
};

await build({
  entryPoints: {
    server: resolve(root, 'src/server.ts'),
    backup: resolve(root, 'src/backup.ts'),
    'reset-password': resolve(root, 'src/reset-password.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [
    {
      name: 'workspace-sources',
      setup(builder) {
        builder.onResolve({ filter: /^@secdns\// }, (args) => ({ path: workspace[args.path] }));
      },
    },
  ],
});
