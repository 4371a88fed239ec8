import { Center, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageLoader } from '../../components/page-loader';
import { accountsQuery, metaQuery } from '../../lib/lookups';
import { DEFAULT_SECTION, sectionUrl } from '../sections';

/** `/` → the default account's zones (from /api/meta, else the first account the token can see). */
export function RootRedirect() {
  const meta = useQuery(metaQuery());
  const needAccounts = meta.isError || (meta.isSuccess && !meta.data.defaultAccountId);
  const accounts = useQuery({ ...accountsQuery(), enabled: needAccounts });

  if (meta.data?.defaultAccountId) {
    return <Navigate to={sectionUrl(meta.data.defaultAccountId, DEFAULT_SECTION)} replace />;
  }
  const first = accounts.data?.[0];
  if (first) return <Navigate to={sectionUrl(first.id, DEFAULT_SECTION)} replace />;

  if (accounts.isError) {
    return (
      <Center mih="60vh" p="lg">
        <Stack maw={560} w="100%">
          <ErrorState
            title="Could not load your accounts"
            error={accounts.error}
            onRetry={() => {
              void meta.refetch();
              void accounts.refetch();
            }}
            retrying={accounts.isFetching}
          />
        </Stack>
      </Center>
    );
  }
  if (accounts.isSuccess) {
    return (
      <Center mih="60vh" p="lg">
        <Stack maw={560} gap="xs">
          <Title order={1} size="h3">
            No accounts
          </Title>
          <Text c="dimmed">
            The API token the dashboard uses cannot see any Cloudflare account. Give it Account Settings and DNS/Zone
            permissions on the account that holds your zones, then reload.
          </Text>
        </Stack>
      </Center>
    );
  }
  return <PageLoader label="Finding your account…" />;
}
