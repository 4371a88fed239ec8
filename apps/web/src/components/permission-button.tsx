/**
 * Buttons that know who may press them. Give the contract operation they trigger (or, for the BFF's own routes, the
 * least role); for a user whose role is too low they stay visible and focusable but turn off (`aria-disabled`) with
 * the reason in a tooltip and in their description ("Needs an admin role; you are an operator."). Their accessible
 * name never changes, so tests and screen readers find the same button for every role.
 *
 *   <PermissionButton operation="peers.create" leftSection={<IconPlus />} onClick={onAdd}>Add peer</PermissionButton>
 *   <PermissionActionIcon operation="peers.update" label={`Edit ${peer.name}`} tooltip="Edit" icon={<IconPencil />}
 *     onClick={() => onEdit(peer)} />
 *   <PermissionButton role="admin" onClick={reveal}>Reveal secret</PermissionButton>
 *
 * Another reason to turn a button off (e.g. "Cloudflare refuses Force NOTIFY while transfers are disabled") still
 * goes in `disabled` / `disabledReason`; the role's reason wins when both apply. The BFF enforces the same rule
 * (403); this only spares the user a refusal.
 */
import type { OperationId, Role } from '@secdns/api-types';
import { useCan, useHasRole, type Permission } from '../lib/permissions';
import { GuardedButton, type GuardedButtonProps } from './guarded-button';
import { IconAction, type IconActionProps } from './icon-action';

/** What the button needs: a contract operation (its `role`), or a role for the BFF's own routes. */
export type PermissionNeed = { operation: OperationId; role?: never } | { role: Role; operation?: never };

/** The permission for an operation or a role (hooks are always called in the same order). */
export function usePermission(need: PermissionNeed): Permission {
  const byOperation = useCan(need.operation ?? 'accounts.list');
  const byRole = useHasRole(need.role ?? 'viewer');
  return need.operation ? byOperation : byRole;
}

/** The role's reason first, then the caller's own. */
function guard(permission: Permission, disabled: boolean | undefined, disabledReason: string | undefined) {
  if (!permission.allowed) return { disabled: true, disabledReason: permission.reason ?? 'Your role cannot do this.' };
  return { disabled, disabledReason };
}

export type PermissionButtonProps = GuardedButtonProps & PermissionNeed;

export function PermissionButton({ operation, role, disabled, disabledReason, ...rest }: PermissionButtonProps) {
  const permission = usePermission((operation ? { operation } : { role }) as PermissionNeed);
  return <GuardedButton {...rest} {...guard(permission, disabled, disabledReason)} />;
}

export type PermissionActionIconProps = IconActionProps & PermissionNeed;

export function PermissionActionIcon({ operation, role, disabled, disabledReason, ...rest }: PermissionActionIconProps) {
  const permission = usePermission((operation ? { operation } : { role }) as PermissionNeed);
  return <IconAction {...rest} {...guard(permission, disabled, disabledReason)} />;
}
