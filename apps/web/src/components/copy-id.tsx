import { CopyButton } from '@mantine/core';
import type { CSSProperties } from 'react';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { CellText } from './data-table/cell-text';
import { LazyTooltip } from './lazy-tooltip';
import { RowIconButton } from './row-icon-button';

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

/** As Mantine's <Group gap={4} wrap="nowrap">: the copy id sits in a cell of every table row (see CellText). */
const GROUP: CSSProperties = { display: 'flex', alignItems: 'center', gap: 4, flexWrap: 'nowrap' };

/** A monospace identifier with a copy button. */
export function CopyId({ value, label = 'ID', shorten, size = 'sm' }: CopyIdProps) {
  const shown = shorten && value.length > shorten ? `${value.slice(0, shorten)}…` : value;
  return (
    <span style={GROUP}>
      <CellText mono size={size} title={value}>
        {shown}
      </CellText>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <LazyTooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow openDelay={300}>
            <RowIconButton color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label={`Copy ${label}`}>
              {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            </RowIconButton>
          </LazyTooltip>
        )}
      </CopyButton>
    </span>
  );
}
