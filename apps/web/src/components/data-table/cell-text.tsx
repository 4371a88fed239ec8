/**
 * Text in a table cell: a plain element styled as Mantine's `<Text size="sm">` (with `truncate`, `ff="monospace"`,
 * `c="dimmed"`, `fw={500}` as flags). A virtualized table re-renders a dozen rows on every keystroke in its search
 * box; a Mantine Text resolves theme, style props and class names on each render, and the cells' Texts were a large
 * part of a keystroke in a 5,000-row table (`pnpm bench`).
 *
 *   <CellText mono truncate title={peer.ip}>{peer.ip}</CellText>
 */
import type { CSSProperties, ReactNode } from 'react';

export interface CellTextProps {
  children: ReactNode;
  /** Monospace (addresses, ids, key names). */
  mono?: boolean;
  /** Secondary text ("None", "default"). */
  dimmed?: boolean;
  /** Medium weight (the row's name). */
  strong?: boolean;
  /** One line, cut with an ellipsis (give the whole text in `title`). */
  truncate?: boolean;
  /** Mantine's text size. Default "sm". */
  size?: 'xs' | 'sm';
  title?: string;
}

const SIZE: Record<'xs' | 'sm', CSSProperties> = {
  xs: { fontSize: 'var(--mantine-font-size-xs)', lineHeight: 'var(--mantine-line-height-xs)' },
  sm: { fontSize: 'var(--mantine-font-size-sm)', lineHeight: 'var(--mantine-line-height-sm)' },
};
const TRUNCATE: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };

export function CellText({ children, mono, dimmed, strong, truncate, size = 'sm', title }: CellTextProps) {
  const style: CSSProperties = {
    display: 'block',
    margin: 0,
    ...SIZE[size],
    ...(mono ? { fontFamily: 'var(--mantine-font-family-monospace)' } : {}),
    ...(dimmed ? { color: 'var(--mantine-color-dimmed)' } : {}),
    ...(strong ? { fontWeight: 500 } : {}),
    ...(truncate ? TRUNCATE : {}),
  };
  return (
    <span style={style} title={title}>
      {children}
    </span>
  );
}
