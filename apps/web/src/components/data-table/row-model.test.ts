import { createColumnHelper, getCoreRowModel, createTable, type TableOptionsResolved } from '@tanstack/react-table';
import { describe, expect, it } from 'vitest';
import { buildHaystacks, compareValues, naturalSortingFn, searchRows, sortRows } from './row-model';

interface Peer {
  id: string;
  name: string;
  port?: number;
}
const column = createColumnHelper<Peer>();
const columns = [
  column.accessor('name', { id: 'name' }),
  column.accessor((peer) => peer.port, { id: 'port', sortUndefined: 'last' }),
];
const data: Peer[] = [
  { id: 'a', name: 'ns10', port: 53 },
  { id: 'b', name: 'NS2' },
  { id: 'c', name: 'ns1', port: 5353 },
];

function table() {
  const options = {
    data,
    columns,
    defaultColumn: { sortingFn: naturalSortingFn },
    getCoreRowModel: getCoreRowModel(),
    state: {},
    onStateChange: () => {},
    renderFallbackValue: null,
  } as unknown as TableOptionsResolved<Peer>;
  const instance = createTable(options);
  instance.setOptions((previous) => ({ ...previous, state: instance.initialState }));
  return instance;
}

describe('row model', () => {
  it('compares in natural order, case-insensitively, numbers as numbers', () => {
    expect(compareValues('ns2', 'ns10')).toBeLessThan(0);
    expect(compareValues('NS2', 'ns10')).toBeLessThan(0);
    expect(compareValues(9, 10)).toBeLessThan(0);
    expect(compareValues(undefined, 'a')).toBeLessThan(0);
  });

  it('sorts with TanStack semantics: desc, undefined last', () => {
    const t = table();
    const rows = t.getCoreRowModel().rows;
    expect(sortRows(t, rows, [{ id: 'name', desc: false }]).map((r) => r.original.name)).toEqual(['ns1', 'NS2', 'ns10']);
    expect(sortRows(t, rows, [{ id: 'name', desc: true }]).map((r) => r.original.name)).toEqual(['ns10', 'NS2', 'ns1']);
    // Undefined ports stay last in both directions.
    expect(sortRows(t, rows, [{ id: 'port', desc: false }]).map((r) => r.original.id)).toEqual(['a', 'c', 'b']);
    expect(sortRows(t, rows, [{ id: 'port', desc: true }]).map((r) => r.original.id)).toEqual(['c', 'a', 'b']);
  });

  it('searches precomputed lowercase text and keeps the order given', () => {
    const t = table();
    const rows = t.getCoreRowModel().rows;
    const haystacks = buildHaystacks(rows);
    expect(searchRows(rows, haystacks, 'NS1').map((r) => r.original.id)).toEqual(['a', 'c']);
    expect(searchRows(rows, haystacks, ' 5353 ').map((r) => r.original.id)).toEqual(['c']);
    expect(searchRows(rows, haystacks, '')).toBe(rows);
    const byName = buildHaystacks(rows, (peer) => peer.name);
    expect(searchRows(rows, byName, '53')).toEqual([]);
  });
});
