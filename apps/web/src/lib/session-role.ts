/**
 * The signed-in user's role, read once for the whole app (`SessionRoleProvider`, in AppProviders) instead of once per
 * guarded button (`usePermission`): a table has two or three guarded buttons per row, and a query observer per button
 * was a tenth of the time of typing in a 5,000-row table's search box. Kept apart from `permissions.ts`, which
 * imports the contract (not wanted in the first chunk).
 */
import { useQuery } from '@tanstack/react-query';
import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { Role } from '@secdns/api-types';
import { sessionQuery } from './session';

/** `null`: nobody is signed in (or not known yet). */
const SessionRoleContext = createContext<Role | null>(null);

/** Provides the role from the session query's cache; it never fetches (RequireSession and the sign-in page do). */
export function SessionRoleProvider({ children }: { children: ReactNode }) {
  const session = useQuery({ ...sessionQuery(), enabled: false });
  return createElement(SessionRoleContext.Provider, { value: session.data?.user?.role ?? null }, children);
}

export function useSessionRole(): Role | null {
  return useContext(SessionRoleContext);
}
