/**
 * "Check serials" on the zones list: the serial check (ADR 010) for every zone of the page (or of every page) at
 * once, so support sees in one look which zones are stale — Cloudflare's copy behind its primary, or a secondary
 * behind Cloudflare — and forces them from the same place. A Serials column (one badge per zone, the check's sentence in its title) and a
 * summary above the table with "Force AXFR on the N zones where Cloudflare is behind…" / "Force NOTIFY on …" (the
 * bulk dialog, those zones picked) and, after a Force run, those zones checked again.
 *
 * Each zone's check is the zone page's (same route, same cache entry: `serialCheckQuery`), asked 4 at a time: one
 * read of the zone's transfer configuration from the shared budget per zone (the account's peers are one cached
 * read), the DNS queries from the dashboard's server. Zones the list already knows have no configuration are not
 * asked; never more than half of what is left of the budget. A budget refusal (429) stops the sweep; Stop ends it
 * after the checks in flight. The summary also offers "Show only the zones not in sync" and "Copy findings".
 * docs/decisions/013-serial-sweep.md.
 */
import { Alert, Anchor, Badge, Button, Group, Progress, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconCheck, IconClipboardText, IconRadar, IconRefreshDot } from '@tabler/icons-react';
import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { SerialCheck, Zone } from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatAbsolute, formatRelative } from '../../../lib/format-time';
import { countOf as count } from '../../../lib/count';
import { useNow } from '../../../lib/use-now';
import { useSessionRole } from '../../../lib/session-role';
import { zonePath } from '../../../lib/zone-path';
import { forcedAtQuery, isNotConfigured, zoneQueries } from '../api/queries';
import { directionOf, serialCheckQuery, summaryOf, transferStateKey, zoneVerdict, type ZoneSerialKind, type ZoneSerialVerdict } from '../serial-check';
import { serialFindingsText, sweepHeading, type SweepCoverage } from '../ticket-summary';
import { sweepShown, usePageSerialChecks, type SerialSweep } from '../use-serial-sweep';
import { serialWatchQuery, transfersOff, watchedZone } from '../serial-watch';
import { BulkForceDialog, FORCE_ACTIONS } from './bulk-force';

export function SerialSweepButton({ sweep, zones }: { sweep: SerialSweep; zones: Zone[] | undefined }) {
  return (
    <Button
      variant="default"
      leftSection={<IconRadar size={16} aria-hidden />}
      loading={sweep.running}
      disabled={zones === undefined || zones.length === 0}
      onClick={() => zones && void sweep.start(zones)}
      title="Asks each zone's primaries (secondary zones) or secondaries (other zones) for its SOA serial, from this dashboard's server, and compares it with Cloudflare's. One read of the shared Cloudflare budget per zone."
    >
      Check serials
    </Button>
  );
}

/** The Serials column's cell: the zone's verdict, the check's sentence in its title. */
export function SerialCell({ accountId, zone }: { accountId: string; zone: Zone }) {
  const direction = directionOf(zone);
  const check = useQuery({ ...serialCheckQuery(accountId, zone.id, direction), enabled: false });
  const forcedAt = useQuery(forcedAtQuery(zone.id)).data;
  const watched = useQuery({ ...serialWatchQuery(accountId), enabled: false }).data;
  const config = useQuery({
    queryKey: transferStateKey(zone),
    enabled: false,
  });
  if (check.isFetching) {
    return (
      <Text size="xs" c="dimmed" span>
        Asking…
      </Text>
    );
  }
  if (check.data) {
    const verdict = zoneVerdict(check.data, {
      transfersDisabled: transfersOff(config.data, watched, zone.id),
      forcedAt,
      askedAt: check.dataUpdatedAt,
    });
    const since = watchedZone(watched, zone.id)?.behind_since;
    const details =
      `${summaryOf(check.data)} (asked ${formatAbsolute(check.data.checked_at)})` +
      (verdict.kind === 'behind' && since ? `; the serial watch first found it behind at ${formatAbsolute(since)}` : '');
    return (
      <>
        <Badge
          color={verdict.color}
          variant="light"
          size="sm"
          title={details}
          data-kind={verdict.kind}
          style={{ textTransform: 'none' }}
        >
          {verdict.label}
        </Badge>
        {/* The title is for the mouse; a screen reader gets the same sentence. */}
        <VisuallyHidden>: {details}</VisuallyHidden>
      </>
    );
  }
  if (check.isError) {
    if (isNotConfigured(check.error)) return <NotAsked reason="Not configured: nobody to ask" />;
    return (
      <Text size="xs" c="red" title={errorMessage(check.error)} span>
        {isApiError(check.error) && check.error.status === 429 ? 'Not asked: budget' : 'Could not check'}
      </Text>
    );
  }
  if (config.data === null) return <NotAsked reason="Not configured: nobody to ask" />;
  return <NotAsked reason="Not checked yet" />;
}

function NotAsked({ reason }: { reason: string }) {
  return (
    <Text size="sm" c="dimmed" title={reason} span>
      <span aria-hidden>—</span>
      <VisuallyHidden>{reason}</VisuallyHidden>
    </Text>
  );
}

/** The order of "Copy findings": what needs doing first. */
const KIND_ORDER: Record<ZoneSerialKind, number> = { behind: 0, waiting: 1, attention: 2, 'in-sync': 3 };

/** The summary names this many zones to look at; the Serials column shows them all. */
const SHOWN_TO_LOOK_AT = 8;

/** What the last checks found, for the summary and the table's "only these" view. */
export interface SweepFindings {
  /** The summary is about every zone of the run (after "Check all"), not just this page. */
  all: boolean;
  zones: readonly Zone[];
  checks: UseQueryResult<SerialCheck>[];
  verdicts: { zone: Zone; index: number; check: SerialCheck; verdict: ZoneSerialVerdict }[];
  /** Behind and not forced in vain already: what the Force buttons offer. */
  behindIncoming: Zone[];
  behindOutgoing: Zone[];
  inSync: number;
  waiting: number;
  stuck: SweepFindings['verdicts'];
  attention: SweepFindings['verdicts'];
  failed: number;
  oldest: string | null;
  /** Every zone checked that is not in sync, in the run's order. */
  problems: Zone[];
  /** Zones with no transfer configuration (known from the list, or the check's 404): nobody to ask. */
  notConfigured: number;
  /**
   * Zones of the summary with nothing shown yet and nothing known against asking them: never asked in this sweep, or
   * refused for budget. "Check the rest" asks exactly these; the checks shown are not asked again.
   */
  notAsked: Zone[];
}

export function useSweepFindings(
  accountId: string,
  sweep: SerialSweep,
  pageZones: readonly Zone[],
  pageChecks: UseQueryResult<SerialCheck>[],
): SweepFindings {
  const all = sweep.scope === 'all';
  const zones = all ? sweep.zones : pageZones;
  const scopeChecks = usePageSerialChecks(accountId, all ? zones : []);
  const checks = all ? scopeChecks : pageChecks;
  // The outgoing zones' transfer status as the list (or the sweep) loaded it.
  const statuses = useQueries({
    queries: zones.map((zone) => ({ ...zoneQueries.outgoingStatus(zone.id), enabled: false })),
  });
  const forced = useQueries({ queries: zones.map((zone) => forcedAtQuery(zone.id)) });
  // Whether the list knows a zone has no configuration (its row's state): such a zone is not asked.
  const states = useQueries({ queries: zones.map((zone) => ({ queryKey: transferStateKey(zone), enabled: false })) });
  const watched = useQuery({ ...serialWatchQuery(accountId), enabled: false }).data;
  const verdicts: SweepFindings['verdicts'] = [];
  zones.forEach((zone, index) => {
    const check = checks[index]?.data;
    if (!check) return;
    verdicts.push({
      zone,
      index,
      check,
      verdict: zoneVerdict(check, {
        transfersDisabled: transfersOff(statuses[index]?.data, watched, zone.id),
        forcedAt: forced[index]?.data,
        askedAt: checks[index]?.dataUpdatedAt,
      }),
    });
  });
  const fresh = (v: SweepFindings['verdicts'][number]) => v.verdict.kind === 'behind' && !v.verdict.afterForce;
  let notConfigured = 0;
  const notAsked: Zone[] = [];
  zones.forEach((zone, index) => {
    const query = checks[index];
    if (query?.data !== undefined) return;
    if (states[index]?.data === null || (query?.isError && isNotConfigured(query.error))) notConfigured += 1;
    else if (!query?.isError || (isApiError(query.error) && query.error.status === 429)) notAsked.push(zone);
  });
  return {
    all,
    zones,
    checks,
    verdicts,
    behindIncoming: verdicts.filter((v) => fresh(v) && v.check.direction === 'incoming').map((v) => v.zone),
    behindOutgoing: verdicts.filter((v) => fresh(v) && v.check.direction === 'outgoing').map((v) => v.zone),
    inSync: verdicts.filter((v) => v.verdict.kind === 'in-sync').length,
    waiting: verdicts.filter((v) => v.verdict.kind === 'waiting').length,
    stuck: verdicts.filter((v) => v.verdict.afterForce),
    attention: verdicts.filter((v) => v.verdict.kind === 'attention'),
    // A check that failed after an earlier answer still counts by that answer (its cell shows it), not twice.
    failed: checks.filter(
      (query) =>
        query.isError &&
        query.data === undefined &&
        !isNotConfigured(query.error) &&
        !(isApiError(query.error) && query.error.status === 429),
    ).length,
    oldest: verdicts.reduce<string | null>((min, v) => (min === null || v.check.checked_at < min ? v.check.checked_at : min), null),
    problems: verdicts.filter((v) => v.verdict.kind !== 'in-sync').map((v) => v.zone),
    notConfigured,
    notAsked,
  };
}

/**
 * The summary above the table once serials were checked on this page (or are being checked): what was found, as of
 * when, and the Force action for the zones that are behind.
 */
export function SerialSweepSummary({
  accountId,
  zones: pageZones,
  sweep,
  checks: pageChecks,
  findings,
  totalCount,
  search,
  onCheckAll,
  onlyProblems,
  onOnlyProblemsChange,
}: {
  accountId: string;
  /** The page's zones and their checks. */
  zones: readonly Zone[];
  sweep: SerialSweep;
  checks: UseQueryResult<SerialCheck>[];
  findings: SweepFindings;
  /** How many zones the list's search has in all (every page). */
  totalCount: number;
  /** The list's search ('' for none). */
  search: string;
  /** Checks every zone of the search, page by page. */
  onCheckAll: () => void;
  /** The table shows only the zones that are not in sync. */
  onlyProblems: boolean;
  onOnlyProblemsChange: (value: boolean) => void;
}) {
  const now = useNow(15_000);
  const clipboard = useClipboard({ timeout: 2000 });
  // An admin who checks serials by hand learns that the server can do it (ADR 014); nobody else can turn it on.
  const watchState = useQuery({ ...serialWatchQuery(accountId), enabled: false }).data?.state;
  const role = useSessionRole();
  const watchOff = watchState === 'off' && role === 'admin';
  // The zones are fixed when the dialog opens: checking them again after the run must not change its list.
  const [forcing, setForcing] = useState<{ kind: 'axfr' | 'notify'; zones: Zone[] } | null>(null);
  if (!sweepShown(sweep, pageZones, pageChecks)) return null;
  const { all, zones, verdicts, behindIncoming, behindOutgoing, inSync, waiting, stuck, attention, failed, oldest, problems, notAsked } =
    findings;

  const parts = [
    inSync > 0 && `${inSync} in sync`,
    behindIncoming.length > 0 && count(behindIncoming.length, 'zone where Cloudflare is behind its primary', 'zones where Cloudflare is behind their primaries'),
    behindOutgoing.length > 0 && count(behindOutgoing.length, 'zone whose secondaries are behind Cloudflare', 'zones whose secondaries are behind Cloudflare'),
    waiting > 0 &&
      `${count(waiting, 'zone', 'zones')} forced a moment ago and not in yet (Cloudflare transfers in the background: check again in a minute)`,
    stuck.length > 0 && `${stuck.length} still behind after a Force`,
    attention.length > 0 && `${attention.length} to look at`,
    failed > 0 && `${failed} not checked (error)`,
  ].filter(Boolean);
  const stale = behindIncoming.length + behindOutgoing.length;
  // A note of the last run, when it was about what this summary shows (not another page's run).
  const ours = all || pageZones.some((zone) => sweep.zoneIds.includes(zone.id));
  const stopped = ours ? sweep.stopped : null;
  // What the summary covers, said the same on screen and in "Copy findings": the zones listed, checked, not asked yet
  // (and why), failed, and beyond the listing's cap (the list's total, when it is the sweep's search).
  const coverage: SweepCoverage = {
    scope: all ? 'all' : 'page',
    search: all ? sweep.search : '',
    listed: zones.length,
    checked: verdicts.length,
    notConfigured: findings.notConfigured,
    failed,
    notAsked: notAsked.length,
    notAskedWhy: ours ? sweep.notAskedWhy : null,
    total: all && sweep.search === search ? totalCount : null,
  };
  const heading = sweepHeading(coverage);
  const recheck = (forced: readonly Zone[]) => void sweep.start(forced, { recheck: true });

  return (
    <Stack gap="xs" aria-label="Zone serials" component="section">
      <Alert
        color={sweep.running ? 'blue' : stale > 0 || stuck.length > 0 || attention.length > 0 || failed > 0 ? 'orange' : waiting > 0 ? 'blue' : 'teal'}
        variant="light"
        icon={<IconRadar aria-hidden />}
        title={sweep.running ? 'Checking serials' : `${heading}${oldest ? `, as of ${formatRelative(oldest, now)}` : ''}`}
      >
        <Stack gap={6}>
          {/* One live region, updated in place: "Checking…" when a run starts, the findings when it ends. */}
          <Text size="sm" role="status">
            {sweep.running
              ? 'Checking serials…'
              : verdicts.length === 0
                ? `No zone ${all ? 'of the list' : 'on this page'} has a transfer configuration to check.`
                : `${count(verdicts.length, 'zone', 'zones')} checked: ${parts.join(', ')}.`}
            {!sweep.running && stopped && (
              <Text span size="sm" c="var(--mantine-color-orange-light-color)" display="block" mt={4}>
                {stopped}
              </Text>
            )}
          </Text>
          {sweep.running && (
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" c="dimmed">
                {sweep.listing ? 'Listing the zones (one request per 50)' : `${sweep.done} of ${count(sweep.total, 'zone', 'zones')}`}
              </Text>
              <Progress value={sweep.total ? (100 * sweep.done) / sweep.total : 0} w={160} size="sm" aria-hidden />
              <Button size="compact-xs" variant="subtle" color="gray" onClick={sweep.stop}>
                Stop
              </Button>
            </Group>
          )}
          {stuck.length > 0 && !sweep.running && (
            <Text size="xs">
              Still behind minutes after a Force from this browser, so forcing again will not help: Cloudflare could not
              transfer (or the secondaries could not). Open the zone&apos;s setup check (ACLs, TSIG key, addresses):{' '}
              {stuck.slice(0, SHOWN_TO_LOOK_AT).map((v, index) => (
                <span key={v.zone.id}>
                  {index > 0 && ', '}
                  <Anchor component={Link} to={zonePath(accountId, v.zone.id)} size="xs" ff="monospace" c="inherit" underline="always">
                    {v.zone.name}
                  </Anchor>
                </span>
              ))}
              {stuck.length > SHOWN_TO_LOOK_AT && ` and ${stuck.length - SHOWN_TO_LOOK_AT} more`}
            </Text>
          )}
          {attention.length > 0 && !sweep.running && (
            <Text size="xs">
              To look at:{' '}
              {attention.slice(0, SHOWN_TO_LOOK_AT).map((v, index) => (
                <span key={v.zone.id}>
                  {index > 0 && ', '}
                  <Anchor component={Link} to={zonePath(accountId, v.zone.id)} size="xs" ff="monospace" c="inherit" underline="always">
                    {v.zone.name}
                  </Anchor>{' '}
                  ({v.verdict.label.toLowerCase()})
                </span>
              ))}
              {attention.length > SHOWN_TO_LOOK_AT && ` and ${attention.length - SHOWN_TO_LOOK_AT} more (see the Serials column)`}
            </Text>
          )}
          <Group gap="xs" wrap="wrap">
            {FORCE_ACTIONS.map(({ kind, operation, label }) => {
              const behind = kind === 'axfr' ? behindIncoming : behindOutgoing;
              return (
                behind.length > 0 && (
                  <ActionButton
                    key={kind}
                    operation={operation}
                    size="xs"
                    leftSection={<IconRefreshDot size={14} aria-hidden />}
                    disabled={sweep.running}
                    onClick={() => setForcing({ kind, zones: behind })}
                  >
                    {label} on {count(behind.length, 'zone', 'zones')} behind…
                  </ActionButton>
                )
              );
            })}
            {!sweep.running && notAsked.length > 0 && verdicts.length > 0 && (
              <Button
                size="xs"
                variant="default"
                onClick={() => void sweep.start(notAsked, all ? { rest: true } : { scope: 'page', rest: true })}
                title="Asks only the zones not asked yet, within half of what is left of the shared budget; the checks shown stay"
              >
                Check the rest ({notAsked.length})
              </Button>
            )}
            {!sweep.running && (
              <Button size="xs" variant="default" onClick={() => void sweep.start(zones, { scope: sweep.scope, search: sweep.search })}>
                {all ? 'Check all again' : 'Check again'}
              </Button>
            )}
            {!sweep.running && verdicts.length > 0 && (
              <Button
                size="xs"
                variant="default"
                color={clipboard.copied ? 'teal' : undefined}
                leftSection={clipboard.copied ? <IconCheck size={14} aria-hidden /> : <IconClipboardText size={14} aria-hidden />}
                onClick={() =>
                  clipboard.copy(
                    serialFindingsText(
                      [...verdicts]
                        .sort((a, b) => KIND_ORDER[a.verdict.kind] - KIND_ORDER[b.verdict.kind] || a.zone.name.localeCompare(b.zone.name))
                        .map(({ zone, check, verdict }) => ({ zone, check, label: verdict.label })),
                      coverage,
                    ),
                  )
                }
                title="One line per zone checked (zone, verdict, serials, when), the zones behind first: for an incident ticket"
              >
                {clipboard.copied ? 'Copied' : 'Copy findings'}
              </Button>
            )}
            {(onlyProblems || (problems.length > 0 && verdicts.length > problems.length)) && (
              <Button
                size="xs"
                variant={onlyProblems ? 'filled' : 'default'}
                color={onlyProblems ? 'gray' : undefined}
                aria-pressed={onlyProblems}
                onClick={() => onOnlyProblemsChange(!onlyProblems)}
              >
                {onlyProblems ? 'Show every zone' : `Show only the ${count(problems.length, 'zone', 'zones')} not in sync`}
              </Button>
            )}
            {!sweep.running && !all && totalCount > pageZones.length && (
              <Button
                size="xs"
                variant="default"
                onClick={onCheckAll}
                title="Reads the zone list page by page (one request per 50 zones), then checks each zone, within half of what is left of the shared budget"
              >
                Check all {totalCount} zones{search ? ' matching' : ''}
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            Asked from this dashboard&apos;s server, not from Cloudflare&apos;s addresses. Each zone&apos;s check is the one on
            its page (hover a badge for the details).
            {watchOff &&
              " The serial watch can check every zone in the background (results here, in /metrics, and in a chat channel): set SERIAL_WATCH_MINUTES on the dashboard's server."}
          </Text>
        </Stack>
      </Alert>
      {forcing && (
        <BulkForceDialog
          kind={forcing.kind}
          zones={forcing.zones}
          accountId={accountId}
          initialSelected={forcing.zones.map((zone) => zone.id)}
          opened
          onClose={() => setForcing(null)}
          onRunFinished={recheck}
          {...(forcing.kind === 'axfr'
            ? { title: 'Force AXFR where Cloudflare is behind', listLabel: 'Secondary zones whose primaries are ahead of Cloudflare' }
            : { title: 'Force NOTIFY where secondaries are behind', listLabel: 'Zones whose secondaries are behind Cloudflare' })}
        />
      )}
    </Stack>
  );
}
