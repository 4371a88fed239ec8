/**
 * Roots of every query key. Feature key factories (`features/<resource>/api/queries.ts`) build on these, and the
 * few lookups shared across features (`lib/lookups.ts`) use the very same keys, so one invalidation refreshes both.
 *
 *   ['meta']
 *   ['accounts']
 *   ['accounts', accountId, 'peers' | 'tsigs' | 'acls', 'list' | 'detail', id?]
 *   ['zones', …]
 */
export type AccountResource = 'peers' | 'tsigs' | 'acls';

export const rootKeys = {
  meta: ['meta'] as const,
  accounts: ['accounts'] as const,
  zones: ['zones'] as const,
  accountResource: <R extends AccountResource>(accountId: string, resource: R) =>
    ['accounts', accountId, resource] as const,
  accountResourceList: <R extends AccountResource>(accountId: string, resource: R) =>
    ['accounts', accountId, resource, 'list'] as const,
};
