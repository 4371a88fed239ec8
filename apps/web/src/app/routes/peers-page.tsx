import { Stack } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import type { Peer } from '@secdns/api-types';
import { PageHeader } from '../../components/page-header';
import { PeerForm } from '../../features/peers/components/peer-form';
import { PeersTable } from '../../features/peers/components/peers-table';

export function PeersPage() {
  const { accountId = '' } = useParams();
  const [form, setForm] = useState<{ opened: boolean; peer: Peer | null }>({ opened: false, peer: null });
  const openAdd = useCallback(() => setForm({ opened: true, peer: null }), []);
  const openEdit = useCallback((peer: Peer) => setForm({ opened: true, peer }), []);
  const close = useCallback(() => setForm((current) => ({ ...current, opened: false })), []);

  return (
    <Stack gap="lg">
      <PageHeader
        title="Peers"
        description="The other nameservers in zone transfers: primaries Cloudflare pulls secondary zones from, and secondaries Cloudflare notifies and serves primary zones to."
      />
      <PeersTable accountId={accountId} onAdd={openAdd} onEdit={openEdit} />
      <PeerForm accountId={accountId} opened={form.opened} peer={form.peer} onClose={close} />
    </Stack>
  );
}

export default PeersPage;
