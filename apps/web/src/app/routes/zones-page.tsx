import { Stack } from '@mantine/core';
import { useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { ZonesTerraformExport } from '../../features/zones/components/terraform-export';
import { ZonesTable } from '../../features/zones/components/zones-table';

export function ZonesPage() {
  const { accountId = '' } = useParams();
  return (
    <Stack gap="lg">
      <PageHeader
        title="Zones"
        description="Secondary zones (Cloudflare pulls them from your primaries) and primary zones (Cloudflare serves them to your secondaries). Open a zone to set up transfers, Force AXFR or Force NOTIFY."
        actions={<ZonesTerraformExport accountId={accountId} />}
      />
      <ZonesTable accountId={accountId} />
    </Stack>
  );
}

export default ZonesPage;
