/**
 * `npm run reset-password -- <username> [--password-stdin] [--reset-two-factor [--keep-password]]` (or
 * `pnpm -C apps/bff reset-password …`): resets a
 * dashboard user's password offline, from the data directory — for a lost admin password, when nobody can sign in.
 * DATA_DIR is read like the server reads it (config.ts). Generates a strong password and prints it once, or takes it
 * from standard input with `--password-stdin` (one line; nothing printed). Also enables the user, ends their
 * sessions, forgets their failed sign-ins, has them choose their own password at their next sign-in and writes an
 * audit entry (auth/reset-password.ts). `--reset-two-factor` also turns their two-factor sign-in off (a lost phone;
 * audited on its own); with `--keep-password`, only that: the password, sessions and failed sign-ins stay as they are.
 *
 * Run it with the dashboard stopped, or restart the dashboard afterwards: a running one keeps failed sign-ins in memory.
 * Exit status: 0 done, 1 nothing done (no database, no such user, bad configuration), 2 usage.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { PasswordSchema, UsernameSchema } from '@secdns/api-types';
import { resetPassword, resetTwoFactor } from './auth/reset-password.js';
import { generatePassword } from './auth/tokens.js';
import { ConfigError, loadConfig } from './config.js';
import { DATABASE_FILE, openSqliteStorage } from './storage/sqlite.js';

const USAGE = `Usage: reset-password <username> [--password-stdin] [--reset-two-factor [--keep-password]]

Sets a new password for a dashboard user, from the data directory (DATA_DIR, as the server reads it; run from the
repository root, a relative DATA_DIR is taken from there). Prints a generated password once, or reads the password
from standard input with --password-stdin. Also enables the user, ends their sessions, forgets their failed sign-ins
and records the reset in the audit log. At their next sign-in they must choose their own password before anything
else. Stop the dashboard first, or restart it afterwards.

  --reset-two-factor   also turn the user's two-factor sign-in off (a lost phone): they sign in with the password
                       alone until they set it up again. Recorded in the audit log on its own.
  --keep-password      with --reset-two-factor: only turn two-factor sign-in off; the password, the sessions and
                       the failed sign-ins stay as they are.`;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: the newline that ends it is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const fromStdin = args.includes('--password-stdin');
  const twoFactor = args.includes('--reset-two-factor');
  const keepPassword = args.includes('--keep-password');
  const rest = args.filter((arg) => !['--password-stdin', '--reset-two-factor', '--keep-password'].includes(arg));
  if (rest.length !== 1 || rest[0]!.startsWith('-')) fail(USAGE, 2);
  if (keepPassword && (!twoFactor || fromStdin)) fail(`--keep-password goes with --reset-two-factor alone.\n\n${USAGE}`, 2);
  const parsedName = UsernameSchema.safeParse(rest[0]!.toLowerCase());
  if (!parsedName.success) fail(`username: ${parsedName.error.issues[0]?.message ?? 'is not valid'}`, 2);
  const username = parsedName.data;

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`${error.message}\nFix the environment variables above and run it again.`, 1);
    throw error;
  }

  let password = generatePassword();
  if (fromStdin && !keepPassword) {
    const parsed = PasswordSchema.safeParse(await readStdin());
    if (!parsed.success) fail(`password: ${parsed.error.issues[0]?.message ?? 'is not valid'} (read from standard input)`, 2);
    password = parsed.data;
  }

  // Never create a database: a wrong DATA_DIR must say so, not reset a password nobody will use.
  const file = join(config.dataDir, DATABASE_FILE);
  if (!existsSync(file)) fail(`There is no dashboard database at ${file}. Is DATA_DIR right (the server's, e.g. DATA_DIR=/var/lib/dashboard)?`, 1);

  const storage = await openSqliteStorage({ dataDir: config.dataDir });
  try {
    if (keepPassword) {
      const reset = await resetTwoFactor({ storage, username, osUser: osUser(), now: new Date() });
      if (reset.status === 'not_found') fail(`There is no user ${username} in ${file}. Users: ${reset.usernames.join(', ') || 'none'}.`, 1);
      process.stdout.write(
        `${username}: two-factor sign-in ${reset.wasEnabled ? 'turned off' : 'was off already'}; recorded in the audit log.\n` +
          'They sign in with their password alone until they set it up again.\n',
      );
      return;
    }
    const result = await resetPassword({
      storage,
      username,
      password,
      source: fromStdin ? 'stdin' : 'generated',
      osUser: osUser(),
      now: new Date(),
    });
    if (result.status === 'not_found') {
      fail(`There is no user ${username} in ${file}. Users: ${result.usernames.join(', ') || 'none'}.`, 1);
    }
    const twoFactorOn = result.user.twoFactorEnabled;
    const reset = twoFactor ? await resetTwoFactor({ storage, username, osUser: osUser(), now: new Date() }) : null;
    const done = [
      `${result.wasDisabled ? 'enabled again' : 'enabled'}`,
      `${result.sessionsEnded === 1 ? '1 session' : `${result.sessionsEnded} sessions`} ended`,
      'failed sign-ins forgotten',
      'must choose their own password at the next sign-in',
      ...(reset?.status === 'ok' ? [reset.wasEnabled ? 'two-factor sign-in turned off' : 'two-factor sign-in was off already'] : []),
      'recorded in the audit log',
    ].join('; ');
    const stillOn =
      !twoFactor && twoFactorOn
        ? `Two-factor sign-in stays on: ${username} still needs the authenticator app (or a recovery code). If it is lost, run this again with --reset-two-factor --keep-password.\n`
        : '';
    const told = fromStdin
      ? `The password of ${username} (${result.user.role}) is now the one read from standard input.\n`
      : `New password of ${username} (${result.user.role}), shown once and stored nowhere:\n\n    ${password}\n\n`;
    process.stdout.write(
      `${told}${username}: ${done}.\n${stillOn}If the dashboard is running, restart it: it keeps failed sign-ins in memory.\n`,
    );
  } finally {
    await storage.close();
  }
}

void main().catch((error: unknown) => {
  fail(`reset-password failed: ${error instanceof Error ? error.message : String(error)}`, 1);
});
