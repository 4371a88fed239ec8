/**
 * A table row's Edit / Delete icon buttons (`ActionIconButton`, so each is turned off with the reason for a role that
 * may not use it) and the right-aligned, unlabelled "Actions" column that holds them:
 *
 *   rowActionsColumn<Peer>((peer) => (
 *     <RowActions name={peer.name} editNeed={{ operation: 'peers.update' }} deleteNeed={{ operation: 'peers.delete' }}
 *       onEdit={() => onEdit(peer)} onDelete={() => confirmDelete(peer)} />
 *   ))
 */
import { VisuallyHidden } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { createColumnHelper, type DisplayColumnDef } from '@tanstack/react-table';
import type { CSSProperties, ReactNode } from 'react';
import type { PermissionNeed } from '../lib/permissions';
import { ActionIconButton } from './action-button';

export interface RowActionsProps {
  /** The row's name in the buttons' accessible names: "Edit <name>", "Delete <name>". */
  name: string;
  /** What Edit needs, e.g. `{ operation: 'peers.update' }` or `{ role: 'admin' }`. */
  editNeed: PermissionNeed;
  /** What Delete needs, e.g. `{ operation: 'peers.delete' }`. */
  deleteNeed: PermissionNeed;
  onEdit: () => void;
  onDelete: () => void;
  /** Delete's tooltip. Default: "Delete". */
  deleteTooltip?: string;
  /** More buttons of the row, before Edit (e.g. the TSIG key's "Move peers to another key"). */
  extra?: ReactNode;
}

/** As Mantine's <Group gap={4} justify="flex-end" wrap="nowrap">, without a component per row. */
const ROW: CSSProperties = { display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 4, flexWrap: 'nowrap' };

export function RowActions({ name, editNeed, deleteNeed, onEdit, onDelete, deleteTooltip = 'Delete', extra }: RowActionsProps) {
  return (
    <div style={ROW}>
      {extra}
      <ActionIconButton
        {...editNeed}
        label={`Edit ${name}`}
        tooltip="Edit"
        icon={<IconPencil size={16} aria-hidden />}
        onClick={onEdit}
      />
      <ActionIconButton
        {...deleteNeed}
        label={`Delete ${name}`}
        tooltip={deleteTooltip}
        color="red"
        icon={<IconTrash size={16} aria-hidden />}
        onClick={onDelete}
      />
    </div>
  );
}

/**
 * The "Actions" column (visually hidden header, narrow, right-aligned); `cell` renders a row's actions, `buttons`
 * how many icon buttons a row has (Edit and Delete: 2), for the column's width.
 */
export function rowActionsColumn<T>(cell: (row: T) => ReactNode, buttons = 2): DisplayColumnDef<T, unknown> {
  return createColumnHelper<T>().display({
    id: 'actions',
    header: () => <VisuallyHidden>Actions</VisuallyHidden>,
    meta: { width: 40 * buttons, align: 'right' },
    cell: ({ row }) => cell(row.original),
  });
}
