/**
 * What the signed-in user may do: the single source for role checks in the SPA. An action names the contract
 * operation it calls (its least `role` in `operations.ts`) or, for the BFF's own routes (users, TSIG secret reveal),
 * the least role itself. The BFF enforces the same rule (403); this only hides or disables what would be refused.
 *
 *   usePermission({ operation: 'peers.create' })   // { allowed, reason }
 *   usePermission({ role: 'admin' })
 *   usePermission()                                // nothing needed: always allowed, reads no session
 */
import { useQuery } from '@tanstack/react-query';
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { operations, roleAllows, type OperationId, type Role } from '@secdns/api-types';
import { sessionQuery } from './session';

export interface Permission {
  allowed: boolean;
  /** Why not, in words for a tooltip: "Needs an operator role; you are a viewer." */
  reason: string | null;
}

/** What an action needs: a contract operation (its `role`), or a role for the BFF's own routes; or nothing. */
export type PermissionNeed = { operation?: OperationId; role?: never } | { role?: Role; operation?: never };

const ALLOWED: Permission = { allowed: true, reason: null };

export function permissionFor(role: Role | undefined, least: Role): Permission {
  if (role && roleAllows(role, least)) return ALLOWED;
  const article = least === 'operator' || least === 'admin' ? 'an' : 'a';
  return {
    allowed: false,
    reason: role ? `Needs ${article} ${least} role; you are ${role === 'viewer' ? 'a' : 'an'} ${role}.` : 'Sign in first.',
  };
}

/** The least role `need` asks for, or undefined when it asks for none. */
export function leastRoleOf(need: PermissionNeed): Role | undefined {
  return need.operation ? operations[need.operation].role : need.role;
}

/**
 * The signed-in user's role, read once for the whole app (`SessionRoleProvider`, in AppProviders) instead of once per
 * button: a table has two or three guarded buttons per row, and a query observer per button was a tenth of the
 * time of typing in a 5,000-row table's search box. `null`: nobody is signed in (or not known yet).
 */
const SessionRoleContext = createContext<Role | null>(null);

/** Provides the role from the session query's cache; it never fetches (RequireSession and the sign-in page do). */
export function SessionRoleProvider({ children }: { children: ReactNode }) {
  const session = useQuery({ ...sessionQuery(), enabled: false });
  return createElement(SessionRoleContext.Provider, { value: session.data?.user?.role ?? null }, children);
}

/** May the signed-in user do what `need` asks for? */
export function usePermission(need: PermissionNeed = {}): Permission {
  const least = leastRoleOf(need);
  const role = useContext(SessionRoleContext);
  return least ? permissionFor(role ?? undefined, least) : ALLOWED;
}
