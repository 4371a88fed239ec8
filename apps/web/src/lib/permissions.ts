/**
 * What the signed-in user may do, from the contract's least role per operation (the BFF enforces the same rule;
 * this only hides or disables what would be refused).
 */
import { useQuery } from '@tanstack/react-query';
import { operations, roleAllows, type OperationId, type Role } from '@secdns/api-types';
import { sessionQuery } from './session';

export interface Permission {
  allowed: boolean;
  /** Why not, in words for a tooltip: "Needs the operator role; you are a viewer." */
  reason: string | null;
}

export function permissionFor(role: Role | undefined, least: Role): Permission {
  if (role && roleAllows(role, least)) return { allowed: true, reason: null };
  const article = least === 'operator' || least === 'admin' ? 'an' : 'a';
  return {
    allowed: false,
    reason: role ? `Needs ${article} ${least} role; you are ${role === 'viewer' ? 'a' : 'an'} ${role}.` : 'Sign in first.',
  };
}

/** May the signed-in user call this operation? */
export function useCan(id: OperationId): Permission {
  const session = useQuery(sessionQuery());
  return permissionFor(session.data?.user?.role, operations[id].role);
}

/** May the signed-in user do what needs `least` (for the BFF's own routes: users and secrets need admin)? */
export function useHasRole(least: Role): Permission {
  const session = useQuery(sessionQuery());
  return permissionFor(session.data?.user?.role, least);
}
