/**
 * Readable names for the audit log's `operation`: a contract id gets its summary (up to the first ":" or "(", so
 * "Force AXFR: request a full zone transfer…" reads "Force AXFR"); the BFF's own ids have their words here; anything
 * else is shown as it is.
 */
import { operations, type OperationId, type Resource } from '@secdns/api-types';

export const BFF_OPERATIONS: Record<string, string> = {
  'auth.login': 'Sign in',
  'auth.logout': 'Sign out',
  'auth.password': 'Change own password',
  'auth.me': 'Check session',
  'users.list': 'List users',
  'users.create': 'Create user',
  'users.update': 'Change user',
  'users.delete': 'Delete user',
  'users.bootstrap': 'Create first admin',
  'tsigs.secret.reveal': 'Reveal TSIG secret',
  'audit.list': 'Read audit log',
  'audit.csv': 'Export audit log',
  'serialWatch.run': 'Run the serial watch now',
  'serialWatch.get': 'Read the serial watch',
  'serialWatch.history': 'Read the serial watch history',
};

function isOperationId(id: string): id is OperationId {
  return Object.prototype.hasOwnProperty.call(operations, id);
}

function shortSummary(summary: string): string {
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
  if (id.startsWith('auth.')) return 'User';
  return 'ID';
}

/** Options of the operation filter, grouped: Cloudflare operations by resource, then the dashboard's own. */
export function operationOptions(): { group: string; items: { value: string; label: string }[] }[] {
  const groups = new Map<string, { value: string; label: string }[]>();
  const groupNames: Record<Resource, string> = {
    accounts: 'Accounts and zones',
    zones: 'Accounts and zones',
    incoming: 'Secondary zones (incoming)',
    outgoing: 'Primary zones (outgoing)',
    peers: 'Peers',
    tsigs: 'TSIG keys',
    acls: 'ACLs',
  };
  for (const [id, operation] of Object.entries(operations)) {
    const name = groupNames[operation.resource];
    const items = groups.get(name) ?? [];
    items.push({ value: id, label: `${shortSummary(operation.summary)} (${id})` });
    groups.set(name, items);
  }
  const dashboard = Object.entries(BFF_OPERATIONS)
    .filter(([id]) => id !== 'auth.me' && id !== 'users.list' && id !== 'audit.list' && id !== 'audit.csv')
    .map(([value, label]) => ({ value, label: `${label} (${value})` }));
  return [
    { group: 'Dashboard (sign-in, users, secrets)', items: dashboard },
    ...[...groups.entries()].map(([group, items]) => ({ group, items })),
  ];
}
