/**
 * A button that can be turned off with a reason ("Cloudflare refuses Force NOTIFY while transfers are disabled",
 * later "Your role cannot do this"). A disabled GuardedButton stays focusable (`aria-disabled`), shows the reason in a
 * tooltip and announces it through `aria-describedby`, so keyboard and screen reader users learn why.
 */
import { Button, Tooltip, VisuallyHidden, type ButtonProps } from '@mantine/core';
import { useId, type MouseEvent, type ReactNode } from 'react';

export interface GuardedButtonProps extends Omit<ButtonProps, 'disabled'> {
  children: ReactNode;
  onClick?: () => void;
  /** Turns the button off. */
  disabled?: boolean;
  /** Why it is off; shown in a tooltip and read by screen readers. Implies `disabled`. */
  disabledReason?: string;
  type?: 'button' | 'submit';
  'aria-label'?: string;
}

export function GuardedButton({ disabled, disabledReason, onClick, children, type = 'button', ...rest }: GuardedButtonProps) {
  const reasonId = useId();
  const off = Boolean(disabled || disabledReason);
  if (!off) {
    return (
      <Button type={type} onClick={onClick} {...rest}>
        {children}
      </Button>
    );
  }
  const button = (
    <Button
      type="button"
      {...rest}
      data-disabled
      aria-disabled
      aria-describedby={disabledReason ? reasonId : undefined}
      loading={false}
      onClick={(event: MouseEvent) => event.preventDefault()}
    >
      {children}
    </Button>
  );
  if (!disabledReason) return button;
  // The reason describes the button (aria-describedby); it is outside it so it is not part of the button's name.
  return (
    <>
      <Tooltip label={disabledReason} withArrow multiline w={280} openDelay={200}>
        {button}
      </Tooltip>
      <VisuallyHidden id={reasonId}>{disabledReason}</VisuallyHidden>
    </>
  );
}
