/**
 * Readable names for the audit log's `operation`, the same in the browser (audit page, zone page) and in the BFF
 * (the audit webhook's text): a contract id gets its summary (up to the first ":" or "(", so "Force AXFR: request a
 * full zone transfer…" reads "Force AXFR"); the BFF's own ids have their words here; anything else is shown as it is.
 * Also the one word for "nobody signed in" (`actorName`).
 */
import { operations, type OperationId, type Resource } from './operations.js';

export const BFF_OPERATIONS: Record<string, string> = {
  'auth.login': 'Sign in',
  'auth.logout': 'Sign out',
  'auth.password': 'Change own password',
  'auth.me': 'Check session',
  'auth.login.password': 'Sign in: password (code asked)',
  'auth.login.twoFactor': 'Sign in: two-factor code',
  'auth.login.recoveryCode': 'Sign in: recovery code',
  'auth.login.sso': 'Sign in: single sign-on',
  'auth.logout.sso': 'Signed out by the identity provider',
  'auth.twoFactor.get': 'Read own two-factor sign-in',
  'auth.twoFactor.enrolment': 'Start two-factor enrolment',
  'auth.twoFactor.enable': 'Turn on two-factor sign-in',
  'auth.twoFactor.disable': 'Turn off two-factor sign-in',
  'auth.twoFactor.recoveryCodes': 'New recovery codes',
  'auth.tokens.list': 'List API tokens',
  'auth.tokens.create': 'Create API token',
  'auth.tokens.revoke': 'Revoke API token',
  'users.list': 'List users',
  'users.create': 'Create user',
  'users.update': 'Change user',
  'users.delete': 'Delete user',
  'users.sessions.delete': 'Sign out user',
  'users.unlock': 'Unlock sign-in',
  'users.twoFactor.reset': 'Reset two-factor sign-in',
  'users.twoFactor.reset.cli': 'Reset two-factor sign-in (command line)',
  'users.bootstrap': 'Create first admin',
  'users.password.reset.cli': 'Reset password (command line)',
  'tsigs.secret.reveal': 'Reveal TSIG secret',
  'audit.list': 'Read audit log',
  'audit.csv': 'Export audit log',
  'serialWatch.run': 'Run the serial watch now',
  'serialWatch.get': 'Read the serial watch',
  'serialWatch.history': 'Read the serial watch history',
  // Reads: not recorded any more, but older entries (refused reads after a sign-out) name them.
  'meta.get': 'Read dashboard settings',
  'meta.ratelimit': 'Read API budget',
  'meta.settings': 'Read how the dashboard is set up (Settings)',
  'meta.webhookTest': 'Send a test message to a webhook',
  'peers.usage': 'Find zones using peers',
  'zones.activity': 'Read zone activity',
  'incoming.serials': 'Ask the primaries for the serial',
  'outgoing.serials': 'Ask the secondaries for the serial',
};

/** Who an entry names when nobody was signed in (a request refused for want of a session): one word everywhere. */
export const ANONYMOUS_ACTOR = 'Anonymous';

/** Who did it, in a line of text: "olivia (operator)", "olivia", or "Anonymous". */
export function actorName(username: string | null | undefined, role?: string | null): string {
  if (!username) return ANONYMOUS_ACTOR;
  return role ? `${username} (${role})` : username;
}

export function isOperationId(id: string): id is OperationId {
  return Object.prototype.hasOwnProperty.call(operations, id);
}

export function shortSummary(summary: string): string {
  return summary.split(/[:(]/)[0]!.trim();
}

export function operationLabel(id: string): string {
  if (isOperationId(id)) return shortSummary(operations[id].summary);
  return BFF_OPERATIONS[id] ?? id;
}

const RESOURCE_WORDS: Record<Resource, string> = {
  accounts: 'Account',
  zones: 'Zone',
  acls: 'ACL',
  peers: 'Peer',
  tsigs: 'TSIG',
  incoming: 'Zone',
  outgoing: 'Zone',
};

/** What `resource_id` names for this operation: "Peer", "TSIG", "User"… */
export function resourceWord(id: string): string {
  if (isOperationId(id)) return RESOURCE_WORDS[operations[id].resource];
  if (id.startsWith('users.')) return 'User';
  if (id.startsWith('tsigs.')) return 'TSIG';
  if (id.startsWith('auth.tokens.')) return 'API token';
  if (id.startsWith('auth.')) return 'User';
  return 'ID';
}

