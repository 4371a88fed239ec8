/**
 * Mantine's Tooltip, mounted only when a mouse has rested on its target for `openDelay`. A table renders two or three
 * icon buttons with tooltips on every visible row, and a mounted Tooltip (floating-ui's hover, focus, dismiss and
 * role hooks) costs more than the button itself: typing in the search box of a 5,000-row table re-renders a dozen new
 * rows per keystroke, and the tooltips were a third of that time (`pnpm bench`, docs/benchmarks.md).
 *
 * Until then the child is rendered alone; when the delay has passed, the Tooltip is mounted around it, already open,
 * and from then on behaves as usual (hover to open after the delay, leave to close). Mounting it replaces the
 * button's element, so it is not done while the button has the keyboard focus (the focus would be lost); Mantine's
 * tooltips do not open on focus anyway (`events.focus` is off by default), and the buttons carry their name in
 * `aria-label`.
 */
import { Tooltip, type TooltipProps } from '@mantine/core';
import { cloneElement, useEffect, useRef, useState, type PointerEvent, type ReactElement } from 'react';

type ChildProps = {
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onPointerLeave?: (event: PointerEvent<HTMLElement>) => void;
};

export type LazyTooltipProps = Omit<TooltipProps, 'children'> & { children: ReactElement<ChildProps> };

export function LazyTooltip({ children, openDelay = 0, ...props }: LazyTooltipProps) {
  const [armed, setArmed] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  if (armed) {
    return (
      <Tooltip openDelay={openDelay} defaultOpened {...props}>
        {children}
      </Tooltip>
    );
  }
  return cloneElement(children, {
    onPointerEnter: (event: PointerEvent<HTMLElement>) => {
      children.props.onPointerEnter?.(event);
      if (event.pointerType !== 'mouse') return;
      const target = event.currentTarget;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        if (target.isConnected && target !== document.activeElement) setArmed(true);
      }, openDelay);
    },
    onPointerLeave: (event: PointerEvent<HTMLElement>) => {
      children.props.onPointerLeave?.(event);
      clearTimeout(timer.current);
    },
  });
}
