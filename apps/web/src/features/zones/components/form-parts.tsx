/**
 * Pieces the incoming and outgoing forms share (the pieces every form shares are in `components/form-parts.tsx`): the
 * zone's name input, its peers picked by name, and server errors that name peers.
 */
import { TextInput, type TextInputProps } from '@mantine/core';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';
import type { Peer } from '@secdns/api-types';
import { ApiError, isApiError } from '../../../lib/api-client';
import { stripFieldPrefix } from '../../../lib/form-errors';
import { PeerPicker, type PeerPickerProps } from './peer-picker';

/**
 * A refusal pointing at `/peers/<i>` names the i-th chosen peer by its name ("Peer 2 (ns2-primary): …"), so the
 * message under the peer picker says which pick is wrong. Other errors pass unchanged.
 */
export function withPeerNames(error: unknown, chosen: string[], peers: Peer[] | undefined): unknown {
  if (!isApiError(error)) return error;
  const byId = new Map((peers ?? []).map((peer) => [peer.id, peer.name]));
  let changed = false;
  const errors = error.errors.map((entry) => {
    const match = /^\/peers\/(\d+)$/.exec(entry.source?.pointer ?? '');
    if (!match) return entry;
    const index = Number(match[1]);
    const id = chosen[index];
    const name = id ? (byId.get(id) ?? `${id.slice(0, 8)}…`) : undefined;
    changed = true;
    const sentence = stripFieldPrefix(entry.message, 'peers');
    return { ...entry, message: `Peer ${index + 1}${name ? ` (${name})` : ''}: ${sentence}` };
  });
  if (!changed) return error;
  return new ApiError({
    status: error.status,
    errors,
    requestId: error.requestId,
    operationId: error.operationId,
    result: error.result,
  });
}

/** The zone's name as Cloudflare knows it; takes `register('name')` and the field's error. */
export function ZoneNameInput(props: Omit<TextInputProps, 'label' | 'description'>) {
  return (
    <TextInput
      label="Name"
      description="The zone's name, as Cloudflare knows it (the trailing dot is optional)."
      withAsterisk
      autoComplete="off"
      spellCheck={false}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      {...props}
    />
  );
}

export type ZonePeersFieldProps<T extends FieldValues> = { control: Control<T> } & Omit<
  PeerPickerProps,
  'name' | 'inputRef' | 'value' | 'onChange' | 'onBlur'
>;

/** The form's `peers` field: the zone's peers picked by name. */
export function ZonePeersField<T extends FieldValues & { peers: string[] }>({ control, ...picker }: ZonePeersFieldProps<T>) {
  return (
    <Controller
      control={control}
      name={'peers' as Path<T>}
      render={({ field }) => (
        <PeerPicker
          {...picker}
          name={field.name}
          inputRef={field.ref}
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
        />
      )}
    />
  );
}
