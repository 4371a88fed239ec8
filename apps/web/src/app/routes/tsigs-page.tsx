import { Stack } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import type { Tsig } from '@secdns/api-types';
import { PageHeader } from '../../components/page-header';
import { TsigForm } from '../../features/tsigs/components/tsig-form';
import { TsigsTable } from '../../features/tsigs/components/tsigs-table';

export function TsigsPage() {
  const { accountId = '' } = useParams();
  const [form, setForm] = useState<{ opened: boolean; tsig: Tsig | null }>({ opened: false, tsig: null });
  const openAdd = useCallback(() => setForm({ opened: true, tsig: null }), []);
  const openEdit = useCallback((tsig: Tsig) => setForm({ opened: true, tsig }), []);
  const close = useCallback(() => setForm((current) => ({ ...current, opened: false })), []);

  return (
    <Stack gap="lg">
      <PageHeader
        title="TSIG keys"
        description="Shared secrets that sign zone transfers. The key name, algorithm and secret must be identical on Cloudflare and on the other nameserver; if one peer of a zone uses a key, every peer of that zone must use the same key."
      />
      <TsigsTable accountId={accountId} onAdd={openAdd} onEdit={openEdit} />
      <TsigForm accountId={accountId} opened={form.opened} tsig={form.tsig} onClose={close} />
    </Stack>
  );
}

export default TsigsPage;
