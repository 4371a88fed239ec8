/**
 * "Go to zone" in the header: support staff usually arrive with a zone name from a ticket. Type part of it (from any
 * page; "/" puts the cursor here), pick the zone (Enter takes the top match), and its page opens; a zone ID typed or
 * pasted opens directly. The names come from Cloudflare's own search (`name=contains:`) in every account the token
 * can see — the ticket rarely says which account — after a short pause in typing: the account shown first, a zone of
 * another account named with its account ("example.com · Other Corp"), and opened under its own account.
 * Below 1200 px wide a search button in the header opens the same box in a small dialog. An IP address typed (a
 * ticket naming the nameserver) offers "Peers at <address>": the peers page searched for it, where "Find zones using
 * peers" names their zones.
 */
import { ActionIcon, Autocomplete, Box, Kbd, Loader, Modal } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Zone } from '@secdns/api-types';
import { zoneQueries } from '../../features/zones/api/queries';
import { isFullAddress } from '../../lib/addresses';
import { zonePath } from '../../lib/zone-path';
import { sectionUrl } from '../sections';

const SUGGESTIONS = 10;
/** Asked of Cloudflare: more than shown, so that the account shown keeps its places when other accounts match too. */
const ASKED = 20;
const PAUSE_MS = 250;
/** A Cloudflare zone ID, as copied from a ticket or a URL. */
const ZONE_ID = /^[0-9a-f]{32}$/i;

/** The zones of the account shown first, then the others, each group in Cloudflare's order. */
function ownAccountFirst(zones: readonly Zone[], accountId: string): Zone[] {
  const own = (zone: Zone) => !zone.account?.id || zone.account.id === accountId;
  return [...zones.filter(own), ...zones.filter((zone) => !own(zone))];
}

/** A suggestion: the zone's name, and its account's when that is not the account shown. */
function zoneLabel(zone: Zone, accountId: string): string {
  const account = zone.account;
  return account?.id && account.id !== accountId ? `${zone.name} · ${account.name ?? account.id}` : zone.name;
}

/** The search box itself: in the header from 1200 px, in a small dialog below (`onOpened` closes it). */
function ZoneSearchBox({
  accountId,
  inputRef,
  onOpened,
  autoFocus = false,
}: {
  accountId: string;
  inputRef?: React.RefObject<HTMLInputElement | null>;
  onOpened?: () => void;
  autoFocus?: boolean;
}) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), PAUSE_MS);
  const own = useRef<HTMLInputElement>(null);
  const input = inputRef ?? own;
  const navigate = useNavigate();

  // A ticket often names a nameserver by its address: no zone is named so (no search sent); its peers are offered.
  const address = isFullAddress(text.trim()) ? text.trim() : null;
  const peersOption = address ? `Peers at ${address}` : null;
  // No account: Cloudflare searches every account the token can see (the same list query, its key without one).
  const zones = useQuery({
    ...zoneQueries.list('', { page: 1, perPage: ASKED, q }),
    enabled: accountId !== '' && q.length > 0 && !isFullAddress(q),
  });
  const found = q && !address ? ownAccountFirst(zones.data?.zones ?? [], accountId).slice(0, SUGGESTIONS) : [];
  const labelOf = (zone: Zone) => zoneLabel(zone, accountId);

  const openPeers = (ip: string) => {
    setTimeout(() => setText(''), 0);
    input.current?.blur();
    onOpened?.();
    // The peers page, searched for the address: "Find zones using peers" there names their zones.
    navigate(`${sectionUrl(accountId, 'peers')}?q=${encodeURIComponent(ip)}`);
  };

  const openZone = (zoneId: string, zoneAccount?: string) => {
    // After Mantine has written the picked name into the box.
    setTimeout(() => setText(''), 0);
    input.current?.blur();
    onOpened?.();
    navigate(zonePath(zoneAccount ?? accountId, zoneId));
    // The keyboard goes on from the zone's page (the app's <main>), not from the top of the document.
    setTimeout(() => document.getElementById('main')?.focus({ preventScroll: true }), 0);
  };
  const open = (name: string) => {
    if (address && name === peersOption) return openPeers(address);
    const zone = found.find((candidate) => labelOf(candidate) === name);
    if (zone) openZone(zone.id, zone.account?.id);
  };

  // Enter without an option highlighted (Mantine opens a highlighted one itself): a zone ID opens its page, a name
  // typed in full opens that zone, anything else the top match of the search for it (none while that is under way).
  const openTyped = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const list = event.currentTarget.getAttribute('aria-controls');
    if (list && document.getElementById(list)?.querySelector('[data-combobox-selected]')) return;
    const typed = text.trim();
    if (address) {
      event.preventDefault();
      openPeers(address);
      return;
    }
    if (ZONE_ID.test(typed)) {
      event.preventDefault();
      openZone(typed.toLowerCase());
      return;
    }
    const needle = typed.toLowerCase();
    // The top match only from the answer to the search for what is typed now: typed on within the pause, or while that
    // search is under way, the list is still the one for less of it ("example" when "example.com" is typed), and its
    // first match may be another zone.
    const zone =
      found.find((candidate) => candidate.name === typed) ??
      (needle && q === typed && !zones.isPlaceholderData ? found.find((candidate) => candidate.name.toLowerCase().includes(needle)) : undefined);
    if (zone) {
      event.preventDefault();
      openZone(zone.id, zone.account?.id);
    }
  };

  return (
    <Autocomplete
      ref={input}
      aria-label="Go to zone"
      placeholder="Go to zone…"
      value={text}
      onChange={setText}
      data={peersOption ? [peersOption] : found.map(labelOf)}
      // Cloudflare searched already; show what it found, in its order.
      filter={({ options }) => options}
      onOptionSubmit={open}
      onKeyDown={(event) => {
        if (event.key === 'Enter') openTyped(event);
        if (event.key === 'Escape' && !onOpened) input.current?.blur();
      }}
      leftSection={<IconSearch size={16} aria-hidden />}
      rightSection={zones.isFetching && q ? <Loader size={14} /> : text || onOpened ? null : <Kbd size="xs">/</Kbd>}
      w={onOpened ? '100%' : 240}
      disabled={!accountId}
      comboboxProps={{ withinPortal: true }}
      limit={SUGGESTIONS}
      spellCheck={false}
      autoComplete="off"
      data-autofocus={autoFocus || undefined}
    />
  );
}

/**
 * From 1200 px the box sits in the header; below, where the header has no room for it, a search button opens it in a
 * small dialog. "/" goes to whichever the width shows.
 */
export function ZoneJump({ accountId }: { accountId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [dialog, setDialog] = useState(false);
  // Closed by opening a zone: focus goes to the zone's page, not back to the search button.
  const [jumped, setJumped] = useState(false);
  // The header's box is hidden by CSS below 1200 px: then "/" opens the dialog instead.
  useHotkeys([
    [
      '/',
      () => {
        if (box.current && getComputedStyle(box.current).display !== 'none') input.current?.focus();
        else {
          setJumped(false);
          setDialog(true);
        }
      },
    ],
  ]);
  return (
    <>
      <Box visibleFrom="lg" ref={box}>
        <ZoneSearchBox accountId={accountId} inputRef={input} />
      </Box>
      <ActionIcon
        hiddenFrom="lg"
        variant="default"
        size="lg"
        aria-label="Go to zone"
        disabled={!accountId}
        onClick={() => {
          setJumped(false);
          setDialog(true);
        }}
      >
        <IconSearch size={18} aria-hidden />
      </ActionIcon>
      <Modal
        opened={dialog}
        onClose={() => setDialog(false)}
        title="Go to zone"
        size="sm"
        returnFocus={!jumped}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {dialog && (
          <ZoneSearchBox
            accountId={accountId}
            onOpened={() => {
              setJumped(true);
              setDialog(false);
            }}
            autoFocus
          />
        )}
      </Modal>
    </>
  );
}

export default ZoneJump;
