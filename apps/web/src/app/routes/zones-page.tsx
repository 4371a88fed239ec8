import { Alert, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { ZonesTable } from '../../features/zones/components/zones-table';

export function ZonesPage() {
  const { accountId = '' } = useParams();
  return (
    <Stack gap="lg">
      <PageHeader
        title="Zones"
        description="Secondary zones (Cloudflare pulls from your primaries) and primary zones (Cloudflare serves your secondaries)."
      />
      <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />} title="Transfer settings arrive in the next release">
        <Text size="sm">
          The list is live. Editing a zone&apos;s transfer settings, Force AXFR and Force NOTIFY arrive in the next
          release.
        </Text>
      </Alert>
      <ZonesTable accountId={accountId} />
    </Stack>
  );
}

export default ZonesPage;
