/**
 * The account's TSIG keys: search (URL `q`), sortable columns (URL `sort`/`dir`), the secret masked with Reveal and
 * Copy (through the audited reveal endpoint), "Used by" (peer names, from the peer list: one call), Edit / Delete.
 * Adding and editing happen in `TsigForm`; the caller decides how to open it. Add / Edit / Delete (`tsigs.*`) and
 * Reveal / Copy (the admin-only reveal endpoint) stay visible for every role and turn off with the reason.
 */
import { Alert, Badge, Group, List, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconArrowsExchange, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import type { Peer, Tsig } from '@secdns/api-types';
import { openConfirm } from '../../../components/confirm';
import { CellText, DataTable, listState, queryState, idColumn } from '../../../components/data-table';
import { ActionButton, ActionIconButton } from '../../../components/action-button';
import { RowActions, rowActionsColumn } from '../../../components/row-actions';
import { isApiError } from '../../../lib/api-client';
import { peersListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { useListParams } from '../../../lib/use-list-params';
import { bindAlgorithmName } from '../algorithms';
import { DEPENDENCY_REFUSED, useDeleteTsig } from '../api/mutations';
import { tsigQueries } from '../api/queries';
import { MovePeersDialog } from './move-peers-dialog';
import { TsigSecretActions } from './tsig-secret-actions';

const SORTABLE = ['name', 'algo', 'usedBy'] as const;
const column = createColumnHelper<Tsig>();

/** Which peers use each key. `state` says whether "no peers" can be trusted. */
export interface TsigUsage {
  state: 'loading' | 'error' | 'ready';
  byTsig: Map<string, Peer[]>;
}

export function usageOf(peers: Peer[] | undefined, state: TsigUsage['state']): TsigUsage {
  const byTsig = new Map<string, Peer[]>();
  for (const peer of peers ?? []) {
    if (!peer.tsig_id) continue;
    const list = byTsig.get(peer.tsig_id) ?? [];
    list.push(peer);
    byTsig.set(peer.tsig_id, list);
  }
  for (const list of byTsig.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return { state, byTsig };
}

function usedByText(usage: TsigUsage, tsigId: string): string {
  return (usage.byTsig.get(tsigId) ?? []).map((peer) => peer.name).join(', ');
}

function UsedByCell({ usage, tsigId }: { usage: TsigUsage; tsigId: string }) {
  const peers = usage.byTsig.get(tsigId) ?? [];
  if (peers.length > 0) {
    const names = peers.map((peer) => peer.name).join(', ');
    return (
      <CellText truncate title={names}>
        {names}
      </CellText>
    );
  }
  // Never claim "not used" when the peer list is not known.
  if (usage.state === 'loading') {
    return <CellText dimmed>Checking…</CellText>;
  }
  if (usage.state === 'error') {
    return (
      <CellText dimmed title="The peer list could not be loaded">
        Unknown
      </CellText>
    );
  }
  return <CellText dimmed>No peers</CellText>;
}

/** The delete confirmation's warning: live, so it stays right while the peer list loads. */
function DeleteTsigMessage({ accountId, tsig }: { accountId: string; tsig: Tsig }) {
  const peers = useQuery(peersListQuery(accountId));
  const users = usageOf(peers.data, 'ready').byTsig.get(tsig.id) ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm">
        The key <Text span ff="monospace" size="sm" fw={600}>{tsig.name}</Text> will be removed from this account. This
        cannot be undone.
      </Text>
      {users.length > 0 ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Peers still use this key">
          <Text size="sm">
            {users.length === 1 ? 'This peer signs' : `These ${users.length} peers sign`} transfers with it:
          </Text>
          <List size="sm" mt={4} mb={4}>
            {users.map((peer) => (
              <List.Item key={peer.id}>{peer.name}</List.Item>
            ))}
          </List>
          <Text size="sm">
            The dashboard does not delete a key that peers sign with: their zones would stop transferring. Move them
            to another key (or none) first: the ⇄ button on this key&apos;s row.
          </Text>
        </Alert>
      ) : peers.isPending ? (
        <Text size="sm" c="dimmed">
          Checking which peers use this key…
        </Text>
      ) : peers.isError ? (
        <Text size="sm" c="dimmed">
          Could not check which peers use this key. If any do, the delete is refused.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          No peer uses this key.
        </Text>
      )}
    </Stack>
  );
}

export interface TsigsTableProps {
  accountId: string;
  onAdd: () => void;
  onEdit: (tsig: Tsig) => void;
}

export function TsigsTable({ accountId, onAdd, onEdit }: TsigsTableProps) {
  const tsigs = useQuery(tsigQueries.list(accountId));
  const peers = useQuery(peersListQuery(accountId));
  const deleteTsig = useDeleteTsig(accountId);
  const list = useListParams({ sort: 'name', dir: 'asc', sortable: SORTABLE });
  const [moving, setMoving] = useState<Tsig | null>(null);

  const usage = useMemo(
    () => usageOf(peers.data, peers.isPending ? 'loading' : peers.isError ? 'error' : 'ready'),
    [peers.data, peers.isPending, peers.isError],
  );

  const confirmDelete = useCallback(
    (tsig: Tsig) =>
      openConfirm({
        title: `Delete TSIG key ${tsig.name}?`,
        message: <DeleteTsigMessage accountId={accountId} tsig={tsig} />,
        confirmLabel: 'Delete key',
        danger: true,
        onConfirm: async () => {
          try {
            await deleteTsig.mutateAsync(tsig.id);
          } catch (error) {
            if (isApiError(error) && error.code === DEPENDENCY_REFUSED) {
              // The refusal names the peers and what to do.
              throw new Error(error.message);
            }
            throw error;
          }
          notifySuccess(`TSIG key ${tsig.name} deleted`);
        },
      }),
    [accountId, deleteTsig],
  );

  const columns = useMemo(
    () => [
      column.accessor('name', {
        id: 'name',
        header: 'Name',
        cell: (info) =>
          info.row.original.secret_is_base64 === false ? (
            <Group gap={6} wrap="nowrap">
              <CellText strong truncate title={info.getValue()}>
                {info.getValue()}
              </CellText>
              <Badge
                size="sm"
                variant="light"
                color="red"
                tt="none"
                style={{ flexShrink: 0 }}
                title="Its secret is not Base64 (set outside this dashboard): no nameserver can load it, so the key cannot sign a transfer. Edit it and generate a new secret."
              >
                Secret not Base64
                <VisuallyHidden>: no nameserver can load it, so the key cannot sign a transfer. Edit it and generate a new secret.</VisuallyHidden>
              </Badge>
            </Group>
          ) : (
            <CellText strong truncate title={info.getValue()}>
              {info.getValue()}
            </CellText>
          ),
      }),
      column.accessor((tsig) => bindAlgorithmName(tsig.algo), {
        id: 'algo',
        header: 'Algorithm',
        meta: { width: 124 },
        cell: (info) => (
          <Badge size="sm" variant="light" color="gray" tt="none" title={info.row.original.algo}>
            {info.getValue()}
          </Badge>
        ),
      }),
      column.display({
        id: 'secret',
        header: 'Secret',
        meta: { width: 148 },
        cell: ({ row }) => <TsigSecretActions accountId={accountId} tsig={row.original} />,
      }),
      column.accessor((tsig) => usedByText(usage, tsig.id), {
        id: 'usedBy',
        header: 'Used by',
        meta: { width: '20%' },
        sortUndefined: 'last',
        cell: (info) => <UsedByCell usage={usage} tsigId={info.row.original.id} />,
      }),
      idColumn<Tsig>(),
      rowActionsColumn<Tsig>((tsig) => (
        <RowActions
          name={tsig.name}
          editNeed={{ operation: 'tsigs.update' }}
          deleteNeed={{ operation: 'tsigs.delete' }}
          onEdit={() => onEdit(tsig)}
          onDelete={() => confirmDelete(tsig)}
          extra={
            <ActionIconButton
              operation="peers.update"
              label={`Move the peers of ${tsig.name} to another key`}
              tooltip="Move its peers to another key"
              icon={<IconArrowsExchange size={16} aria-hidden />}
              disabledReason={usage.state === 'ready' && !usage.byTsig.get(tsig.id)?.length ? 'No peer uses this key.' : undefined}
              disabled={usage.state !== 'ready'}
              onClick={() => setMoving(tsig)}
            />
          }
        />
      ), 3),
    ],
    [accountId, usage, onEdit, confirmDelete],
  );

  const searchText = useCallback(
    (tsig: Tsig) => [tsig.name, tsig.algo, usedByText(usage, tsig.id), tsig.id].join(' '),
    [usage],
  );

  return (
    <>
      <MovePeersDialog accountId={accountId} tsig={moving} onClose={() => setMoving(null)} />
      <DataTable
        {...queryState(tsigs)}
        {...listState(list)}
        label="TSIG keys"
        noun={{ one: 'TSIG key', other: 'TSIG keys' }}
        columns={columns}
        getRowId={(tsig) => tsig.id}
        searchText={searchText}
        searchPlaceholder="Search by name, algorithm, peer or ID"
        toolbarActions={
          <ActionButton operation="tsigs.create" leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>
            Add TSIG key
          </ActionButton>
        }
        emptyState={
          <Stack gap="xs" align="center" ta="center" maw={560} mx="auto">
            <Text fw={600}>No TSIG keys yet.</Text>
            <Text size="sm" c="dimmed">
              A TSIG key is a shared secret that signs zone transfers between Cloudflare and a peer. Use “Add TSIG key”,
              generate a secret, put the same key (same name, algorithm and secret) on the other nameserver, then choose
              the key on the peer.
            </Text>
          </Stack>
        }
      />
    </>
  );
}
