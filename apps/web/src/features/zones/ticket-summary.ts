/**
 * The zone page's "Copy summary": what the page knows about a zone, as plain text to paste into a ticket or a chat —
 * the zone, Cloudflare's serial and times for each configured side, the peers, the last serial check (if one was run;
 * by whom: a person or the serial watch, and since when the watch finds the zone behind),
 * and the recent actions with what the serial watch found. Absolute times in UTC (a ticket is read later and elsewhere), with the relative time beside.
 * Pure: the button gathers what is in the query cache (no extra call to Cloudflare).
 */
import type {
  CloudflareHealth,
  Incoming,
  Outgoing,
  Peer,
  SerialCheck,
  SerialWatchEvent,
  SerialWatchZone,
  Zone,
  ZoneActivityEntry,
} from '@secdns/api-types';
import { changesText, forceSeenAfterText } from '@secdns/api-types';
import { actorName, operationLabel } from '../audit/operation-labels';
import { failureBreakdown, formatMs } from '../../lib/cloudflare-health';
import { formatAbsolute, formatInterval, formatRelative } from '../../lib/format-time';
import { peerAddress } from './components/peer-picker';
import { summaryOf } from './serial-check';
import { watchEventWords } from './serial-watch';

export interface TicketSummaryInput {
  zone: Zone;
  /** The page's address, so the reader can open it. */
  url: string;
  /** undefined: not loaded; null: not configured. */
  incoming?: Incoming | null;
  outgoing?: Outgoing | null;
  outgoingStatus?: string | null;
  peers?: Peer[];
  serials?: { incoming?: SerialCheck; outgoing?: SerialCheck };
  /** The serial watch's entries for this zone (ADR 014): who made the check, and since when it finds the zone behind. */
  watched?: SerialWatchZone[];
  activity?: ZoneActivityEntry[];
  /** What the serial watch found over time (its history), listed with the actions in time order. */
  watchHistory?: SerialWatchEvent[];
  /** How Cloudflare has answered the dashboard's calls lately (the header's report), when known. */
  cloudflare?: CloudflareHealth;
  now: number;
}

/** "Cloudflare's API (…): failing — …": whether Cloudflare itself was failing when the ticket was written. */
function cloudflareLine(health: CloudflareHealth | undefined, now: number): string | null {
  if (!health || health.state === 'unknown') return null;
  const head = `Cloudflare's API (this dashboard's calls, last ${formatInterval(health.windowSeconds)}):`;
  const last = health.lastFailure
    ? `; last failure ${when(health.lastFailure.at, now)}, ${operationLabel(health.lastFailure.operation)}: ${health.lastFailure.message}`
    : '';
  switch (health.state) {
    case 'failing':
      return `${head} FAILING — ${health.consecutiveFailures} calls in a row failed since ${when(health.failingSince ?? undefined, now)}${last}`;
    case 'errors':
      return `${head} ${health.failed} of ${health.calls} calls failed (${failureBreakdown(health.failures)}), answering again${last}`;
    case 'slow':
      return `${head} slow — the slowest 5 % of answers took ${formatMs(health.answerMs?.p95 ?? 0)} or more`;
    default:
      return `${head} answering, ${health.calls} calls, none failed`;
  }
}

function when(value: string | undefined, now: number): string {
  if (!value) return 'never';
  return `${formatAbsolute(value, 'UTC')} (${formatRelative(value, now)})`;
}

function peerList(ids: string[] | undefined, peers: Peer[] | undefined): string {
  if (!ids?.length) return 'none';
  return ids
    .map((id) => {
      const peer = peers?.find((candidate) => candidate.id === id);
      if (!peer) return id;
      return peer.ip ? `${peer.name} ${peerAddress(peer)}` : `${peer.name} (no address)`;
    })
    .join(', ');
}

function serialLines(check: SerialCheck | undefined, now: number, watched: SerialWatchZone | undefined): string[] {
  if (!check) return [];
  const byWatch = watched?.check.checked_at === check.checked_at ? ' by the serial watch' : '';
  const lines = [`  Serial check${byWatch}, ${when(check.checked_at, now)}${check.emulated ? ' (sandbox: emulated nameservers)' : ''}:`];
  for (const peer of check.peers) lines.push(`    ${peer.peer_name ?? peer.peer_id}: ${peer.message}`);
  const moved = movedSince(check);
  if (moved) lines.push(`  ${moved}`);
  if (byWatch && watched?.behind_since && !moved) lines.push(`  The serial watch first found it behind ${when(watched.behind_since, now)}.`);
  return lines;
}

export function ticketSummary(input: TicketSummaryInput): string {
  const { zone, now } = input;
  const lines = [
    `Zone ${zone.name} (${zone.id}), Cloudflare type ${zone.type ?? 'unknown'}, status ${zone.status ?? 'unknown'}`,
    `Dashboard: ${input.url}`,
    `As of ${formatAbsolute(now, 'UTC')}`,
  ];
  const cloudflare = cloudflareLine(input.cloudflare, now);
  if (cloudflare) lines.push(cloudflare);
  lines.push('');

  if (zone.type === 'secondary' || input.incoming) {
    const config = input.incoming;
    if (config === undefined) lines.push('Secondary (incoming): not loaded');
    else if (config === null) lines.push('Secondary (incoming): not configured');
    else {
      lines.push(
        `Secondary (incoming): Cloudflare's serial ${config.soa_serial ?? 'none'}, last checked ${when(config.checked_time, now)}` +
          (config.auto_refresh_seconds !== undefined ? `, refresh every ${formatInterval(config.auto_refresh_seconds)}` : ''),
        `  Primaries: ${peerList(config.peers, input.peers)}`,
        ...serialLines(input.serials?.incoming, now, input.watched?.find((entry) => entry.direction === 'incoming')),
      );
    }
  }
  if (zone.type !== 'secondary' || input.outgoing) {
    const config = input.outgoing;
    if (config === undefined) lines.push('Primary (outgoing): not loaded');
    else if (config === null) lines.push('Primary (outgoing): not configured');
    else {
      lines.push(
        `Primary (outgoing): transfers ${input.outgoingStatus ? input.outgoingStatus.toLowerCase() : 'in an unknown state'}, ` +
          `Cloudflare's serial ${config.soa_serial ?? 'none'}, last transferred ${when(config.last_transferred_time, now)}`,
        `  Secondaries: ${peerList(config.peers, input.peers)}`,
        ...serialLines(input.serials?.outgoing, now, input.watched?.find((entry) => entry.direction === 'outgoing')),
      );
    }
  }

  const recent: { time: string; line: string }[] = [];
  for (const entry of input.activity ?? []) {
    const who = actorName(entry.username, entry.role);
    const reason = entry.reason ? `, reason "${entry.reason}"` : '';
    const resolve = (id: string) => input.peers?.find((peer) => peer.id === id)?.name ?? id;
    const changed = changesText(entry.changes ?? [], { deleted: entry.operation.endsWith('.delete'), resolve });
    recent.push({
      time: entry.time,
      line:
        `${who}: ${operationLabel(entry.operation)}, ${entry.outcome} (HTTP ${entry.status})${reason}${changed ? ` (${changed})` : ''}` +
        (entry.seen_after ? `; afterwards: ${forceSeenAfterText(entry.operation, entry.seen_after, entry.time)}` : ''),
    });
  }
  for (const event of input.watchHistory ?? []) {
    const words = watchEventWords(event);
    recent.push({ time: event.time, line: `serial watch: ${words.action}, ${event.label} (${words.facts})` });
  }
  if (recent.length) {
    lines.push('', input.watchHistory?.length ? 'Recent actions and serial watch findings (this dashboard):' : 'Recent actions (this dashboard):');
    recent.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
    for (const { time, line } of recent) lines.push(`  ${formatAbsolute(time, 'UTC')} ${line}`);
  }
  return lines.join('\n');
}

/** "the primary is ahead of Cloudflare's copy; Cloudflare 2024040102, hidden-primary 2024040401". */
function serialCheckLine(check: SerialCheck): string {
  const peers = check.peers.map((peer) => `${peer.peer_name ?? peer.peer_id} ${peer.serial ?? peer.status}`);
  const moved = check.cloudflare_serial_at_check !== undefined ? ` (${check.cloudflare_serial_at_check ?? 'none'} when asked)` : '';
  return `${summaryOf(check)}; Cloudflare ${check.cloudflare_serial ?? 'none'}${moved}${peers.length ? `, ${peers.join(', ')}` : ''}`;
}

/** A check compared again with Cloudflare's newer serial (`againstCloudflareSerial`) says so, with both serials. */
function movedSince(check: SerialCheck): string | null {
  if (check.cloudflare_serial_at_check === undefined) return null;
  return `Cloudflare's serial was ${check.cloudflare_serial_at_check ?? 'none'} when the peers were asked; read since: ${check.cloudflare_serial}. The answers above are compared with it.`;
}

/** One zone's line in the zones list's "Copy findings". */
export interface SerialFinding {
  zone: Pick<Zone, 'name'>;
  check: SerialCheck;
  /** The verdict's label as the Serials column shows it. */
  label: string;
}

/**
 * What a serial sweep covered, so that its heading (on screen and in "Copy findings") says exactly that: how many of
 * the zones listed were checked, how many were not asked yet (and why), which failed, and how many the listing did
 * not reach (the list reads at most 20 pages of 50; `total` is the list's result_info total_count).
 */
export interface SweepCoverage {
  /** `page`: the zones list's page; `all`: every zone the list's search listed. */
  scope: 'page' | 'all';
  /** The list's search the sweep was made for ('' for none). */
  search?: string;
  /** Zones the sweep was about: the page's, or every zone listed. */
  listed: number;
  /** Zones with a check shown (one line each in the findings). */
  checked: number;
  /** Zones with nothing to ask (no transfer configuration): nobody to ask, not a gap. */
  notConfigured: number;
  /** Zones whose check failed (an error other than the budget's). */
  failed: number;
  /** Zones not asked yet (the budget's share, a 429, Stop). */
  notAsked: number;
  /** Why zones were not asked yet, as the last run knows it (e.g. "the shared Cloudflare API budget is spent"). */
  notAskedWhy?: string | null;
  /** How many zones the list's search has in all, when known (beyond `listed`: not listed, so not asked). */
  total?: number | null;
}

const number = (n: number) => n.toLocaleString('en-US');
const zonesOf = (n: number) => `${number(n)} ${n === 1 ? 'zone' : 'zones'}`;

/** The zones beyond the listing's cap, when known. */
export function notListed(coverage: SweepCoverage): number {
  return coverage.total != null && coverage.scope === 'all' ? Math.max(0, coverage.total - coverage.listed) : 0;
}

/**
 * "Serials of all 230 zones", only when every zone listed was asked and none is beyond the listing's cap; otherwise
 * "Serials of 235 of 1,000 zones listed (765 not asked yet: …); 12 zones beyond the first 1,000 not listed".
 */
export function sweepHeading(coverage: SweepCoverage): string {
  const { scope, listed, checked, notConfigured, failed, notAsked, notAskedWhy } = coverage;
  const matching = coverage.search ? ` matching “${coverage.search}”` : '';
  const beyond = notListed(coverage);
  const gaps = [
    notAsked > 0 && `${number(notAsked)} not asked yet${notAskedWhy ? `: ${notAskedWhy}` : ''}`,
    failed > 0 && `${number(failed)} could not be checked`,
    notConfigured > 0 && (notAsked > 0 || failed > 0) && `${number(notConfigured)} not configured`,
  ].filter((part): part is string => typeof part === 'string');
  let heading: string;
  if (notAsked === 0 && beyond === 0) {
    heading = scope === 'all' ? `Serials of all ${zonesOf(listed)}${matching}` : 'Serials on this page';
    if (failed > 0) heading += ` (${gaps.join('; ')})`;
  } else {
    heading =
      `Serials of ${number(checked)} of ${zonesOf(listed)} ${scope === 'all' ? 'listed' : 'on this page'}${matching}` +
      (gaps.length ? ` (${gaps.join('; ')})` : '');
  }
  if (beyond > 0) heading += `; ${zonesOf(beyond)} beyond the first ${number(listed)} not listed`;
  return heading;
}

/**
 * The zones list's "Copy findings" after Check serials: what the sweep covered (`sweepHeading`), then one line per
 * zone (name, verdict, the check's sentence, its time in UTC), the zones behind first, for an incident ticket or a chat.
 */
export function serialFindingsText(findings: readonly SerialFinding[], coverage: SweepCoverage): string {
  const heading = sweepHeading(coverage);
  const lines = findings.map(
    ({ zone, check, label }) =>
      `${zone.name}\t${label}\t${serialCheckLine(check)}\t${formatAbsolute(check.checked_at, 'UTC')}`,
  );
  return [`${heading} (asked from the dashboard's server; zone, verdict, peers, asked at):`, ...lines].join('\n');
}
