/** The account's zones: search and sort in the URL, type and status badges, link to each zone. */
import { Anchor, Badge, Group, Pagination, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { Zone } from '@secdns/api-types';
import { CopyId } from '../../../components/copy-id';
import { DataTable } from '../../../components/data-table';
import { useListParams } from '../../../lib/use-list-params';
import { zoneQueries } from '../api/queries';

const column = createColumnHelper<Zone>();
const SORTABLE = ['name', 'type', 'status'] as const;

const TYPE_LABEL: Record<string, string> = {
  secondary: 'Secondary',
  full: 'Full',
  partial: 'Partial (CNAME)',
};

export function ZonesTable({ accountId }: { accountId: string }) {
  const list = useListParams({ sort: 'name', dir: 'asc', sortable: SORTABLE });
  const zones = useQuery(zoneQueries.list(accountId, list.page));
  const totalPages = zones.data?.resultInfo?.total_pages ?? 1;

  const columns = useMemo(
    () => [
      column.accessor('name', {
        id: 'name',
        header: 'Name',
        cell: (info) => (
          <Anchor
            component={Link}
            to={`/accounts/${encodeURIComponent(accountId)}/zones/${encodeURIComponent(info.row.original.id)}`}
            ff="monospace"
            size="sm"
            fw={500}
          >
            {info.getValue()}
          </Anchor>
        ),
      }),
      column.accessor((zone) => zone.type ?? '', {
        id: 'type',
        header: 'Type',
        meta: { width: 150 },
        cell: (info) => {
          const type = info.getValue();
          if (!type) return <Text size="sm" c="dimmed">—</Text>;
          return (
            <Badge size="sm" variant="light" color={type === 'secondary' ? 'blue' : 'gray'}>
              {TYPE_LABEL[type] ?? type}
            </Badge>
          );
        },
      }),
      column.accessor((zone) => zone.status ?? '', {
        id: 'status',
        header: 'Status',
        meta: { width: 130 },
        cell: (info) => {
          const status = info.getValue();
          if (!status) return <Text size="sm" c="dimmed">—</Text>;
          return (
            <Badge size="sm" variant="dot" color={status === 'active' ? 'teal' : 'yellow'}>
              {status}
            </Badge>
          );
        },
      }),
      column.accessor('id', {
        id: 'id',
        header: 'ID',
        enableSorting: false,
        meta: { width: 320 },
        cell: (info) => <CopyId value={info.getValue()} label={`ID of ${info.row.original.name}`} />,
      }),
    ],
    [accountId],
  );

  return (
    <Stack gap="md">
      <DataTable
        label="Zones"
        noun={{ one: 'zone', other: 'zones' }}
        data={zones.data?.zones}
        columns={columns}
        getRowId={(zone) => zone.id}
        isLoading={zones.isPending}
        error={zones.error}
        onRetry={() => void zones.refetch()}
        isRetrying={zones.isFetching}
        globalFilter={list.q}
        onGlobalFilterChange={list.setQ}
        searchText={(zone) => [zone.name, zone.type, zone.status, zone.id].join(' ')}
        searchPlaceholder="Search by name, type or ID"
        sorting={list.sorting}
        onSortingChange={list.setSorting}
        emptyState={
          <Stack gap="xs" align="center" ta="center" maw={560} mx="auto">
            <Text fw={600}>No zones in this account.</Text>
            <Text size="sm" c="dimmed">
              Zones are added in Cloudflare&apos;s dashboard. A zone of type Secondary is pulled from your primaries;
              any other zone can be served to your secondaries.
            </Text>
          </Stack>
        }
      />
      {totalPages > 1 && (
        <Group justify="center">
          <Pagination
            total={totalPages}
            value={list.page}
            onChange={list.setPage}
            getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          />
        </Group>
      )}
    </Stack>
  );
}
