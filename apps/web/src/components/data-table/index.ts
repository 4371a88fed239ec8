export { DataTable, type DataTableProps, type DataTableNoun } from './data-table';
export { listState, queryState } from './bindings';
export { CellText, type CellTextProps } from './cell-text';
export { idColumn } from './id-column';
export { CellBadge } from './cell-badge';
export { compareValues } from './row-model';
