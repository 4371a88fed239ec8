/**
 * The serial watch on the zones list (docs/decisions/014-serial-watch.md): one line saying that the dashboard's
 * server checks every zone's serials in the background (every N minutes, last round, next round, paused for the
 * budget, how far the round under way is: "412 of 2,000 zones") and what its last round found; when a full round
 * takes longer than the interval at the watch's share of the budget, the line drops "every N minutes" (no longer
 * true: rounds run back to back) and says how long a round takes and what would shorten it; the zones behind that are not on the page, with how long they have been
 * behind; its History (what it found over 90 days) and, for operators, Run now. The checks themselves fill the Serials column (`useSerialWatch`), where the summary offers the Force
 * actions and each badge says since when the watch has found the zone behind.
 */
import { Alert, Anchor, Group, List, Text } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import { REFRESH_OVERDUE_LABEL, SERIAL_WATCH_MAX_BUDGET_PERCENT, formatInterval, roleAllows, type SerialWatch } from '@secdns/api-types';
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
/** "1 zone", "2,000 zones": counts that reach the thousands. */
const zonesOf = (n: number) => countOf(n, 'zone').replace(/^\d+/, n.toLocaleString('en-US'));
/** A round's length as people say it: to the minute past a minute ("1 hour 25 minutes"), else in seconds. */
const roundLength = (seconds: number) => formatInterval(seconds >= 60 ? Math.round(seconds / 60) * 60 : Math.max(1, Math.round(seconds)));

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
  // How far the round under way is, once it has listed the account's zones: "412 of 2,000 zones".
  const progress = round?.zones != null && round.done != null ? `${round.done.toLocaleString('en-US')} of ${zonesOf(round.zones)}` : null;
  // A full round at the watch's share of the budget takes longer than the interval: rounds then run back to back,
  // so "every 15 minutes" would not be true. Say how long a round takes, and what would make it shorter.
  const estimate = report.round_estimate ?? null;
  const interval = report.interval_minutes * 60;
  const overruns = estimate !== null && estimate.seconds > interval;
  const lastTook = report.last_round_seconds ?? null;
  const facts = [
    overruns
      ? `at most ${report.budget_percent} % of the API budget`
      : `every ${countOf(report.interval_minutes, 'minute')}, at most ${report.budget_percent} % of the API budget`,
    report.state === 'running'
      ? progress
        ? `checking now: ${progress} checked`
        : 'checking now…'
      : report.state === 'paused'
        ? `paused${progress ? ` (${progress} checked so far)` : round ? ` (${countOf(round.checked, 'zone')} checked so far)` : ''}`
        : round?.finished_at
          ? `last round ${formatRelative(round.finished_at, now)}` +
            // Its length only when it matters: longer than the interval.
            (lastTook !== null && lastTook > interval ? ` (took ${roundLength(lastTook)})` : '') +
            `: ${zonesOf(round.checked)} checked${round.complete ? '' : ' (cut short)'}${found ? `, ${found}` : ''}`
          : `first round ${report.next_round_at ? untilNext(report.next_round_at, now) : 'soon'}`,
    overruns
      ? `a full round takes about ${roundLength(estimate.seconds)}, longer than the ${report.interval_minutes}-minute interval: ` +
        `rounds run back to back (${
          report.budget_percent < SERIAL_WATCH_MAX_BUDGET_PERCENT
            ? 'raise SERIAL_WATCH_BUDGET_PERCENT for shorter ones'
            : `${report.budget_percent} % is the largest share the watch may take`
        })`
      : null,
    report.state !== 'running' && report.next_round_at && (round?.finished_at || report.state === 'paused')
      ? `next ${untilNext(report.next_round_at, now)}`
      : null,
  ].filter((fact): fact is string => fact !== null);
  const details = [
    round && `Last round started ${formatAbsolute(round.started_at)}${round.finished_at && lastTook !== null ? `, took ${roundLength(lastTook)}` : ''}.`,
    estimate &&
      `A full round needs ${estimate.reads.toLocaleString('en-US')} reads of the Cloudflare API: about ${roundLength(estimate.seconds)} at ${report.budget_percent} % of the budget.`,
  ].filter(Boolean);
  // The zones behind, then those to look at (a refresh overdue, primaries not answering), that the page does not show.
  const elsewhere = report.zones.filter((zone) => zone.kind !== 'in-sync' && !pageZoneIds.has(zone.zone_id));
  const elsewhereBehind = elsewhere.filter((zone) => zone.kind === 'behind').length;
  const toLookAt = elsewhere.length - elsewhereBehind;
  const elsewhereCounts =
    elsewhereBehind > 0 && toLookAt > 0
      ? `${countOf(elsewhereBehind, 'zone')} behind and ${toLookAt} to look at`
      : elsewhereBehind > 0
        ? `${countOf(elsewhereBehind, 'zone')} behind`
        : `${countOf(toLookAt, 'zone')} to look at`;

  return (
    <section aria-label="Serial watch">
      <Group gap={6} wrap="nowrap" align="flex-start">
        <IconEye size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} color="var(--mantine-color-dimmed)" />
        <Text size="xs" c="dimmed" title={details.length > 0 ? details.join(' ') : undefined}>
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
          title={`The serial watch finds ${elsewhereCounts} ${pageZoneIds.size > 0 ? 'that this page does not show' : ''}`.trim()}
        >
          <List size="sm" spacing={2}>
            {elsewhere.slice(0, SHOWN_BEHIND).map((zone) => (
              <List.Item key={zone.zone_id}>
                <Anchor component={Link} to={zonePath(accountId, zone.zone_id)} ff="monospace" size="sm" c="inherit" underline="always">
                  {displayName(zone.zone_name)}
                </Anchor>{' '}
                — {zone.label}
                {zone.behind_since ? `, first found behind ${formatRelative(zone.behind_since, now)}` : ''}
                {zone.kind === 'attention' && zone.check.refresh?.checked_time && zone.label === REFRESH_OVERDUE_LABEL
                  ? `: Cloudflare last reached its primaries ${formatRelative(zone.check.refresh.checked_time, now)}`
                  : ''}
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
