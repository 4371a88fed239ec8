import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, isCloudflareFailure, onUnauthorized } from '../lib/api-client';
import { rateBudgetKey } from '../lib/rate-budget';
import { sessionKey } from '../lib/session';

/** Toasts (and Mantine's notifications code) load when the first one is shown, not with the first page. */
function notifyError(title: string, error: unknown) {
  void import('../lib/notify').then((notify) => notify.notifyError(title, error));
}

/**
 * Retry only what may succeed on retry and was not retried already: no answer from the dashboard's server, or its
 * own 5xx. Never a 4xx refusal; never Cloudflare's failures (502, 504): the BFF retried the read already, within its
 * bound (ADR 005), and each retry here would be up to three more calls to a failing Cloudflare, spending the
 * budget everyone shares (the Retry button is there; ADR 022).
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isApiError(error)) return false;
  return error.status === 0 || (error.status >= 500 && !isCloudflareFailure(error));
}

export function createQueryClient(): QueryClient {
  // The header's budget indicator refreshes after every change (each one spends budget), every refusal for budget
  // and every failure of Cloudflare (its report says how Cloudflare has been answering).
  const refreshBudget = () => void client.invalidateQueries({ queryKey: rateBudgetKey, exact: true });
  const client = new QueryClient({
    queryCache: new QueryCache({
      // A background refresh that fails while data is shown: tell the user, keep the data.
      onError: (error, query) => {
        if (query.state.data !== undefined && !(isApiError(error) && error.status === 401)) notifyError('Could not refresh the data shown', error);
        // A refusal for budget, or Cloudflare failing (502 / 504): the header says so at once, not at its next poll.
        if ((isCloudflareFailure(error) || (isApiError(error) && error.status === 429)) && query.queryKey !== rateBudgetKey) refreshBudget();
      },
    }),
    mutationCache: new MutationCache({ onSettled: () => refreshBudget() }),
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
