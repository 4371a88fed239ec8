import { Stack } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import type { Acl } from '@secdns/api-types';
import { PageHeader } from '../../components/page-header';
import { AclForm } from '../../features/acls/components/acl-form';
import { AclsAbout } from '../../features/acls/components/acls-about';
import { AclsTable } from '../../features/acls/components/acls-table';

export function AclsPage() {
  const { accountId = '' } = useParams();
  const [form, setForm] = useState<{ opened: boolean; acl: Acl | null }>({ opened: false, acl: null });
  const openAdd = useCallback(() => setForm({ opened: true, acl: null }), []);
  const openEdit = useCallback((acl: Acl) => setForm({ opened: true, acl }), []);
  const close = useCallback(() => setForm((current) => ({ ...current, opened: false })), []);

  return (
    <Stack gap="lg">
      <PageHeader
        title="ACLs"
        description="Account-wide IP ranges for zone transfers: who may send Cloudflare NOTIFY for secondary zones, and who may transfer primary zones from Cloudflare. At most /24 for IPv4, /64 for IPv6."
      />
      <AclsAbout />
      <AclsTable accountId={accountId} onAdd={openAdd} onEdit={openEdit} />
      <AclForm accountId={accountId} opened={form.opened} acl={form.acl} onClose={close} />
    </Stack>
  );
}

export default AclsPage;
