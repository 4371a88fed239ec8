/**
 * "Recent actions" on the zone page: the latest audited requests on this zone by anyone signed in
 * (`GET /api/zones/:zone_id/activity`, no call to Cloudflare), so whoever opens a stale zone sees who already forced a
 * transfer, when, why and how it went, before doing it again. Reloaded whenever a change or action on the page
 * settles (successful or not: failures are recorded too). The full entries are in the audit log.
 */
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useIsMutating, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ZoneActivityEntry } from '@secdns/api-types';
import { ErrorState } from '../../../components/error-state';
import { OutcomeBadge, REFUSALS } from '../../audit/components/audit-cells';
import { operationLabel } from '../../audit/operation-labels';
import { bffGet } from '../../../lib/bff-get';
import { formatAbsolute, formatRelative } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { zoneKeys } from '../api/queries';
import { PanelSkeleton, TransferPanel } from './transfer-panel';
import { KEYBOARD_SCROLL } from '../../../components/keyboard-scroll';

export const ZONE_ACTIVITY_TITLE = 'Recent actions';
export const ZONE_ACTIVITY_LIMIT = 10;


/** "role too low for this operation": the audit log's words, mid-sentence. */
function refusalWords(refusal: string): string {
  const words = REFUSALS[refusal] ?? refusal;
  return words.charAt(0).toLowerCase() + words.slice(1);
}

export function ZoneActivity({ zoneId }: { zoneId: string }) {
  const now = useNow(30_000);
  const activity = useQuery({
    queryKey: zoneKeys.activity(zoneId),
    queryFn: ({ signal }) =>
      bffGet<ZoneActivityEntry[]>(`/api/zones/${encodeURIComponent(zoneId)}/activity?limit=${ZONE_ACTIVITY_LIMIT}`, {
        signal,
        operationId: 'zones.activity',
      }),
    staleTime: 15_000,
  });

  // A change or action on this page settled: it is in the audit log now.
  const mutating = useIsMutating();
  const wasMutating = useRef(mutating);
  const { refetch } = activity;
  useEffect(() => {
    if (wasMutating.current > 0 && mutating === 0) void refetch();
    wasMutating.current = mutating;
  }, [mutating, refetch]);

  const auditLink = (
    <Anchor component={Link} to={`/audit?zone=${encodeURIComponent(zoneId)}`} size="xs" underline="always">
      Audit log for this zone
    </Anchor>
  );

  return (
    <TransferPanel title={ZONE_ACTIVITY_TITLE} onReload={() => void refetch()} reloading={activity.isFetching}>
      {activity.isPending ? (
        <PanelSkeleton />
      ) : activity.isError ? (
        <ErrorState
          title="Could not load the recent actions"
          error={activity.error}
          onRetry={() => void refetch()}
          retrying={activity.isFetching}
        />
      ) : activity.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has changed or forced anything on this zone through this dashboard yet.
        </Text>
      ) : (
        <Stack gap="xs">
          <Table.ScrollContainer minWidth={560} scrollAreaProps={KEYBOARD_SCROLL}>
            <Table verticalSpacing={6} horizontalSpacing="sm" aria-label="Recent actions on this zone">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {activity.data.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>
                      <Text size="sm" title={formatAbsolute(entry.time)} style={{ whiteSpace: 'nowrap' }}>
                        {formatRelative(entry.time, now)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{entry.username ?? 'anonymous'}</Text>
                        {entry.role && (
                          <Badge size="xs" variant="outline" color="gray">
                            {entry.role}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{operationLabel(entry.operation)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <OutcomeBadge entry={entry} />
                        {entry.refusal && (
                          <Text size="xs" c="dimmed">
                            Refused: {refusalWords(entry.refusal)}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={entry.reason ? undefined : 'dimmed'}>
                        {entry.reason ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            The latest {ZONE_ACTIVITY_LIMIT} at most, by everyone. {auditLink} (every detail; admins see everyone&apos;s
            entries there, others their own).
          </Text>
        </Stack>
      )}
    </TransferPanel>
  );
}
