/**
 * Cloudflare's list semantics, shared by the sandbox (which emulates them) and the BFF (which answers a zone-limited
 * API token's zones list itself: routes/token-zones.ts): the `name` filter and pages with `result_info`.
 */
import type { ResultInfo } from './envelope.js';

/** A DNS name as Cloudflare compares it: any case, with or without the trailing dot. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Cloudflare-style name filter: exact (case-insensitive) or `contains:` / `starts_with:` / `ends_with:` / … */
export function nameMatches(filter: string, value: string): boolean {
  const colon = filter.indexOf(':');
  let operator = colon > 0 ? filter.slice(0, colon).toLowerCase() : '';
  const known = ['contains', 'starts_with', 'ends_with', 'equal', 'not_equal'];
  const caseSensitive = operator.endsWith('_case_sensitive');
  if (caseSensitive) operator = operator.slice(0, -'_case_sensitive'.length);
  if (!known.includes(operator)) return normaliseName(filter) === normaliseName(value);
  const needle = caseSensitive ? filter.slice(colon + 1) : filter.slice(colon + 1).toLowerCase();
  const haystack = caseSensitive ? value : value.toLowerCase();
  switch (operator) {
    case 'contains':
      return haystack.includes(needle);
    case 'starts_with':
      return haystack.startsWith(needle);
    case 'ends_with':
      return haystack.endsWith(needle);
    case 'equal':
      return normaliseName(needle) === normaliseName(haystack);
    default:
      return normaliseName(needle) !== normaliseName(haystack);
  }
}

/** One page of `items` and its `result_info` (page 1 and `defaultPerPage` when not asked). */
export function paginate<T>(items: T[], page: number | undefined, perPage: number | undefined, defaultPerPage: number) {
  const size = perPage ?? defaultPerPage;
  const current = page ?? 1;
  const slice = items.slice((current - 1) * size, current * size);
  const info: ResultInfo = {
    page: current,
    per_page: size,
    count: slice.length,
    total_count: items.length,
    total_pages: Math.max(1, Math.ceil(items.length / size)),
  };
  return { slice, info };
}
