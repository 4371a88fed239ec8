/**
 * The serial watch on the zones list (docs/decisions/014-serial-watch.md): one line saying that the dashboard's
 * server checks every zone's serials in the background (every N minutes, last round, next round, paused for the
 * budget) and what its last round found; the zones behind that are not on the page, with how long they have been
 * behind; its History (what it found over 90 days) and, for operators, Run now. The checks themselves fill the Serials column (`useSerialWatch`), where the summary offers the Force
 * actions and each badge says since when the watch has found the zone behind.
 */
import { Alert, Anchor, Group, List, Text } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleAllows, type SerialWatch } from '@secdns/api-types';
import { countOf } from '../../../lib/count';
import { formatAbsolute, formatRelative } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { zonePath } from '../../../lib/zone-path';
import { SerialWatchHistoryButton } from './serial-watch-history';
import { useRunSerialWatch } from '../serial-watch';
import { errorMessage } from '../../../lib/api-client';
import { useSessionRole } from '../../../lib/session-role';

/** The alert names this many zones; the Serials column shows them all. */
const SHOWN_BEHIND = 8;

const displayName = (name: string) => name.replace(/\.$/, '');

export function SerialWatchStatus({
  accountId,
  watch,
  pageZoneIds,
}: {
  accountId: string;
  watch: UseQueryResult<SerialWatch>;
  /** The zones the table shows: their findings are in the Serials column and its summary, not repeated here. */
  pageZoneIds: ReadonlySet<string>;
}) {
  const now = useNow(15_000);
  const role = useSessionRole();
  const mayRun = role !== null && roleAllows(role, 'operator'); // the route's least role (POST …/serial_watch/run)
  const run = useRunSerialWatch(accountId);
  const report = watch.data;
  if (!report) return null;
  // Off: nothing here (the Serials summary tells an admin how to turn it on).
  if (report.state === 'off') return null;

  const round = report.last_round;
  const behind = report.zones.filter((zone) => zone.kind === 'behind');
  const attention = report.zones.filter((zone) => zone.kind === 'attention').length;
  const found = [behind.length > 0 && `${behind.length} behind`, attention > 0 && `${attention} to look at`].filter(Boolean).join(', ');
  const facts = [
    `every ${countOf(report.interval_minutes, 'minute')}, at most ${report.budget_percent} % of the API budget`,
    report.state === 'running'
      ? 'checking now…'
      : report.state === 'paused'
        ? `paused${round ? ` (${countOf(round.checked, 'zone')} checked so far)` : ''}`
        : round?.finished_at
        ? `last round ${formatRelative(round.finished_at, now)}: ${countOf(round.checked, 'zone')} checked${round.complete ? '' : ' (cut short)'}${found ? `, ${found}` : ''}`
        : `first round ${report.next_round_at ? untilNext(report.next_round_at, now) : 'soon'}`,
    report.state !== 'running' && report.next_round_at && (round?.finished_at || report.state === 'paused')
      ? `next ${untilNext(report.next_round_at, now)}`
      : null,
  ].filter((fact): fact is string => fact !== null);
  const elsewhere = behind.filter((zone) => !pageZoneIds.has(zone.zone_id));

  return (
    <section aria-label="Serial watch">
      <Group gap={6} wrap="nowrap" align="flex-start">
        <IconEye size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} color="var(--mantine-color-dimmed)" />
        <Text size="xs" c="dimmed" title={round ? `Last round started ${formatAbsolute(round.started_at)}` : undefined}>
          Serial watch: {facts.join(' · ')}
          {report.note ? ` — ${report.note}` : ''}
          {' · '}
          <SerialWatchHistoryButton accountId={accountId} />
          {mayRun && report.state !== 'running' && (
            <>
              {' · '}
              <Anchor
                component="button"
                type="button"
                size="xs"
                onClick={() => run.mutate()}
                disabled={run.isPending}
                title="Check every zone now instead of at the next round (paced like any round: at most its share of the API budget)"
                style={{ whiteSpace: 'nowrap' }}
              >
                Run now
              </Anchor>
            </>
          )}
        </Text>
      </Group>
      {run.isError && (
        <Text size="xs" c="red" mt={4} role="alert">
          Could not start a round: {errorMessage(run.error)}
        </Text>
      )}
      {elsewhere.length > 0 && (
        <Alert
          mt="xs"
          color="orange"
          variant="light"
          title={`The serial watch finds ${countOf(elsewhere.length, 'zone')} behind ${pageZoneIds.size > 0 ? 'that this page does not show' : ''}`.trim()}
        >
          <List size="sm" spacing={2}>
            {elsewhere.slice(0, SHOWN_BEHIND).map((zone) => (
              <List.Item key={zone.zone_id}>
                <Anchor component={Link} to={zonePath(accountId, zone.zone_id)} ff="monospace" size="sm" c="inherit" underline="always">
                  {displayName(zone.zone_name)}
                </Anchor>{' '}
                — {zone.label}
                {zone.behind_since ? `, first found behind ${formatRelative(zone.behind_since, now)}` : ''}
              </List.Item>
            ))}
          </List>
          {elsewhere.length > SHOWN_BEHIND && (
            <Text size="sm" mt={4}>
              and {countOf(elsewhere.length - SHOWN_BEHIND, 'more zone')}.
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={6}>
            Checked from the dashboard&apos;s server. Open a zone to Force AXFR or Force NOTIFY.
          </Text>
        </Alert>
      )}
    </section>
  );
}

/** When the next round starts: "in 12 minutes", or "any moment" once it is due (never "just now" for what is to come). */
function untilNext(at: string, now: number): string {
  return Date.parse(at) - now <= 5_000 ? 'any moment' : formatRelative(at, now);
}
