/** The frame of the zone page's two panels: a named region with a heading, a status badge, actions and a reload. */
import { ActionIcon, Box, Group, Paper, Skeleton, Stack, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';

export interface TransferPanelProps {
  /** "Secondary (incoming)" / "Primary (outgoing)": the region's accessible name. */
  title: string;
  badge?: ReactNode;
  actions?: ReactNode;
  onReload?: () => void;
  reloading?: boolean;
  children: ReactNode;
}

export function TransferPanel({ title, badge, actions, onReload, reloading, children }: TransferPanelProps) {
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder radius="md" p="lg">
      <Stack gap="md">
        <Group justify="space-between" align="center" wrap="wrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Title order={2} size="h4" id={headingId}>
              {title}
            </Title>
            {badge}
            {onReload && (
              <Tooltip label="Reload from Cloudflare" withArrow openDelay={300}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Reload ${title}`}
                  onClick={onReload}
                  loading={reloading}
                >
                  <IconRefresh size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
          {actions && (
            <Group gap="xs" wrap="wrap">
              {actions}
            </Group>
          )}
        </Group>
        <Box>{children}</Box>
      </Stack>
    </Paper>
  );
}

export function PanelSkeleton() {
  return (
    <Stack gap="sm" aria-hidden>
      {Array.from({ length: 5 }, (_, index) => (
        <Group key={index} gap="lg" wrap="nowrap">
          <Skeleton height={12} width={120} radius="sm" />
          <Skeleton height={12} width={`${40 + ((index * 13) % 40)}%`} radius="sm" />
        </Group>
      ))}
    </Stack>
  );
}
