import { Alert, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/page-header';

export function ComingSoon({ title, description, children }: { title: string; description: string; children?: ReactNode }) {
  return (
    <Stack gap="lg">
      <PageHeader title={title} description={description} />
      <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />} title="Arrives in the next release">
        <Text size="sm">This section arrives in the next release. Peers can already be managed in full.</Text>
      </Alert>
      {children}
    </Stack>
  );
}
