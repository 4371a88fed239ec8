import { ActionIcon, CopyButton } from '@mantine/core';
import type { CSSProperties } from 'react';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { LazyTooltip } from './lazy-tooltip';

export interface CopyIdProps {
  /** The identifier (or other value) to show in monospace and copy. */
  value: string;
  /** What it is, for the button's accessible name: "Copy peer ID". Default "ID". */
  label?: string;
  /** Show only the first characters (the full value is still copied and in the tooltip). */
  shorten?: number;
  /** Text size (Mantine's scale). Default "sm". */
  size?: 'xs' | 'sm';
}

// Plain elements styled as Mantine's <Group gap={4} wrap="nowrap"> and <Text ff="monospace" size=…>: the copy id sits
// in a cell of every table row, and tables re-render a dozen rows per keystroke in their search box.
const GROUP: CSSProperties = { display: 'flex', alignItems: 'center', gap: 4, flexWrap: 'nowrap' };
const TEXT: Record<'xs' | 'sm', CSSProperties> = {
  xs: { margin: 0, fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)', lineHeight: 'var(--mantine-line-height-xs)' },
  sm: { margin: 0, fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)', lineHeight: 'var(--mantine-line-height-sm)' },
};

/** A monospace identifier with a copy button. */
export function CopyId({ value, label = 'ID', shorten, size = 'sm' }: CopyIdProps) {
  const shown = shorten && value.length > shorten ? `${value.slice(0, shorten)}…` : value;
  return (
    <span style={GROUP}>
      <span style={TEXT[size]} title={value}>
        {shown}
      </span>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <LazyTooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow openDelay={300}>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="sm"
              onClick={copy}
              aria-label={`Copy ${label}`}
            >
              {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            </ActionIcon>
          </LazyTooltip>
        )}
      </CopyButton>
    </span>
  );
}
