/**
 * The dashboard's action buttons: `ActionButton` (text) and `ActionIconButton` (an icon with an accessible name and a
 * tooltip, for table rows). Both know who may press them and why they may be off:
 *
 * `ActionIconButton` is a `RowIconButton` (Mantine's subtle ActionIcon markup without its per-row cost).
 *
 * - `operation` (a contract operation id, its least `role`) or `role` (for the BFF's own routes: users, TSIG secret
 *   reveal). For a user whose role is too low the button turns off with the role's reason ("Needs an admin role; you
 *   are an operator."). Leave both out for an action everyone may take.
 * - `disabled` / `disabledReason` for any other reason ("Outgoing transfers are disabled, so a NOTIFY gets the
 *   secondaries no transfer"); a reason implies `disabled`. The role's reason wins when both apply.
 *
 * Turned off, a button stays visible and focusable (`aria-disabled`, clicks ignored), shows the reason in a tooltip
 * and announces it as its description (`aria-describedby`). Its accessible name never changes, so tests and screen
 * readers find the same button for every role. The BFF enforces the same roles (403); this only spares a refusal.
 *
 *   <ActionButton operation="peers.create" leftSection={<IconPlus />} onClick={onAdd}>Add peer</ActionButton>
 *   <ActionIconButton operation="peers.update" label={`Edit ${peer.name}`} tooltip="Edit" icon={<IconPencil />}
 *     onClick={() => onEdit(peer)} />
 *   <ActionIconButton role="admin" label={`Reveal secret of ${tsig.name}`} … />
 */
import { Button, Tooltip, VisuallyHidden, type ButtonProps } from '@mantine/core';
import { useId, type MouseEvent, type ReactNode, type Ref } from 'react';
import { usePermission, type PermissionNeed } from '../lib/permissions';
import { LazyTooltip } from './lazy-tooltip';
import { RowIconButton, type RowIconButtonProps } from './row-icon-button';

interface GuardProps {
  /** Turns the button off. */
  disabled?: boolean;
  /** Why it is off; shown in a tooltip and read as the button's description. Implies `disabled`. */
  disabledReason?: string;
}

interface Guard {
  off: boolean;
  reason: string | undefined;
  /** The id of the reason's hidden text, when there is a reason. */
  reasonId: string | undefined;
}

/** Off or not, and why: the role's reason first, then the caller's own. */
function useGuard(need: PermissionNeed, { disabled, disabledReason }: GuardProps): Guard {
  const permission = usePermission(need);
  const reasonId = useId();
  if (!permission.allowed) {
    return { off: true, reason: permission.reason ?? 'Your role cannot do this.', reasonId };
  }
  return { off: Boolean(disabled || disabledReason), reason: disabledReason, reasonId: disabledReason ? reasonId : undefined };
}

/** The attributes of a button that is off: focusable, marked disabled, described by its reason, clicks ignored. */
function offProps(guard: Guard) {
  return {
    'data-disabled': true,
    'aria-disabled': true,
    'aria-describedby': guard.reasonId,
    onClick: (event: MouseEvent) => event.preventDefault(),
  } as const;
}

/** The reason as hidden text after the button: its description, not part of its name. */
function WithReason({ guard, children }: { guard: Guard; children: ReactNode }) {
  if (!guard.off || !guard.reasonId) return children;
  return (
    <>
      {children}
      <VisuallyHidden id={guard.reasonId}>{guard.reason}</VisuallyHidden>
    </>
  );
}

export type ActionButtonProps = Omit<ButtonProps, 'disabled'> &
  GuardProps &
  PermissionNeed & {
    children: ReactNode;
    onClick?: () => void;
    type?: 'button' | 'submit';
    'aria-label'?: string;
    /** The button element (a menu's target, to give focus back to). */
    ref?: Ref<HTMLButtonElement>;
  };

export function ActionButton({
  operation,
  role,
  disabled,
  disabledReason,
  onClick,
  children,
  type = 'button',
  ...rest
}: ActionButtonProps) {
  const guard = useGuard({ operation, role } as PermissionNeed, { disabled, disabledReason });
  if (!guard.off) {
    return (
      <Button type={type} onClick={onClick} {...rest}>
        {children}
      </Button>
    );
  }
  const button = (
    <Button type="button" {...rest} {...offProps(guard)} loading={false}>
      {children}
    </Button>
  );
  return (
    <WithReason guard={guard}>
      {guard.reason ? (
        <Tooltip label={guard.reason} withArrow multiline w={280} openDelay={200}>
          {button}
        </Tooltip>
      ) : (
        button
      )}
    </WithReason>
  );
}

export type ActionIconButtonProps = Omit<RowIconButtonProps, 'children' | 'disabled' | 'aria-label'> &
  GuardProps &
  PermissionNeed & {
    /** Accessible name, e.g. "Delete transfer-key.example.net.". */
    label: string;
    /** Tooltip text (short verb, e.g. "Delete"). Default: `label`. Replaced by the reason while off. */
    tooltip?: string;
    icon: ReactNode;
    onClick?: () => void;
  };

export function ActionIconButton({
  operation,
  role,
  disabled,
  disabledReason,
  label,
  tooltip,
  icon,
  onClick,
  ...rest
}: ActionIconButtonProps) {
  const guard = useGuard({ operation, role } as PermissionNeed, { disabled, disabledReason });
  return (
    <WithReason guard={guard}>
      <LazyTooltip label={(guard.off && guard.reason) || (tooltip ?? label)} withArrow openDelay={400}>
        <RowIconButton aria-label={label} {...rest} {...(guard.off ? offProps(guard) : { onClick })}>
          {icon}
        </RowIconButton>
      </LazyTooltip>
    </WithReason>
  );
}
