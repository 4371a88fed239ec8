/**
 * First start: with no users at all, create `admin` with DASHBOARD_ADMIN_PASSWORD, or with a generated password
 * that is printed once (log + stderr) and written to <DATA_DIR>/initial-admin-password (mode 0600).
 * Later starts ignore DASHBOARD_ADMIN_PASSWORD, and say so (a warning, never the value): someone who set it to get
 * back in after losing the admin password needs the `reset-password` command instead.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Storage } from '../storage/types.js';
import { hashPassword } from './passwords.js';
import { generatePassword } from './tokens.js';

export const INITIAL_ADMIN = 'admin';
export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

export interface BootstrapOptions {
  storage: Storage;
  dataDir: string;
  adminPassword: string | undefined;
  log: FastifyBaseLogger;
  now: Date;
  /** Where the loud banner goes besides the log (default: stderr). */
  announce?: (text: string) => void;
}

/** Returns how the admin was created, or null when users exist already. */
export async function ensureInitialAdmin(options: BootstrapOptions): Promise<'configured' | 'generated' | null> {
  const { storage, log } = options;
  if ((await storage.users.count()) > 0) {
    if (options.adminPassword !== undefined) {
      log.warn(
        `DASHBOARD_ADMIN_PASSWORD is set but ignored: it only creates the first user, and users exist already in ${options.dataDir}. ` +
          'To reset a lost password: stop the dashboard, run `npm run reset-password -- <username>` (README, "Users and administration"), start it again. Then unset DASHBOARD_ADMIN_PASSWORD.',
      );
    }
    return null;
  }
  const generated = options.adminPassword === undefined;
  const password = options.adminPassword ?? generatePassword();
  // Not `mustChangePassword`: DASHBOARD_ADMIN_PASSWORD is one the operator chose for themselves, and a generated one
  // is seen only by whoever reads this server's output or data directory, that same operator. Asking them to choose
  // again at the first sign-in would protect nothing (the banner and the README say to change a generated one).
  const created = await storage.users.create(
    { username: INITIAL_ADMIN, role: 'admin', passwordHash: await hashPassword(password), mustChangePassword: false },
    options.now,
  );
  if (!created) return null;
  if (!generated) {
    log.warn({ username: INITIAL_ADMIN }, 'Created the first user "admin" with the password from DASHBOARD_ADMIN_PASSWORD');
    return 'configured';
  }
  const file = join(options.dataDir, INITIAL_PASSWORD_FILE);
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  const message =
    `INITIAL ADMIN PASSWORD — sign in as "admin" with: ${password} ` +
    `(shown once; also in ${file}, mode 0600). Change it after signing in, then delete that file.`;
  // The one log line that carries a password, on purpose: it exists nowhere else yet.
  log.warn({ username: INITIAL_ADMIN, file }, message);
  const bar = '='.repeat(78);
  (options.announce ?? ((text: string) => process.stderr.write(text)))(
    `\n${bar}\n  FIRST START: created the dashboard user "admin"\n  password: ${password}\n` +
      `  (also written to ${file}, mode 0600)\n  Sign in, change it (Users page), then delete that file.\n${bar}\n\n`,
  );
  return 'generated';
}
