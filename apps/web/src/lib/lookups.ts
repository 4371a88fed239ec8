/**
 * Queries the app shell and several features need (meta, accounts, the TSIG list used to show keys by name, the
 * peer list used to show which peers use a TSIG key, the ACL list the zone page's setup check compares peers with).
 * Features never import each other; what they share lives here, keyed by `rootKeys` so the owning feature's
 * factory (e.g. a future `features/tsigs/api/queries.ts`) uses the same key and shares the cache.
 */
import { queryOptions } from '@tanstack/react-query';
import type { Account, Acl, Peer, Tsig } from '@secdns/api-types';
import { apiCall, fetchMeta } from './api-client';
import { rootKeys } from './query-keys';

export const metaQuery = () =>
  queryOptions({
    queryKey: rootKeys.meta,
    queryFn: ({ signal }) => fetchMeta(signal),
    staleTime: Infinity,
  });

export const accountsQuery = () =>
  queryOptions({
    queryKey: rootKeys.accounts,
    queryFn: async ({ signal }): Promise<Account[]> => {
      const { result } = await apiCall('accounts.list', { query: { per_page: 50 }, signal });
      return result ?? [];
    },
    staleTime: 5 * 60_000,
  });

/** The account's TSIG keys, for showing and choosing keys by name. */
export const tsigsListQuery = (accountId: string) =>
  queryOptions({
    queryKey: rootKeys.accountResourceList(accountId, 'tsigs'),
    queryFn: async ({ signal }): Promise<Tsig[]> => {
      const { result } = await apiCall('tsigs.list', { params: { account_id: accountId }, signal });
      return result ?? [];
    },
  });

/** The account's peers, for showing which peers use a TSIG key. Same key as `peerKeys.list` (features/peers). */
export const peersListQuery = (accountId: string) =>
  queryOptions({
    queryKey: rootKeys.accountResourceList(accountId, 'peers'),
    queryFn: async ({ signal }): Promise<Peer[]> => {
      const { result } = await apiCall('peers.list', { params: { account_id: accountId }, signal });
      return result ?? [];
    },
  });

/** The account's ACLs, for the zone page's setup check. Same key as `aclKeys.list` (features/acls). */
export const aclsListQuery = (accountId: string) =>
  queryOptions({
    queryKey: rootKeys.accountResourceList(accountId, 'acls'),
    queryFn: async ({ signal }): Promise<Acl[]> => {
      const { result } = await apiCall('acls.list', { params: { account_id: accountId }, signal });
      return result ?? [];
    },
  });
