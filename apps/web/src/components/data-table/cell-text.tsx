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
  title?: string;
}

const BASE: CSSProperties = {
  display: 'block',
  margin: 0,
  fontSize: 'var(--mantine-font-size-sm)',
  lineHeight: 'var(--mantine-line-height-sm)',
};
const TRUNCATE: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };
const MONO: CSSProperties = { fontFamily: 'var(--mantine-font-family-monospace)' };
const DIMMED: CSSProperties = { color: 'var(--mantine-color-dimmed)' };
const STRONG: CSSProperties = { fontWeight: 500 };

/** The style object for a combination of flags, made once per combination. */
const styles = new Map<number, CSSProperties>();
function styleFor(mono: boolean, dimmed: boolean, strong: boolean, truncate: boolean): CSSProperties {
  const key = (mono ? 1 : 0) | (dimmed ? 2 : 0) | (strong ? 4 : 0) | (truncate ? 8 : 0);
  let style = styles.get(key);
  if (!style) {
    style = { ...BASE, ...(mono ? MONO : {}), ...(dimmed ? DIMMED : {}), ...(strong ? STRONG : {}), ...(truncate ? TRUNCATE : {}) };
    styles.set(key, style);
  }
  return style;
}

export function CellText({ children, mono = false, dimmed = false, strong = false, truncate = false, title }: CellTextProps) {
  return (
    <span style={styleFor(mono, dimmed, strong, truncate)} title={title}>
      {children}
    </span>
  );
}
