/** What ACLs do in Cloudflare, and Cloudflare's transfer addresses a primary must allow (from Cloudflare's docs). */
import { Alert, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { CopyId } from '../../../components/copy-id';
import {
  CLOUDFLARE_OLD_TRANSFER_SOURCES,
  CLOUDFLARE_TRANSFER_SOURCES,
  OLD_SOURCES_END,
  OLD_SOURCES_END_AT,
} from '../../../lib/cloudflare-addresses';

export function AclsAbout() {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder p="md" radius="md">
        <Stack gap={6}>
          <Title order={2} size="h5">
            What ACLs do
          </Title>
          <Text size="sm">
            ACLs are account-wide: every zone of the account uses them.
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>
              <strong>Secondary zones</strong> (Cloudflare pulls from your primary): extra addresses Cloudflare accepts
              NOTIFY from, besides the zone&apos;s peers.
            </List.Item>
            <List.Item>
              <strong>Primary zones</strong> (Cloudflare serves your secondaries): addresses allowed to transfer the
              zone from Cloudflare with AXFR or IXFR.
            </List.Item>
          </List>
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Stack gap={6}>
          <Title order={2} size="h5">
            Allow Cloudflare on your primary
          </Title>
          <Text size="sm">Cloudflare transfers secondary zones from these addresses:</Text>
          <Group gap="md">
            {CLOUDFLARE_TRANSFER_SOURCES.map((address) => (
              <CopyId key={address} value={address} label={`address ${address}`} />
            ))}
          </Group>
          <Alert variant="light" color="yellow" p="xs" icon={<IconInfoCircle size={16} aria-hidden />}>
            <Text size="xs">
              {Date.now() < OLD_SOURCES_END_AT
                ? `The older ranges ${CLOUDFLARE_OLD_TRANSFER_SOURCES.join(', ')} stop working on ${OLD_SOURCES_END}. If your primary allows only those, add the addresses above.`
                : `The older ranges ${CLOUDFLARE_OLD_TRANSFER_SOURCES.join(', ')} stopped working on ${OLD_SOURCES_END}: allowing them no longer helps. A primary that allows only those must allow the addresses above.`}
            </Text>
          </Alert>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
