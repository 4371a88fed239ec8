import { Alert, Stack, Text } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../../components/page-header';
import { AuditLog } from '../../features/audit/components/audit-log';
import { usePermission } from '../../lib/permissions';
import { sessionQuery } from '../../lib/session';

export function AuditPage() {
  const admin = usePermission({ role: 'admin' });
  const session = useQuery(sessionQuery());
  return (
    <Stack gap="lg">
      <PageHeader
        title="Audit log"
        description="Who did what and when: every change, Force AXFR / NOTIFY (with its reason), sign-in, password change and refused request made through this dashboard, newest first. Changes made elsewhere (Cloudflare's dashboard, the API, Terraform) are not recorded here."
      />
      {admin.allowed ? (
        <Text size="sm" c="dimmed" mt={-8}>
          You are an admin: you see the entries of every user.
        </Text>
      ) : (
        <Alert color="blue" variant="light" icon={<IconEye aria-hidden />} title="Your own entries only">
          <Text size="sm">
            You see what you ({session.data?.user.username ?? 'you'}) did. Admins see the entries of every user.
          </Text>
        </Alert>
      )}
      <AuditLog isAdmin={admin.allowed} />
    </Stack>
  );
}

export default AuditPage;
