/**
 * The serial watch (docs/decisions/014-serial-watch.md): the BFF checks every zone's serials in the background.
 * `serialWatchQuery` reads what it found (no Cloudflare call: the BFF answers from memory), polled while the zones
 * list is open; `useSerialWatch` puts each zone's check into the serial check's cache entry (`serialCheckKey`) when
 * it is newer than what the browser has, so the Serials column, its summary (Force on the zones behind) and the zone
 * page show the watch's checks with their time, as if "Check serials" had asked them.
 */
import { infiniteQueryOptions, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  OUTGOING_STATUS,
  behindDuration,
  formatInterval,
  type SerialCheck,
  type SerialDirection,
  type SerialWatch,
  type SerialWatchEvent,
  type SerialWatchZone,
} from '@secdns/api-types';
import { request } from '../../lib/api-client';
import { formatAbsolute } from '../../lib/format-time';
import { bffGet, bffGetPage } from '../../lib/bff-get';
import { zoneKeys } from './api/queries';
import { checkAsOfNow, followCloudflareSerials, serialCheckKey } from './serial-check';

export const SERIAL_WATCH_POLL_MS = 60_000;
/** While a round runs, its checks arrive one by one: asked more often. */
export const SERIAL_WATCH_RUNNING_POLL_MS = 5_000;

export const serialWatchPath = (accountId: string) =>
  `/api/accounts/${encodeURIComponent(accountId)}/secondary_dns/serial_watch`;

export const serialWatchQuery = (accountId: string) =>
  queryOptions({
    queryKey: ['serial-watch', accountId] as const,
    queryFn: async ({ signal }) => {
      // A poll nobody asked for: it does not keep the session alive, and its 401 is not the session's end.
      const { envelope } = await request(serialWatchPath(accountId), { method: 'GET', signal }, 'serialWatch.get', { background: true });
      return envelope.result as SerialWatch;
    },
    staleTime: 30_000,
    // Off: the server's configuration, not asked again while the page is open.
    refetchInterval: (query) => {
      const state = query.state.data?.state;
      return state === 'off' ? false : state === 'running' ? SERIAL_WATCH_RUNNING_POLL_MS : SERIAL_WATCH_POLL_MS;
    },
    retry: false,
  });

/** The watch's report for the account, its checks copied into the serial check cache entries they are newer than. */
export function useSerialWatch(accountId: string) {
  const queryClient = useQueryClient();
  followCloudflareSerials(queryClient);
  const watch = useQuery(serialWatchQuery(accountId));
  useEffect(() => {
    for (const zone of watch.data?.zones ?? []) {
      const key = serialCheckKey(zone.zone_id, zone.direction);
      const known = queryClient.getQueryData<SerialCheck>(key);
      if (queryClient.isFetching({ queryKey: key }) > 0) continue;
      if (!known || known.checked_at < zone.check.checked_at) {
        // Compared with Cloudflare's serial when this browser read it after the watch's check (a Force AXFR since).
        queryClient.setQueryData<SerialCheck>(key, checkAsOfNow(queryClient, zone.check), { updatedAt: Date.parse(zone.check.checked_at) });
      }
    }
  }, [watch.data, queryClient]);
  return watch;
}

/** The watch's entry for a zone (and direction, when given), if it has one. */
export function watchedZone(watch: SerialWatch | undefined, zoneId: string, direction?: SerialDirection): SerialWatchZone | undefined {
  return watch?.zones?.find((zone) => zone.zone_id === zoneId && (direction === undefined || zone.direction === direction));
}

/**
 * Whether a zone's outgoing transfers are off (its secondaries behind are then something to look at, not a Force
 * NOTIFY): the transfer status as the list loaded it, else as the serial watch read it with its check (a row not
 * scrolled to has not loaded its status).
 */
export function transfersOff(status: unknown, watch: SerialWatch | undefined, zoneId: string): boolean {
  if (typeof status === 'string') return status === OUTGOING_STATUS.disabled;
  return watchedZone(watch, zoneId)?.transfers_enabled === false;
}

/** What the serial watch found over time for one zone (kept by the BFF; no Cloudflare call), newest first. */
export const watchHistoryQuery = (accountId: string, zoneId: string, limit: number) =>
  queryOptions({
    queryKey: [...zoneKeys.watchHistory(zoneId), accountId, limit] as const,
    queryFn: ({ signal }) =>
      bffGet<SerialWatchEvent[]>(`${serialWatchPath(accountId)}/history?zone_id=${encodeURIComponent(zoneId)}&per_page=${limit}`, {
        signal,
        operationId: 'serialWatch.history',
      }),
    staleTime: 30_000,
  });

export const WATCH_HISTORY_PAGE = 25;

/** The account's whole history, a page at a time ("Show older"), newest first. */
export const accountWatchHistoryQuery = (accountId: string) =>
  infiniteQueryOptions({
    queryKey: ['serial-watch', accountId, 'history'] as const,
    queryFn: ({ signal, pageParam }) =>
      bffGetPage<SerialWatchEvent[]>(`${serialWatchPath(accountId)}/history?page=${pageParam}&per_page=${WATCH_HISTORY_PAGE}`, {
        signal,
        operationId: 'serialWatch.history',
      }),
    initialPageParam: 1,
    getNextPageParam: (last, _all, page) => (page < (last.result_info?.total_pages ?? 0) ? page + 1 : undefined),
    staleTime: 30_000,
  });

const EVENT_ACTIONS: Record<SerialWatchEvent['event'], string> = {
  behind: 'Found behind',
  not_behind: 'No longer behind',
  not_watched: 'No longer watched while behind',
  refresh_overdue: 'Refresh overdue',
  refresh_resumed: 'Refresh resumed',
};

/**
 * One event of the watch's history in words, for the zone page and the ticket: what happened ("Found behind"), and
 * the facts ("Cloudflare 2024040102; hidden-primary 2024040401; after 45 minutes behind").
 */
export function watchEventWords(event: SerialWatchEvent): { action: string; facts: string } {
  const serials = event.peers.map((peer) => `${peer.name ?? peer.address ?? 'peer'} ${peer.serial ?? peer.status}`);
  const duration = event.event === 'behind' || event.event === 'refresh_overdue' ? null : behindDuration(event);
  const refreshEvent = event.event === 'refresh_overdue' || event.event === 'refresh_resumed';
  const refresh = refreshEvent
    ? [
        `Cloudflare last reached its primaries ${event.last_refresh ? formatAbsolute(event.last_refresh) : 'never'}`,
        ...(event.auto_refresh_seconds ? [`refresh every ${formatInterval(event.auto_refresh_seconds)}`] : []),
      ]
    : [];
  const lasted = duration
    ? [event.event === 'not_behind' ? `after ${duration} behind` : event.event === 'refresh_resumed' ? `overdue for ${duration}` : `behind for ${duration}`]
    : [];
  const facts = [...refresh, `Cloudflare ${event.cloudflare_serial ?? 'none'}`, ...(serials.length ? [serials.join(', ')] : []), ...lasted];
  return { action: EVENT_ACTIONS[event.event], facts: facts.join('; ') };
}

/** "Run now" (operator): the BFF starts a round at once (or joins the one under way); the page then polls it running. */
export function useRunSerialWatch(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const { envelope } = await request(`${serialWatchPath(accountId)}/run`, { method: 'POST' }, 'serialWatch.run');
      return envelope.result as SerialWatch;
    },
    onSuccess: (report) => {
      queryClient.setQueryData(serialWatchQuery(accountId).queryKey, report);
    },
  });
}
