/** Create / update / delete an ACL. Every mutation invalidates through `aclKeys` (ACLs have no dependants). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Acl, AclBody } from '@secdns/api-types';
import { apiCall } from '../../../lib/api-client';
import { aclKeys } from './queries';

export function useCreateAcl(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: AclBody): Promise<Acl> => {
      const { result } = await apiCall('acls.create', { params: { account_id: accountId }, body });
      return result;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: aclKeys.all(accountId) }),
  });
}

export function useUpdateAcl(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ aclId, body }: { aclId: string; body: AclBody }): Promise<Acl> => {
      const { result } = await apiCall('acls.update', { params: { account_id: accountId, acl_id: aclId }, body });
      return result;
    },
    onSuccess: (acl, { aclId }) => {
      if (acl) queryClient.setQueryData(aclKeys.detail(accountId, aclId), acl);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: aclKeys.all(accountId) }),
  });
}

export function useDeleteAcl(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (aclId: string) => {
      await apiCall('acls.delete', { params: { account_id: accountId, acl_id: aclId } });
      return aclId;
    },
    onSuccess: (aclId) => {
      queryClient.removeQueries({ queryKey: aclKeys.detail(accountId, aclId) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: aclKeys.all(accountId) }),
  });
}
