/**
 * What an audited change changed: the BFF records the resource as it was before an update or a delete (and as it
 * was after an update), secrets redacted, and these functions turn that into "IP 192.0.2.1 → 192.0.2.9" — on the
 * audit page, on a zone's Recent actions, in the CSV export. See docs/decisions/016-audit-changes.md.
 */
import { z } from 'zod';
import { formatInterval } from './words.js';

/** What stands for a secret or a password in the audit log. */
export const REDACTED = '[REDACTED]';
/** What stands for a secret or a password that the change replaced (the value itself is never recorded). */
export const REDACTED_CHANGED = '[REDACTED, changed]';

export const AuditChangeSchema = z.object({
  field: z.string(),
  /** `null` when the field was not set. */
  before: z.unknown(),
  /** `null` when the change cleared it, and for every field of a deleted resource. */
  after: z.unknown(),
});
export type AuditChange = z.infer<typeof AuditChangeSchema>;

/** Fields Cloudflare (or the dashboard) sets itself: not something a person changed. */
const SERVER_FIELDS = new Set([
  'id',
  'created_time',
  'modified_time',
  'checked_time',
  'soa_serial',
  'last_transferred_time',
  'created_at',
  'updated_at',
  'last_login_at',
]);

/** How each field is called on the page. */
export const AUDIT_FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  ip: 'IP',
  port: 'Port',
  ixfr_enable: 'IXFR',
  tsig_id: 'TSIG key',
  ip_range: 'IP range',
  algo: 'Algorithm',
  secret: 'Secret',
  peers: 'Peers',
  auto_refresh_seconds: 'Refresh',
  enabled: 'Enabled',
  role: 'Role',
  disabled: 'Disabled',
  password: 'Password',
  username: 'Username',
  must_change_password: 'Must change password',
  two_factor_enabled: 'Two-factor sign-in',
  recovery_codes_left: 'Recovery codes left',
  expires_at: 'Access until',
};

/** A JSON object (not an array, not null): what a body, a `before` or an `after` is when it holds fields. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const asRecord = (value: unknown): Record<string, unknown> | null => (isRecord(value) ? value : null);

/** The name an entry gives its resource: the request's (create, update), else the one it had before (a delete). */
export function resourceNameOf(entry: { body: unknown; before?: unknown }): string | null {
  const nameIn = (value: unknown) => {
    const name = isRecord(value) ? value.name : undefined;
    return typeof name === 'string' && name.trim() ? name : null;
  };
  return nameIn(entry.body) ?? nameIn(entry.before);
}

/** The resources whose `name` is a DNS name (a zone's, a TSIG key's): any case, a final dot or not, the same name. */
const DNS_NAMED = new Set(['tsigs', 'incoming', 'outgoing']);

/**
 * Equal as a person reads them: absent = null, a list of ids in any order; a DNS name in any case, with or without
 * its final dot (a peer's or an ACL's name is free text: "NS1" is another name than "ns1").
 */
function same(a: unknown, b: unknown, dnsName: boolean, falseIsUnset = false): boolean {
  const norm = (value: unknown): unknown => {
    if (value === undefined || value === null || value === '') return null;
    if (value === false && falseIsUnset) return null;
    if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? [...value].sort() : value;
    if (typeof value === 'string' && dnsName) return value.replace(/\.$/, '').toLowerCase();
    return value;
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * The fields an entry changed. An update: every field (but those Cloudflare sets) whose value differs between before
 * and after — after as Cloudflare answered, else as asked (a failed change: what was asked); a PUT replaces the
 * resource, so a field left out is cleared. A delete: every field the resource had (after `null`). Nothing when the
 * state before was not recorded (entries older than this, or the read before the change failed).
 */
export function auditChanges(entry: { method: string; operation?: string; body: unknown; before?: unknown; after?: unknown }): AuditChange[] {
  const before = asRecord(entry.before);
  if (!before) return [];
  const dnsNamed = DNS_NAMED.has((entry.operation ?? '').split('.')[0] ?? '');
  const changed = (field: string, a: unknown, b: unknown, falseIsUnset = false) =>
    !SERVER_FIELDS.has(field) && !same(a, b, dnsNamed && field === 'name', falseIsUnset);
  if (entry.method === 'DELETE') {
    return Object.entries(before)
      .filter(([field, value]) => changed(field, value, null))
      .map(([field, value]) => ({ field, before: value, after: null }));
  }
  if (entry.method !== 'PUT' && entry.method !== 'PATCH') return [];
  const after = asRecord(entry.after) ?? asRecord(entry.body) ?? {};
  // A PATCH changes only what it names; a PUT replaces the whole resource.
  const fields =
    entry.method === 'PATCH' ? Object.keys(asRecord(entry.body) ?? {}) : [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    // An option left out of a PUT is off: `false` before and absent after is no change.
    .filter((field) => changed(field, before[field], after[field], true))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** Fields holding a number of seconds, shown as "1 hour". */
const SECONDS_FIELDS = new Set(['auto_refresh_seconds']);

/** One value as text: a list joined, nothing as "—", a replaced secret as "changed", seconds in words. */
export function formatChangeValue(value: unknown, resolve?: (value: string) => string, field?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number' && field && SECONDS_FIELDS.has(field)) return formatInterval(value);
  if (value === REDACTED_CHANGED) return 'changed';
  if (value === REDACTED) return 'hidden';
  if (Array.isArray(value)) return value.length ? value.map((item) => formatChangeValue(item, resolve)).join(', ') : 'none';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'string') return resolve ? resolve(value) : value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const changeLabel = (field: string) => AUDIT_FIELD_LABELS[field] ?? field;

/**
 * The changes in one line: "IP 192.0.2.1 → 192.0.2.9; Port 53 → 5353" (a secret: "Secret changed"), or for a
 * delete "was: Name ns1; IP 192.0.2.1".
 */
export function changesText(changes: AuditChange[], options: { deleted?: boolean; resolve?: (value: string) => string } = {}): string {
  if (changes.length === 0) return '';
  const parts = changes.map(({ field, before, after }) => {
    const label = changeLabel(field);
    if (options.deleted) return `${label} ${formatChangeValue(before, options.resolve, field)}`;
    if (after === REDACTED_CHANGED) return `${label} changed`;
    return `${label} ${formatChangeValue(before, options.resolve, field)} → ${formatChangeValue(after, options.resolve, field)}`;
  });
  return options.deleted ? `was: ${parts.join('; ')}` : parts.join('; ');
}
