/**
 * Peers: the query-key factory and queryOptions (TkDodo style). Mutations invalidate through `peerKeys` only.
 *
 *   peerKeys.all(accountId)              ['accounts', id, 'peers']
 *   peerKeys.list(accountId)             ['accounts', id, 'peers', 'list']   (= `peersListQuery` in lib/lookups.ts)
 *   peerKeys.detail(accountId, peerId)   ['accounts', id, 'peers', 'detail', peerId]
 *   peerKeys.usage(accountId)            ['accounts', id, 'peers', 'usage']   (which zones use each peer; on request)
 *   peerKeys.zoneCount(accountId)        ['accounts', id, 'peers', 'zone-count']   (what a look-up would read)
 */
import { queryOptions } from '@tanstack/react-query';
import type { Peer, PeerUsage } from '@secdns/api-types';
import { apiCall } from '../../../lib/api-client';
import { bffGet } from '../../../lib/bff-get';
import { peersListQuery } from '../../../lib/lookups';
import { rootKeys } from '../../../lib/query-keys';

export const peerKeys = {
  all: (accountId: string) => rootKeys.accountResource(accountId, 'peers'),
  list: (accountId: string) => rootKeys.accountResourceList(accountId, 'peers'),
  details: (accountId: string) => [...peerKeys.all(accountId), 'detail'] as const,
  detail: (accountId: string, peerId: string) => [...peerKeys.details(accountId), peerId] as const,
  usage: (accountId: string) => [...peerKeys.all(accountId), 'usage'] as const,
  zoneCount: (accountId: string) => [...peerKeys.all(accountId), 'zone-count'] as const,
};

/** Which zones use each peer; `from` continues a look-up that stopped (its `resume_from`). */
export function fetchPeerUsage(accountId: string, options: { from?: string; signal?: AbortSignal } = {}): Promise<PeerUsage> {
  const from = options.from ? `?from=${encodeURIComponent(options.from)}` : '';
  return bffGet<PeerUsage>(`/api/accounts/${encodeURIComponent(accountId)}/secondary_dns/peers/usage${from}`, {
    signal: options.signal,
    operationId: 'peers.usage',
  });
}

export const peerQueries = {
  /** The shared lookup: one cache entry for this table and the TSIG page's "Used by" column. */
  list: (accountId: string) => peersListQuery(accountId),
  detail: (accountId: string, peerId: string) =>
    queryOptions({
      queryKey: peerKeys.detail(accountId, peerId),
      queryFn: async ({ signal }): Promise<Peer> => {
        const { result } = await apiCall('peers.get', {
          params: { account_id: accountId, peer_id: peerId },
          signal,
        });
        return result;
      },
    }),
  /**
   * Which zones use each peer: one read per zone on the BFF's side, so it runs only when someone asks, or when the
   * edit form or delete dialog finds it cheap (`usePeerUsageWhenCheap`); callers use `enabled: false` and
   * `refetch()`. The answer says when it was read and stays until asked again.
   */
  usage: (accountId: string) =>
    queryOptions({
      queryKey: peerKeys.usage(accountId),
      queryFn: ({ signal }) => fetchPeerUsage(accountId, { signal }),
      enabled: false,
      staleTime: Infinity,
      gcTime: 30 * 60_000,
      retry: false,
    }),
  /**
   * How many zones the account has: what the look-up would read, to decide whether it may run by itself. One read of
   * the zones' first page of 50, the same page the look-up lists first (the BFF's read cache then answers that one).
   */
  zoneCount: (accountId: string) =>
    queryOptions({
      queryKey: peerKeys.zoneCount(accountId),
      queryFn: async ({ signal }): Promise<number> => {
        const { result, resultInfo } = await apiCall('zones.list', {
          query: { account_id: accountId, page: 1, per_page: 50 },
          signal,
        });
        return resultInfo?.total_count ?? result?.length ?? 0;
      },
      staleTime: 5 * 60_000,
      retry: false,
    }),
};
