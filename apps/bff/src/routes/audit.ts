/**
 * The audit log (read-only; nothing can change or delete an entry):
 *   GET /api/audit?user=&operation=&zone_id=&zone=&resource=&outcome=success|failure&since=&until=&page=&per_page=
 *       -> [AuditEntry], newest first, with result_info
 *   GET /api/audit.csv?(same filters, no paging) -> text/csv, newest first, streamed: read from the database a page
 *       at a time (keyset by id), so memory stays flat however long the log. At most AUDIT_CSV_MAX_ROWS rows; when the
 *       filters match more, the header `x-audit-truncated: true` (`x-audit-total`: how many matched) and a last line
 *       `# truncated: …` say so.
 * Admins see every entry; anyone else sees only their own (the `user` filter is forced to them).
 *   GET /api/zones/:zone_id/activity?limit= -> [ZoneActivityEntry], newest first: the latest audited requests on one
 *       zone by anyone (who, what, when, why, outcome, what it changed; no bodies or addresses), for everyone signed in — whoever opens
 *       a stale zone sees who already forced a transfer.
 */
import { Readable } from 'node:stream';
import {
  AUDIT_CSV_MAX_ROWS,
  AUDIT_CSV_TOTAL_HEADER,
  AUDIT_CSV_TRUNCATED_HEADER,
  AUDIT_CSV_TRUNCATED_MARK,
  AuditEntrySchema,
  AuditQuerySchema,
  ZoneActivityEntrySchema,
  ZoneActivityParamsSchema,
  ZoneActivityQuerySchema,
  auditChanges,
  changesText,
  forceSeenAfterText,
  okEnvelope,
  type AuditEntry,
  type ZoneActivityEntry,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditFilter, AuditRecord, AuditRepository } from '../storage/types.js';

export interface AuditRoutesOptions {
  /** At most this many rows in a CSV export (default AUDIT_CSV_MAX_ROWS; tests make it small). */
  csvMaxRows?: number;
  /** Entries read from the database at a time while the CSV streams (default CSV_PAGE_SIZE). */
  csvPageSize?: number;
}

/** A page of the CSV export: about 0.5–2 MB of text at most, whatever the log's length. */
export const CSV_PAGE_SIZE = 500;

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
    api_token: record.apiToken ?? null,
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
  'status', 'outcome', 'upstream_error_codes', 'refusal', 'reason', 'request_id', 'client_ip', 'api_token', 'body',
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

function csvLine(record: AuditRecord): string {
  const entry = toAuditEntry(record);
  // The changes as a person reads them ("IP 192.0.2.1 → 192.0.2.9"); before / after keep the JSON.
  const row = {
    ...entry,
    changes: changesText(entry.changes, { deleted: entry.method === 'DELETE' }),
    seen_after: entry.seen_after ? forceSeenAfterText(entry.operation, entry.seen_after, entry.time) : null,
  };
  return `${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`;
}

interface CsvExport {
  filter: AuditFilter;
  /** The first page, already read (limit: `firstLimit`). */
  first: AuditRecord[];
  firstLimit: number;
  /** How many entries matched when the export began (ids up to the first page's newest). */
  total: number;
  maxRows: number;
  pageSize: number;
}

/**
 * The CSV text, a page of entries per chunk, newest first: keyset paging (`beforeId` = the last id written), so
 * entries appended while it streams are not in it and none is skipped or repeated. A cut is marked on a last line.
 */
async function* csvChunks(audit: AuditRepository, { filter, first, firstLimit, total, maxRows, pageSize }: CsvExport) {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  let page = first;
  let limit = firstLimit;
  let written = 0;
  let last: AuditRecord | undefined;
  while (page.length > 0) {
    yield page.map(csvLine).join('');
    written += page.length;
    last = page[page.length - 1]!;
    if (written >= maxRows || page.length < limit) break;
    limit = Math.min(pageSize, maxRows - written);
    page = await audit.newest({ ...filter, beforeId: last.id }, limit);
  }
  if (last && total > written) {
    // `until` is exclusive: a millisecond later, so the next export misses none (it may repeat a few of the last).
    const at = Date.parse(last.time);
    const until = Number.isNaN(at) ? last.time : new Date(at + 1).toISOString();
    yield `${AUDIT_CSV_TRUNCATED_MARK}: the newest ${written} of ${total} matching entries (at most ${maxRows} per export); export the older ones with until=${until}\r\n`;
  }
}

export default async function auditRoutes(fastify: FastifyInstance, options: AuditRoutesOptions) {
  const { storage } = fastify;
  const maxRows = options.csvMaxRows ?? AUDIT_CSV_MAX_ROWS;
  const pageSize = options.csvPageSize ?? CSV_PAGE_SIZE;
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
        response: envelopeResponses(z.array(AuditEntrySchema)),
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
        summary: `The audit log as CSV (same filters, no paging; streamed, at most ${AUDIT_CSV_MAX_ROWS} rows, newest first; x-audit-truncated: true when cut)`,
        tags,
        querystring: AuditQuerySchema,
      },
    },
    async (request, reply) => {
      const filter = filterFor(request);
      const firstLimit = Math.min(pageSize, maxRows);
      const first = await storage.audit.newest(filter, firstLimit);
      // Counted up to the newest entry read, so the count and the rows agree while entries keep arriving.
      const total = first.length < firstLimit ? first.length : await storage.audit.count({ ...filter, beforeId: first[0]!.id + 1 });
      const stamp = new Date(fastify.auth.now()).toISOString().replace(/[:.]/g, '-');
      const body = Readable.from(csvChunks(storage.audit, { filter, first, firstLimit, total, maxRows, pageSize }), {
        objectMode: false,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
        .header(AUDIT_CSV_TRUNCATED_HEADER, String(total > maxRows))
        .header(AUDIT_CSV_TOTAL_HEADER, String(total))
        .send(body);
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
        response: envelopeResponses(z.array(ZoneActivityEntrySchema)),
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
