/**
 * ACLs: the query-key factory and queryOptions. Mutations invalidate through `aclKeys` only.
 *
 *   aclKeys.all(accountId)              ['accounts', id, 'acls']
 *   aclKeys.list(accountId)             ['accounts', id, 'acls', 'list']   (= `aclsListQuery` in lib/lookups.ts)
 *   aclKeys.detail(accountId, aclId)    ['accounts', id, 'acls', 'detail', aclId]
 */
import { queryOptions } from '@tanstack/react-query';
import type { Acl } from '@secdns/api-types';
import { apiCall } from '../../../lib/api-client';
import { aclsListQuery } from '../../../lib/lookups';
import { rootKeys } from '../../../lib/query-keys';

export const aclKeys = {
  all: (accountId: string) => rootKeys.accountResource(accountId, 'acls'),
  list: (accountId: string) => rootKeys.accountResourceList(accountId, 'acls'),
  details: (accountId: string) => [...aclKeys.all(accountId), 'detail'] as const,
  detail: (accountId: string, aclId: string) => [...aclKeys.details(accountId), aclId] as const,
};

export const aclQueries = {
  /** The shared lookup: one cache entry for this table and the zone page's setup check. */
  list: (accountId: string) => aclsListQuery(accountId),
  detail: (accountId: string, aclId: string) =>
    queryOptions({
      queryKey: aclKeys.detail(accountId, aclId),
      queryFn: async ({ signal }): Promise<Acl> => {
        const { result } = await apiCall('acls.get', { params: { account_id: accountId, acl_id: aclId }, signal });
        return result;
      },
    }),
};
