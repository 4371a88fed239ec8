/** Linked peers by name, each a link to the Peers page filtered to it, with the address beside. */
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Peer } from '@secdns/api-types';
import { peersListQuery } from '../../../lib/lookups';
import { peerAddress } from './peer-picker';

/** The chosen peers' names for a sentence (an unknown id by its first 8 characters). */
export function peerNamesOf(peerIds: string[] | undefined, peers: Peer[] | undefined): string[] {
  return (peerIds ?? []).map((id) => peers?.find((peer) => peer.id === id)?.name ?? id.slice(0, 8));
}

export function PeerLinks({ accountId, peerIds, empty }: { accountId: string; peerIds: string[]; empty: string }) {
  const peers = useQuery(peersListQuery(accountId));
  if (peerIds.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  const byId = new Map((peers.data ?? []).map((peer) => [peer.id, peer]));
  return (
    <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {peerIds.map((id) => {
        const peer = byId.get(id);
        return (
          // A narrow screen puts the address under the name; neither is broken inside.
          <Group component="li" key={id} wrap="wrap" style={{ columnGap: 'var(--mantine-spacing-xs)', rowGap: 0 }}>
            {peer ? (
              <>
                <Anchor
                  component={Link}
                  to={`/accounts/${encodeURIComponent(accountId)}/peers?q=${encodeURIComponent(peer.name)}`}
                  size="sm"
                  fw={500}
                  style={{ whiteSpace: 'nowrap' }}
                >
                  {peer.name}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {peerAddress(peer)}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed" ff="monospace" title={id}>
                {peers.isPending ? 'Loading…' : `Unknown peer ${id.slice(0, 8)}…`}
              </Text>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}
