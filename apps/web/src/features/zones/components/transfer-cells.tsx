/**
 * The zones list's per-row transfer state, fetched only once the row is on screen (IntersectionObserver) and only
 * for the side Cloudflare allows for the zone's type: `incoming.get` for secondary zones, `outgoing.status.get` for
 * the others. One call per visible row, cached under the zone page's keys (`zoneKeys`), so opening the zone reuses it.
 * "Not configured" rows link to the zone page to set the side up, only for a role that may (`incoming.create` /
 * `outgoing.create`); the zone page shows the others the Set up button turned off with the reason. A secondary zone
 * whose last check is more than twice its refresh interval ago is marked Overdue (probably stale).
 */
import { ActionIcon, Anchor, Badge, Group, Skeleton, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { OperationId, Zone } from '@secdns/api-types';
import { errorMessage } from '../../../lib/api-client';
import { formatInterval, formatRelative } from '../../../lib/format-time';
import { usePermission } from '../../../lib/permissions';
import { useInView } from '../../../lib/use-in-view';
import { zoneQueries } from '../api/queries';
import { refreshOverdue } from '../freshness';
import { OutgoingStatusBadge } from './outgoing-panel';

export function NotApplicable({ reason }: { reason: string }) {
  return (
    <Text size="sm" c="dimmed" title={reason} span>
      <span aria-hidden>—</span>
      <VisuallyHidden>{reason}</VisuallyHidden>
    </Text>
  );
}

/** Each side's words and the operation that sets it up. */
const SIDES = {
  incoming: { what: 'secondary', setUpLabel: 'Set up secondary', setUpOperation: 'incoming.create' },
  outgoing: { what: 'primary', setUpLabel: 'Set up primary', setUpOperation: 'outgoing.create' },
} as const satisfies Record<string, { what: string; setUpLabel: string; setUpOperation: OperationId }>;

function CellState<T>({
  side,
  query,
  inView,
  zone,
  zoneUrl,
  children,
}: {
  side: keyof typeof SIDES;
  query: UseQueryResult<T | null>;
  inView: boolean;
  zone: Zone;
  zoneUrl: string;
  children: (data: T) => ReactNode;
}) {
  const { what, setUpLabel, setUpOperation } = SIDES[side];
  const setUp = usePermission({ operation: setUpOperation });
  if (!inView || query.isPending) {
    return (
      <>
        <Skeleton height={12} width={96} radius="sm" aria-hidden />
        {inView && <VisuallyHidden>Loading</VisuallyHidden>}
      </>
    );
  }
  if (query.isError && query.data === undefined) {
    return (
      <Group gap={4} wrap="nowrap">
        <Text size="sm" c="red" title={errorMessage(query.error)} span>
          Could not load
        </Text>
        <Tooltip label="Retry" withArrow openDelay={300}>
          <ActionIcon
            variant="subtle"
            size="sm"
            color="gray"
            aria-label={`Retry loading the ${what} state of ${zone.name}`}
            onClick={() => void query.refetch()}
            loading={query.isFetching}
          >
            <IconRefresh size={14} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
    );
  }
  if (query.data === null || query.data === undefined) {
    return (
      <Group gap={6} wrap="nowrap">
        <Text size="sm" c="dimmed" span>
          Not configured
        </Text>
        {setUp.allowed && (
          <Anchor component={Link} to={zoneUrl} size="sm" aria-label={`${setUpLabel} for ${zone.name}`}>
            Set up
          </Anchor>
        )}
      </Group>
    );
  }
  return <>{children(query.data)}</>;
}

export function IncomingCell({ zone, zoneUrl }: { zone: Zone; zoneUrl: string }) {
  const { ref, inView } = useInView<HTMLDivElement>();
  const query = useQuery({ ...zoneQueries.incoming(zone.id), enabled: inView });
  return (
    <div ref={ref} data-testid={`incoming-${zone.name}`}>
      <CellState side="incoming" query={query} inView={inView} zone={zone} zoneUrl={zoneUrl}>
        {(incoming) => {
          const overdue = refreshOverdue(incoming.auto_refresh_seconds, incoming.checked_time, Date.now());
          return (
            // The badge never truncates; in a narrow column the serial goes below it.
            <Group wrap="wrap" style={{ columnGap: 6, rowGap: 2 }}>
              {overdue ? (
                // Configured, but probably stale: the badge says so instead of "Configured".
                <Badge
                  size="sm"
                  color="orange"
                  variant="light"
                  style={{ flexShrink: 0, overflow: 'visible' }}
                  title={`Configured, but last checked ${formatRelative(incoming.checked_time!)}; Cloudflare should check every ${formatInterval(incoming.auto_refresh_seconds!)}`}
                >
                  Overdue
                  <VisuallyHidden>
                    : last checked {formatRelative(incoming.checked_time!)}, refresh every{' '}
                    {formatInterval(incoming.auto_refresh_seconds!)}
                  </VisuallyHidden>
                </Badge>
              ) : (
                <Badge size="sm" color="blue" variant="light" style={{ flexShrink: 0, overflow: 'visible' }}>
                  Configured
                </Badge>
              )}
              {incoming.soa_serial !== undefined && (
                <Text size="xs" c="dimmed" title="Cloudflare's SOA serial of its copy of the zone">
                  serial{' '}
                  <Text span inherit ff="monospace">
                    {incoming.soa_serial}
                  </Text>
                </Text>
              )}
            </Group>
          );
        }}
      </CellState>
    </div>
  );
}

export function OutgoingCell({ zone, zoneUrl }: { zone: Zone; zoneUrl: string }) {
  const { ref, inView } = useInView<HTMLDivElement>();
  const query = useQuery({ ...zoneQueries.outgoingStatus(zone.id), enabled: inView });
  return (
    <div ref={ref} data-testid={`outgoing-${zone.name}`}>
      <CellState side="outgoing" query={query} inView={inView} zone={zone} zoneUrl={zoneUrl}>
        {(status) => (
          <span title="Configured as primary; outgoing transfers status">
            <OutgoingStatusBadge status={status} />
          </span>
        )}
      </CellState>
    </div>
  );
}
