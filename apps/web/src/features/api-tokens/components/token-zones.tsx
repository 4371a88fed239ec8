/**
 * The zones an API token is limited to (docs/decisions/019-api-tokens.md): chosen by name, searched as typed in every
 * account the dashboard's Cloudflare token sees (one `zones.list` of at most 20 names per pause in typing), kept by
 * id. The names of the zones already chosen stay known while the search moves on.
 */
import { MultiSelect, Text, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { API_TOKEN_MAX_ZONES, type ApiTokenZone } from '@secdns/api-types';
import { apiCall } from '../../../lib/api-client';

const PAUSE_MS = 250;
const SHOWN = 20;

export interface TokenZonesPickerProps {
  value: string[];
  onChange: (ids: string[]) => void;
  onBlur?: () => void;
  error?: string;
  inputRef?: React.Ref<HTMLInputElement>;
}

export function TokenZonesPicker({ value, onChange, onBlur, error, inputRef }: TokenZonesPickerProps) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim().replace(/\.$/, ''), PAUSE_MS);
  const names = useRef(new Map<string, string>());
  const found = useQuery({
    queryKey: ['token-zone-search', q],
    queryFn: async ({ signal }) =>
      (await apiCall('zones.list', { query: { page: 1, per_page: SHOWN, name: q ? `contains:${q}` : undefined }, signal })).result ?? [],
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  for (const zone of found.data ?? []) names.current.set(zone.id, zone.name);
  const data: ComboboxItem[] = [
    ...value.map((id) => ({ value: id, label: names.current.get(id) ?? id })),
    ...(found.data ?? []).filter((zone) => !value.includes(zone.id)).map((zone) => ({ value: zone.id, label: zone.name })),
  ];
  return (
    <MultiSelect
      ref={inputRef}
      label="Zones"
      description={`Type part of a name. At most ${API_TOKEN_MAX_ZONES}.`}
      placeholder={value.length === 0 ? 'Search zones' : undefined}
      data={data}
      value={value}
      onChange={onChange}
      onBlur={onBlur}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server searched already: show what it found.
      filter={({ options }) => options}
      maxValues={API_TOKEN_MAX_ZONES}
      hidePickedOptions
      nothingFoundMessage={found.isFetching ? 'Searching…' : found.isError ? 'Could not search the zones' : 'No zone by that name'}
      error={error}
      required
    />
  );
}

/** What a token reaches, for its row in the list. */
export function TokenScope({ zones }: { zones: ApiTokenZone[] | null }) {
  if (!zones) {
    return (
      <Text size="sm" c="dimmed">
        Every zone
      </Text>
    );
  }
  const shown = zones.slice(0, 3).map((zone) => zone.name);
  return (
    <Text size="sm" title={zones.map((zone) => zone.name).join(', ')}>
      {shown.join(', ')}
      {zones.length > shown.length ? ` +${zones.length - shown.length}` : ''}
    </Text>
  );
}
