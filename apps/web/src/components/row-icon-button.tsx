/**
 * An icon button for table rows: the markup Mantine's `<ActionIcon variant="subtle">` renders (its classes, data
 * attributes and CSS variables, so Mantine's stylesheet styles it the same in light and dark mode), as one plain
 * `<button>` without Mantine's per-instance work (Box, props and style resolution). A 5,000-row table renders two or
 * three of these on each of a dozen new rows per keystroke in its search box; with Mantine's ActionIcon they were a
 * third of the time of a keystroke (`pnpm bench`). `row-icon-button.test.tsx` checks the markup against the installed
 * Mantine's ActionIcon, so a Mantine upgrade that changes it fails a test instead of a style.
 */
import type { MantineColor } from '@mantine/core';
import type { ButtonHTMLAttributes, CSSProperties, ReactNode, Ref } from 'react';

export interface RowIconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'color' | 'style' | 'className'> {
  /** A Mantine color name; default the theme's primary color (blue). */
  color?: MantineColor;
  size?: 'sm' | 'md';
  children: ReactNode;
  ref?: Ref<HTMLButtonElement>;
  'data-disabled'?: boolean;
}

const ROOT = 'mantine-focus-auto m_8d3f4000 mantine-ActionIcon-root m_87cf2631 mantine-UnstyledButton-root';
/** `mantine-active` (the pressed effect) only while the button is on. */
const ROOT_ON = 'mantine-focus-auto mantine-active m_8d3f4000 mantine-ActionIcon-root m_87cf2631 mantine-UnstyledButton-root';

const styles = new Map<string, CSSProperties>();
function styleFor(color: string, size: 'sm' | 'md'): CSSProperties {
  const key = `${color}:${size}`;
  let style = styles.get(key);
  if (!style) {
    style = {
      ...(size === 'sm' ? { '--ai-size': 'var(--ai-size-sm)' } : {}),
      '--ai-bg': 'transparent',
      '--ai-hover': `var(--mantine-color-${color}-light-hover)`,
      '--ai-color': `var(--mantine-color-${color}-light-color)`,
      '--ai-bd': 'calc(0.0625rem * var(--mantine-scale)) solid transparent',
    } as CSSProperties;
    styles.set(key, style);
  }
  return style;
}

export function RowIconButton({ color = 'blue', size = 'md', children, ref, type = 'button', ...rest }: RowIconButtonProps) {
  const off = Boolean(rest['data-disabled']);
  return (
    <button
      ref={ref}
      style={styleFor(color, size)}
      className={off ? ROOT : ROOT_ON}
      data-variant="subtle"
      data-size={size === 'md' ? undefined : size}
      type={type}
      {...rest}
    >
      <span className="m_8d3afb97 mantine-ActionIcon-icon">{children}</span>
    </button>
  );
}
