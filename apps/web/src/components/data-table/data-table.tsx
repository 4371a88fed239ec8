/**
 * A generic list table: TanStack Table for sorting and the global text filter, TanStack Virtual for long lists
 * (a list of `virtualizeFrom` rows or more is virtualized, so 5,000 rows stay smooth), a sticky header, and the states a
 * list needs: loading skeleton, error with Retry and request id, empty ("what to do"), and no-match.
 *
 * Sorting and the filter are controlled (pass them from `useListParams` so they live in the URL). The search box keeps
 * its own text and filters at once; the new value is reported to `onGlobalFilterChange` after a pause in typing, in a
 * transition, so writing it to the URL (and re-rendering the route) never delays a keystroke. Rows are sorted once per data or sort change
 * and searched through precomputed lowercase text (`row-model.ts`); rows that stay on screen are not re-rendered.
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
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type Row,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, startTransition, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { ErrorState } from '../error-state';
import { buildHaystacks, naturalSortingFn, searchRows, sortRows } from './row-model';

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
  /** Virtualize lists of this many rows or more (counted before the search, so typing never switches modes). Default 150. */
  virtualizeFrom?: number;
  /** The rows are already filtered (e.g. by the server): the search box only reports its value. */
  manualFiltering?: boolean;
  /** Replaces the row count beside the search box (e.g. a server total: "42 zones"). */
  countText?: ReactNode;
  /** The table's least width (narrower boxes scroll sideways). Default 720. */
  minWidth?: number;
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
  minWidth = 720,
}: DataTableProps<T>) {
  const rows = useMemo(() => data ?? [], [data]);
  // Filtering here: the URL can wait for a pause in typing. Filtered by the caller (a server search): report at once.
  const [query, setQuery] = useSearchState(globalFilter, onGlobalFilterChange, manualFiltering ? 0 : SEARCH_URL_DELAY_MS);

  const table = useReactTable<T>({
    data: rows,
    columns,
    defaultColumn: DEFAULT_COLUMN as Partial<ColumnDef<T, unknown>>,
    getRowId: (row) => getRowId(row),
    state: sorting ? { sorting } : {},
    onSortingChange,
    // Sorting and searching run below, over the core rows (built once per data change).
    manualSorting: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
  });

  const coreRows = table.getCoreRowModel().rows;
  const sortingState = table.getState().sorting;
  // Like TanStack's own sorted row model, this depends on the data and the sort, not on the columns' identity (a
  // parent may re-create its columns on every render; cell values are cached per row until the data changes).
  const sortedRows = useMemo(() => sortRows(table, coreRows, sortingState), [table, coreRows, sortingState]);
  const needle = manualFiltering ? '' : query.trim();
  const searchable = !!onGlobalFilterChange && !manualFiltering;
  // Built once per data (or search text function) change, not per keystroke.
  const haystacks = useMemo(
    () => (searchable ? buildHaystacks(coreRows, searchText) : null),
    [coreRows, searchText, searchable],
  );
  const tableRows = useMemo(
    () => (haystacks && needle ? searchRows(sortedRows, haystacks, needle) : sortedRows),
    [sortedRows, haystacks, needle],
  );
  // Decided on the whole list: a search narrowing 5,000 rows to 140 must not render all 140 at once.
  const virtualize = coreRows.length >= virtualizeFrom;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: virtualize ? tableRows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 1,
    initialRect: { width: 1024, height: 800 },
  });

  // A new filter or sort shows the top of the list. (Only when scrolled: setting scrollTop forces a layout.)
  const scrolled = useRef(false);
  useEffect(() => {
    if (scrollRef.current && scrolled.current) scrollRef.current.scrollTop = 0;
  }, [needle, sortingState]);

  const total = rows.length;
  const shown = tableRows.length;
  const loading = isLoading && data === undefined;
  const columnCount = table.getVisibleLeafColumns().length;

  const toolbar = (
    // On a narrow screen the actions go below the search box instead of pushing the page sideways.
    <Group justify="space-between" align="center" wrap="wrap" gap="md">
      <Group gap="md" wrap="nowrap" style={{ flex: '1 1 320px', minWidth: 0 }}>
        {onGlobalFilterChange && (
          <TextInput
            aria-label={`Search ${noun.other}`}
            placeholder={searchPlaceholder ?? `Search ${noun.other}`}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            rightSection={query ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setQuery('', { immediate: true })} /> : null}
            style={{ flex: '0 1 320px', minWidth: 140 }}
          />
        )}
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="row-count" style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
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
  const columnVisibility = table.getState().columnVisibility;
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
        onScroll={(event) => {
          scrolled.current = event.currentTarget.scrollTop > 0;
        }}
        mt="md"
        style={{
          maxHeight,
          // Room for the loader or the empty state; a short list ends at its last row (no blank band under it).
          minHeight: loading || tableRows.length === 0 ? 240 : undefined,
          overflow: 'auto',
          // Contains absolutely positioned bits of cells (visually hidden labels) so they scroll with the table
          // instead of widening the page on a narrow screen.
          position: 'relative',
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
          // Below this the flexible columns (names) would be squeezed to nothing: the box scrolls sideways instead.
          miw={minWidth}
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
                    : renderSlot(header.column.columnDef.header, header.getContext());
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
                      // A sortable column says so when it is not the sorted one ("none"), so a screen reader can tell
                      // the columns that sort from those that do not.
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined}
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
                      No {noun.other} match “{query}”.
                    </Text>
                    {onGlobalFilterChange && (
                      <Button size="xs" variant="subtle" onClick={() => setQuery('', { immediate: true })}>
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
              <DataRow
                key={virtualize ? `slot-${position}` : row.id}
                row={row}
                rowIndex={virtualize ? position + 2 : undefined}
                height={rowHeight}
                columns={columns}
                visibility={columnVisibility}
              />
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

const DEFAULT_COLUMN = { sortingFn: naturalSortingFn };
/** How long after the last keystroke the search is written to the URL (when this table filters). */
const SEARCH_URL_DELAY_MS = 250;

/** Renders a cell or header function through one stable component (see `renderSlot`). */
function Slot<P>({ render, props }: { render: (props: P) => ReactNode; props: P }) {
  return render(props) ?? null;
}

/**
 * `flexRender` renders a function as a component *type*: a parent that re-creates its columns (new arrow functions)
 * then unmounts and remounts every cell on each render. Rendering the function inside one stable component keeps
 * the cells mounted (and hooks in a cell function still work). Classes and memo/forwardRef components go to
 * `flexRender` as before.
 */
function renderSlot<P extends object>(slot: unknown, props: P): ReactNode {
  if (typeof slot === 'function' && !(slot.prototype as { isReactComponent?: unknown } | undefined)?.isReactComponent) {
    return <Slot render={slot as (props: P) => ReactNode} props={props} />;
  }
  return flexRender(slot as Parameters<typeof flexRender<P>>[0], props);
}
const CELL_STYLE: CSSProperties = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' };
const TR_CLASS = `${Table.classes.tr} mantine-Table-tr`;
const TD_CLASS = `${Table.classes.td} mantine-Table-td`;

interface DataRowProps<T> {
  row: Row<T>;
  rowIndex: number | undefined;
  height: number;
  /** Not read: a new columns array (new cell renderers) must re-render the row. */
  columns: unknown;
  visibility: unknown;
}

/**
 * One body row. Core rows are stable objects (rebuilt only when the data changes), so a row that stays on screen
 * while the search or scroll position changes is not rendered again.
 */
const DataRow = memo(function DataRow<T>({ row, rowIndex, height }: DataRowProps<T>) {
  // Plain <tr>/<td> with the classes and data attributes Mantine's Table.Tr / Table.Td would give them (this table:
  // row borders and hover highlight on, no striping, no column borders): eight fewer Mantine components per row.
  return (
    <tr className={TR_CLASS} data-with-row-border data-hover style={{ height }} aria-rowindex={rowIndex}>
      {row.getVisibleCells().map((cell) => {
        const align = cell.column.columnDef.meta?.align;
        return (
          <td key={cell.id} className={TD_CLASS} style={align ? { ...CELL_STYLE, textAlign: align } : CELL_STYLE}>
            {renderSlot(cell.column.columnDef.cell, cell.getContext())}
          </td>
        );
      })}
    </tr>
  );
}) as <T>(props: DataRowProps<T>) => ReactNode;

/**
 * The search box's text: local, so typing updates the box and the rows at once. The value is reported to `onChange`
 * (the caller writes it to the URL, which re-renders the route) in a transition, `delayMs` after the last keystroke
 * (the browser also throttles rapid history updates), and at once for a click (Clear, "Show all"). A value coming back
 * from the caller that is not one of ours (Back, a link) replaces the text.
 */
function useSearchState(
  value: string,
  onChange: ((value: string) => void) | undefined,
  delayMs: number,
): [string, (next: string, options?: { immediate?: boolean }) => void] {
  const [text, setText] = useState(value);
  const sent = useRef<string[]>([]);
  const timer = useRef<number | undefined>(undefined);
  // The caller's latest callback: a delayed write must merge into the URL as it is then (a sort clicked meanwhile).
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    const echo = sent.current.indexOf(value);
    if (echo >= 0) {
      sent.current.splice(0, echo + 1);
      return;
    }
    sent.current = [];
    window.clearTimeout(timer.current);
    setText(value);
  }, [value]);
  // Leaving the page drops a pending write (writing it would navigate back).
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const update = (next: string, options: { immediate?: boolean } = {}) => {
    setText(next);
    if (!onChange) return;
    window.clearTimeout(timer.current);
    const emit = () => {
      sent.current.push(next);
      startTransition(() => (latest.current ?? onChange)(next));
    };
    if (options.immediate || delayMs <= 0) emit();
    else timer.current = window.setTimeout(emit, delayMs);
  };
  return [text, update];
}
