import { Group, Text } from '@mantine/core';
import { useParams } from 'react-router';
import { CopyId } from '../../components/copy-id';
import { ComingSoon } from './coming-soon';

export function ZonePage() {
  const { zoneId = '' } = useParams();
  return (
    <ComingSoon title="Zone" description="Transfer settings of one zone, Force AXFR and Force NOTIFY.">
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          Zone ID
        </Text>
        <CopyId value={zoneId} label="zone ID" />
      </Group>
    </ComingSoon>
  );
}

export default ZonePage;
