/**
 * Settings (admins): how this dashboard is set up — each setting in words, the environment variable that changes it,
 * and whether it is the default (GET /api/meta/settings). Read-only: settings live in the server's environment (a
 * restart applies a change). Secrets show as "set" / "not set", a webhook as its host.
 */
import { Alert, Badge, Button, Card, Code, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconLock, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment } from 'react';
import { SettingsSchema, WebhookEnvSchema, WebhookTestResultSchema, type Settings, type WebhookEnv } from '@secdns/api-types';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { API_PREFIX, errorMessage, request, requestIdOf } from '../../lib/api-client';
import { usePermission } from '../../lib/permissions';

const DESCRIPTION =
  'How this dashboard is set up. Settings come from the server’s environment: change the variable named beside each, then restart the server. Secrets show only whether they are set.';

export const settingsQuery = () => ({
  queryKey: ['meta', 'settings'] as const,
  queryFn: async ({ signal }: { signal: AbortSignal }): Promise<Settings> => {
    const { envelope } = await request(`${API_PREFIX}/meta/settings`, { method: 'GET', signal }, 'meta.settings');
    return SettingsSchema.parse(envelope.result);
  },
  staleTime: 60_000,
});

/** "Send a test message" for a webhook that is set: sent now, and what became of it said beside the button. */
function WebhookTest({ env }: { env: WebhookEnv }) {
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: async () => {
      const { envelope } = await request(`${API_PREFIX}/meta/settings/webhook-test`, { method: 'POST', body: JSON.stringify({ env }) }, 'meta.webhookTest');
      return WebhookTestResultSchema.parse(envelope.result);
    },
    // The deliveries' line counts it.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: settingsQuery().queryKey }),
  });
  const outcome = test.data;
  return (
    <Stack gap={4} mt={6} align="flex-start">
      <Button size="compact-xs" variant="light" leftSection={<IconSend size={14} aria-hidden />} loading={test.isPending} onClick={() => test.mutate()}>
        Send a test message
      </Button>
      <div role="status" aria-live="polite">
        {outcome && (
          <Text size="xs" c={outcome.taken ? 'var(--mantine-color-green-text)' : 'var(--mantine-color-red-text)'}>
            {outcome.taken ? `Taken by the webhook (${outcome.detail}): look for it in the channel.` : `Not taken: ${outcome.detail}.`}
          </Text>
        )}
        {test.isError && (
          <Text size="xs" c="var(--mantine-color-red-text)">
            {errorMessage(test.error)}
            {requestIdOf(test.error) ? ` (request ${requestIdOf(test.error)})` : ''}
          </Text>
        )}
      </div>
    </Stack>
  );
}

function SettingsGroups({ settings }: { settings: Settings }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      {settings.groups.map((group) => {
        const id = `settings-${group.title.toLowerCase().replace(/\W+/g, '-')}`;
        const changed = group.settings.filter((setting) => !setting.isDefault).length;
        return (
          <Card key={group.title} withBorder radius="md" padding="md" component="section" aria-labelledby={id}>
            <Stack gap="xs">
              <Group justify="space-between" align="baseline" wrap="nowrap">
                <Title order={2} size="h4" id={id}>
                  {group.title}
                </Title>
                <Text size="xs" c="dimmed">
                  {changed === 0 ? 'all defaults' : `${changed} set`}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                {group.description}
              </Text>
              <Table verticalSpacing={6} fz="sm" aria-labelledby={id} layout="fixed">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="46%">Setting</Table.Th>
                    <Table.Th>Now</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {group.settings.map((setting) => (
                    <Table.Tr key={setting.env}>
                      <Table.Td style={{ verticalAlign: 'top' }}>
                        <Text size="sm">{setting.label}</Text>
                        <Code fz="xs">
                          {/* A narrow column breaks after an underscore (<wbr>: nothing extra when copied). */}
                          {setting.env.split('_').map((part, index) => (
                            <Fragment key={index}>
                              {index > 0 && '_'}
                              {index > 0 && <wbr />}
                              {part}
                            </Fragment>
                          ))}
                        </Code>
                      </Table.Td>
                      <Table.Td style={{ verticalAlign: 'top', overflowWrap: 'anywhere' }}>
                        <Text size="sm" span>
                          {setting.value}
                        </Text>{' '}
                        {setting.isDefault ? (
                          <Text span size="xs" c="dimmed">
                            (default)
                          </Text>
                        ) : (
                          <Badge size="xs" variant="light" color="blue">
                            set here
                          </Badge>
                        )}
                        {setting.status && (
                          <Text size="xs" mt={4} c={setting.status.ok ? 'dimmed' : 'var(--mantine-color-red-text)'}>
                            {setting.status.text}
                          </Text>
                        )}
                        {setting.status && WebhookEnvSchema.safeParse(setting.env).success && (
                          <WebhookTest env={setting.env as WebhookEnv} />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

export function SettingsPage() {
  const admin = usePermission({ role: 'admin' });
  const settings = useQuery({ ...settingsQuery(), enabled: admin.allowed });

  if (!admin.allowed) {
    return (
      <Stack gap="lg">
        <PageHeader title="Settings" description={DESCRIPTION} />
        <Alert color="blue" variant="light" icon={<IconLock aria-hidden />} title="Only admins can see the settings">
          <Text size="sm">Ask an admin how the dashboard is set up.</Text>
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader
        title="Settings"
        description={DESCRIPTION}
        actions={
          settings.data ? (
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              Version {settings.data.version}
            </Text>
          ) : undefined
        }
      />
      {settings.isPending && <Skeleton h={320} radius="md" aria-label="Loading the settings" />}
      {settings.isError && <ErrorState error={settings.error} title="Could not read the settings" onRetry={() => void settings.refetch()} retrying={settings.isFetching} />}
      {settings.data && <SettingsGroups settings={settings.data} />}
    </Stack>
  );
}

export default SettingsPage;
