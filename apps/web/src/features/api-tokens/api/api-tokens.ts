/**
 * The signed-in user's API tokens (BFF-owned: `/auth/tokens`, docs/decisions/019-api-tokens.md). Keys:
 *   ['api-tokens', 'mine' | 'all']   the list (never the tokens themselves)
 * A created token is handed to the caller once and never cached.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiToken, ApiTokenCreateBody, ApiTokenCreated } from '@secdns/api-types';
import { request } from '../../../lib/api-client';

export const API_TOKENS_URL = '/auth/tokens';

export const apiTokenKeys = {
  all: ['api-tokens'] as const,
  list: (everyone: boolean) => [...apiTokenKeys.all, everyone ? 'all' : 'mine'] as const,
};

export const apiTokenQueries = {
  list: (everyone: boolean) =>
    queryOptions({
      queryKey: apiTokenKeys.list(everyone),
      queryFn: async ({ signal }): Promise<ApiToken[]> => {
        const url = everyone ? `${API_TOKENS_URL}?all=true` : API_TOKENS_URL;
        const { envelope } = await request(url, { method: 'GET', signal }, 'auth.tokens.list');
        return envelope.result as ApiToken[];
      },
    }),
};

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ApiTokenCreateBody): Promise<ApiTokenCreated> => {
      const { envelope } = await request(API_TOKENS_URL, { method: 'POST', body: JSON.stringify(body) }, 'auth.tokens.create');
      return envelope.result as ApiTokenCreated;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      await request(`${API_TOKENS_URL}/${id}`, { method: 'DELETE' }, 'auth.tokens.revoke');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}
