/**
 * The frame of the zone page's two panels: a named region with a heading, a status badge, actions and a reload; and
 * the states both panels share before there is a configuration to show (loading, failed to load, not configured).
 */
import { ActionIcon, Badge, Box, Group, Paper, Skeleton, Stack, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import { ErrorState } from '../../../components/error-state';
import { SetUpButton } from './zone-actions';

type Side = 'secondary' | 'primary';

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
            {/* The status never truncates ("CONFIGU…"): the title wraps instead. */}
            <Box style={{ flexShrink: 0, display: 'flex' }}>{badge}</Box>
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

/** While the configuration loads: "Loading the secondary configuration…" for screen readers, a skeleton for eyes. */
export function TransferPanelLoading({ title, side }: { title: string; side: Side }) {
  return (
    <TransferPanel title={title}>
      <VisuallyHidden role="status">Loading the {side} configuration…</VisuallyHidden>
      <PanelSkeleton />
    </TransferPanel>
  );
}

export interface TransferPanelLoadErrorProps {
  title: string;
  side: Side;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}

/** The configuration could not be loaded: why, and Retry. */
export function TransferPanelLoadError({ title, side, error, onRetry, retrying }: TransferPanelLoadErrorProps) {
  return (
    <TransferPanel title={title}>
      <ErrorState title={`Could not load the ${side} configuration`} error={error} onRetry={onRetry} retrying={retrying} />
    </TransferPanel>
  );
}

export interface NotConfiguredPanelProps {
  title: string;
  side: Side;
  onReload: () => void;
  reloading: boolean;
  onSetUp: () => void;
  /** The set-up form (a modal). */
  form: ReactNode;
  /** What not being configured means for this zone. */
  children: ReactNode;
}

/** No configuration yet: "Not configured", what that means, and Set up. */
export function NotConfiguredPanel({ title, side, onReload, reloading, onSetUp, form, children }: NotConfiguredPanelProps) {
  return (
    <TransferPanel
      title={title}
      badge={<Badge color="gray" variant="light">Not configured</Badge>}
      onReload={onReload}
      reloading={reloading}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{children}</Text>
        <SetUpButton side={side} onClick={onSetUp} />
      </Stack>
      {form}
    </TransferPanel>
  );
}
