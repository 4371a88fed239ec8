import { Center, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useLocation, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageLoader } from '../../components/page-loader';
import { lastAccount } from '../../lib/last-account';
import { accountsQuery, metaQuery } from '../../lib/lookups';
import { DEFAULT_SECTION, sectionUrl, type Section } from '../sections';

/**
 * `/` → zones, and the account-less shortcuts `/zones`, `/peers`, `/tsigs`, `/acls` (typed or bookmarked) → that
 * section, of the account last shown in this browser, else the default account (from /api/meta), else the first
 * account the token can see. The query string is kept (`/peers?q=ns1`), and so is a zone (`/zones/cdn.example.net`:
 * its page, by ID or by name).
 */
export function RootRedirect({ section = DEFAULT_SECTION }: { section?: Section['path'] }) {
  const { search } = useLocation();
  const { zoneId } = useParams();
  const rest = zoneId ? `/${encodeURIComponent(zoneId)}` : '';
  const last = lastAccount();
  const meta = useQuery({ ...metaQuery(), enabled: !last });
  const needAccounts = !last && (meta.isError || (meta.isSuccess && !meta.data.defaultAccountId));
  const accounts = useQuery({ ...accountsQuery(), enabled: needAccounts });

  const target = last ?? meta.data?.defaultAccountId ?? accounts.data?.[0]?.id;
  if (target) return <Navigate to={`${sectionUrl(target, section)}${rest}${search}`} replace />;

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
