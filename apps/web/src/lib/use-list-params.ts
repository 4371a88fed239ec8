/**
 * List state in the URL (`?q=ns1&sort=name&dir=asc&page=2`), so a view survives reload and can be linked.
 * Defaults are not written to the URL. Typing in the search box replaces the history entry instead of adding one.
 */
import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import type { SortingState } from '@tanstack/react-table';

export type SortDirection = 'asc' | 'desc';

export interface ListParamsDefaults {
  sort?: string;
  dir?: SortDirection;
  /** Column ids that may be sorted on; anything else in the URL is ignored. */
  sortable?: readonly string[];
}

export interface ListParams {
  q: string;
  sort: string | null;
  dir: SortDirection;
  page: number;
  /** TanStack Table's view of sort/dir. */
  sorting: SortingState;
  setQ: (q: string) => void;
  setSort: (sort: string | null, dir?: SortDirection) => void;
  setSorting: (updater: SortingState | ((old: SortingState) => SortingState)) => void;
  setPage: (page: number) => void;
}

export function useListParams(defaults: ListParamsDefaults = {}): ListParams {
  const [searchParams, setSearchParams] = useSearchParams();
  const defaultSort = defaults.sort ?? null;
  const defaultDir = defaults.dir ?? 'asc';
  const sortable = defaults.sortable;

  const q = searchParams.get('q') ?? '';
  const rawSort = searchParams.get('sort');
  const sort = rawSort && (!sortable || sortable.includes(rawSort)) ? rawSort : defaultSort;
  const rawDir = searchParams.get('dir');
  const dir: SortDirection = rawDir === 'desc' || rawDir === 'asc' ? rawDir : defaultDir;
  const rawPage = Number(searchParams.get('page'));
  const page = Number.isInteger(rawPage) && rawPage >= 1 ? rawPage : 1;

  // Two writers can overlap: a sort click, then the search box's delayed write 250 ms later (data-table.tsx). A
  // navigation is not committed at once (the router finishes it asynchronously, and a newer one cancels it), and
  // `setSearchParams`' updater is given the params of the last render: the second write would start from a URL
  // without the first change, and replace it. So each write starts from what was last *requested*, until the URL
  // changes (whatever changed it: our write, or Back).
  const requested = useRef<URLSearchParams | null>(null);
  const latest = useRef(searchParams);
  if (latest.current !== searchParams) {
    latest.current = searchParams;
    requested.current = null;
  }

  const update = useCallback(
    (changes: Record<string, string | null>, replace: boolean) => {
      const next = new URLSearchParams(requested.current ?? latest.current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
      }
      requested.current = next;
      setSearchParams(next, { replace });
    },
    [setSearchParams],
  );

  const setQ = useCallback((value: string) => update({ q: value, page: null }, true), [update]);

  const setSort = useCallback(
    (nextSort: string | null, nextDir: SortDirection = 'asc') => {
      const isDefault = nextSort === defaultSort && nextDir === defaultDir;
      update(
        isDefault || nextSort === null ? { sort: null, dir: null, page: null } : { sort: nextSort, dir: nextDir, page: null },
        true,
      );
    },
    [update, defaultSort, defaultDir],
  );

  const sorting = useMemo<SortingState>(
    () => (sort ? [{ id: sort, desc: dir === 'desc' }] : []),
    [sort, dir],
  );

  const setSorting = useCallback(
    (updater: SortingState | ((old: SortingState) => SortingState)) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first) setSort(first.id, first.desc ? 'desc' : 'asc');
      else setSort(null);
    },
    [setSort, sorting],
  );

  const setPage = useCallback((value: number) => update({ page: value > 1 ? String(value) : null }, false), [update]);

  return { q, sort, dir, page, sorting, setQ, setSort, setSorting, setPage };
}
