/** Label / value pairs as a description list (`<dl>`), two columns. */
import { Box, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface FieldItem {
  label: string;
  value: ReactNode;
}

export function FieldList({ items }: { items: FieldItem[] }) {
  return (
    <Box
      component="dl"
      m={0}
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(140px, max-content) minmax(0, 1fr)',
        columnGap: 'var(--mantine-spacing-lg)',
        rowGap: 'var(--mantine-spacing-sm)',
        alignItems: 'baseline',
      }}
    >
      {items.map((item) => (
        <Box key={item.label} style={{ display: 'contents' }}>
          <Text component="dt" size="sm" c="dimmed" fw={500}>
            {item.label}
          </Text>
          <Box component="dd" m={0} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {typeof item.value === 'string' || typeof item.value === 'number' ? (
              <Text size="sm">{item.value}</Text>
            ) : (
              item.value
            )}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
