/**
 * "Which zones use each peer" on the peers page: a toolbar button that asks the BFF to read every zone's transfer
 * configuration (`GET …/peers/usage`, at most half the remaining Cloudflare budget), a summary above the table (what
 * was read, when, what was not, zones naming a peer that no longer exists), the table's Zones column, and a note in
 * the delete dialog and the edit form (what the change touches; before Save, what an address or key change means for
 * those zones). One cache entry (`peerQueries.usage`), run when someone asks, or by itself from the form and the
 * dialog when that is cheap. docs/decisions/012-peer-usage.md.
 */
import { Alert, Anchor, Button, Group, List, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconListSearch, IconRefreshDot, IconReplace } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Peer, PeerUsage, PeerUse, Zone } from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { FORCE_ACTIONS } from '../../zones/components/bulk-force';
import { CellText } from '../../../components/data-table';
import { ErrorState } from '../../../components/error-state';
import { formatAbsolute, formatRelative } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { errorMessage } from '../../../lib/api-client';
import { zonePath } from '../../../lib/zone-path';
import { budgetLevel, rateBudgetQuery } from '../../../lib/rate-budget';
import { countOf } from '../../../lib/count';
import { fetchPeerUsage, peerKeys, peerQueries } from '../api/queries';
import { mergeUsage, missingPeerUses, peerUsageSentence, roleOf, usesByPeer, usesText } from '../usage';

/** The shared look-up: every caller reads the same cache entry; `refetch()` runs it. */
export function usePeerUsage(accountId: string) {
  return useQuery(peerQueries.usage(accountId));
}

/**
 * The look-up runs by itself (edit form, delete dialog) only on an account of at most this many zones: 50 reads and
 * one list page, about 4 % of the 1,200 requests per 5 minutes the team shares. ADR 012.
 */
export const AUTO_USAGE_MAX_ZONES = 50;
/** An answer younger than this (one window of Cloudflare's budget) is shown as it is, not read again. */
export const RECENT_USAGE_MS = 5 * 60_000;

/**
 * The look-up when a form or dialog about one peer opens: a recent answer is reused; otherwise it runs by itself
 * when it is cheap (at most AUTO_USAGE_MAX_ZONES zones, the budget not low, and all of them within half of what is
 * left of it or of your share, the BFF's own bound). Returns why it did not run by itself (null when it did, when
 * it reused an answer, or while it is still deciding).
 */
export function usePeerUsageWhenCheap(accountId: string): string | null {
  const usage = usePeerUsage(accountId);
  const answer = usage.data;
  const [openedAt] = useState(() => Date.now());
  const recent = answer !== undefined && openedAt - Date.parse(answer.checked_at) < RECENT_USAGE_MS;
  const deciding = !recent && !usage.isError;
  const budget = useQuery({ ...rateBudgetQuery(), enabled: deciding });
  const low = budget.data ? budgetLevel(budget.data) !== 'ok' : false;
  // An older answer knows how many zones there are: no need to count them again.
  const count = useQuery({
    ...peerQueries.zoneCount(accountId),
    enabled: deciding && budget.data !== undefined && !low && answer === undefined,
  });
  const zones = answer?.zones_total ?? count.data;
  const yours = budget.data?.yourReads ? budget.data.yourReads.share - budget.data.yourReads.used : Number.POSITIVE_INFINITY;
  const allowance = budget.data ? Math.floor(Math.min(budget.data.remaining, yours) / 2) : 0;

  let reason: string | null = null;
  if (deciding) {
    if (budget.isError) reason = 'Not checked by itself: the budget report could not be read.';
    else if (budget.data && low)
      reason = `Not checked by itself: only ${budget.data.remaining} of ${budget.data.capacity} requests of the shared Cloudflare budget are left.`;
    else if (count.isError) reason = 'Not checked by itself: the zones of this account could not be counted.';
    else if (zones !== undefined && zones > AUTO_USAGE_MAX_ZONES)
      reason = `Not checked by itself: it would read ${countOf(zones, 'zone')} (one request each); it runs by itself only for accounts of at most ${AUTO_USAGE_MAX_ZONES} zones.`;
    else if (zones !== undefined && zones + 1 > allowance)
      reason = `Not checked by itself: reading ${countOf(zones, 'zone')} would take more than half of what is left of ${yours < (budget.data?.remaining ?? 0) ? 'your share of ' : ''}the shared Cloudflare budget.`;
  }
  const cheap = deciding && reason === null && budget.data !== undefined && zones !== undefined;
  const started = useRef(false);
  const { refetch, isFetching } = usage;
  useEffect(() => {
    if (!cheap || started.current || isFetching) return;
    started.current = true;
    void refetch();
  }, [cheap, isFetching, refetch]);
  return started.current ? null : reason;
}

/** "Read the rest": the look-up continued from where it stopped, added to the cached answer. */
function useContinuePeerUsage(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (from: string) => fetchPeerUsage(accountId, { from }),
    onSuccess: (next) =>
      queryClient.setQueryData<PeerUsage>(peerKeys.usage(accountId), (before) => (before ? mergeUsage(before, next) : next)),
  });
}

const SHOWN_UNREAD = 8;

export function PeerUsageButton({ accountId }: { accountId: string }) {
  const usage = usePeerUsage(accountId);
  return (
    <Button
      variant="default"
      leftSection={<IconListSearch size={16} aria-hidden />}
      loading={usage.isFetching}
      onClick={() => void usage.refetch()}
      title="Reads the transfer configuration of every zone in this account (one request per zone, at most half of the remaining Cloudflare budget)"
    >
      {usage.data ? 'Find zones again' : 'Find zones using peers'}
    </Button>
  );
}

/** The summary above the table, once the look-up has run (or is running). */
export function PeerUsageSummary({ accountId, peers }: { accountId: string; peers: readonly Peer[] | undefined }) {
  const usage = usePeerUsage(accountId);
  const rest = useContinuePeerUsage(accountId);
  const now = useNow(15_000);
  if (usage.isError) {
    return (
      <ErrorState
        title="Could not find the zones using each peer"
        error={usage.error}
        onRetry={() => void usage.refetch()}
        retrying={usage.isFetching}
      />
    );
  }
  const result = usage.data;
  if (!result) {
    return usage.isFetching ? (
      <Text size="sm" c="dimmed" role="status">
        Reading every zone’s transfer configuration (one request per zone)…
      </Text>
    ) : null;
  }
  const missing = peers ? missingPeerUses(result, peers) : [];
  const resumeFrom = result.resume_from;
  return (
    <Stack gap="xs" aria-label="Zones using each peer" component="section">
      <Alert
        color={result.complete ? 'teal' : 'yellow'}
        variant="light"
        title={`Zones using each peer, as of ${formatRelative(result.checked_at, now)}`}
        role="status"
        icon={result.complete ? <IconListSearch aria-hidden /> : <IconAlertTriangle aria-hidden />}
      >
        <Stack gap={4}>
          <Text size="sm">
            {result.message}
          </Text>
          <Text size="xs" c="dimmed">
            Read at {formatAbsolute(result.checked_at)}. Changes made to zones since then are not shown: use “Find zones
            again”.
          </Text>
          {result.unread.length > 0 && <UnreadZones accountId={accountId} usage={result} />}
          {resumeFrom && (
            <Group gap="sm" mt={4}>
              <Button
                size="xs"
                variant="light"
                loading={rest.isPending}
                disabled={usage.isFetching}
                onClick={() => rest.mutate(resumeFrom)}
                title={`Reads the zones from ${resumeFrom} on, within half of what is left of the budget`}
              >
                Read the rest
              </Button>
              {rest.isError && (
                <Text size="xs" c="red" role="alert">
                  {errorMessage(rest.error)}
                </Text>
              )}
            </Group>
          )}
        </Stack>
      </Alert>
      {missing.length > 0 && (
        <Alert color="red" variant="light" title="Zones naming a peer this account does not have" role="alert">
          <Stack gap={4}>
            <Text size="sm">
              Cloudflare cannot transfer with a peer that no longer exists. Edit these zones’ peers:
            </Text>
            <List size="sm">
              {missing.map((use) => (
                <List.Item key={`${use.zone_id}|${use.direction}|${use.peer_id}`}>
                  <Anchor component={Link} to={zonePath(accountId, use.zone_id)} ff="monospace" size="sm">
                    {use.zone_name}
                  </Anchor>{' '}
                  names {roleOf(use)} <Text span ff="monospace" size="sm">{use.peer_id}</Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function UnreadZones({ accountId, usage }: { accountId: string; usage: PeerUsage }) {
  const shown = usage.unread.slice(0, SHOWN_UNREAD);
  const more = usage.unread.length - shown.length;
  return (
    <List size="sm" aria-label="Zones not read">
      {shown.map((zone) => (
        <List.Item key={zone.zone_id}>
          <Anchor component={Link} to={zonePath(accountId, zone.zone_id)} ff="monospace" size="sm">
            {zone.zone_name}
          </Anchor>
          : {zone.message}
        </List.Item>
      ))}
      {more > 0 && <List.Item>and {more} more</List.Item>}
    </List>
  );
}

/** What the Zones cell's menu can start for a peer's zones (the peers page opens the dialogs). */
export interface PeerZoneActions {
  onForce(kind: 'axfr' | 'notify', peer: Peer, zones: Zone[]): void;
  onReplace(peer: Peer): void;
}

/** The zones a peer is a primary of (Force AXFR) or a secondary of (Force NOTIFY), as the bulk dialog takes them. */
export function zonesOf(uses: readonly PeerUse[], direction: PeerUse['direction']): Zone[] {
  return uses
    .filter((use) => use.direction === direction)
    .map((use) => ({ id: use.zone_id, name: use.zone_name, type: direction === 'incoming' ? 'secondary' : 'full' }));
}

/**
 * The Zones column's cell: a link to the first zone, then a button ("+2") that opens every zone of the peer with what
 * can be done to all of them at once (Force AXFR from a primary, Force NOTIFY to a secondary, replace the peer).
 * "No zone" only after a complete look-up.
 */
export function PeerZonesCell({
  accountId,
  peer,
  uses,
  complete,
  actions,
}: {
  accountId: string;
  peer: Peer;
  uses: readonly PeerUse[];
  complete: boolean;
  actions: PeerZoneActions;
}) {
  const [opened, setOpened] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  if (uses.length === 0) {
    return complete ? (
      <CellText dimmed>No zone</CellText>
    ) : (
      <CellText dimmed title="Not every zone was read">
        None found
      </CellText>
    );
  }
  const [first] = uses;
  const zones = new Set(uses.map((use) => use.zone_id)).size;
  const pulls = zonesOf(uses, 'incoming');
  const notified = zonesOf(uses, 'outgoing');
  // The dialog is opened from this cell's button, not from the popover going away with its buttons: closed, the
  // dialog gives focus back to the button, or to the table when the cell no longer has it (no zone left).
  const run = (start: () => void) => () => {
    trigger.current?.focus();
    setOpened(false);
    start();
  };
  return (
    <span title={usesText(uses)} style={CELL}>
      <Anchor component={Link} to={zonePath(accountId, first!.zone_id)} size="sm" ff="monospace" style={NAME}>
        {first!.zone_name}
      </Anchor>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" withArrow>
        <Popover.Target>
          <UnstyledButton
            ref={trigger}
            onClick={() => setOpened((value) => !value)}
            // The visible "+2" stays in the name (WCAG 2.5.3).
            aria-label={zones > 1 ? `+${zones - 1} more: all zones of ${peer.name}` : `All zones of ${peer.name}`}
            aria-expanded={opened}
            style={MORE}
          >
            {zones > 1 ? `+${zones - 1}` : ''}
            <IconChevronDown size={14} aria-hidden style={{ verticalAlign: 'middle' }} />
          </UnstyledButton>
        </Popover.Target>
        <Popover.Dropdown maw={380}>
          <Stack gap="xs" role="group" aria-label={`Zones of ${peer.name}`}>
            <Text size="sm" fw={500}>
              {zones === 1 ? '1 zone uses' : `${zones} zones use`} {peer.name}
            </Text>
            <List size="sm" spacing={2}>
              {uses.map((use) => (
                <List.Item key={`${use.zone_id}|${use.direction}`}>
                  <Anchor component={Link} to={zonePath(accountId, use.zone_id)} size="sm" ff="monospace">
                    {use.zone_name}
                  </Anchor>{' '}
                  <Text span size="xs" c="dimmed">
                    {roleOf(use) === 'primary' ? 'pulls from it' : 'notifies it'}
                  </Text>
                </List.Item>
              ))}
            </List>
            {FORCE_ACTIONS.map(({ kind, label, operation, direction }) => {
              const zonesOfKind = direction === 'incoming' ? pulls : notified;
              if (zonesOfKind.length === 0) return null;
              return (
                <ActionButton
                  key={kind}
                  operation={operation}
                  size="xs"
                  variant="light"
                  leftSection={<IconRefreshDot size={14} aria-hidden />}
                  onClick={run(() => actions.onForce(kind, peer, zonesOfKind))}
                >
                  {zonesOfKind.length === 1 ? `${label} on its zone…` : `${label} on its ${zonesOfKind.length} zones…`}
                </ActionButton>
              );
            })}
            <ReplaceButton variant="default" onClick={run(() => actions.onReplace(peer))} />
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </span>
  );
}

/** Opens "Replace a peer in its zones" (replace-peer-dialog.tsx): from the zones menu and the delete dialog. */
function ReplaceButton({ variant, mt, onClick }: { variant: 'light' | 'default'; mt?: number; onClick: () => void }) {
  return (
    <ActionButton
      operation="incoming.update"
      size="xs"
      variant={variant}
      mt={mt}
      leftSection={<IconReplace size={14} aria-hidden />}
      onClick={onClick}
    >
      Replace it in these zones…
    </ActionButton>
  );
}

/** One line: the first zone's name shrinks with an ellipsis, the "+2" after it always shows. */
const CELL = { display: 'flex', alignItems: 'baseline', gap: 4, minWidth: 0, fontSize: 'var(--mantine-font-size-sm)' } as const;
const NAME = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 } as const;
const MORE = { flex: 'none', color: 'var(--mantine-color-dimmed)', fontSize: 'var(--mantine-font-size-sm)' } as const;

/**
 * In the delete dialog and the edit form: which zones a change of this peer touches, from a recent look-up or one
 * run by itself when it is cheap (`usePeerUsageWhenCheap`), else a button to look now and why it did not run by
 * itself. (No links here: the delete dialog renders outside the router; the edit form lists them before Save.)
 */
export function PeerUsageNote({
  accountId,
  peerId,
  action,
  onReplace,
}: {
  accountId: string;
  peerId: string;
  action: 'delete' | 'edit';
  /** Offers "Replace it in these zones…" when zones use the peer. */
  onReplace?: () => void;
}) {
  const usage = usePeerUsage(accountId);
  const notByItself = usePeerUsageWhenCheap(accountId);
  const now = useNow(15_000);
  if (!usage.data) {
    return (
      <Stack gap={4} align="flex-start">
        <Button
          type="button"
          size="xs"
          variant="light"
          leftSection={<IconListSearch size={14} aria-hidden />}
          loading={usage.isFetching}
          onClick={() => void usage.refetch()}
        >
          Check which zones use it
        </Button>
        {usage.isError ? (
          <Text size="xs" c="red" role="alert">
            Could not check: {errorMessage(usage.error)}
          </Text>
        ) : usage.isFetching ? (
          <Text size="xs" c="dimmed" role="status">
            Reading every zone’s transfer configuration (one request per zone)…
          </Text>
        ) : (
          <Text size="xs" c="dimmed">
            {notByItself ?? 'Reads every zone’s transfer configuration (one request per zone).'}
            {action === 'delete' && ' If zones still transfer with this peer, the delete may be refused with their names.'}
          </Text>
        )}
      </Stack>
    );
  }
  const sentence = peerUsageSentence(usage.data, peerId);
  const used = usage.data.uses.some((use) => use.peer_id === peerId);
  const consequence = used
    ? action === 'delete'
      ? ' Remove the peer from those zones first: a zone cannot transfer with a peer that no longer exists.'
      : ' A change of address, port, IXFR or TSIG key applies to transfers of all of them.'
    : '';
  return (
    <Alert
      color={used ? 'orange' : usage.data.complete ? 'teal' : 'yellow'}
      variant="light"
      p="xs"
      role="status"
      aria-label="Zones using this peer"
    >
      <Text size="sm">
        {sentence}
        {consequence}
      </Text>
      <Text size="xs" c="dimmed">
        As of {formatRelative(usage.data.checked_at, now)}.{' '}
        <Anchor component="button" type="button" size="xs" onClick={() => void usage.refetch()} disabled={usage.isFetching}>
          {usage.isFetching ? 'Checking…' : 'Check again'}
        </Anchor>
        {notByItself && !usage.isFetching && <> {notByItself}</>}
      </Text>
      {used && onReplace && <ReplaceButton variant="light" mt={6} onClick={onReplace} />}
    </Alert>
  );
}

/** What an edit changes that its zones' other nameservers must follow: the address and port, the TSIG key. */
export interface PeerChange {
  /** "192.0.2.9 port 53", before and after, when the address or the port changes (`from` null: its first address). */
  address?: { from: string | null; to: string };
  /** The key's name before and after (null: no key), when the key changes. */
  key?: { from: string | null; to: string | null };
}

/**
 * The zones, as links to their pages: "example.net, mail.example.net". In a new tab, so what is typed in the form
 * stays (the form's discard guard does not hold a navigation back).
 */
function ZoneLinks({ accountId, uses }: { accountId: string; uses: readonly PeerUse[] }) {
  return uses.map((use, index) => (
    <span key={use.zone_id}>
      {index > 0 && ', '}
      <Anchor
        component={Link}
        to={zonePath(accountId, use.zone_id)}
        target="_blank"
        rel="noopener"
        title="Opens in a new tab"
        ff="monospace"
        size="sm"
      >
        {use.zone_name}
      </Anchor>
    </span>
  ));
}

/** One kind of zone (what the peer is to them), as links, and what the change means for them. */
function ImpactGroup({
  accountId,
  heading,
  uses,
  items,
}: {
  accountId: string;
  heading: string;
  uses: readonly PeerUse[];
  items: readonly (string | false | undefined)[];
}) {
  if (uses.length === 0) return null;
  return (
    <div>
      <Text size="sm">
        {heading} <ZoneLinks accountId={accountId} uses={uses} />
      </Text>
      <List size="sm" spacing={2}>
        {items.filter(Boolean).map((item) => (
          <List.Item key={item as string}>{item}</List.Item>
        ))}
      </List>
    </div>
  );
}

/**
 * Before Save in the edit form: the zones an address, port or key change of this peer touches (from the look-up),
 * by what the peer is to them, and what the other nameserver must do for their transfers to go on.
 */
export function PeerChangeImpact({
  accountId,
  peer,
  usage,
  change,
}: {
  accountId: string;
  peer: Peer;
  usage: PeerUsage;
  change: PeerChange;
}) {
  const { address, key } = change;
  const uses = usesByPeer(usage).get(peer.id) ?? [];
  if ((!address && !key) || uses.length === 0) return null;
  const pulls = uses.filter((use) => use.direction === 'incoming');
  const notified = uses.filter((use) => use.direction === 'outgoing');
  const zones = new Set(uses.map((use) => use.zone_id)).size;
  return (
    <Alert
      color="orange"
      variant="light"
      p="sm"
      title={`Saving changes the transfers of ${countOf(zones, 'zone')}${usage.complete ? '' : ' at least'}`}
      icon={<IconAlertTriangle aria-hidden />}
      role="region"
    >
      <Stack gap={6}>
        <ImpactGroup
          accountId={accountId}
          heading={`${pulls.length === 1 ? 'Secondary zone' : 'Secondary zones'} Cloudflare pulls from ${peer.name} (its primary):`}
          uses={pulls}
          items={[
            address &&
              (address.from
                ? `Cloudflare asks ${address.to} for their SOA serial and transfers (AXFR/IXFR) instead of ${address.from}. That nameserver must serve these zones and allow transfers to Cloudflare; until it does, they keep their last copy and stop updating.`
                : `Cloudflare starts asking ${address.to} for their SOA serial and transfers (AXFR/IXFR): without an address it could not, so these zones have not been updated from ${peer.name}. That nameserver must serve them and allow transfers to Cloudflare.`),
            key &&
              (key.to
                ? `Cloudflare signs its transfer requests with ${key.to}: the primary must accept that key for these zones (the same name, algorithm and secret), or it refuses the transfers.`
                : `Cloudflare asks for transfers without a TSIG signature: the primary must allow unsigned transfers to Cloudflare's addresses for these zones.`),
          ]}
        />
        <ImpactGroup
          accountId={accountId}
          heading={`${notified.length === 1 ? 'Primary zone' : 'Primary zones'} Cloudflare serves to ${peer.name} (its secondary):`}
          uses={notified}
          items={[
            address &&
              (address.from
                ? `Cloudflare sends NOTIFY to ${address.to} instead of ${address.from}. The nameserver there must be a secondary of these zones with Cloudflare as its primary; ${address.from} gets no more NOTIFY and sees changes only at its SOA refresh.`
                : `Cloudflare starts sending NOTIFY to ${address.to} when these zones change. The nameserver there must be a secondary of them with Cloudflare as its primary (and an ACL or the peer's key must let it transfer).`),
            key &&
              (key.to
                ? `${peer.name} must sign its AXFR/IXFR requests with ${key.to}, and Cloudflare signs its NOTIFY with it: a secondary that still ${key.from ? `signs with ${key.from}` : 'sends unsigned requests'} is refused and serves its last copy until the zones expire.`
                : `Cloudflare no longer expects a TSIG signature from ${peer.name}: its transfers are allowed only if an ACL names its address, and NOTIFY goes unsigned.`),
          ]}
        />
        {!usage.complete && (
          <Text size="xs" c="dimmed">
            The look-up did not read every zone: others may use {peer.name} too.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
