/**
 * A generic list table: TanStack Table for sorting and the global text filter, TanStack Virtual for long lists
 * (rows are virtualized from `virtualizeFrom` rows on, so 5,000 rows stay smooth), a sticky header, and the states a
 * list needs: loading skeleton, error with Retry and request id, empty ("what to do"), and no-match.
 *
 * Sorting and the filter are controlled (pass them from `useListParams` so they live in the URL).
 */
import {
  Box,
  Button,
  CloseButton,
  Group,
  Paper,
  Skeleton,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconSearch } from '@tabler/icons-react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type FilterFn,
  type OnChangeFn,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import { ErrorState } from '../error-state';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Column width (CSS), e.g. 120 or '30%'. The table uses a fixed layout. */
    width?: number | string;
    align?: 'left' | 'right' | 'center';
  }
}

export interface DataTableNoun {
  one: string;
  other: string;
}

export interface DataTableProps<T> {
  /** Rows; `undefined` while the first load is under way. */
  data: T[] | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  /** Accessible name of the table, e.g. "Peers". */
  label: string;
  /** How to count rows: { one: 'peer', other: 'peers' }. */
  noun: DataTableNoun;
  isLoading?: boolean;
  error?: unknown;
  errorTitle?: string;
  onRetry?: () => void;
  isRetrying?: boolean;
  /** Global text filter (controlled); shows the search box when `onGlobalFilterChange` is given. */
  globalFilter?: string;
  onGlobalFilterChange?: (value: string) => void;
  /** The text a row is searched by (case-insensitive substring). Default: every column's value. */
  searchText?: (row: T) => string;
  searchPlaceholder?: string;
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  /** Shown instead of the table when there are no rows at all: say what the thing is and how to add one. */
  emptyState?: ReactNode;
  /** Right side of the toolbar, e.g. an "Add peer" button. */
  toolbarActions?: ReactNode;
  /** Height limit of the scrolling body; the header sticks. Default fills the viewport below the toolbar. */
  maxHeight?: CSSProperties['maxHeight'];
  /** Fixed row height in px (rows do not wrap). Default 44. */
  rowHeight?: number;
  /** Virtualize from this many rows on. Default 150. */
  virtualizeFrom?: number;
  /** The rows are already filtered (e.g. by the server): the search box only reports its value. */
  manualFiltering?: boolean;
  /** Replaces the row count beside the search box (e.g. a server total: "42 zones"). */
  countText?: ReactNode;
}

function countText(noun: DataTableNoun, shown: number, total: number): string {
  const word = total === 1 ? noun.one : noun.other;
  return shown === total ? `${total} ${word}` : `${shown} of ${total} ${word}`;
}

export function DataTable<T>({
  data,
  columns,
  getRowId,
  label,
  noun,
  isLoading,
  error,
  errorTitle,
  onRetry,
  isRetrying,
  globalFilter = '',
  onGlobalFilterChange,
  searchText,
  searchPlaceholder,
  sorting,
  onSortingChange,
  emptyState,
  toolbarActions,
  maxHeight = 'calc(100dvh - 280px)',
  rowHeight = 44,
  virtualizeFrom = 150,
  manualFiltering = false,
  countText: countOverride,
}: DataTableProps<T>) {
  const rows = useMemo(() => data ?? [], [data]);
  const searchFn = useMemo<FilterFn<T>>(
    () => (row, _columnId, filterValue: string) => {
      const needle = String(filterValue ?? '')
        .trim()
        .toLowerCase();
      if (!needle) return true;
      const haystack = searchText
        ? searchText(row.original)
        : row
            .getAllCells()
            .map((cell) => String(cell.getValue() ?? ''))
            .join(' ');
      return haystack.toLowerCase().includes(needle);
    },
    [searchText],
  );

  const table = useReactTable<T>({
    data: rows,
    columns,
    getRowId: (row) => getRowId(row),
    state: { globalFilter, ...(sorting ? { sorting } : {}) },
    onSortingChange,
    globalFilterFn: searchFn,
    getColumnCanGlobalFilter: () => true,
    manualFiltering,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  const tableRows = table.getRowModel().rows;
  const virtualize = tableRows.length >= virtualizeFrom;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: virtualize ? tableRows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    initialRect: { width: 1024, height: 800 },
  });

  // A new filter or sort shows the top of the list.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [globalFilter, sorting]);

  const total = rows.length;
  const shown = tableRows.length;
  const loading = isLoading && data === undefined;
  const columnCount = table.getVisibleLeafColumns().length;

  const toolbar = (
    <Group justify="space-between" align="center" wrap="nowrap" gap="md">
      <Group gap="md" wrap="nowrap" style={{ flex: 1 }}>
        {onGlobalFilterChange && (
          <TextInput
            aria-label={`Search ${noun.other}`}
            placeholder={searchPlaceholder ?? `Search ${noun.other}`}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={globalFilter}
            onChange={(event) => onGlobalFilterChange(event.currentTarget.value)}
            rightSection={
              globalFilter ? (
                <CloseButton size="sm" aria-label="Clear search" onClick={() => onGlobalFilterChange('')} />
              ) : null
            }
            w={320}
          />
        )}
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="row-count">
          {loading
            ? 'Loading…'
            : error && data === undefined
              ? ''
              : (countOverride ?? countText(noun, shown, total))}
        </Text>
      </Group>
      {toolbarActions}
    </Group>
  );

  if (error && data === undefined) {
    return (
      <Box>
        {toolbar}
        <Box mt="md">
          <ErrorState
            error={error}
            title={errorTitle ?? `Could not load ${noun.other}`}
            onRetry={onRetry}
            retrying={isRetrying}
          />
        </Box>
      </Box>
    );
  }

  if (!loading && total === 0) {
    return (
      <Box>
        {toolbar}
        <Paper withBorder p="xl" mt="md" radius="md" style={{ borderStyle: 'dashed' }}>
          {emptyState ?? (
            <Text c="dimmed" ta="center">
              No {noun.other} yet.
            </Text>
          )}
        </Paper>
      </Box>
    );
  }

  const headerGroups = table.getHeaderGroups();
  const virtualItems = virtualize ? virtualizer.getVirtualItems() : [];
  const paddingTop = virtualize && virtualItems.length > 0 ? (virtualItems[0]?.start ?? 0) : 0;
  const paddingBottom =
    virtualize && virtualItems.length > 0
      ? virtualizer.getTotalSize() - (virtualItems[virtualItems.length - 1]?.end ?? 0)
      : 0;
  const visibleRows = virtualize
    ? virtualItems.flatMap((item) => {
        const row = tableRows[item.index];
        return row ? [{ row, position: item.index }] : [];
      })
    : tableRows.map((row, position) => ({ row, position }));

  return (
    <Box>
      {toolbar}
      <Box
        ref={scrollRef}
        mt="md"
        style={{
          maxHeight,
          minHeight: 240,
          overflow: 'auto',
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-md)',
        }}
      >
        <Table
          aria-label={label}
          aria-busy={loading || undefined}
          aria-rowcount={virtualize ? shown + 1 : undefined}
          stickyHeader
          highlightOnHover
          layout="fixed"
          verticalSpacing={0}
          horizontalSpacing="sm"
        >
          <Table.Thead style={{ zIndex: 1 }}>
            {headerGroups.map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const canSort = header.column.getCanSort();
                  const sorted = header.column.getIsSorted();
                  const content = header.isPlaceholder
                    ? null
                    : flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <Table.Th
                      key={header.id}
                      style={{
                        width: meta?.width,
                        textAlign: meta?.align,
                        height: 40,
                        whiteSpace: 'nowrap',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                      }}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {canSort ? (
                        <UnstyledButton
                          onClick={header.column.getToggleSortingHandler()}
                          style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 600 }}
                          fz="sm"
                        >
                          {content}
                          {sorted === 'asc' ? (
                            <IconArrowUp size={14} aria-hidden />
                          ) : sorted === 'desc' ? (
                            <IconArrowDown size={14} aria-hidden />
                          ) : (
                            <IconArrowsSort size={14} aria-hidden style={{ opacity: 0.4 }} />
                          )}
                        </UnstyledButton>
                      ) : (
                        content
                      )}
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {loading &&
              Array.from({ length: 6 }, (_, index) => (
                <Table.Tr key={`skeleton-${index}`} style={{ height: rowHeight }}>
                  {Array.from({ length: columnCount }, (_c, cellIndex) => (
                    <Table.Td key={cellIndex}>
                      <Skeleton height={12} radius="sm" width={`${60 + ((index + cellIndex) % 3) * 15}%`} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {!loading && shown === 0 && (
              <Table.Tr>
                <Table.Td colSpan={columnCount}>
                  <Group justify="center" gap="sm" py="lg">
                    <Text c="dimmed" size="sm">
                      No {noun.other} match “{globalFilter}”.
                    </Text>
                    {onGlobalFilterChange && (
                      <Button size="xs" variant="subtle" onClick={() => onGlobalFilterChange('')}>
                        Show all {noun.other}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            )}
            {paddingTop > 0 && (
              <Table.Tr aria-hidden style={{ height: paddingTop }}>
                <Table.Td colSpan={columnCount} style={{ padding: 0, border: 0 }} />
              </Table.Tr>
            )}
            {visibleRows.map(({ row, position }) => (
              <Table.Tr
                key={row.id}
                style={{ height: rowHeight }}
                aria-rowindex={virtualize ? position + 2 : undefined}
              >
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  return (
                    <Table.Td
                      key={cell.id}
                      style={{
                        textAlign: meta?.align,
                        whiteSpace: 'nowrap',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                      }}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
            {paddingBottom > 0 && (
              <Table.Tr aria-hidden style={{ height: paddingBottom }}>
                <Table.Td colSpan={columnCount} style={{ padding: 0, border: 0 }} />
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Box>
    </Box>
  );
}
