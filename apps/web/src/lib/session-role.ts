/**
 * The signed-in user's role, read once for the whole app (`SessionRoleProvider`, in AppProviders) instead of once per
 * guarded button (`usePermission`): a table has two or three guarded buttons per row, and a query observer per button
 * was a tenth of the time of typing in a 5,000-row table's search box. Kept apart from `permissions.ts`, which
 * imports the contract (not wanted in the first chunk).
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, createElement, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Role, Session } from '@secdns/api-types';
import { sessionKey } from './session';

/** `null`: nobody is signed in (or not known yet). */
const SessionRoleContext = createContext<Role | null>(null);

/**
 * Provides the role from the session query's cache; it never fetches (RequireSession and the sign-in page do). It
 * reads the cache itself rather than through a query observer: sign-out clears the cache, and an observer would stay
 * with the removed query, showing the previous user's role to the next one.
 */
export function SessionRoleProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const subscribe = useCallback((onChange: () => void) => queryClient.getQueryCache().subscribe(onChange), [queryClient]);
  const role = useSyncExternalStore(subscribe, () => queryClient.getQueryData<Session | null>(sessionKey)?.user?.role ?? null);
  return createElement(SessionRoleContext.Provider, { value: role }, children);
}

export function useSessionRole(): Role | null {
  return useContext(SessionRoleContext);
}
