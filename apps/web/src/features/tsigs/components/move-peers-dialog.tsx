/**
 * Rotating a TSIG key: "Move its peers to another key" on a key that peers use. After the new key exists here (Add
 * TSIG key) and on each peer's nameserver, this switches every peer that signs with the old key to the new one (or to
 * none) in one step, instead of editing each peer; the old key can then be deleted (the dashboard refuses while a peer
 * uses it). The peers are read again right before the run (someone may have changed one since), and each is updated
 * **one after another** (`useSequentialRun`: one write of the shared budget each, audited by the BFF) with the
 * rest of its configuration as it is (a peer update replaces the whole peer). A peer that no longer uses the old key
 * is left as it is.
 */
import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { withFullStop, type Peer, type Tsig } from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { RunModal, RunResults, SkipItem, useSequentialRun } from '../../../components/sequential-run';
import { apiCall } from '../../../lib/api-client';
import { peersListQuery } from '../../../lib/lookups';
import { peerKeys } from '../../peers/api/queries';
import { tsigQueries } from '../api/queries';

const NO_KEY = 'none';

/** The peer as it is now, with the new key; the outcome in words. */
async function movePeer(queryClient: QueryClient, accountId: string, peerId: string, from: Tsig, to: Tsig | null): Promise<string> {
  const peers = await queryClient.fetchQuery({ ...peersListQuery(accountId), staleTime: 0 });
  const peer = peers.find((candidate) => candidate.id === peerId);
  if (!peer) throw new SkipItem('It no longer exists.');
  if (peer.tsig_id !== from.id) throw new SkipItem(withFullStop(`It no longer uses ${from.name}`));
  await apiCall('peers.update', {
    params: { account_id: accountId, peer_id: peer.id },
    body: {
      name: peer.name,
      ...(peer.ip ? { ip: peer.ip } : {}),
      ...(peer.port !== undefined ? { port: peer.port } : {}),
      ...(peer.ixfr_enable !== undefined ? { ixfr_enable: peer.ixfr_enable } : {}),
      ...(to ? { tsig_id: to.id } : {}),
    },
  });
  // A key's name may end with its own dot ("legacy-key."): one full stop, not two.
  return to ? `Signs with ${to.name} (${to.algo}) instead of ${withFullStop(from.name)}` : `No longer signs transfers (was ${from.name}).`;
}

function MoveBody({ accountId, tsig, onRunning, onClose }: { accountId: string; tsig: Tsig; onRunning: (running: boolean) => void; onClose: () => void }) {
  const queryClient = useQueryClient();
  const peers = useQuery(peersListQuery(accountId));
  const tsigs = useQuery(tsigQueries.list(accountId));
  const [choice, setChoice] = useState<string | null>(null);
  const run = useSequentialRun(onRunning);
  const users = (peers.data ?? []).filter((peer) => peer.tsig_id === tsig.id).sort((a, b) => a.name.localeCompare(b.name));
  // The peers of the run, as they were when it started (afterwards the list no longer shows them with this key).
  const [runItems, setRunItems] = useState<Peer[]>([]);
  const to = choice === NO_KEY ? null : ((tsigs.data ?? []).find((key) => key.id === choice) ?? null);

  if (run.runs) {
    return <RunResults items={runItems} run={run} label="Key change results" doneLabel="Changed" onClose={onClose} />;
  }

  const options = [
    ...(tsigs.data ?? []).filter((key) => key.id !== tsig.id).map((key) => ({ value: key.id, label: `${key.name} (${key.algo})` })),
    { value: NO_KEY, label: 'No key: transfers not signed' },
  ];
  const start = async () => {
    setRunItems(users);
    await run.start(users, (peer) => movePeer(queryClient, accountId, peer.id, tsig, to));
    void queryClient.invalidateQueries({ queryKey: peerKeys.all(accountId) });
  };

  return (
    <Stack gap="md">
      <Text size="sm">
        {users.length === 1 ? '1 peer signs' : `${users.length} peers sign`} zone transfers and NOTIFY with{' '}
        <Text span ff="monospace" size="sm" fw={600}>
          {tsig.name}
        </Text>
        {tsig.name.endsWith('.') ? '' : '.'} Each is read again right before it is changed, and changed one after another; each change is a request of
        the shared Cloudflare budget and is recorded in the audit log.
      </Text>
      <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title="The other side first">
        <Text size="sm">
          Put the new key (the same name, algorithm and secret) on each peer&apos;s nameserver before moving it: from the
          change on, Cloudflare signs with the new key and expects it, and transfers with that peer fail until both
          sides match.
        </Text>
      </Alert>
      <Select
        label="Move to"
        placeholder="Pick a key"
        data={options}
        value={choice}
        onChange={setChoice}
        searchable
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        nothingFoundMessage="No other key: add one first"
      />
      <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Peers to change">
        {users.map((peer) => (
          <li key={peer.id}>
            <Text size="sm">
              <Text span ff="monospace" size="sm" fw={500}>
                {peer.name}
              </Text>{' '}
              <Text span size="xs" c="dimmed">
                · {peer.ip ?? 'no address'} · {tsig.name} → {choice === null ? '…' : to ? to.name : 'no key'}
              </Text>
            </Text>
          </li>
        ))}
      </Stack>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <ActionButton
          operation="peers.update"
          disabled={choice === null || users.length === 0}
          leftSection={<IconKey size={16} aria-hidden />}
          onClick={() => void start()}
        >
          {users.length === 1 ? 'Move 1 peer' : `Move ${users.length} peers`}
        </ActionButton>
      </Group>
    </Stack>
  );
}

export function MovePeersDialog({ accountId, tsig, onClose }: { accountId: string; tsig: Tsig | null; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <RunModal opened={tsig !== null} busy={busy} onClose={onClose} title={tsig ? `Move the peers of ${tsig.name} to another key` : ''}>
      {tsig && <MoveBody key={tsig.id} accountId={accountId} tsig={tsig} onRunning={setBusy} onClose={onClose} />}
    </RunModal>
  );
}
