/**
 * Replace a peer in the zones that use it: a primary moved to a new peer, a secondary decommissioned. Opened from the
 * delete dialog when the look-up (peer-usage.tsx) shows zones using the peer. The preview comes from that look-up (a
 * zone's peers are its uses); the run reads each zone's configuration again right before changing it (someone may have
 * changed it since), decides with the same `planReplacement`, and sends the update one zone after another
 * (`useSequentialRun`: each is a write of the shared budget, audited by the BFF). Afterwards the look-up runs again, so
 * the table and the delete dialog show what is left.
 */
import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconReplace } from '@tabler/icons-react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { DEFAULT_AUTO_REFRESH_SECONDS, type Incoming, type Outgoing, type Peer, type PeerUse } from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { RunModal, RunResults, SkipItem, useSequentialRun } from '../../../components/sequential-run';
import { formatRelative } from '../../../lib/format-time';
import { saveIncoming, saveOutgoing } from '../../zones/api/mutations';
import { zoneQueries } from '../../zones/api/queries';
import { peerQueries } from '../api/queries';
import { describePlan, planReplacement } from '../replace';
import { roleOf } from '../usage';
import { usePeerUsage } from './peer-usage';

const REMOVE = 'remove';

interface ZoneTarget {
  id: string;
  name: string;
  direction: PeerUse['direction'];
  /** The zone's peers as the look-up read them. */
  peers: string[];
}

/** The zones using `peerId`, each with all its peers (a zone's uses, in its configuration's order). */
function targetsOf(uses: readonly PeerUse[], peerId: string): ZoneTarget[] {
  const byZone = new Map<string, ZoneTarget>();
  for (const use of uses) {
    const key = `${use.zone_id}|${use.direction}`;
    const target = byZone.get(key) ?? { id: use.zone_id, name: use.zone_name, direction: use.direction, peers: [] };
    target.peers.push(use.peer_id);
    byZone.set(key, target);
  }
  return [...byZone.values()].filter((target) => target.peers.includes(peerId));
}

/** Reads the zone again, decides, and sends the update; the outcome in words. */
async function replaceInZone(
  queryClient: QueryClient,
  target: ZoneTarget,
  oldId: string,
  newId: string | null,
  peers: readonly Peer[],
): Promise<string> {
  const incoming = target.direction === 'incoming';
  const current: Incoming | Outgoing | null = incoming
    ? await queryClient.fetchQuery({ ...zoneQueries.incoming(target.id), staleTime: 0 })
    : await queryClient.fetchQuery({ ...zoneQueries.outgoingConfig(target.id), staleTime: 0 });
  if (!current) throw new SkipItem(`It no longer has a ${incoming ? 'secondary' : 'primary'} configuration.`);
  const before = current.peers ?? [];
  const plan = planReplacement(before, target.direction, oldId, newId, peers);
  if (!plan.change) throw new SkipItem(plan.reason);
  const name = current.name ?? target.name;
  if (incoming) {
    const refresh = (current as Incoming).auto_refresh_seconds ?? DEFAULT_AUTO_REFRESH_SECONDS;
    await saveIncoming(queryClient, target.id, { name, peers: plan.peers, auto_refresh_seconds: refresh }, true);
  } else {
    await saveOutgoing(queryClient, target.id, { name, peers: plan.peers }, true);
  }
  return describePlan(before, plan, peers);
}

function ReplaceBody({
  accountId,
  peer,
  onRunning,
  onClose,
}: {
  accountId: string;
  peer: Peer;
  onRunning: (running: boolean) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const usage = usePeerUsage(accountId);
  const peersList = useQuery(peerQueries.list(accountId));
  const peers = useMemo(() => peersList.data ?? [], [peersList.data]);
  const [choice, setChoice] = useState<string | null>(null);
  const run = useSequentialRun(onRunning);
  const targets = useMemo(() => (usage.data ? targetsOf(usage.data.uses, peer.id) : []), [usage.data, peer.id]);
  const newId = choice === REMOVE ? null : choice;
  const plans = useMemo(
    () =>
      choice === null
        ? []
        : targets.map((target) => ({ target, plan: planReplacement(target.peers, target.direction, peer.id, newId, peers) })),
    [choice, targets, peer.id, newId, peers],
  );
  const changing = plans.filter(({ plan }) => plan.change).map(({ target }) => target);
  // The zones of the run, as they were when it started (the look-up read again afterwards no longer lists them).
  const [runItems, setRunItems] = useState<ZoneTarget[]>([]);

  if (run.runs) {
    return (
      <RunResults items={runItems} run={run} label="Replacement results" doneLabel="Changed" onClose={onClose} />
    );
  }

  const options = [
    ...peers
      .filter((other) => other.id !== peer.id)
      .map((other) => ({ value: other.id, label: other.ip ? `${other.name} (${other.ip})` : `${other.name} (no address)` })),
    { value: REMOVE, label: `Nothing: remove ${peer.name} from these zones` },
  ];

  const start = async () => {
    setRunItems(changing);
    await run.start(changing, (target) => replaceInZone(queryClient, target, peer.id, newId, peers));
    void usage.refetch();
  };

  return (
    <Stack gap="md">
      <Text size="sm">
        {targets.length === 1 ? '1 zone uses' : `${targets.length} zones use`} <strong>{peer.name}</strong>
        {usage.data ? ` (look-up ${formatRelative(usage.data.checked_at)})` : ''}. Each zone is read again
        right before it is changed, and changed one after another; each change is a request of the shared Cloudflare
        budget and is recorded in the audit log.
      </Text>
      {usage.data && !usage.data.complete && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          <Text size="sm">Not every zone was read: zones not read are not changed. {usage.data.message}</Text>
        </Alert>
      )}
      <Select
        label="Replace with"
        placeholder="Pick a peer"
        // The dialog's first focus: the choice it asks for (not its Close button); its list opens on a click, a
        // typed letter or ArrowDown, not on that focus (Escape then closes the dialog, as in any other).
        data-autofocus
        openOnFocus={false}
        data={options}
        value={choice}
        onChange={setChoice}
        searchable
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
      {choice !== null && (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Zones to change">
          {plans.map(({ target, plan }) => (
            <li key={`${target.id}|${target.direction}`} data-change={plan.change}>
              <Text size="sm">
                <Text span ff="monospace" size="sm" fw={500}>
                  {target.name}
                </Text>{' '}
                <Text span size="xs" c="dimmed">
                  · {roleOf(target)} ·{' '}
                  {plan.change ? 'will change' : 'left as it is'}
                </Text>
              </Text>
              <Text size="sm" c={plan.change ? undefined : 'dimmed'}>
                {plan.change ? describePlan(target.peers, plan, peers) : plan.reason}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <ActionButton
          operation="incoming.update"
          disabled={changing.length === 0}
          leftSection={<IconReplace size={16} aria-hidden />}
          onClick={() => void start()}
        >
          {changing.length === 1 ? 'Change 1 zone' : `Change ${changing.length} zones`}
        </ActionButton>
      </Group>
    </Stack>
  );
}

export function ReplacePeerDialog({
  accountId,
  peer,
  onClose,
  focusFallback,
}: {
  accountId: string;
  /** The peer to replace; null when closed. */
  peer: Peer | null;
  onClose: () => void;
  /** Opened from the delete dialog (gone by then): where focus goes once closed (`focusBackTo` its opener). */
  focusFallback?: () => HTMLElement | null;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <RunModal
      opened={peer !== null}
      busy={busy}
      onClose={onClose}
      title={peer ? `Replace ${peer.name} in its zones` : ''}
      focusFallback={focusFallback}
    >
      {peer && <ReplaceBody key={peer.id} accountId={accountId} peer={peer} onRunning={setBusy} onClose={onClose} />}
    </RunModal>
  );
}
