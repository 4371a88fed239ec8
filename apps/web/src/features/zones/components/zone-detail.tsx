/**
 * One zone: its name, Cloudflare type and status, and the two transfer panels. The panel Cloudflare allows for the
 * zone's type comes first and is live; the other one says why it does not apply (and costs no call).
 */
import { Anchor, Badge, Breadcrumbs, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useLocation } from 'react-router';
import { CopyId } from '../../../components/copy-id';
import { zonePath } from '../../../lib/zone-path';
import { ErrorState } from '../../../components/error-state';
import { PageHeader } from '../../../components/page-header';
import { pickNamedZone, zoneQueries, zoneSides } from '../api/queries';
import { IncomingPanel, IncomingUnavailable } from './incoming-panel';
import { OutgoingPanel, OutgoingUnavailable } from './outgoing-panel';
import { ZoneActivity } from './zone-activity';
import { ZoneSummaryButton } from './zone-summary-button';
import { ZoneTypeBadge } from './zone-badges';

const ZONE_ID = /^[0-9a-f]{32}$/;
/** A zone's name where its ID belongs (…/zones/cdn.example.net, typed or pasted from a ticket): looked up by name. */
const ZONE_NAME = /^(?=.{1,254}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9_-]{1,63}\.?$/i;

function zonesUrl(accountId: string) {
  return `/accounts/${encodeURIComponent(accountId)}/zones`;
}

function Crumbs({ accountId, name }: { accountId: string; name: string }) {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '';
  return (
    <nav aria-label="Breadcrumb">
      <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to={`${zonesUrl(accountId)}${from}`} size="sm">
        Zones
      </Anchor>
      <Text size="sm" aria-current="page">
          {name}
        </Text>
      </Breadcrumbs>
    </nav>
  );
}

/**
 * A zone no account the dashboard can see has (any more). A well-formed id may be a zone deleted since — the serial
 * watch's History and old audit entries link to it — so what the dashboard recorded about it (its actions, with what
 * they changed, and what the serial watch found) is still shown: the story does not end with the zone.
 */
export function ZoneNotFound({ accountId, zoneId, byName = false }: { accountId: string; zoneId: string; byName?: boolean }) {
  useDocumentTitle('Zone not found · Secondary DNS');
  return (
    <Stack gap="lg">
      <Stack align="flex-start" gap="sm" maw={640}>
        <Title order={1} size="h2">
          Zone not found
        </Title>
        <Text c="dimmed">
          {byName ? 'No account the dashboard can see has a zone named ' : 'No account the dashboard can see has a zone with the ID '}
          <Text span ff="monospace">{zoneId}</Text>. It may have been deleted, belong to an account the API token cannot
          see, or the link may be mistyped.
        </Text>
        <Button component={Link} to={zonesUrl(accountId)} variant="light">
          Back to zones
        </Button>
      </Stack>
      {ZONE_ID.test(zoneId) && <ZoneActivity accountId={accountId} zoneId={zoneId} />}
    </Stack>
  );
}

function ZoneLoading() {
  return (
    <Stack gap="lg" role="status" aria-label="Loading the zone">
      <Skeleton height={14} width={160} />
      <Skeleton height={28} width={320} />
      <Skeleton height={220} radius="md" />
      <Skeleton height={120} radius="md" />
    </Stack>
  );
}

/**
 * …/zones/<name>: the zone of exactly that name (Cloudflare's exact name filter, in every account the token can see;
 * the account shown first), then its own page (by ID, under its own account) in place of this address.
 */
function ZoneByName({ accountId, name }: { accountId: string; name: string }) {
  const q = name.replace(/\.$/, '').toLowerCase();
  const search = useQuery(zoneQueries.byName(q));
  if (search.isPending) return <ZoneLoading />;
  if (search.isError) {
    return (
      <Stack gap="lg">
        <PageHeader title="Zone" />
        <ErrorState
          title={`Could not look up ${q}`}
          error={search.error}
          onRetry={() => void search.refetch()}
          retrying={search.isFetching}
        />
      </Stack>
    );
  }
  const zone = pickNamedZone(search.data.zones, q, accountId);
  if (zone) return <Navigate to={zonePath(zone.account?.id ?? accountId, zone.id)} replace />;
  return <ZoneNotFound accountId={accountId} zoneId={q} byName />;
}

export function ZoneDetail({ accountId, zoneId }: { accountId: string; zoneId: string }) {
  const queryClient = useQueryClient();
  const validId = ZONE_ID.test(zoneId);
  const lookup = useQuery({ ...zoneQueries.zone(zoneId, queryClient), enabled: validId });

  if (!validId) {
    if (ZONE_NAME.test(zoneId)) return <ZoneByName accountId={accountId} name={zoneId} />;
    return <ZoneNotFound accountId={accountId} zoneId={zoneId} />;
  }

  if (lookup.isPending) return <ZoneLoading />;

  if (lookup.isError) {
    return (
      <Stack gap="lg">
        <PageHeader title="Zone" />
        <ErrorState
          title="Could not load the zone"
          error={lookup.error}
          onRetry={() => void lookup.refetch()}
          retrying={lookup.isFetching}
        />
      </Stack>
    );
  }

  const zone = lookup.data;
  if (!zone) return <ZoneNotFound accountId={accountId} zoneId={zoneId} />;
  // A zone of another account than the one in the address (a link, a pasted ID, /zones/<id> in the account last
  // shown): its page under its own account, so its peers and TSIG keys are read where they are (and the account
  // picker and the address say so).
  if (zone.account?.id && zone.account.id !== accountId) return <Navigate to={zonePath(zone.account.id, zone.id)} replace />;

  const sides = zoneSides(zone.type);
  const incoming = sides.incoming ? (
    <IncomingPanel key="incoming" accountId={accountId} zone={zone} />
  ) : (
    <IncomingUnavailable key="incoming" zone={zone} />
  );
  const outgoing = sides.outgoing ? (
    <OutgoingPanel key="outgoing" accountId={accountId} zone={zone} />
  ) : (
    <OutgoingUnavailable key="outgoing" zone={zone} />
  );

  return (
    <Stack gap="lg">
      <Crumbs accountId={accountId} name={zone.name} />
      <PageHeader
        title={zone.name}
        description={
          zone.type === 'secondary'
            ? 'A secondary zone: Cloudflare pulls it from your primaries.'
            : 'Cloudflare is primary for this zone and can serve it to your secondaries.'
        }
      />
      <Group gap="lg" wrap="wrap">
        <Group gap={6}>
          <Text size="sm" c="dimmed">
            Cloudflare type
          </Text>
          <ZoneTypeBadge type={zone.type} />
        </Group>
        {zone.status && (
          <Group gap={6}>
            <Text size="sm" c="dimmed">
              Zone status
            </Text>
            <Badge size="sm" variant="dot" color={zone.status === 'active' ? 'teal' : 'yellow'}>
              {zone.status}
            </Badge>
          </Group>
        )}
        <Group gap={6}>
          <Text size="sm" c="dimmed">
            Zone ID
          </Text>
          <CopyId value={zone.id} label="zone ID" />
        </Group>
        <ZoneSummaryButton accountId={accountId} zone={zone} />
      </Group>
      {sides.incoming ? (
        <>
          {incoming}
          {outgoing}
        </>
      ) : (
        <>
          {outgoing}
          {incoming}
        </>
      )}
      <ZoneActivity accountId={accountId} zoneId={zone.id} />
    </Stack>
  );
}
