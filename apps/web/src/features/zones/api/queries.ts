/**
 * Zones: key factory and queryOptions.
 *
 *   zoneKeys.all                         ['zones']
 *   zoneKeys.list(accountId, page)       ['zones', 'list', { accountId, page }]
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ResultInfo, Zone } from '@secdns/api-types';
import { apiCall } from '../../../lib/api-client';
import { rootKeys } from '../../../lib/query-keys';

/** The BFF allows up to 1000 zones per page; the table filters and sorts them in the browser. */
export const ZONES_PER_PAGE = 1000;

export const zoneKeys = {
  all: rootKeys.zones,
  lists: () => [...zoneKeys.all, 'list'] as const,
  list: (accountId: string, page: number) => [...zoneKeys.lists(), { accountId, page }] as const,
};

export const zoneQueries = {
  list: (accountId: string, page: number) =>
    queryOptions({
      queryKey: zoneKeys.list(accountId, page),
      queryFn: async ({ signal }): Promise<{ zones: Zone[]; resultInfo: ResultInfo | undefined }> => {
        const { result, resultInfo } = await apiCall('zones.list', {
          query: { account_id: accountId, page, per_page: ZONES_PER_PAGE },
          signal,
        });
        return { zones: result ?? [], resultInfo };
      },
      placeholderData: keepPreviousData,
    }),
};
