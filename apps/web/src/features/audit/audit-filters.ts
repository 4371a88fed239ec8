/**
 * The audit log's filters live in the URL (`/audit?user=ops&operation=forceAxfr&zone=example.net&since=…&page=2`),
 * with the very names `GET /api/audit` takes, so a view survives reload, can be linked, and the CSV export gets the
 * same filters. `since` / `until` are ISO 8601 UTC instants (since inclusive, until exclusive).
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const AUDIT_FILTER_KEYS = ['user', 'operation', 'zone', 'resource', 'outcome', 'since', 'until'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];
export type AuditOutcome = '' | 'success' | 'failure';

export interface AuditFilters {
  /** Part of a username, any case (the API matches any username containing it). */
  user: string;
  operation: string;
  /** Part of a zone's name, any case, or its id (the API matches either). */
  zone: string;
  /** One resource's id (a peer, TSIG key, ACL) or a username: "the history of this peer" (set by links, not typed). */
  resource: string;
  outcome: AuditOutcome;
  /** ISO 8601 UTC, or ''. */
  since: string;
  until: string;
}

export const PER_PAGE_CHOICES = [25, 50, 100, 200] as const;
export const DEFAULT_PER_PAGE = 50;

export const EMPTY_FILTERS: AuditFilters = { user: '', operation: '', zone: '', resource: '', outcome: '', since: '', until: '' };

function isoOrEmpty(value: string | null): string {
  if (!value) return '';
  const time = Date.parse(value);
  return Number.isNaN(time) ? '' : new Date(time).toISOString();
}

export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const outcome = params.get('outcome');
  return {
    user: (params.get('user') ?? '').trim(),
    operation: (params.get('operation') ?? '').trim(),
    // `zone_id` is what links made before the zone filter took names (the API still takes it).
    zone: (params.get('zone') ?? params.get('zone_id') ?? '').trim(),
    resource: (params.get('resource') ?? '').trim(),
    outcome: outcome === 'success' || outcome === 'failure' ? outcome : '',
    since: isoOrEmpty(params.get('since')),
    until: isoOrEmpty(params.get('until')),
  };
}

export function parsePage(params: URLSearchParams): { page: number; perPage: number } {
  const page = Number(params.get('page'));
  const perPage = Number(params.get('per_page'));
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    perPage: (PER_PAGE_CHOICES as readonly number[]).includes(perPage) ? perPage : DEFAULT_PER_PAGE,
  };
}

/** The filters as a query string without paging (`user=ops&outcome=failure`), for the CSV link. */
export function auditFilterQuery(filters: AuditFilters): string {
  const search = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key].trim();
    if (value) search.set(key, value);
  }
  return search.toString();
}

/** `GET /api/audit?…` for these filters and page. */
export function auditListUrl(filters: AuditFilters, page: number, perPage: number): string {
  const search = new URLSearchParams(auditFilterQuery(filters));
  search.set('page', String(page));
  search.set('per_page', String(perPage));
  return `/api/audit?${search.toString()}`;
}

export function auditCsvUrl(filters: AuditFilters): string {
  const query = auditFilterQuery(filters);
  return query ? `/api/audit.csv?${query}` : '/api/audit.csv';
}

export function hasFilters(filters: AuditFilters): boolean {
  return AUDIT_FILTER_KEYS.some((key) => filters[key] !== '');
}

/** ISO instant → the value of an `<input type="datetime-local">` in the browser's time zone ("2025-01-31T13:00"). */
export function isoToLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `<input type="datetime-local">` value (local time) → ISO instant in UTC, or '' when empty or invalid. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

export interface AuditFilterState {
  filters: AuditFilters;
  page: number;
  perPage: number;
  /** Changes filters and goes back to page 1 (a new history entry, so Back undoes a filter). */
  setFilters: (changes: Partial<AuditFilters>) => void;
  setPage: (page: number) => void;
  setPerPage: (perPage: number) => void;
  clear: () => void;
}

export function useAuditFilters(): AuditFilterState {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseAuditFilters(params), [params]);
  const { page, perPage } = parsePage(params);

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      });
    },
    [setParams],
  );

  const setFilters = useCallback(
    (changes: Partial<AuditFilters>) => {
      const normalized: Record<string, string | null> = { page: null };
      if ('zone' in changes) normalized.zone_id = null;
      for (const [key, value] of Object.entries(changes)) {
        normalized[key] = key === 'since' || key === 'until' ? isoOrEmpty(value ?? '') : (value ?? '').trim();
      }
      update(normalized);
    },
    [update],
  );
  const setPage = useCallback((value: number) => update({ page: value > 1 ? String(value) : null }), [update]);
  const setPerPage = useCallback(
    (value: number) => update({ per_page: value === DEFAULT_PER_PAGE ? null : String(value), page: null }),
    [update],
  );
  const clear = useCallback(
    () => update(Object.fromEntries([...AUDIT_FILTER_KEYS, 'zone_id', 'page'].map((key) => [key, null]))),
    [update],
  );

  return { filters, page, perPage, setFilters, setPage, setPerPage, clear };
}
