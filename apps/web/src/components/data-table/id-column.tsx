/**
 * The "ID" column of the resource tables. Here, in the data-table chunk, not beside CopyId: CopyId is in the initial
 * bundle (error states use it), and this needs TanStack Table (about 12 KB gzip), which only the table pages load.
 */
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { CopyId } from '../copy-id';

/**
 * The "ID" column of a resource table: the shortened id with its copy button, named by the row; not sortable, but an
 * accessor, so the table's search finds a row by its id.
 */
export function idColumn<T extends { id: string; name: string }>(width = 112): ColumnDef<T, string> {
  return createColumnHelper<T>().accessor((row) => row.id, {
    id: 'id',
    header: 'ID',
    enableSorting: false,
    meta: { width },
    cell: (info) => <CopyId value={info.getValue()} label={`ID of ${info.row.original.name}`} shorten={6} />,
  });
}
