/**
 * What the signed-in user may do: the single source for role checks in the SPA. An action names the contract
 * operation it calls (its least `role` in `operations.ts`) or, for the BFF's own routes (users, TSIG secret reveal),
 * the least role itself. The BFF enforces the same rule (403); this only hides or disables what would be refused.
 *
 *   usePermission({ operation: 'peers.create' })   // { allowed, reason }
 *   usePermission({ role: 'admin' })
 *   usePermission()                                // nothing needed: always allowed, reads no session
 */
import { operations, roleAllows, type OperationId, type Role } from '@secdns/api-types';
import { useSessionRole } from './session-role';

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

/** May the signed-in user do what `need` asks for? */
export function usePermission(need: PermissionNeed = {}): Permission {
  const least = leastRoleOf(need);
  const role = useSessionRole();
  return least ? permissionFor(role ?? undefined, least) : ALLOWED;
}
