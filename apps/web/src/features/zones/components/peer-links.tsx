/** Linked peers by name, each a link to the Peers page filtered to it, with the address beside. */
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { peersListQuery } from '../../../lib/lookups';
import { peerAddress } from './peer-picker';

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
          <Group component="li" key={id} gap="xs" wrap="nowrap">
            {peer ? (
              <>
                <Anchor
                  component={Link}
                  to={`/accounts/${encodeURIComponent(accountId)}/peers?q=${encodeURIComponent(peer.name)}`}
                  size="sm"
                  fw={500}
                >
                  {peer.name}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace">
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
