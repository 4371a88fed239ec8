/**
 * "Recent actions" on the zone page: the latest audited requests on this zone by anyone signed in
 * (`GET /api/zones/:zone_id/activity`, no call to Cloudflare), so whoever opens a stale zone sees who already forced a
 * transfer, when, why and how it went, before doing it again. Reloaded whenever a change or action on the page
 * settles (successful or not: failures are recorded too). The full entries are in the audit log.
 * Between them, what the serial watch found (`…/serial_watch/history`, ADR 014), so an incident reads as one story:
 * found behind at 14:02, Force AXFR by alice at 14:40, no longer behind at 14:47 (after 45 minutes).
 */
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useIsMutating, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { apiTokenLabelName, isFollowedForce, type SerialWatchEvent, type ZoneActivityEntry } from '@secdns/api-types';
import { ErrorState } from '../../../components/error-state';
import { ChangesLine, OutcomeBadge, REFUSALS, SeenAfterLine } from '../../audit/components/audit-cells';
import { ANONYMOUS_ACTOR, operationLabel } from '../../audit/operation-labels';
import { bffGet } from '../../../lib/bff-get';
import { formatAbsolute, formatRelative } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { zoneKeys } from '../api/queries';
import { serialWatchQuery, watchEventWords, watchHistoryQuery } from '../serial-watch';
import { PanelSkeleton, TransferPanel } from './transfer-panel';
import { KEYBOARD_SCROLL } from '../../../components/keyboard-scroll';

export const ZONE_ACTIVITY_TITLE = 'Recent actions';
export const ZONE_ACTIVITY_LIMIT = 10;


/** How often Recent actions is read again while a Force's outcome is awaited, and for how long after the Force. */
export const FOLLOW_UP_POLL_MS = 5_000;
const FOLLOW_UP_WINDOW_MS = 10 * 60_000;

/** Whether a Force Cloudflare accepted in the last minutes has no `seen_after` yet (the BFF may still find it). */
export function awaitingSeenAfter(entries: readonly ZoneActivityEntry[] | undefined, now: number): boolean {
  return (entries ?? []).some(
    (entry) =>
      isFollowedForce(entry.operation) &&
      entry.outcome === 'success' &&
      !entry.seen_after &&
      now - Date.parse(entry.time) < FOLLOW_UP_WINDOW_MS,
  );
}

/** "role too low for this operation": the audit log's words, mid-sentence. */
function refusalWords(refusal: string): string {
  const words = REFUSALS[refusal] ?? refusal;
  return words.charAt(0).toLowerCase() + words.slice(1);
}

/** One row of the list: an audited request, or a finding of the serial watch. */
type ActivityRow = { kind: 'action'; time: string; entry: ZoneActivityEntry } | { kind: 'watch'; time: string; event: SerialWatchEvent };

/** Both lists, newest first, the latest `limit`. */
export function activityRows(actions: readonly ZoneActivityEntry[], events: readonly SerialWatchEvent[], limit: number): ActivityRow[] {
  const rows: ActivityRow[] = [
    ...actions.map((entry) => ({ kind: 'action' as const, time: entry.time, entry })),
    ...events.map((event) => ({ kind: 'watch' as const, time: event.time, event })),
  ];
  return rows.sort((a, b) => Date.parse(b.time) - Date.parse(a.time)).slice(0, limit);
}

export function WhenCell({ time, now }: { time: string; now: number }) {
  return (
    <Table.Td>
      <Text size="sm" title={formatAbsolute(time)} style={{ whiteSpace: 'nowrap' }}>
        {formatRelative(time, now)}
      </Text>
    </Table.Td>
  );
}

/** Who: the user and their role, and the API token a script used (its name, without the id). */
function WhoCell({ name, badge, apiToken = null }: { name: string; badge: string | null; apiToken?: string | null }) {
  return (
    <Table.Td>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {name}
        </Text>
        {badge && (
          // Whole, never cut to "AUTOMA…" by a narrow column.
          <Badge size="xs" variant="outline" color="gray" style={{ minWidth: 'max-content' }}>
            {badge}
          </Badge>
        )}
      </Group>
      {apiToken && (
        <Text size="xs" c="dimmed" title={`With the API token ${apiToken}`}>
          API token {apiTokenLabelName(apiToken)}
        </Text>
      )}
    </Table.Td>
  );
}

const EVENT_COLORS: Record<SerialWatchEvent['event'], string> = {
  behind: 'red',
  not_behind: 'teal',
  not_watched: 'gray',
  refresh_overdue: 'orange',
  refresh_resumed: 'teal',
};

/** The verdict the watch found with the event, coloured by what happened (behind red, no longer behind teal). */
export function WatchEventBadge({ event }: { event: SerialWatchEvent }) {
  return (
    <Badge size="sm" variant="light" color={EVENT_COLORS[event.event]} style={{ textTransform: 'none', minWidth: 'max-content' }}>
      {event.label}
    </Badge>
  );
}

/** What the watch found, its verdict and the serials: three cells, here and in the account's history. */
export function WatchEventCells({ event }: { event: SerialWatchEvent }) {
  const words = watchEventWords(event);
  return (
    <>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {words.action}
        </Text>
      </Table.Td>
      <Table.Td>
        <WatchEventBadge event={event} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {words.facts}
        </Text>
      </Table.Td>
    </>
  );
}

function WatchRow({ event, now }: { event: SerialWatchEvent; now: number }) {
  return (
    <Table.Tr>
      <WhenCell time={event.time} now={now} />
      <WhoCell name="serial watch" badge="automatic" />
      <WatchEventCells event={event} />
    </Table.Tr>
  );
}

function ActionRow({ entry, now, accountId }: { entry: ZoneActivityEntry; now: number; accountId: string }) {
  return (
    <Table.Tr>
      <WhenCell time={entry.time} now={now} />
      <WhoCell name={entry.username ?? ANONYMOUS_ACTOR} badge={entry.role} apiToken={entry.api_token} />
      <Table.Td>
        <Text size="sm">{operationLabel(entry.operation)}</Text>
        <ChangesLine entry={entry} accountId={accountId} />
        <SeenAfterLine entry={entry} />
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
  );
}

export function ZoneActivity({ accountId, zoneId }: { accountId: string; zoneId: string }) {
  const now = useNow(30_000);
  const activity = useQuery({
    queryKey: zoneKeys.activity(zoneId),
    queryFn: ({ signal }) =>
      bffGet<ZoneActivityEntry[]>(`/api/zones/${encodeURIComponent(zoneId)}/activity?limit=${ZONE_ACTIVITY_LIMIT}`, {
        signal,
        operationId: 'zones.activity',
      }),
    staleTime: 15_000,
    // A Force the BFF is still following (ADR 018): read again (the dashboard's own log, no call to Cloudflare)
    // until what it moved is known.
    refetchInterval: (query) => (awaitingSeenAfter(query.state.data, Date.now()) ? FOLLOW_UP_POLL_MS : false),
  });
  const history = useQuery(watchHistoryQuery(accountId, zoneId, ZONE_ACTIVITY_LIMIT));
  // Another round of the serial watch ended (the zone page polls its state): it may have found something. (Not on
  // the first answer: the history was just read. A background read on the BFF: it does not keep the session alive.)
  const roundEnded = useQuery({ ...serialWatchQuery(accountId), enabled: false }).data?.last_round?.finished_at;
  const seenRound = useRef(roundEnded);
  const { refetch: refetchHistory } = history;
  useEffect(() => {
    if (seenRound.current && roundEnded && roundEnded !== seenRound.current) void refetchHistory();
    seenRound.current = roundEnded ?? seenRound.current;
  }, [roundEnded, refetchHistory]);

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
    <TransferPanel
      title={ZONE_ACTIVITY_TITLE}
      onReload={() => {
        void refetch();
        void refetchHistory();
      }}
      reloading={activity.isFetching || history.isFetching}
    >
      {activity.isPending ? (
        <PanelSkeleton />
      ) : activity.isError ? (
        <ErrorState
          title="Could not load the recent actions"
          error={activity.error}
          onRetry={() => void refetch()}
          retrying={activity.isFetching}
        />
      ) : activity.data.length === 0 && !history.data?.length ? (
        <Text size="sm" c="dimmed">
          Nobody has changed or forced anything on this zone through this dashboard yet.
          {history.isError && ' (The serial watch’s findings could not be loaded.)'}
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
                  <Table.Th>Reason or serials</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {activityRows(activity.data, history.data ?? [], ZONE_ACTIVITY_LIMIT).map((row) =>
                  row.kind === 'watch' ? (
                    <WatchRow key={`watch-${row.event.id}`} event={row.event} now={now} />
                  ) : (
                    <ActionRow key={row.entry.id} entry={row.entry} now={now} accountId={accountId} />
                  ),
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            The latest {ZONE_ACTIVITY_LIMIT} at most, by everyone, with what the serial watch found.
            {history.isError && ' The serial watch’s findings could not be loaded.'} {auditLink} (every detail; admins
            see everyone&apos;s entries there, others their own).
          </Text>
        </Stack>
      )}
    </TransferPanel>
  );
}
