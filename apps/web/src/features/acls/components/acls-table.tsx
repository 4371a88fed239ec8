/**
 * The account's ACLs: search (URL `q`), sortable columns (URL `sort`/`dir`), the range in monospace with its family
 * and size, Edit / Delete (with a confirmation naming the ACL). Adding and editing happen in `AclForm`. Add / Edit /
 * Delete (`acls.*`, admin) stay visible for every role and turn off with the reason for those who may not use them.
 */
import { Badge, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo } from 'react';
import type { Acl } from '@secdns/api-types';
import { openConfirm } from '../../../components/confirm';
import { CellText, DataTable, listState, queryState, idColumn } from '../../../components/data-table';
import { ActionButton } from '../../../components/action-button';
import { RowActions, rowActionsColumn } from '../../../components/row-actions';
import { notifySuccess } from '../../../lib/notify';
import { useListParams } from '../../../lib/use-list-params';
import { useDeleteAcl } from '../api/mutations';
import { aclQueries } from '../api/queries';
import { describeCidr } from '../cidr';

const SORTABLE = ['name', 'ip_range', 'family', 'size'] as const;
const column = createColumnHelper<Acl>();

export interface AclsTableProps {
  accountId: string;
  onAdd: () => void;
  onEdit: (acl: Acl) => void;
}

export function AclsTable({ accountId, onAdd, onEdit }: AclsTableProps) {
  const acls = useQuery(aclQueries.list(accountId));
  const deleteAcl = useDeleteAcl(accountId);
  const list = useListParams({ sort: 'name', dir: 'asc', sortable: SORTABLE });

  const confirmDelete = useCallback(
    (acl: Acl) =>
      openConfirm({
        title: `Delete ACL ${acl.name}?`,
        message: (
          <Stack gap={6}>
            <Text size="sm">
              <strong>{acl.name}</strong> (
              <Text span ff="monospace" size="sm">
                {acl.ip_range}
              </Text>
              ) will be removed from this account.
            </Text>
            <Text size="sm" c="dimmed">
              Addresses in this range can no longer transfer primary zones from Cloudflare or send it NOTIFY for
              secondary zones, unless a peer or another ACL still allows them. Its name and range stay in the audit log, where “Create it
              again” restores them.
            </Text>
          </Stack>
        ),
        confirmLabel: 'Delete ACL',
        danger: true,
        onConfirm: async () => {
          await deleteAcl.mutateAsync(acl.id);
          notifySuccess(`ACL ${acl.name} deleted`);
        },
      }),
    [deleteAcl],
  );

  const columns = useMemo(
    () => [
      column.accessor('name', {
        id: 'name',
        header: 'Name',
        cell: (info) => (
          <CellText strong truncate title={info.getValue()}>
            {info.getValue()}
          </CellText>
        ),
      }),
      column.accessor('ip_range', {
        id: 'ip_range',
        header: 'IP range',
        meta: { width: '26%' },
        cell: (info) => (
          <CellText mono truncate title={info.getValue()}>
            {info.getValue()}
          </CellText>
        ),
      }),
      column.accessor((acl) => describeCidr(acl.ip_range)?.family ?? '', {
        id: 'family',
        header: 'Family',
        meta: { width: 96 },
        cell: (info) =>
          info.getValue() ? (
            <Badge size="sm" variant="light" color={info.getValue() === 'IPv4' ? 'blue' : 'violet'} tt="none">
              {info.getValue()}
            </Badge>
          ) : (
            <CellText dimmed>Unknown</CellText>
          ),
      }),
      column.accessor((acl) => describeCidr(acl.ip_range), {
        id: 'size',
        header: 'Size',
        meta: { width: 200 },
        sortingFn: (a, b) => {
          const x = a.getValue<ReturnType<typeof describeCidr>>('size')?.count ?? -1n;
          const y = b.getValue<ReturnType<typeof describeCidr>>('size')?.count ?? -1n;
          return x === y ? 0 : x < y ? -1 : 1;
        },
        cell: (info) => {
          const size = info.getValue();
          if (!size) return <CellText dimmed>—</CellText>;
          return (
            <Text size="sm" c={size.tooWide ? 'red' : undefined} title={size.first ? `${size.first} – ${size.last}` : undefined}>
              {size.size}
              {size.tooWide ? ' (too wide)' : ''}
            </Text>
          );
        },
      }),
      idColumn<Acl>(),
      rowActionsColumn<Acl>((acl) => (
        <RowActions
          name={acl.name}
          editNeed={{ operation: 'acls.update' }}
          deleteNeed={{ operation: 'acls.delete' }}
          onEdit={() => onEdit(acl)}
          onDelete={() => confirmDelete(acl)}
        />
      )),
    ],
    [onEdit, confirmDelete],
  );

  const searchText = useCallback(
    (acl: Acl) => [acl.name, acl.ip_range, describeCidr(acl.ip_range)?.family ?? '', acl.id].join(' '),
    [],
  );

  return (
    <DataTable
      {...queryState(acls)}
      {...listState(list)}
      label="ACLs"
      noun={{ one: 'ACL', other: 'ACLs' }}
      columns={columns}
      getRowId={(acl) => acl.id}
      searchText={searchText}
      searchPlaceholder="Search by name, range or ID"
      maxHeight="calc(100dvh - 420px)"
      toolbarActions={
        <ActionButton operation="acls.create" leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>
          Add ACL
        </ActionButton>
      }
      emptyState={
        <Stack gap="xs" align="center" ta="center" maw={560} mx="auto">
          <Text fw={600}>No ACLs yet.</Text>
          <Text size="sm" c="dimmed">
            Without ACLs, only the peers linked to a zone may transfer it or notify Cloudflare. Use “Add ACL” to allow
            another range, e.g. a hidden primary or a monitoring host. IPv4 ranges can be at most /24, IPv6 at most
            /64.
          </Text>
        </Stack>
      }
    />
  );
}
