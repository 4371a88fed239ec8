/**
 * A row action: an icon button with an accessible name and a tooltip. Role-ready: `disabled` with a
 * `disabledReason` keeps the button focusable (`aria-disabled`), shows why in the tooltip and announces it through
 * `aria-describedby` (like `GuardedButton`), e.g. "Only admins can delete TSIG keys".
 */
import { ActionIcon, Tooltip, VisuallyHidden, type ActionIconProps } from '@mantine/core';
import { useId, type KeyboardEventHandler, type ReactNode } from 'react';

export interface IconActionProps extends Omit<ActionIconProps, 'children'> {
  /** Accessible name, e.g. "Delete transfer-key.example.net.". */
  label: string;
  /** Tooltip text (short verb, e.g. "Delete"). Default: `label`. */
  tooltip?: string;
  icon: ReactNode;
  onClick?: () => void;
  onKeyDown?: KeyboardEventHandler<HTMLButtonElement>;
  'aria-expanded'?: boolean;
  disabled?: boolean;
  /** Why the action is disabled; shown as the tooltip and announced with the button. */
  disabledReason?: string;
}

export function IconAction({ label, tooltip, icon, onClick, disabled, disabledReason, ...props }: IconActionProps) {
  const reasonId = useId();
  const explained = Boolean(disabled && disabledReason);
  const tip = explained ? disabledReason : (tooltip ?? label);
  const action = (
    <Tooltip label={tip} withArrow openDelay={400}>
      <ActionIcon
        variant="subtle"
        aria-label={label}
        aria-describedby={explained ? reasonId : undefined}
        data-disabled={disabled || undefined}
        aria-disabled={disabled || undefined}
        onClick={(event) => {
          if (disabled) {
            event.preventDefault();
            return;
          }
          onClick?.();
        }}
        {...props}
      >
        {icon}
      </ActionIcon>
    </Tooltip>
  );
  if (!explained) return action;
  return (
    <>
      {action}
      <VisuallyHidden id={reasonId}>{disabledReason}</VisuallyHidden>
    </>
  );
}
