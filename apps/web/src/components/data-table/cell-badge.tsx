/**
 * A small light badge for table cells: the markup of Mantine's `<Badge size="sm" variant="light" color=…>` (classes,
 * data attributes, CSS variables; Mantine's stylesheet does the rest, light and dark), as one plain element without
 * Mantine's per-instance work, for the same reason as `CellText` and `RowIconButton`: long tables re-render a dozen
 * rows per keystroke. `cell-badge.test.tsx` checks the markup against the installed Mantine's Badge.
 */
import type { MantineColor } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';

const styles = new Map<string, CSSProperties>();
function styleFor(color: string): CSSProperties {
  let style = styles.get(color);
  if (!style) {
    style = {
      '--badge-height': 'var(--badge-height-sm)',
      '--badge-padding-x': 'var(--badge-padding-x-sm)',
      '--badge-fz': 'var(--badge-fz-sm)',
      '--badge-bg': `var(--mantine-color-${color}-light)`,
      '--badge-color': `var(--mantine-color-${color}-light-color)`,
      '--badge-bd': 'calc(0.0625rem * var(--mantine-scale)) solid transparent',
    } as CSSProperties;
    styles.set(color, style);
  }
  return style;
}

export function CellBadge({ color = 'blue', children, title }: { color?: MantineColor; children: ReactNode; title?: string }) {
  return (
    <div style={styleFor(color)} className="m_347db0ec mantine-Badge-root" data-variant="light" data-size="sm" title={title}>
      <span className="m_5add502a mantine-Badge-label">{children}</span>
    </div>
  );
}
