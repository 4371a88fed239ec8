/**
 * The audit log: filters (URL), the entries of one page (server-side: `page` / `per_page` in the URL, totals from
 * `result_info`), "Export CSV" with the same filters (saying beforehand when the export's row cap will cut it), and a drawer with one entry in full. Narrow screens leave the
 * request id and client IP to the drawer.
 */
import { Badge, Button, Group, Pagination, Select, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconListDetails } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { apiTokenLabelName, resourceNameOf, type AuditEntry } from '@secdns/api-types';
import { CopyId } from '../../../components/copy-id';
import { DataTable } from '../../../components/data-table';
import { ActionIconButton } from '../../../components/action-button';
import { formatAbsolute, formatRelative } from '../../../lib/format-time';
import { auditQueries } from '../api/queries';
import { PER_PAGE_CHOICES, hasFilters, useAuditFilters } from '../audit-filters';
import { ANONYMOUS_ACTOR, operationLabel, resourceWord } from '../operation-labels';
import { ChangesLine, OutcomeBadge, SeenAfterLine, TargetCell } from './audit-cells';
import { AuditCsvExport } from './audit-csv-export';
import { AuditEntryDrawer } from './audit-entry-drawer';
import { AuditFiltersBar } from './audit-filters-bar';

const column = createColumnHelper<AuditEntry>();

function TimeCell({ value }: { value: string }) {
  const absolute = formatAbsolute(value);
  const [date, ...rest] = absolute.split(' ');
  return (
    <Text component="time" dateTime={value} title={formatRelative(value)} size="sm" lh={1.3} display="block">
      {date}
      <br />
      <Text span size="xs" c="dimmed" lh={1.3}>
        {rest.join(' ')}
      </Text>
    </Text>
  );
}

/** "Only the entries about peer ns1-primary": the history of one resource (from its edit form's link). */
function ResourceNotice({ resource, entries, onShowAll }: { resource: string; entries: AuditEntry[] | undefined; onShowAll: () => void }) {
  // Named by an entry about it (an API token's list holds what it did to others too: a peer it changed).
  const named = entries?.find((entry) => entry.resource_id === resource && resourceNameOf(entry));
  const what = named ? `${resourceWord(named.operation)} ${resourceNameOf(named)}` : resource;
  return (
    <Group gap="sm">
      <Text size="sm">
        Only the entries about <strong>{what}</strong>
        {named && (
          <Text span size="xs" c="dimmed" ff="monospace">
            {' '}
            ({resource})
          </Text>
        )}
        , newest first.
      </Text>
      <Button variant="subtle" size="compact-sm" onClick={onShowAll}>
        Show all entries
      </Button>
    </Group>
  );
}

export interface AuditLogProps {
  /** Admins see everyone's entries and may filter by user. */
  isAdmin: boolean;
}

export function AuditLog({ isAdmin }: AuditLogProps) {
  const { filters, page, perPage, setFilters, setPage, setPerPage, clear } = useAuditFilters();
  const audit = useQuery(auditQueries.list(filters, page, perPage));
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const wide = useMediaQuery('(min-width: 1440px)', true);
  const medium = useMediaQuery('(min-width: 1200px)', true);

  const columns = useMemo(() => {
    const list: ColumnDef<AuditEntry, any>[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      column.accessor('time', {
        id: 'time',
        header: 'Time',
        meta: { width: 112 },
        enableSorting: false,
        cell: (info) => <TimeCell value={info.getValue()} />,
      }),
      column.accessor((entry) => entry.username ?? '', {
        id: 'user',
        header: 'User',
        meta: { width: 120 },
        enableSorting: false,
        cell: ({ row }) => (
          <Stack gap={2}>
            <Text size="sm" truncate title={row.original.username ?? undefined} lh={1.3}>
              {row.original.username ?? (
                <Text span size="sm" c="dimmed" title="Not signed in">
                  {ANONYMOUS_ACTOR}
                </Text>
              )}
            </Text>
            {row.original.role && (
              <Badge size="xs" variant="light" color="gray" w="fit-content">
                {row.original.role}
              </Badge>
            )}
            {row.original.api_token && (
              <Text size="xs" c="dimmed" truncate title={`With the API token ${row.original.api_token}`} lh={1.3}>
                API token {apiTokenLabelName(row.original.api_token)}
              </Text>
            )}
          </Stack>
        ),
      }),
      column.accessor((entry) => operationLabel(entry.operation), {
        id: 'operation',
        header: 'Operation',
        enableSorting: false,
        cell: ({ row }) => (
          <Stack gap={0} title={`${row.original.operation}: ${row.original.method} ${row.original.path}`}>
            <Text size="sm" truncate lh={1.3}>
              {operationLabel(row.original.operation)}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace" truncate lh={1.3}>
              {row.original.operation}
            </Text>
          </Stack>
        ),
      }),
      column.display({
        id: 'target',
        header: 'Target',
        meta: { width: '20%' },
        cell: ({ row }) => (
          <Stack gap={2}>
            <TargetCell entry={row.original} />
            <ChangesLine entry={row.original} accountId={row.original.account_id} />
            <SeenAfterLine entry={row.original} />
          </Stack>
        ),
      }),
      column.accessor('outcome', {
        id: 'outcome',
        header: 'Outcome',
        meta: { width: 108 },
        enableSorting: false,
        cell: ({ row }) => <OutcomeBadge entry={row.original} stacked />,
      }),
      column.accessor((entry) => entry.reason ?? '', {
        id: 'reason',
        header: 'Reason',
        meta: { width: '12%' },
        enableSorting: false,
        cell: ({ row }) =>
          row.original.reason ? (
            <Text size="sm" truncate title={row.original.reason}>
              {row.original.reason}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ),
      }),
    ];
    if (medium) {
      list.push(
        column.accessor('request_id', {
          id: 'request_id',
          header: 'Request ID',
          meta: { width: 130 },
          enableSorting: false,
          cell: (info) => <CopyId value={info.getValue()} label={`request ID of entry ${info.row.original.id}`} shorten={8} size="xs" />,
        }),
      );
    }
    if (wide) {
      list.push(
        column.accessor((entry) => entry.client_ip ?? '', {
          id: 'client_ip',
          header: 'Client IP',
          meta: { width: 120 },
          enableSorting: false,
          cell: (info) => (
            <Text size="xs" ff="monospace" truncate title={info.getValue()}>
              {info.getValue() || '—'}
            </Text>
          ),
        }),
      );
    }
    list.push(
      column.display({
        id: 'details',
        header: () => <VisuallyHidden>Details</VisuallyHidden>,
        meta: { width: 72, align: 'right' },
        cell: ({ row }) => (
          <ActionIconButton
            label={`Details of entry ${row.original.id}`}
            tooltip="Details: body and error codes"
            icon={<IconListDetails size={16} aria-hidden />}
            onClick={() => setSelected(row.original)}
          />
        ),
      }),
    );
    return list;
  }, [medium, wide]);

  const info = audit.data?.resultInfo;
  const total = info?.total_count ?? audit.data?.entries.length ?? 0;
  const totalPages = Math.max(1, info?.total_pages ?? 1);
  const first = total === 0 ? 0 : (page - 1) * perPage + 1;
  const last = Math.min(total, (page - 1) * perPage + (audit.data?.entries.length ?? 0));
  const noun = total === 1 ? 'entry' : 'entries';
  const countText = total > perPage || page > 1 ? `${first}–${last} of ${total} ${noun}` : `${total} ${noun}`;

  return (
    <Stack gap="md">
      <AuditFiltersBar
        filters={filters}
        onApply={(next) => setFilters(next)}
        onClear={clear}
        canFilterUser={isAdmin}
      />
      {filters.resource && <ResourceNotice resource={filters.resource} entries={audit.data?.entries} onShowAll={() => setFilters({ resource: '' })} />}
      <DataTable
        label="Audit log"
        noun={{ one: 'entry', other: 'entries' }}
        data={audit.data?.entries}
        columns={columns}
        getRowId={(entry) => String(entry.id)}
        isLoading={audit.isPending}
        error={audit.isError ? audit.error : undefined}
        onRetry={() => void audit.refetch()}
        isRetrying={audit.isFetching}
        rowHeight={52}
        maxHeight="calc(100dvh - 380px)"
        countText={countText}
        toolbarActions={<AuditCsvExport filters={filters} total={info?.total_count} />}
        emptyState={
          <Stack gap="xs" align="center" ta="center">
            {hasFilters(filters) ? (
              <>
                <Text fw={600}>No entries match these filters.</Text>
                <Button variant="light" size="xs" onClick={clear}>
                  Clear filters
                </Button>
              </>
            ) : (
              <>
                <Text fw={600}>No entries yet.</Text>
                <Text size="sm" c="dimmed">
                  Changes, force actions, sign-ins and refused requests appear here as they happen.
                </Text>
              </>
            )}
          </Stack>
        }
      />
      {total > 0 && (
        <Group justify="space-between" gap="md">
          <Group gap="xs">
            <Text size="sm" c="dimmed" id="audit-per-page-label">
              Entries per page
            </Text>
            <Select
              aria-labelledby="audit-per-page-label"
              w={90}
              data={PER_PAGE_CHOICES.map(String)}
              value={String(perPage)}
              allowDeselect={false}
              onChange={(value) => value && setPerPage(Number(value))}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
          {totalPages > 1 && (
            <Pagination
              total={totalPages}
              value={Math.min(page, totalPages)}
              onChange={setPage}
              withEdges
              getControlProps={(control) => ({
                'aria-label':
                  control === 'first' ? 'First page' : control === 'last' ? 'Last page' : control === 'next' ? 'Next page' : 'Previous page',
              })}
              getItemProps={(item) => ({ 'aria-label': `Page ${item}`, 'aria-current': item === page ? 'page' : undefined })}
            />
          )}
        </Group>
      )}
      <Text size="xs" c="dimmed">
        Times are in your browser&apos;s time zone. Entries are never changed or deleted.
      </Text>
      <AuditEntryDrawer entry={selected} onClose={() => setSelected(null)} />
    </Stack>
  );
}
