/**
 * Peers chosen by name (with IP:port beside, and searchable by either), for the incoming and outgoing forms.
 * The account's peer list is the shared lookup (`lib/lookups.ts`), one cache entry with the Peers page.
 */
import { Group, MultiSelect, Stack, Text, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import { MAX_PEERS_PER_ZONE, type Peer } from '@secdns/api-types';
import { FormHint } from '../../../components/form-parts';
import { peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { keyOfPeers } from '../setup-check';

export function peerAddress(peer: Pick<Peer, 'ip' | 'port'>): string {
  if (!peer.ip) return 'no IP address';
  const host = peer.ip.includes(':') ? `[${peer.ip}]` : peer.ip;
  return `${host}:${peer.port ?? 53}`;
}

export interface PeerPickerProps {
  accountId: string;
  label: string;
  description?: string;
  value: string[];
  onChange: (value: string[]) => void;
  onBlur?: () => void;
  name?: string;
  error?: string;
  required?: boolean;
  inputRef?: React.Ref<HTMLInputElement>;
  /** The dialog's first field: Mantine's focus trap starts here (its list stays closed until typed in or clicked). */
  autoFocus?: boolean;
}

export function PeerPicker({
  accountId,
  label,
  description,
  value,
  onChange,
  onBlur,
  name,
  error,
  required,
  inputRef,
  autoFocus = false,
}: PeerPickerProps) {
  const peers = useQuery(peersListQuery(accountId));
  const tsigs = useQuery(tsigsListQuery(accountId));
  const keyName = (tsigId: string | undefined) =>
    tsigId ? (tsigs.data?.find((tsig) => tsig.id === tsigId)?.name ?? `key ${tsigId.slice(0, 8)}…`) : null;

  const { data, byId } = useMemo(() => {
    const map = new Map<string, Peer>((peers.data ?? []).map((peer) => [peer.id, peer]));
    const options: ComboboxItem[] = [...map.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((peer) => ({ value: peer.id, label: peer.name }));
    // Peers the configuration names but the list does not (deleted meanwhile, or the list failed): keep them choosable.
    for (const id of value) {
      if (!map.has(id)) {
        options.push({ value: id, label: peers.isPending ? 'Loading…' : `Unknown peer ${id.slice(0, 8)}…` });
      }
    }
    return { data: options, byId: map };
  }, [peers.data, peers.isPending, value]);

  const filter = useMemo<OptionsFilter>(
    () =>
      ({ options, search }) => {
        const needle = search.trim().toLowerCase();
        if (!needle) return options;
        return options.filter((option) => {
          if (!('value' in option)) return false;
          const peer = byId.get(option.value);
          const text = [option.label, peer?.ip, peer ? peerAddress(peer) : ''].join(' ').toLowerCase();
          return text.includes(needle);
        });
      },
    [byId],
  );

  // Enter belongs to the picker while its list is open or a search is typed: it picks the highlighted match (the top
  // one, highlighted as the search changes) and never submits the form around it. Closed and empty, it submits.
  const dropdownOpened = useRef(false);
  const keepEnterFromForm = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    if (dropdownOpened.current || event.currentTarget.value.trim() !== '') event.preventDefault();
  };

  const count = `${value.length} of at most ${MAX_PEERS_PER_ZONE} chosen.`;
  // Cloudflare's rule: the peers of a zone use one TSIG key, or none — said before Save, with the keys by name.
  const chosen = value.map((id) => byId.get(id)).filter((peer): peer is Peer => peer !== undefined);
  const keys = keyOfPeers(chosen, tsigs.data);
  const loadProblem = peers.isError ? ' Could not load the peer list; the current choice is kept.' : '';

  return (
    <Stack gap={4}>
    <MultiSelect
      ref={inputRef}
      label={label}
      description={`${description ? `${description} ` : ''}${count}${loadProblem}`}
      placeholder={value.length === 0 ? 'Choose peers by name or IP address' : undefined}
      data={data}
      value={value}
      onChange={onChange}
      onBlur={onBlur}
      name={name}
      error={error}
      withAsterisk={required}
      searchable
      // A click or typing opens the list; focus alone does not (a server refusal focuses the field, and an open list
      // would cover the message under it).
      openOnFocus={false}
      data-autofocus={autoFocus || undefined}
      selectFirstOptionOnChange
      onKeyDown={keepEnterFromForm}
      onDropdownOpen={() => (dropdownOpened.current = true)}
      onDropdownClose={() => (dropdownOpened.current = false)}
      filter={filter}
      maxValues={MAX_PEERS_PER_ZONE}
      hidePickedOptions
      clearable
      nothingFoundMessage={peers.isPending ? 'Loading peers…' : 'No peer with that name or address'}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={280}
      renderOption={({ option }) => {
        const peer = byId.get(option.value);
        return (
          <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
            <Text size="sm">{option.label}</Text>
            {peer && (
              <Text size="xs" c="dimmed" ff="monospace">
                {peerAddress(peer)}
                {peer.tsig_id ? ` · ${keyName(peer.tsig_id)}` : ''}
              </Text>
            )}
          </Group>
        );
      }}
    />
      {keys.kind === 'mixed' && !error && (
        <FormHint>
          These peers use different TSIG keys ({keys.text}): Cloudflare refuses that. Choose peers that use the same key,
          or none, or give them the same key on the Peers page.
        </FormHint>
      )}
    </Stack>
  );
}
