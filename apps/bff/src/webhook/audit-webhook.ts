/**
 * The audit webhook (AUDIT_WEBHOOK_URL; docs/decisions/016-audit-changes.md): one POST per change or action made
 * through the dashboard — a configuration changed (with what it changed), a Force AXFR / NOTIFY (with its reason),
 * transfers enabled or disabled, a user changed, a TSIG secret revealed, the serial watch's Run now, a password
 * changed — so the team's channel sees what support did during an incident as it happens. Successes and failures;
 * not sign-ins, reads, nor the access control's refusals (those stay in the log). The body is the entry as the log
 * has it (redacted) plus a one-line `text` (`<`, `>`, `&` escaped: a reason typed as `<!channel>` pings nobody).
 */
import { actorName, apiTokenLabelName, auditChanges, changesText, isOperationId, operationLabel, resourceNameOf, type AuditChange } from '@secdns/api-types';
import type { NewAuditEntry } from '../storage/types.js';

export interface AuditWebhookBody {
  event: 'audit.entry';
  text: string;
  time: string;
  username: string | null;
  role: string | null;
  operation: string;
  outcome: 'success' | 'failure';
  status: number;
  account_id: string | null;
  zone_id: string | null;
  zone: string | null;
  resource_id: string | null;
  reason: string | null;
  changes: AuditChange[];
  request_id: string;
  /** A script's request: the API token's name and id; null for a browser's. */
  api_token: string | null;
}

/**
 * The dashboard's own operations that are told (besides its users'): a secret revealed, Run now, a password changed,
 * a user's own two-factor sign-in turned on or off or given new recovery codes.
 */
const TOLD = new Set([
  'tsigs.secret.reveal',
  'serialWatch.run',
  'auth.password',
  'auth.twoFactor.enable',
  'auth.twoFactor.disable',
  'auth.twoFactor.recoveryCodes',
  // API tokens made and revoked (a token is a way in: the channel should know of each one).
  'auth.tokens.create',
  'auth.tokens.revoke',
]);

/**
 * Whether an entry is told: a change or an action — Cloudflare's write operations, the dashboard's users, a TSIG
 * secret revealed, the serial watch's Run now, a user's own password change or two-factor change. Not sign-ins, sign-outs, reads, nor
 * the access control's refusals.
 */
export function isToldEntry(entry: Pick<NewAuditEntry, 'operation' | 'method' | 'refusal'>): boolean {
  if (entry.refusal) return false;
  if (TOLD.has(entry.operation)) return true;
  if (entry.method === 'GET' || entry.method === 'HEAD') return false;
  return isOperationId(entry.operation) || entry.operation.startsWith('users.');
}

/** Slack's and Mattermost's markup: `<!channel>`, `<url|label>` and entities are made of these. Typed text is text. */
export const escapeChat = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function auditWebhookBody(entry: NewAuditEntry): AuditWebhookBody {
  const outcome = entry.status < 400 ? 'success' : 'failure';
  const changes = auditChanges(entry);
  // A script's request: its user, and the API token it used (by name).
  const token = entry.apiToken ? ` with API token ${apiTokenLabelName(entry.apiToken)}` : '';
  const who = `${actorName(entry.username, entry.role)}${token}`;
  const zone = entry.zoneName?.replace(/\.$/, '') ?? null;
  // "Update peer ns1", "Force AXFR on example.net": the label names the kind of resource already.
  const resource =
    entry.resourceId && entry.resourceId !== entry.zoneId ? ` ${resourceNameOf(entry) ?? entry.resourceId}` : '';
  const onZone = entry.zoneId ? ` on ${zone ?? `zone ${entry.zoneId}`}` : '';
  const changed = changesText(changes, { deleted: entry.method === 'DELETE' });
  // A refused change (4xx) changed nothing: say so before what it asked; after a 5xx or a timeout nobody knows.
  const outcomeWords =
    outcome === 'success' ? '' : entry.status < 500 ? ` — REFUSED (HTTP ${entry.status})` : ` — FAILED (HTTP ${entry.status}), it may or may not have been made`;
  const text = escapeChat(
    `${who}: ${operationLabel(entry.operation)}${resource}${onZone}` +
      (entry.reason ? ` (reason: ${entry.reason})` : '') +
      outcomeWords +
      (changed ? (outcome === 'success' ? ` — ${changed}` : `; asked: ${changed}`) : '') +
      '.',
  );
  return {
    event: 'audit.entry',
    text,
    time: entry.time,
    username: entry.username,
    role: entry.role,
    operation: entry.operation,
    outcome,
    status: entry.status,
    account_id: entry.accountId,
    zone_id: entry.zoneId,
    zone: entry.zoneName ?? null,
    resource_id: entry.resourceId,
    reason: entry.reason,
    changes,
    request_id: entry.requestId,
    api_token: entry.apiToken ?? null,
  };
}
