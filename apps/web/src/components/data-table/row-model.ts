/**
 * The table's own row pipeline, cheaper than TanStack's for long lists typed into:
 *
 *   core rows (once per data change) → sorted (once per data or sort change) → searched (per keystroke)
 *
 * TanStack sorts *after* filtering, so every keystroke re-sorts (and re-creates) the remaining rows; here a keystroke
 * only runs `includes` over lowercase haystacks built once per data change, and keeps the sorted order.
 */
import type { Row, SortingFn, SortingState, Table } from '@tanstack/react-table';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two cell values: numbers as numbers, everything else as text in natural order ("ns2" < "ns10"). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return collator.compare(a === null || a === undefined ? '' : String(a), b === null || b === undefined ? '' : String(b));
}

/**
 * The default sortingFn of every column: `Intl.Collator({ numeric: true })` (TanStack's default `alphanumeric`
 * splits every string into chunks on each comparison, slow on thousands of rows). A column may still set its own.
 */
export const naturalSortingFn: SortingFn<unknown> = (rowA, rowB, columnId) =>
  compareValues(rowA.getValue(columnId), rowB.getValue(columnId));

/** TanStack's sort semantics (sortUndefined, invertSorting, desc, stable by index) over already-built rows. */
export function sortRows<T>(table: Table<T>, rows: Row<T>[], sorting: SortingState): Row<T>[] {
  const specs = sorting.flatMap((entry) => {
    const column = table.getColumn(entry.id);
    if (!column || !column.getCanSort()) return [];
    return [
      {
        id: entry.id,
        desc: entry.desc,
        sortingFn: column.getSortingFn(),
        sortUndefined: column.columnDef.sortUndefined,
        invert: !!column.columnDef.invertSorting,
      },
    ];
  });
  if (specs.length === 0 || rows.length < 2) return rows;
  return [...rows].sort((rowA, rowB) => {
    for (const spec of specs) {
      let result = 0;
      if (spec.sortUndefined) {
        const aUndefined = rowA.getValue(spec.id) === undefined;
        const bUndefined = rowB.getValue(spec.id) === undefined;
        if (aUndefined || bUndefined) {
          if (aUndefined && bUndefined) continue;
          if (spec.sortUndefined === 'first') return aUndefined ? -1 : 1;
          if (spec.sortUndefined === 'last') return aUndefined ? 1 : -1;
          result = aUndefined ? spec.sortUndefined : -spec.sortUndefined;
        }
      }
      if (result === 0) result = spec.sortingFn(rowA, rowB, spec.id);
      if (result !== 0) {
        if (spec.desc) result = -result;
        if (spec.invert) result = -result;
        return result;
      }
    }
    return rowA.index - rowB.index;
  });
}

/** Each row's lowercase search text, built once per data (or `searchText`) change. */
export function buildHaystacks<T>(rows: Row<T>[], searchText?: (row: T) => string): Map<Row<T>, string> {
  const haystacks = new Map<Row<T>, string>();
  for (const row of rows) {
    const text = searchText
      ? searchText(row.original)
      : row
          .getAllCells()
          .map((cell) => {
            const value = cell.getValue();
            return value === null || value === undefined ? '' : String(value);
          })
          .join(' ');
    haystacks.set(row, text.toLowerCase());
  }
  return haystacks;
}

/** The rows whose haystack contains the needle (case-insensitive substring), in the order given. */
export function searchRows<T>(rows: Row<T>[], haystacks: Map<Row<T>, string>, query: string): Row<T>[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return rows;
  return rows.filter((row) => haystacks.get(row)?.includes(needle));
}
