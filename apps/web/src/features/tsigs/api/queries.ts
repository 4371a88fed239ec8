/**
 * TSIG keys: the query-key factory and queryOptions. Mutations invalidate through `tsigKeys` only.
 *
 *   tsigKeys.all(accountId)               ['accounts', id, 'tsigs']
 *   tsigKeys.list(accountId)              ['accounts', id, 'tsigs', 'list']   (= `tsigsListQuery` in lib/lookups.ts,
 *                                                                               which the peers table and form use)
 *   tsigKeys.detail(accountId, tsigId)    ['accounts', id, 'tsigs', 'detail', tsigId]
 *
 * The secret is never cached: the BFF masks it in list/detail answers, and `fetchTsigSecret` reads it from the
 * audited, admin-only reveal endpoint each time the user asks (Reveal, Copy, Edit).
 */
import { queryOptions } from '@tanstack/react-query';
import type { Tsig } from '@secdns/api-types';
import { apiCall, API_PREFIX } from '../../../lib/api-client';
import { bffGet } from '../../../lib/bff-get';
import { tsigsListQuery } from '../../../lib/lookups';
import { rootKeys } from '../../../lib/query-keys';

export const tsigKeys = {
  all: (accountId: string) => rootKeys.accountResource(accountId, 'tsigs'),
  list: (accountId: string) => rootKeys.accountResourceList(accountId, 'tsigs'),
  details: (accountId: string) => [...tsigKeys.all(accountId), 'detail'] as const,
  detail: (accountId: string, tsigId: string) => [...tsigKeys.details(accountId), tsigId] as const,
};

export const tsigQueries = {
  /** The shared lookup: one cache entry for this table, the peers table and the peer form. */
  list: (accountId: string) => tsigsListQuery(accountId),
  detail: (accountId: string, tsigId: string) =>
    queryOptions({
      queryKey: tsigKeys.detail(accountId, tsigId),
      queryFn: async ({ signal }): Promise<Tsig> => {
        const { result } = await apiCall('tsigs.get', { params: { account_id: accountId, tsig_id: tsigId }, signal });
        return result;
      },
    }),
};

/** `GET /api/accounts/{account_id}/secondary_dns/tsigs/{tsig_id}/secret` (BFF-owned, admins only, audited). */
export function tsigSecretUrl(accountId: string, tsigId: string): string {
  return `${API_PREFIX}/accounts/${encodeURIComponent(accountId)}/secondary_dns/tsigs/${encodeURIComponent(tsigId)}/secret`;
}

/** Reads a TSIG key's secret through the reveal endpoint. Not cached on purpose. */
export async function fetchTsigSecret(accountId: string, tsigId: string, signal?: AbortSignal): Promise<string> {
  const result = await bffGet<{ secret?: unknown } | null>(tsigSecretUrl(accountId, tsigId), {
    signal,
    operationId: 'tsigs.secret.reveal',
  });
  if (!result || typeof result.secret !== 'string') throw new Error('The server did not return the secret.');
  return result.secret;
}
