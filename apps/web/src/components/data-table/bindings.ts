/**
 * The props every resource table passes to `DataTable` the same way: its list query's state (data, loading, error,
 * retry) and the URL's list params (search and sort). Spread them: `<DataTable {...queryState(peers)} {...listState(list)} … />`.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ListParams } from '../../lib/use-list-params';

export function queryState<T>(query: UseQueryResult<T[], unknown>) {
  return {
    data: query.data,
    isLoading: query.isPending,
    error: query.error,
    onRetry: () => void query.refetch(),
    isRetrying: query.isFetching,
  };
}

export function listState(list: Pick<ListParams, 'q' | 'setQ' | 'sorting' | 'setSorting'>) {
  return {
    globalFilter: list.q,
    onGlobalFilterChange: list.setQ,
    sorting: list.sorting,
    onSortingChange: list.setSorting,
  };
}
