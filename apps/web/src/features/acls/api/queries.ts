/**
 * ACLs: the query-key factory and queryOptions. Mutations invalidate through `aclKeys` only.
 *
 *   aclKeys.all(accountId)              ['accounts', id, 'acls']
 *   aclKeys.list(accountId)             ['accounts', id, 'acls', 'list']
 *   aclKeys.detail(accountId, aclId)    ['accounts', id, 'acls', 'detail', aclId]
 */
import { queryOptions } from '@tanstack/react-query';
import type { Acl } from '@secdns/api-types';
import { apiCall } from '../../../lib/api-client';
import { rootKeys } from '../../../lib/query-keys';

export const aclKeys = {
  all: (accountId: string) => rootKeys.accountResource(accountId, 'acls'),
  list: (accountId: string) => rootKeys.accountResourceList(accountId, 'acls'),
  details: (accountId: string) => [...aclKeys.all(accountId), 'detail'] as const,
  detail: (accountId: string, aclId: string) => [...aclKeys.details(accountId), aclId] as const,
};

export const aclQueries = {
  list: (accountId: string) =>
    queryOptions({
      queryKey: aclKeys.list(accountId),
      queryFn: async ({ signal }): Promise<Acl[]> => {
        const { result } = await apiCall('acls.list', { params: { account_id: accountId }, signal });
        return result ?? [];
      },
    }),
  detail: (accountId: string, aclId: string) =>
    queryOptions({
      queryKey: aclKeys.detail(accountId, aclId),
      queryFn: async ({ signal }): Promise<Acl> => {
        const { result } = await apiCall('acls.get', { params: { account_id: accountId, acl_id: aclId }, signal });
        return result;
      },
    }),
};
