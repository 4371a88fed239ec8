/**
 * `pnpm -C apps/bff backup <file>` (or `npm run backup -- <file>` at the root): a consistent copy of the dashboard's
 * database (`<DATA_DIR>/dashboard.db`, users, sessions, audit log, the serial watch) in one file, taken with SQLite's
 * `VACUUM INTO` while the server may be running. DATA_DIR is read as the server reads it (config.ts), so give the
 * command the server's environment. Restoring: the README's "Backup and restore".
 */
import { join, resolve } from 'node:path';
import { invocationDirectory, loadConfigOrExit } from './config.js';
import { DATABASE_FILE, backupDatabase } from './storage/sqlite.js';

const USAGE = 'Usage: pnpm -C apps/bff backup <file>   (a new file: an existing one is never overwritten)';

async function main(args: string[]) {
  const [target, ...rest] = args.filter((arg) => arg !== '--');
  if (!target || rest.length > 0 || target.startsWith('-')) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const source = join(config.dataDir, DATABASE_FILE);
  const file = resolve(invocationDirectory(), target);
  try {
    const bytes = await backupDatabase(config.dataDir, file);
    console.log(`Backed up ${source} to ${file} (${bytes} bytes).`);
  } catch (error) {
    console.error(`Backup of ${source} to ${file} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

void main(process.argv.slice(2));
