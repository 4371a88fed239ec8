/**
 * Putting back what an audited change replaced (ADR 016): from an entry's `before`, the request that restores it —
 * an update puts the previous values back (the same operation), a delete creates the resource again (its create
 * operation), the body validated with the contract's own body schema. What cannot be put back says why (a TSIG
 * secret is never recorded, so neither a rotated secret nor a deleted key can be restored from the log).
 */
import { REDACTED_CHANGED, isRecord } from './audit-changes.js';
import { operations, type OperationDefinition, type OperationId } from './operations.js';
import { TSIG_SECRET_MASK } from './resources/tsigs.js';

export type RestorePlan =
  | {
      kind: 'update' | 'create';
      operation: OperationId;
      params: Record<string, string>;
      body: Record<string, unknown>;
    }
  | { kind: 'unavailable'; reason: string };

/** The account resources and their id parameter; the zone resources have the zone's. */
const ACCOUNT_RESOURCES: Record<string, string> = { peers: 'peer_id', acls: 'acl_id', tsigs: 'tsig_id' };
const ZONE_RESOURCES = new Set(['incoming', 'outgoing']);
const WORDS: Record<string, string> = {
  peers: 'peer',
  acls: 'ACL',
  tsigs: 'TSIG key',
  incoming: 'secondary configuration',
  outgoing: 'primary configuration',
};

interface RestorableEntry {
  operation: string;
  outcome: 'success' | 'failure';
  account_id: string | null;
  zone_id: string | null;
  resource_id: string | null;
  before: unknown;
  after: unknown;
}

/** Whether an entry is of a kind that could be put back (an update or a delete of a Cloudflare resource). */
export function isRestorable(operation: string): boolean {
  const [resource, verb] = operation.split('.');
  return (verb === 'update' || verb === 'delete') && (resource! in ACCOUNT_RESOURCES || ZONE_RESOURCES.has(resource!));
}

export function restorePlan(entry: RestorableEntry): RestorePlan {
  const [resource = '', verb] = entry.operation.split('.');
  if (!isRestorable(entry.operation)) return { kind: 'unavailable', reason: 'Only edits and deletes can be put back.' };
  if (entry.outcome !== 'success') return { kind: 'unavailable', reason: 'This change was refused: there is nothing to put back.' };
  if (!isRecord(entry.before)) {
    return { kind: 'unavailable', reason: 'What it replaced was not recorded (it could not be read just before the change).' };
  }
  const before = entry.before;
  const operation = `${resource}.${verb === 'update' ? 'update' : 'create'}` as OperationId;
  const definition: OperationDefinition = operations[operation];
  let params: Record<string, string>;
  if (ZONE_RESOURCES.has(resource)) {
    if (!entry.zone_id) return { kind: 'unavailable', reason: 'The entry does not say which zone it was.' };
    params = { zone_id: entry.zone_id };
  } else {
    if (!entry.account_id) return { kind: 'unavailable', reason: 'The entry does not say which account it was.' };
    params = { account_id: entry.account_id };
    if (verb === 'update') {
      if (!entry.resource_id) return { kind: 'unavailable', reason: 'The entry does not say which resource it was.' };
      params[ACCOUNT_RESOURCES[resource]!] = entry.resource_id;
    }
  }

  const shape = (definition.body as { shape?: Record<string, unknown> } | undefined)?.shape ?? {};
  const body: Record<string, unknown> = {};
  for (const field of Object.keys(shape)) {
    const value = before[field];
    if (value !== undefined && value !== null && value !== '') body[field] = value;
    else if (field === 'peers') body[field] = []; // recorded without peers: none
  }
  if (resource === 'tsigs') {
    if (verb === 'delete') {
      return { kind: 'unavailable', reason: "A TSIG key's secret is never recorded: create the key again with its secret." };
    }
    if (isRecord(entry.after) && entry.after.secret === REDACTED_CHANGED) {
      return { kind: 'unavailable', reason: 'The change replaced the secret, and secrets are never recorded: set the old one on the key itself.' };
    }
    body.secret = TSIG_SECRET_MASK; // the key keeps the secret it has (the BFF reads it)
  }
  const parsed = definition.body!.safeParse(body);
  if (!parsed.success) {
    return { kind: 'unavailable', reason: `What was recorded is not a valid ${WORDS[resource]} any more: ${parsed.error.issues[0]?.message ?? 'refused'}.` };
  }
  return { kind: verb === 'update' ? 'update' : 'create', operation, params, body };
}
