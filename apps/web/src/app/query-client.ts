import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, onUnauthorized } from '../lib/api-client';
import { sessionKey } from '../lib/session';
import { notifyError } from '../lib/notify';

/** Retry only what may succeed on retry: no response, 5xx, 429 — never a 4xx refusal. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return false;
  return error.status === 0 || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    queryCache: new QueryCache({
      // A background refresh that fails while data is shown: tell the user, keep the data.
      onError: (error, query) => {
        if (query.state.data !== undefined && !(isApiError(error) && error.status === 401)) notifyError('Could not refresh the data shown', error);
      },
    }),
    mutationCache: new MutationCache(),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: true,
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
      },
      mutations: { retry: false },
    },
  });
  // The session expired or was revoked: forget who was signed in; RequireSession sends them to sign in and back.
  onUnauthorized(() => client.setQueryData(sessionKey, null));
  return client;
}
