/**
 * The serial check's shared pieces (no React): the cache key and route of one zone's check, its query options, and
 * the words for what it found — per peer (the zone page's table), per zone (the zones list's Serials column) and
 * for a page of zones (the list's summary). The zone page's Serial check section and the zones list's "Check
 * serials" read and write the same cache entry, so a check made from the list is what the zone page shows, with
 * its time. Route and answer: packages/api-types/src/resources/serials.ts; docs/decisions/010-serial-check.md.
 */
import { hashKey, queryOptions, type QueryClient } from '@tanstack/react-query';
import {
  againstCloudflareSerial,
  peerSerialVerdict,
  serialVerdict,
  type PeerSerial,
  type SerialCheck,
  type SerialDirection,
  type SerialVerdict,
  type SerialVerdictKind,
  type Zone,
} from '@secdns/api-types';
import type { ClientBudgetPurpose } from '@secdns/api-types';
import { bffGet } from '../../lib/bff-get';
import { zoneKeys } from './api/queries';

/** A check is kept this long after the last page showing it closes (it carries its own time). */
export const SERIAL_CHECK_GC_TIME = 15 * 60_000;

export const serialCheckKey = (zoneId: string, direction: SerialDirection) =>
  [...zoneKeys.detail(zoneId), 'serials', direction] as const;

export function serialCheckPath(zoneId: string, direction: SerialDirection, accountId: string): string {
  return `/api/zones/${encodeURIComponent(zoneId)}/secondary_dns/${direction}/serials?account_id=${encodeURIComponent(accountId)}`;
}

/** The badge of one peer's row (shared with the BFF's serial watch: packages/api-types). */
export const verdictOf = peerSerialVerdict;

/**
 * One line for the header: "the primary is ahead of Cloudflare's copy", "both secondaries in sync", "all 3 secondaries in sync",
 * "1 of 2 primaries in sync; 1 ahead of Cloudflare's copy, 1 without an answer".
 */
export function summaryOf(check: SerialCheck): string {
  const incoming = check.direction === 'incoming';
  const who = incoming ? 'primar' : 'secondar';
  const noun = (n: number) => (n === 1 ? `${who}y` : `${who}ies`);
  const theirs = incoming ? "Cloudflare's copy" : "Cloudflare's";
  const total = check.peers.length;
  if (total === 0) return `no ${noun(2)} configured`;
  const count = (test: (peer: PeerSerial) => boolean) => check.peers.filter(test).length;
  const inSync = count((peer) => peer.relation === 'same');
  const ahead = count((peer) => peer.relation === 'peer-ahead');
  const behind = count((peer) => peer.relation === 'peer-behind');
  const silent = count((peer) => peer.status !== 'answered');
  if (inSync === total) return total === 1 ? `the ${noun(1)} is in sync` : total === 2 ? `both ${noun(2)} in sync` : `all ${total} ${noun(total)} in sync`;
  if (total === 1) {
    if (ahead) return `the ${noun(1)} is ahead of ${theirs}`;
    if (behind) return `the ${noun(1)} is behind ${theirs}`;
    if (silent) return `the ${noun(1)} did not answer with a serial`;
    return `the ${noun(1)} answered`;
  }
  const details = [
    ahead && `${ahead} ahead of ${theirs}`,
    behind && `${behind} behind ${theirs}`,
    silent && `${silent} without an answer`,
  ].filter(Boolean);
  return `${inSync} of ${total} ${noun(total)} in sync${details.length ? `; ${details.join(', ')}` : ''}`;
}

/**
 * One zone's check: never refetched by itself (each run sends DNS queries from the dashboard's server and reads
 * the configuration from the shared budget), only when someone asks; the answer says when it was made.
 */
export function serialCheckQuery(accountId: string, zoneId: string, direction: SerialDirection, purpose?: ClientBudgetPurpose) {
  return queryOptions({
    queryKey: serialCheckKey(zoneId, direction),
    queryFn: ({ signal }) =>
      bffGet<SerialCheck>(serialCheckPath(zoneId, direction, accountId), {
        signal,
        operationId: `${direction}.serials`,
        ...(purpose ? { purpose } : {}),
      }),
    staleTime: Infinity,
    gcTime: SERIAL_CHECK_GC_TIME,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** The cache entry of the configuration whose `soa_serial` a check of that direction compares with. */
const configKey = (zoneId: string, direction: SerialDirection) =>
  direction === 'incoming' ? zoneKeys.incoming(zoneId) : zoneKeys.outgoingConfig(zoneId);

/**
 * The check compared with Cloudflare's serial as this browser read it **after** the check (the configuration's cached
 * read: a reload after Force AXFR, the list's row, the zone page), when there is such a read; the check as it is
 * otherwise. See `againstCloudflareSerial`.
 */
export function checkAsOfNow(queryClient: QueryClient, check: SerialCheck): SerialCheck {
  const state = queryClient.getQueryState<{ soa_serial?: number | null } | null>(configKey(check.zone_id, check.direction));
  if (state?.status !== 'success' || !state.data || state.dataUpdatedAt <= Date.parse(check.checked_at)) return check;
  return againstCloudflareSerial(check, state.data.soa_serial);
}

const following = new WeakSet<QueryClient>();

/**
 * From the first call on, each read of a zone's configuration compares the zone's cached check again with the serial
 * it read (`checkAsOfNow`), so the zone page, the Serials column and its summary stop saying "Cloudflare behind" once
 * a Force AXFR has brought the copy up — the serial watch's check included, which nobody here asked for and which is
 * not asked again by itself. No request: the peers' answers are the check's.
 */
export function followCloudflareSerials(queryClient: QueryClient): void {
  if (following.has(queryClient)) return;
  following.add(queryClient);
  const detailLength = zoneKeys.details().length;
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    const key = event.query.queryKey;
    const zoneId = key[detailLength];
    if (typeof zoneId !== 'string') return;
    for (const direction of ['incoming', 'outgoing'] as const) {
      if (hashKey(key) !== hashKey(configKey(zoneId, direction))) continue;
      const checkKey = serialCheckKey(zoneId, direction);
      const state = queryClient.getQueryState<SerialCheck>(checkKey);
      if (!state?.data || queryClient.isFetching({ queryKey: checkKey }) > 0) continue;
      const current = checkAsOfNow(queryClient, state.data);
      if (current !== state.data) queryClient.setQueryData(checkKey, current, { updatedAt: state.dataUpdatedAt });
    }
  });
}

/** Which peers a zone's check asks: a secondary zone's primaries, any other zone's secondaries. */
export function directionOf(zone: Pick<Zone, 'type'>): SerialDirection {
  return zone.type === 'secondary' ? 'incoming' : 'outgoing';
}

/**
 * The list's cache entry that says whether the zone has a configuration for its direction (null: none): the
 * secondary configuration of a secondary zone, the transfer status of any other.
 */
export function transferStateKey(zone: Pick<Zone, 'id' | 'type'>) {
  return directionOf(zone) === 'incoming' ? zoneKeys.incoming(zone.id) : zoneKeys.outgoingStatus(zone.id);
}

/**
 * What a zone's check means for support, in four kinds:
 * - `behind`: a copy is behind and a Force action is the fix — Cloudflare's copy behind a primary (Force AXFR), or a
 *   secondary behind Cloudflare (Force NOTIFY);
 * - `waiting`: behind, but forced from this browser less than FORCE_SETTLE_MS before the check (or after it):
 *   Cloudflare transfers in the background, so check again rather than force again;
 * - `in-sync`: every peer answered with Cloudflare's serial;
 * - `attention`: anything else (a peer that does not answer, a primary behind Cloudflare, no peers, no serial).
 */
export type ZoneSerialKind = SerialVerdictKind | 'waiting';

/** How long after a Force a copy still behind is "not in yet" rather than "behind" (Cloudflare works in the background). */
export const FORCE_SETTLE_MS = 120_000;

export interface ZoneSerialVerdict extends Omit<SerialVerdict, 'kind'> {
  kind: ZoneSerialKind;
  /** Behind although forced from this browser more than FORCE_SETTLE_MS before the check: Forcing again will not help. */
  afterForce?: boolean;
}

/**
 * `transfersDisabled`: the zone's outgoing transfers are off (a Force NOTIFY then transfers nothing), so secondaries
 * behind are something to look at, not a Force NOTIFY.
 */
export function zoneVerdict(
  check: SerialCheck,
  {
    transfersDisabled = false,
    forcedAt,
    askedAt,
  }: {
    transfersDisabled?: boolean;
    /** When this browser forced the zone (its clock). */
    forcedAt?: number;
    /** When the check's answer arrived, by the same clock (the query's `dataUpdatedAt`); default: the server's time. */
    askedAt?: number;
  } = {},
): ZoneSerialVerdict {
  const verdict: ZoneSerialVerdict = serialVerdict(check, { transfersDisabled });
  const asked = askedAt ?? Date.parse(check.checked_at);
  if (verdict.kind === 'behind' && forcedAt !== undefined && asked < forcedAt + FORCE_SETTLE_MS) {
    return { kind: 'waiting', label: 'Forced, not in yet', color: 'blue' };
  }
  if (verdict.kind === 'behind' && forcedAt !== undefined) {
    // The Force went out minutes ago and nothing moved: Cloudflare could not transfer (or the secondaries did not).
    return { ...verdict, label: 'Still behind after Force', color: 'red', afterForce: true };
  }
  return verdict;
}
