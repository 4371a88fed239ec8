import { ActionIcon, CopyButton, Group, Text, Tooltip, type TextProps } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

export interface CopyIdProps extends Omit<TextProps, 'children'> {
  /** The identifier (or other value) to show in monospace and copy. */
  value: string;
  /** What it is, for the button's accessible name: "Copy peer ID". Default "ID". */
  label?: string;
  /** Show only the first characters (the full value is still copied and in the tooltip). */
  shorten?: number;
}

/** A monospace identifier with a copy button. */
export function CopyId({ value, label = 'ID', shorten, ...textProps }: CopyIdProps) {
  const shown = shorten && value.length > shorten ? `${value.slice(0, shorten)}…` : value;
  return (
    <Group gap={4} wrap="nowrap">
      <Text ff="monospace" size="sm" title={value} {...textProps}>
        {shown}
      </Text>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow openDelay={300}>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="sm"
              onClick={copy}
              aria-label={`Copy ${label}`}
            >
              {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
