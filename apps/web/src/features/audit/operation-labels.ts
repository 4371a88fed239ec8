/**
 * The audit log's operation names: the labels themselves are in api-types (operation-labels.ts, shared with the
 * BFF's audit webhook); here, the options of the page's operation filter.
 */
import { BFF_OPERATIONS, operations, shortSummary, type Resource } from '@secdns/api-types';

export { ANONYMOUS_ACTOR, BFF_OPERATIONS, actorName, operationLabel, resourceWord } from '@secdns/api-types';

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
  // Whole kinds at once: "who changed a peer", or everything but the sign-ins that bury the changes.
  const kinds = [
    { value: '!auth.*', label: 'Everything but sign-ins, sign-outs and own password changes (!auth.*)' },
    { value: 'peers.*', label: 'Any peer operation (peers.*)' },
    { value: 'tsigs.*', label: 'Any TSIG key operation (tsigs.*)' },
    { value: 'acls.*', label: 'Any ACL operation (acls.*)' },
    { value: 'incoming.*', label: 'Any secondary zone operation (incoming.*)' },
    { value: 'outgoing.*', label: 'Any primary zone operation (outgoing.*)' },
    { value: 'users.*', label: 'Any user operation (users.*)' },
    { value: 'auth.*', label: 'Sign-ins, sign-outs and passwords (auth.*)' },
  ];
  return [
    { group: 'Several operations', items: kinds },
    { group: 'Dashboard (sign-in, users, secrets)', items: dashboard },
    ...[...groups.entries()].map(([group, items]) => ({ group, items })),
  ];
}
