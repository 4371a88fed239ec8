/**
 * Create / update / delete a TSIG key. Every mutation invalidates through `tsigKeys` (the list is the same cache
 * entry as the peers table's TSIG lookup, so peers show a renamed key at once).
 * A delete refused because peers still use the key (code 1006) also refreshes the peer list: it was out of date.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Tsig, TsigBody } from '@secdns/api-types';
import { apiCall, isApiError } from '../../../lib/api-client';
import { peersListQuery } from '../../../lib/lookups';
import { tsigKeys } from './queries';

/** The sandbox's (and the BFF's) "still used by" refusal. */
export const DEPENDENCY_REFUSED = 1006;

export function useCreateTsig(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TsigBody): Promise<Tsig> => {
      const { result } = await apiCall('tsigs.create', { params: { account_id: accountId }, body });
      return result;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: tsigKeys.all(accountId) }),
  });
}

export function useUpdateTsig(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ tsigId, body }: { tsigId: string; body: TsigBody }): Promise<Tsig> => {
      const { result } = await apiCall('tsigs.update', { params: { account_id: accountId, tsig_id: tsigId }, body });
      return result;
    },
    onSuccess: (tsig, { tsigId }) => {
      if (tsig) queryClient.setQueryData(tsigKeys.detail(accountId, tsigId), tsig);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: tsigKeys.all(accountId) }),
  });
}

export function useDeleteTsig(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (tsigId: string) => {
      await apiCall('tsigs.delete', { params: { account_id: accountId, tsig_id: tsigId } });
      return tsigId;
    },
    onSuccess: (tsigId) => {
      queryClient.removeQueries({ queryKey: tsigKeys.detail(accountId, tsigId) });
    },
    onError: (error) => {
      if (isApiError(error) && error.code === DEPENDENCY_REFUSED) {
        void queryClient.invalidateQueries({ queryKey: peersListQuery(accountId).queryKey });
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: tsigKeys.all(accountId) }),
  });
}
