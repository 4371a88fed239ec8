/**
 * The audit log (read-only; nothing can change or delete an entry):
 *   GET /api/audit?user=&operation=&zone_id=&zone=&resource=&outcome=success|failure&since=&until=&page=&per_page=
 *       -> [AuditEntry], newest first, with result_info
 *   GET /api/audit.csv?(same filters, no paging) -> text/csv (up to CSV_MAX_ROWS rows, newest first)
 * Admins see every entry; anyone else sees only their own (the `user` filter is forced to them).
 *   GET /api/zones/:zone_id/activity?limit= -> [ZoneActivityEntry], newest first: the latest audited requests on one
 *       zone by anyone (who, what, when, why, outcome, what it changed; no bodies or addresses), for everyone signed in — whoever opens
 *       a stale zone sees who already forced a transfer.
 */
import {
  AnyEnvelopeSchema,
  AuditEntrySchema,
  AuditQuerySchema,
  ZoneActivityEntrySchema,
  ZoneActivityParamsSchema,
  ZoneActivityQuerySchema,
  auditChanges,
  changesText,
  envelopeSchema,
  forceSeenAfterText,
  okEnvelope,
  type AuditEntry,
  type ZoneActivityEntry,
} from '@secdns/api-types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditFilter, AuditRecord } from '../storage/types.js';

export const CSV_MAX_ROWS = 100_000;

type ParsedQuery = z.output<typeof AuditQuerySchema>;

export function toAuditEntry(record: AuditRecord): AuditEntry {
  return {
    id: record.id,
    time: record.time,
    username: record.username,
    role: record.role,
    operation: record.operation,
    method: record.method,
    path: record.path,
    account_id: record.accountId,
    zone_id: record.zoneId,
    zone_name: record.zoneName,
    resource_id: record.resourceId,
    body: record.body ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
    changes: auditChanges(record),
    reason: record.reason,
    status: record.status,
    outcome: record.outcome,
    upstream_error_codes: record.upstreamErrorCodes,
    refusal: record.refusal,
    request_id: record.requestId,
    client_ip: record.clientIp,
    seen_after: record.seenAfter ?? null,
  };
}

function filterFor(request: FastifyRequest): AuditFilter {
  const query = request.query as ParsedQuery;
  const user = request.user!;
  return {
    // Non-admins see their own entries only (exactly theirs), whatever they asked for; admins type part of a name.
    ...(user.role === 'admin' ? { userContains: query.user } : { user: user.username }),
    operation: query.operation,
    zoneId: query.zone_id,
    // "." (or only a dot) asks for nothing: no filter rather than every entry with a zone.
    zone: query.zone ? query.zone.trim().toLowerCase().replace(/\.$/, '') || undefined : undefined,
    resourceId: query.resource,
    outcome: query.outcome,
    since: query.since ? new Date(query.since).toISOString() : undefined,
    until: query.until ? new Date(query.until).toISOString() : undefined,
  };
}

const CSV_COLUMNS: (keyof AuditEntry)[] = [
  'id', 'time', 'username', 'role', 'operation', 'method', 'path', 'account_id', 'zone_id', 'zone_name', 'resource_id',
  'status', 'outcome', 'upstream_error_codes', 'refusal', 'reason', 'request_id', 'client_ip', 'body',
  'changes', 'before', 'after', 'seen_after',
];

/** One CSV cell: quoted when needed, and never read as a formula by a spreadsheet (= + - @ tab CR → leading '). */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : Array.isArray(value) && value.every((item) => typeof item === 'number')
        ? value.join(' ')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export default async function auditRoutes(fastify: FastifyInstance) {
  const { storage } = fastify;
  const tags = ['audit'];

  fastify.get(
    '/api/audit',
    {
      config: { access: 'viewer' },
      schema: {
        operationId: 'audit.list',
        summary: 'The audit log, newest first (admins: everyone; others: their own entries)',
        tags,
        querystring: AuditQuerySchema,
        response: { 200: envelopeSchema(z.array(AuditEntrySchema)), '4xx': AnyEnvelopeSchema, '5xx': AnyEnvelopeSchema },
      },
    },
    async (request) => {
      const query = request.query as ParsedQuery;
      const { entries, total } = await storage.audit.query(filterFor(request), {
        offset: (query.page - 1) * query.per_page,
        limit: query.per_page,
      });
      return okEnvelope(entries.map(toAuditEntry), {
        page: query.page,
        per_page: query.per_page,
        count: entries.length,
        total_count: total,
        total_pages: Math.ceil(total / query.per_page),
      });
    },
  );

  fastify.get(
    '/api/audit.csv',
    {
      config: { access: 'viewer' },
      schema: {
        operationId: 'audit.csv',
        summary: 'The audit log as CSV (same filters, no paging)',
        tags,
        querystring: AuditQuerySchema,
      },
    },
    async (request, reply) => {
      const { entries } = await storage.audit.query(filterFor(request), { offset: 0, limit: CSV_MAX_ROWS });
      const lines = [CSV_COLUMNS.join(',')];
      for (const entry of entries.map(toAuditEntry)) {
        // The changes as a person reads them ("IP 192.0.2.1 → 192.0.2.9"); before / after keep the JSON.
        const row = {
          ...entry,
          changes: changesText(entry.changes, { deleted: entry.method === 'DELETE' }),
          seen_after: entry.seen_after ? forceSeenAfterText(entry.operation, entry.seen_after, entry.time) : null,
        };
        lines.push(CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
      }
      const stamp = new Date(fastify.auth.now()).toISOString().replace(/[:.]/g, '-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );

  fastify.get(
    '/api/zones/:zone_id/activity',
    {
      config: { access: 'viewer' },
      schema: {
        operationId: 'zones.activity',
        summary: 'The latest audited requests on one zone, by anyone (who, what, when, why, outcome), newest first',
        tags,
        params: ZoneActivityParamsSchema,
        querystring: ZoneActivityQuerySchema,
        response: { 200: envelopeSchema(z.array(ZoneActivityEntrySchema)), '4xx': AnyEnvelopeSchema, '5xx': AnyEnvelopeSchema },
      },
    },
    async (request) => {
      const { zone_id } = request.params as { zone_id: string };
      const { limit } = request.query as { limit: number };
      const { entries, total } = await storage.audit.query({ zoneId: zone_id }, { offset: 0, limit });
      // The entry's fields the activity shows (the schema's pick drops the rest: bodies, paths, addresses).
      const activity: ZoneActivityEntry[] = entries.map((record) => ZoneActivityEntrySchema.parse(toAuditEntry(record)));
      return okEnvelope(activity, { page: 1, per_page: limit, count: activity.length, total_count: total, total_pages: Math.ceil(total / limit) });
    },
  );
}
