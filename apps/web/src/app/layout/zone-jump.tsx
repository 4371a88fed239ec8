/**
 * "Go to zone" in the header: support staff usually arrive with a zone name from a ticket. Type part of it (from any
 * page; "/" puts the cursor here), pick the zone (Enter takes the top match), and its page opens; a zone ID typed or
 * pasted opens directly. The names come from Cloudflare's own search (`name=contains:`) in every account the token
 * can see — the ticket rarely says which account — after a short pause in typing: a zone of exactly that name first,
 * then the account shown's, with places kept for other accounts' zones, named with their account ("example.com · Other
 * Corp") and opened under it. A whole name contained in more zones than were asked for is asked for by name too.
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

/** What was typed, without the spaces around it nor the root's dot ("example.com." as in a zone file). */
function withoutRootDot(text: string): string {
  return text.trim().replace(/\.$/, '');
}

/** Places kept for other accounts' zones when the account shown has matches enough to fill the list. */
const OTHER_ACCOUNTS_PLACES = 3;

/**
 * What is offered, at most `SUGGESTIONS`: a zone named exactly what was typed first (whatever its account), then the
 * account shown's zones, then the other accounts' — each group in Cloudflare's order. With ten or more matches in the
 * account shown, up to three places stay for other accounts' zones, so a ticket's zone in another account is not
 * hidden behind the account shown's.
 */
export function suggestionsFor(zones: readonly Zone[], accountId: string, typed: string): Zone[] {
  const name = withoutRootDot(typed).toLowerCase();
  const exact = zones.filter((zone) => zone.name.toLowerCase() === name);
  const rest = zones.filter((zone) => !exact.includes(zone));
  const isOwn = (zone: Zone) => !zone.account?.id || zone.account.id === accountId;
  const own = rest.filter(isOwn);
  const others = rest.filter((zone) => !isOwn(zone));
  const room = SUGGESTIONS - exact.length;
  const ownPlaces = Math.max(0, room - Math.min(others.length, OTHER_ACCOUNTS_PLACES));
  const shownOwn = own.slice(0, ownPlaces);
  return [...exact, ...shownOwn, ...others.slice(0, room - shownOwn.length)].slice(0, SUGGESTIONS);
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
  // A name copied from a zone file ends in a dot; Cloudflare's names do not.
  const [q] = useDebouncedValue(withoutRootDot(text), PAUSE_MS);
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
  // A whole name typed, and more zones contain it than were asked for ("example.com" in a.example.com, b.…): the
  // zone named exactly so may not be among them. Asked by its name too (Cloudflare's `name=`), only then.
  const listed = zones.data?.zones ?? [];
  const truncated = (zones.data?.resultInfo?.total_count ?? 0) > listed.length;
  const wholeName = /^[^\s.]+(\.[^\s.]+)+$/.test(q);
  const exact = useQuery({
    ...zoneQueries.byName(q.toLowerCase()),
    enabled:
      accountId !== '' && wholeName && truncated && !zones.isPlaceholderData && !listed.some((zone) => zone.name.toLowerCase() === q.toLowerCase()),
  });
  const named = exact.data?.zones.filter((zone) => zone.name.toLowerCase() === q.toLowerCase() && !listed.some((other) => other.id === zone.id));
  const found = q && !address ? suggestionsFor([...(named ?? []), ...listed], accountId, q) : [];
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
    const name = withoutRootDot(typed);
    const needle = name.toLowerCase();
    // The top match only from the answer to the search for what is typed now: typed on within the pause, or while that
    // search is under way, the list is still the one for less of it ("example" when "example.com" is typed), and its
    // first match may be another zone.
    const zone =
      found.find((candidate) => candidate.name === name) ??
      (needle && q === name && !zones.isPlaceholderData ? found.find((candidate) => candidate.name.toLowerCase().includes(needle)) : undefined);
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
