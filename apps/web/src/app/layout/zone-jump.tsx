/**
 * "Go to zone" in the header: support staff usually arrive with a zone name from a ticket. Type part of it (from any
 * page; "/" puts the cursor here), pick the zone, and its page opens. The names come from Cloudflare's own search
 * (`name=contains:`), the same cached query the zones list uses, ten at a time, after a short pause in typing.
 */
import { Autocomplete, Kbd, Loader } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { zoneQueries } from '../../features/zones/api/queries';
import { zonePath } from '../../lib/zone-path';

const SUGGESTIONS = 10;
const PAUSE_MS = 250;

export function ZoneJump({ accountId }: { accountId: string }) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), PAUSE_MS);
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  useHotkeys([['/', () => input.current?.focus()]]);

  const zones = useQuery({
    ...zoneQueries.list(accountId, { page: 1, perPage: SUGGESTIONS, q }),
    enabled: accountId !== '' && q.length > 0,
  });
  const found = q ? (zones.data?.zones ?? []) : [];

  const open = (name: string) => {
    const zone = found.find((candidate) => candidate.name === name);
    if (!zone) return;
    // After Mantine has written the picked name into the box.
    setTimeout(() => setText(''), 0);
    input.current?.blur();
    navigate(zonePath(accountId, zone.id));
  };

  return (
    <Autocomplete
      ref={input}
      aria-label="Go to zone"
      placeholder="Go to zone…"
      value={text}
      onChange={setText}
      data={found.map((zone) => zone.name)}
      // Cloudflare searched already; show what it found, in its order.
      filter={({ options }) => options}
      onOptionSubmit={open}
      onKeyDown={(event) => {
        // Enter on a name typed in full opens it without picking it from the list.
        if (event.key === 'Enter' && found.some((zone) => zone.name === text.trim())) open(text.trim());
        if (event.key === 'Escape') input.current?.blur();
      }}
      leftSection={<IconSearch size={16} aria-hidden />}
      rightSection={zones.isFetching && q ? <Loader size={14} /> : text ? null : <Kbd size="xs">/</Kbd>}
      w={240}
      visibleFrom="lg"
      disabled={!accountId}
      comboboxProps={{ withinPortal: true }}
      limit={SUGGESTIONS}
      spellCheck={false}
      autoComplete="off"
    />
  );
}

export default ZoneJump;
