import { Alert, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { User } from '@secdns/api-types';
import { PageHeader } from '../../components/page-header';
import { UserForm } from '../../features/users/components/user-form';
import { UsersTable } from '../../features/users/components/users-table';
import { usePermission } from '../../lib/permissions';
import { sessionQuery } from '../../lib/session';

const DESCRIPTION =
  'Who may sign in to this dashboard, and with which role: viewers read, operators also force transfers, admins change everything.';

export function UsersPage() {
  const admin = usePermission({ role: 'admin' });
  const session = useQuery(sessionQuery());
  const [form, setForm] = useState<{ opened: boolean; user: User | null }>({ opened: false, user: null });
  const openAdd = useCallback(() => setForm({ opened: true, user: null }), []);
  const openEdit = useCallback((user: User) => setForm({ opened: true, user }), []);
  const close = useCallback(() => setForm((current) => ({ ...current, opened: false })), []);
  const currentUsername = session.data?.user.username;

  if (!admin.allowed) {
    return (
      <Stack gap="lg">
        <PageHeader title="Users" description={DESCRIPTION} />
        <Alert color="blue" variant="light" icon={<IconLock aria-hidden />} title="Only admins can manage users">
          <Text size="sm">
            You are signed in as {currentUsername ?? 'someone'} with the {session.data?.user.role ?? 'unknown'} role. Ask
            an admin if you need another role or a new account. Your own activity is on the Audit page.
          </Text>
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title="Users" description={DESCRIPTION} />
      <UsersTable onAdd={openAdd} onEdit={openEdit} currentUsername={currentUsername} />
      <UserForm opened={form.opened} user={form.user} currentUsername={currentUsername} onClose={close} />
    </Stack>
  );
}

export default UsersPage;
