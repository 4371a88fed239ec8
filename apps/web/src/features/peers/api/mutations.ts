/**
 * Create / update / delete a peer. Every mutation invalidates through `peerKeys` (never literal arrays).
 * Create sends the whole peer: the BFF creates it with the name and then sets the rest. If that second step fails,
 * the BFF answers with error code 1010 (the peer exists with its name only) — callers show it and the list is
 * refreshed here either way.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Peer, PeerBody } from '@secdns/api-types';
import { apiCall } from '../../../lib/api-client';
import { peerKeys } from './queries';

export function useCreatePeer(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PeerBody): Promise<Peer> => {
      const { result } = await apiCall('peers.create', { params: { account_id: accountId }, body });
      return result;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: peerKeys.all(accountId) }),
  });
}

export function useUpdatePeer(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ peerId, body }: { peerId: string; body: PeerBody }): Promise<Peer> => {
      const { result } = await apiCall('peers.update', {
        params: { account_id: accountId, peer_id: peerId },
        body,
      });
      return result;
    },
    onSuccess: (peer, { peerId }) => {
      if (peer) queryClient.setQueryData(peerKeys.detail(accountId, peerId), peer);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: peerKeys.all(accountId) }),
  });
}

export function useDeletePeer(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (peerId: string) => {
      await apiCall('peers.delete', { params: { account_id: accountId, peer_id: peerId } });
      return peerId;
    },
    onSuccess: (peerId) => {
      queryClient.removeQueries({ queryKey: peerKeys.detail(accountId, peerId) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: peerKeys.all(accountId) }),
  });
}
