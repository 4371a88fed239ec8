/**
 * The account's peers: search (URL `q`), sortable columns (URL `sort`/`dir`), TSIG keys shown by name,
 * Edit / Delete per row. Adding and editing happen in `PeerForm`; the caller decides how to open it. Add / Edit /
 * Delete (`peers.*`, admin) stay visible for every role and turn off with the reason for those who may not use them.
 */
import { Group, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { modals } from '@mantine/modals';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Peer, Tsig, Zone } from '@secdns/api-types';
import { openConfirm } from '../../../components/confirm';
import { CellBadge, CellText, DataTable, idColumn, listState, queryState } from '../../../components/data-table';
import { ActionButton } from '../../../components/action-button';
import { RowActions, rowActionsColumn } from '../../../components/row-actions';
import { focusBackTo } from '../../../lib/keep-focus';
import { tsigsListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { useListParams } from '../../../lib/use-list-params';
import { useDeletePeer } from '../api/mutations';
import { peerQueries } from '../api/queries';
import { usesByPeer, usesText } from '../usage';
import { ReplacePeerDialog } from './replace-peer-dialog';
import { BulkForceDialog } from '../../zones/components/bulk-force';
import {
  PeerUsageButton,
  PeerUsageNote,
  PeerUsageSummary,
  PeerZonesCell,
  usePeerUsage,
  type PeerZoneActions,
} from './peer-usage';

const SORTABLE = ['name', 'ip', 'port', 'ixfr', 'tsig'] as const;
const column = createColumnHelper<Peer>();

export interface PeersTableProps {
  accountId: string;
  onAdd: () => void;
  onEdit: (peer: Peer) => void;
}

type TsigLookup = { state: 'loading' | 'error' | 'ready'; byId: Map<string, Tsig> };

function tsigLabel(lookup: TsigLookup, tsigId: string | undefined): string {
  if (!tsigId) return '';
  return lookup.byId.get(tsigId)?.name ?? '';
}

function TsigCell({ lookup, tsigId }: { lookup: TsigLookup; tsigId: string | undefined }) {
  if (!tsigId) {
    return <CellText dimmed>None</CellText>;
  }
  const tsig = lookup.byId.get(tsigId);
  if (tsig) {
    return (
      <CellText mono title={`${tsig.name} (${tsig.algo})`} truncate>
        {tsig.name}
      </CellText>
    );
  }
  return (
    <CellText mono dimmed title={tsigId} truncate>
      {lookup.state === 'loading' ? 'Loading…' : `${tsigId.slice(0, 8)}… (unknown key)`}
    </CellText>
  );
}

export function PeersTable({ accountId, onAdd, onEdit }: PeersTableProps) {
  const peers = useQuery(peerQueries.list(accountId));
  const tsigs = useQuery(tsigsListQuery(accountId));
  const deletePeer = useDeletePeer(accountId);
  const [replacing, setReplacing] = useState<Peer | null>(null);
  /** Where focus goes once the Replace dialog closes, when what opened it is gone (the delete dialog's button). */
  const replaceFocus = useRef<(() => HTMLElement | null) | undefined>(undefined);
  const [forcing, setForcing] = useState<{ kind: 'axfr' | 'notify'; peer: Peer; zones: Zone[] } | null>(null);
  const zoneActions = useMemo<PeerZoneActions>(
    () => ({
      onForce: (kind, peer, zones) => setForcing({ kind, peer, zones }),
      onReplace: (peer) => {
        // From the cell's button, which Mantine gives focus back to (peer-usage.tsx).
        replaceFocus.current = undefined;
        setReplacing(peer);
      },
    }),
    [],
  );
  const usage = usePeerUsage(accountId);
  const byPeer = useMemo(() => (usage.data ? usesByPeer(usage.data) : null), [usage.data]);
  const usageComplete = usage.data?.complete ?? false;
  // A narrow window keeps names, addresses and keys readable by leaving out the ID column (as the zones list does;
  // the search still finds a peer by its ID, and its edit form links its history).
  const wide = useMediaQuery('(min-width: 1200px)', true, { getInitialValueInEffect: false });
  const showIds = wide;
  const list = useListParams({ sort: 'name', dir: 'asc', sortable: SORTABLE });

  const lookup = useMemo<TsigLookup>(
    () => ({
      state: tsigs.isPending ? 'loading' : tsigs.isError ? 'error' : 'ready',
      byId: new Map((tsigs.data ?? []).map((tsig) => [tsig.id, tsig])),
    }),
    [tsigs.data, tsigs.isPending, tsigs.isError],
  );

  const confirmDelete = useCallback(
    (peer: Peer) => {
      // The row's Delete button: the Replace dialog opened from this one gives focus back to it, or to the table.
      const opener = document.activeElement;
      const modalId = openConfirm({
        title: `Delete peer ${peer.name}?`,
        message: (
          <Stack gap={6}>
            <Text size="sm">
              <strong>{peer.name}</strong>
              {peer.ip ? (
                <>
                  {' '}
                  (<Text span ff="monospace" size="sm">{peer.ip}</Text>)
                </>
              ) : null}{' '}
              will be removed from this account.
            </Text>
            <PeerUsageNote
              accountId={accountId}
              peerId={peer.id}
              action="delete"
              onReplace={() => {
                replaceFocus.current = focusBackTo(opener);
                // Closing, this dialog does not give focus back to the row (10 ms later, out of the Replace dialog).
                modals.updateModal({ modalId, returnFocus: false });
                modals.closeAll();
                setReplacing(peer);
              }}
            />
            <Text size="sm" c="dimmed">
              Its settings stay in the audit log, where “Create it again” makes a new peer with them (a new ID: zones
              that named this one are not changed).
            </Text>
          </Stack>
        ),
        confirmLabel: 'Delete peer',
        danger: true,
        onConfirm: async () => {
          await deletePeer.mutateAsync(peer.id);
          notifySuccess(`Peer ${peer.name} deleted`);
        },
      });
      return modalId;
    },
    [deletePeer, accountId],
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
      column.accessor((peer) => peer.ip ?? '', {
        id: 'ip',
        header: 'IP address',
        // With the Zones column, the zone names need the room more than addresses and key names (both truncate).
        meta: { width: byPeer ? '15%' : '24%' },
        cell: (info) =>
          info.getValue() ? (
            <CellText mono truncate title={info.getValue()}>
              {info.getValue()}
            </CellText>
          ) : (
            <CellText dimmed>Not set</CellText>
          ),
      }),
      column.accessor((peer) => peer.port, {
        id: 'port',
        header: 'Port',
        // Room for "53 (default)".
        meta: { width: 108 },
        sortUndefined: 'last',
        cell: (info) =>
          info.getValue() !== undefined ? (
            <CellText mono>{info.getValue()}</CellText>
          ) : (
            <CellText dimmed title="Not set: Cloudflare's default, 53">
              53 (default)
            </CellText>
          ),
      }),
      column.accessor((peer) => (peer.ixfr_enable ? 1 : 0), {
        id: 'ixfr',
        header: 'IXFR',
        meta: { width: 80 },
        cell: (info) =>
          info.getValue() ? (
            <CellBadge color="teal">On</CellBadge>
          ) : (
            <CellBadge color="gray">Off</CellBadge>
          ),
      }),
      column.accessor((peer) => tsigLabel(lookup, peer.tsig_id), {
        id: 'tsig',
        header: 'TSIG key',
        meta: { width: byPeer ? '14%' : '20%' },
        cell: (info) => <TsigCell lookup={lookup} tsigId={info.row.original.tsig_id} />,
      }),
      ...(byPeer
        ? [
            column.accessor((peer) => usesText(byPeer.get(peer.id) ?? []), {
              id: 'zones',
              header: 'Zones',
              enableSorting: false,
              meta: { width: '24%' },
              cell: (info) => (
                <PeerZonesCell
                  accountId={accountId}
                  peer={info.row.original}
                  uses={byPeer.get(info.row.original.id) ?? []}
                  complete={usageComplete}
                  actions={zoneActions}
                />
              ),
            }),
          ]
        : []),
      ...(showIds ? [idColumn<Peer>()] : []),
      rowActionsColumn<Peer>((peer) => (
        <RowActions
          name={peer.name}
          editNeed={{ operation: 'peers.update' }}
          deleteNeed={{ operation: 'peers.delete' }}
          onEdit={() => onEdit(peer)}
          onDelete={() => confirmDelete(peer)}
        />
      )),
    ],
    [lookup, onEdit, confirmDelete, byPeer, usageComplete, accountId, showIds, zoneActions],
  );

  const searchText = useCallback(
    (peer: Peer) =>
      [peer.name, peer.ip, peer.port, tsigLabel(lookup, peer.tsig_id), peer.id, byPeer ? usesText(byPeer.get(peer.id) ?? []) : '']
        .join(' '),
    [lookup, byPeer],
  );

  return (
    <Stack gap="sm">
      <PeerUsageSummary accountId={accountId} peers={peers.data} />
      <DataTable
        {...queryState(peers)}
        {...listState(list)}
        label="Peers"
        noun={{ one: 'peer', other: 'peers' }}
        columns={columns}
        getRowId={(peer) => peer.id}
        searchText={searchText}
        searchPlaceholder={byPeer ? "Search by name, IP, key, zone or ID" : "Search by name, IP, key or ID"}
        toolbarActions={
          <Group gap="sm" wrap="nowrap">
            <PeerUsageButton accountId={accountId} />
            <ActionButton operation="peers.create" leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>
              Add peer
            </ActionButton>
          </Group>
        }
        emptyState={
          <Stack gap="xs" align="center" ta="center" maw={560} mx="auto">
            <Text fw={600}>No peers yet.</Text>
            <Text size="sm" c="dimmed">
              A peer is the other nameserver in a zone transfer: the primary Cloudflare pulls a secondary zone from, or a
              secondary that Cloudflare notifies and serves a primary zone to. Use “Add peer” to describe the first one,
              then link it to zones.
            </Text>
          </Stack>
        }
      />
      <ReplacePeerDialog
        accountId={accountId}
        peer={replacing}
        onClose={() => setReplacing(null)}
        focusFallback={() => replaceFocus.current?.() ?? null}
      />
      <BulkForceDialog
        kind={forcing?.kind ?? 'axfr'}
        zones={forcing?.zones ?? []}
        accountId={accountId}
        opened={forcing !== null}
        onClose={() => setForcing(null)}
        title={forcing ? `${forcing.kind === 'axfr' ? 'Force AXFR' : 'Force NOTIFY'} on the zones of ${forcing.peer.name}` : ''}
        listLabel={
          forcing?.kind === 'notify'
            ? `Zones Cloudflare serves to ${forcing.peer.name}`
            : `Zones Cloudflare pulls from ${forcing?.peer.name ?? ''}`
        }
      />
    </Stack>
  );
}
