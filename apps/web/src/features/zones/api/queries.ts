/**
 * Zones: the key factory and queryOptions (TkDodo style). The zones list and the zone page share these keys, so a
 * row's secondary/primary state loaded by the list is what the zone page shows without a refetch, and a mutation on
 * the zone page updates the list.
 *
 *   zoneKeys.all                               ['zones']
 *   zoneKeys.lists()                           ['zones', 'list']
 *   zoneKeys.list(accountId, params)           ['zones', 'list', { accountId, page, perPage, q }]
 *   zoneKeys.named(name)                       ['zones', 'list', { name }]                  exactly that name, any account
 *   zoneKeys.detail(zoneId)                    ['zones', 'detail', zoneId]                 everything about one zone
 *   zoneKeys.zone(zoneId)                      ['zones', 'detail', zoneId, 'zone']         name, type, account | null
 *   zoneKeys.incoming(zoneId)                  ['zones', 'detail', zoneId, 'incoming']     Incoming | null
 *   zoneKeys.outgoing(zoneId)                  ['zones', 'detail', zoneId, 'outgoing']     prefix of the two below
 *   zoneKeys.outgoingConfig(zoneId)            ['zones', 'detail', zoneId, 'outgoing', 'config']   Outgoing | null
 *   zoneKeys.outgoingStatus(zoneId)            ['zones', 'detail', zoneId, 'outgoing', 'status']   'Enabled' | … | null
 *   zoneKeys.activity(zoneId)                  ['zones', 'detail', zoneId, 'activity']     ZoneActivityEntry[] (BFF)
 *   zoneKeys.watchHistory(zoneId)              ['zones', 'detail', zoneId, 'watch-history']   SerialWatchEvent[] (BFF)
 *   zoneKeys.forced(zoneId)                    ['zones', 'detail', zoneId, 'forced']       when this browser last forced it (ms)
 *
 * `null` means "not configured": Cloudflare answers 404 for a zone without that configuration, which is a normal
 * state here, not an error. An unknown zone (Cloudflare code 7003) is still an error (`isZoneNotFound`).
 */
import { keepPreviousData, queryOptions, skipToken, type QueryClient } from '@tanstack/react-query';
import type { ClientBudgetPurpose, Incoming, Outgoing, ResultInfo, Zone } from '@secdns/api-types';
import { sameName } from '../../../lib/addresses';
import { apiCall, isApiError } from '../../../lib/api-client';
import { rootKeys } from '../../../lib/query-keys';

/** Cloudflare's zone list allows 5–50 per page (the contract enforces it). */
export const ZONES_PER_PAGE_OPTIONS = [10, 20, 50] as const;
export const DEFAULT_ZONES_PER_PAGE = 20;
export const MIN_ZONES_PER_PAGE = 5;
export const MAX_ZONES_PER_PAGE = 50;
/** Transfer settings change rarely and every read costs from the shared rate budget. */
export const ZONE_CONFIG_STALE_TIME = 60_000;
/** Listing every zone of an account (bulk setup, the zones table's "all pages"): at most this many pages of 50. */
export const ZONE_LOOKUP_MAX_PAGES = 20;
/** Cloudflare's "Could not route to /zones/<id>" code. */
export const ZONE_NOT_FOUND_CODE = 7003;

export interface ZoneListParams {
  page: number;
  perPage: number;
  /** Name search (Cloudflare `name=contains:<q>`); '' for all. */
  q: string;
}

export interface ZoneListPage {
  zones: Zone[];
  resultInfo: ResultInfo | undefined;
}

export const zoneKeys = {
  all: rootKeys.zones,
  lists: () => [...zoneKeys.all, 'list'] as const,
  list: (accountId: string, params: ZoneListParams) => [...zoneKeys.lists(), { accountId, ...params }] as const,
  named: (name: string) => [...zoneKeys.lists(), { name }] as const,
  details: () => [...zoneKeys.all, 'detail'] as const,
  detail: (zoneId: string) => [...zoneKeys.details(), zoneId] as const,
  zone: (zoneId: string) => [...zoneKeys.detail(zoneId), 'zone'] as const,
  incoming: (zoneId: string) => [...zoneKeys.detail(zoneId), 'incoming'] as const,
  outgoing: (zoneId: string) => [...zoneKeys.detail(zoneId), 'outgoing'] as const,
  outgoingConfig: (zoneId: string) => [...zoneKeys.outgoing(zoneId), 'config'] as const,
  outgoingStatus: (zoneId: string) => [...zoneKeys.outgoing(zoneId), 'status'] as const,
  activity: (zoneId: string) => [...zoneKeys.detail(zoneId), 'activity'] as const,
  watchHistory: (zoneId: string) => [...zoneKeys.detail(zoneId), 'watch-history'] as const,
  forced: (zoneId: string) => [...zoneKeys.detail(zoneId), 'forced'] as const,
};

/** A 404 that means "this zone has no such configuration" (not "no such zone"). */
export function isNotConfigured(error: unknown): boolean {
  return isApiError(error) && error.status === 404 && error.code !== ZONE_NOT_FOUND_CODE;
}

/** Cloudflare does not know the zone (7003), or the id is not even a Cloudflare id (400 on the path). */
export function isZoneNotFound(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.code === ZONE_NOT_FOUND_CODE) return true;
  return error.status === 400 && error.errors.some((e) => e.source?.pointer === '/params/zone_id');
}

async function orNullWhenNotConfigured<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (isNotConfigured(error)) return null;
    throw error;
  }
}

/** Looks for the zone in the zone lists already in the cache. */
export function findCachedZone(queryClient: QueryClient, zoneId: string): { zone: Zone; updatedAt: number } | null {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: zoneKeys.lists() })) {
    const data = query.state.data as ZoneListPage | undefined;
    const zone = data?.zones.find((candidate) => candidate.id === zoneId);
    if (zone) return { zone, updatedAt: query.state.dataUpdatedAt };
  }
  return null;
}

/**
 * Of the zones named so (in any account), the one of the account shown, else one of another account (an active one
 * first: a name is in at most one account once its zone is active there).
 */
export function pickNamedZone(zones: readonly Zone[], name: string, accountId: string): Zone | undefined {
  const named = zones.filter((zone) => sameName(zone.name, name));
  return (
    named.find((zone) => zone.account?.id === accountId) ??
    named.find((zone) => zone.status === 'active') ??
    named[0]
  );
}

export const zoneQueries = {
  list: (accountId: string, params: ZoneListParams) =>
    queryOptions({
      queryKey: zoneKeys.list(accountId, params),
      queryFn: async ({ signal }): Promise<ZoneListPage> => {
        const q = params.q.trim();
        const { result, resultInfo } = await apiCall('zones.list', {
          query: {
            account_id: accountId,
            page: params.page,
            per_page: params.perPage,
            name: q ? `contains:${q}` : undefined,
          },
          signal,
        });
        return { zones: result ?? [], resultInfo };
      },
      placeholderData: keepPreviousData,
      staleTime: ZONE_CONFIG_STALE_TIME,
    }),

  /**
   * The zones named exactly `name` (Cloudflare's `name=` filter without an operator: the whole name, case aside), for
   * an address with a zone's name in place of its ID. Not a `contains:` search: more zones than a page may contain
   * the name (`a.example.com` … for `example.com`), and the one named so would then be missed. No `account.id`: the
   * zone may be in another account than the one shown (Cloudflare then answers the zones of every account the token
   * can see), and the caller prefers the one of the account shown (`pickNamedZone`).
   */
  byName: (name: string) =>
    queryOptions({
      queryKey: zoneKeys.named(name),
      // A list page like the others under zoneKeys.lists(): the zone's page then finds the zone there (findCachedZone).
      queryFn: async ({ signal }): Promise<ZoneListPage> => {
        const { result, resultInfo } = await apiCall('zones.list', { query: { page: 1, per_page: MAX_ZONES_PER_PAGE, name }, signal });
        return { zones: result ?? [], resultInfo };
      },
      staleTime: ZONE_CONFIG_STALE_TIME,
    }),

  /**
   * One zone's name, type and account, or null when no account the token can see has it (Cloudflare's 7003). Taken
   * from a cached zone list when there is one (the usual way in: a click in the list); otherwise one `zones.get` by
   * its ID, whichever account it is in.
   */
  zone: (zoneId: string, queryClient: QueryClient) =>
    queryOptions({
      queryKey: zoneKeys.zone(zoneId),
      queryFn: async ({ signal }): Promise<Zone | null> => {
        const cached = findCachedZone(queryClient, zoneId);
        if (cached) return cached.zone;
        try {
          return (await apiCall('zones.get', { params: { zone_id: zoneId }, signal })).result;
        } catch (error) {
          if (isZoneNotFound(error)) return null;
          throw error;
        }
      },
      initialData: () => findCachedZone(queryClient, zoneId)?.zone,
      initialDataUpdatedAt: () => findCachedZone(queryClient, zoneId)?.updatedAt,
      staleTime: 5 * 60_000,
    }),

  /** `purpose`: the bulk action that reads it, if any (the budget's report and bulk allowance, ADR 005). */
  incoming: (zoneId: string, purpose?: ClientBudgetPurpose) =>
    queryOptions({
      queryKey: zoneKeys.incoming(zoneId),
      queryFn: ({ signal }): Promise<Incoming | null> =>
        orNullWhenNotConfigured(async () => (await apiCall('incoming.get', { params: { zone_id: zoneId }, signal, purpose })).result),
      staleTime: ZONE_CONFIG_STALE_TIME,
    }),

  outgoingConfig: (zoneId: string, purpose?: ClientBudgetPurpose) =>
    queryOptions({
      queryKey: zoneKeys.outgoingConfig(zoneId),
      queryFn: ({ signal }): Promise<Outgoing | null> =>
        orNullWhenNotConfigured(async () => (await apiCall('outgoing.get', { params: { zone_id: zoneId }, signal, purpose })).result),
      staleTime: ZONE_CONFIG_STALE_TIME,
    }),

  /** `"Enabled"` / `"Disabled"`, or null when the zone has no outgoing configuration: the list's one call per row. */
  outgoingStatus: (zoneId: string, purpose?: ClientBudgetPurpose) =>
    queryOptions({
      queryKey: zoneKeys.outgoingStatus(zoneId),
      queryFn: ({ signal }): Promise<string | null> =>
        orNullWhenNotConfigured(
          async () => (await apiCall('outgoing.status.get', { params: { zone_id: zoneId }, signal, purpose })).result,
        ),
      staleTime: ZONE_CONFIG_STALE_TIME,
    }),
};

/**
 * When this browser last sent Force AXFR / Force NOTIFY for the zone (epoch ms), written by the Force mutations and
 * never fetched: a serial check right after a Force may still see the old serial (Cloudflare transfers in the
 * background), and says so instead of offering the Force again.
 */
export const forcedAtQuery = (zoneId: string) =>
  // Kept as long as the page is open (a number per zone): it must outlive the checks it qualifies (15 minutes).
  queryOptions<number>({ queryKey: zoneKeys.forced(zoneId), queryFn: skipToken, staleTime: Infinity, gcTime: Infinity });

/**
 * Every zone of the account whose name contains `q` ('' for all), read page by page (50 a page, at most
 * ZONE_LOOKUP_MAX_PAGES pages; pages already cached are reused): one read of the shared budget per page. Each zone
 * once (pages are read by offset: a zone added meanwhile can push another onto the next page too). `total`: what
 * Cloudflare counts; `complete`: every page was read.
 */
export async function listAllZones(
  queryClient: QueryClient,
  accountId: string,
  q: string,
): Promise<{ zones: Zone[]; total: number; complete: boolean }> {
  const zones = new Map<string, Zone>();
  let total = 0;
  for (let page = 1; page <= ZONE_LOOKUP_MAX_PAGES; page += 1) {
    const { zones: onPage, resultInfo } = await queryClient.fetchQuery(
      zoneQueries.list(accountId, { page, perPage: MAX_ZONES_PER_PAGE, q }),
    );
    for (const zone of onPage) zones.set(zone.id, zone);
    total = resultInfo?.total_count ?? zones.size;
    if (onPage.length === 0 || page >= (resultInfo?.total_pages ?? 1)) return { zones: [...zones.values()], total, complete: true };
  }
  return { zones: [...zones.values()], total, complete: false };
}

/** Cloudflare: only `secondary` zones can pull from a primary (incoming); only other zones can be served (outgoing). */
export function zoneSides(type: string | undefined): { incoming: boolean; outgoing: boolean } {
  if (type === 'secondary') return { incoming: true, outgoing: false };
  if (type === undefined || type === '') return { incoming: true, outgoing: true };
  return { incoming: false, outgoing: true };
}
