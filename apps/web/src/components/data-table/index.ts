export { DataTable, type DataTableProps, type DataTableNoun } from './data-table';
