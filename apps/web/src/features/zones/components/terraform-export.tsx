/**
 * "Export as Terraform" in the zones page's header: the account's TSIG keys, peers and ACLs, and the transfer configurations of the
 * zones on the page — or, on a list of several pages, of every zone of the list (its search included: "All N zones"), so
 * a team moving to Terraform gets one file with each account resource once, not a file per page — as a `.tf` file for the Cloudflare provider v5 with an import block each (`terraformExport` in
 * api-types; docs/decisions/020-terraform-export.md) — for a team moving its set-up to infrastructure as code
 * without re-creating anything. Shown, copied or downloaded; never a TSIG secret (each is a variable). Reads the
 * three account lists and each zone's configuration (cached reads, shared with the zones list and zone pages). All the
 * zones: the list's other pages first (one read per 50 zones, `listAllZones`), then what reading their configurations
 * would cost of the shared budget beside what the run may take (`readAllowance`: half of what is left), and only on
 * "Read and export" the reads themselves.
 */
import { Alert, Button, Code, CopyButton, Group, List, Modal, ScrollArea, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload, IconFileCode, IconInfoCircle } from '@tabler/icons-react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { OUTGOING_STATUS, terraformExport, type Zone } from '@secdns/api-types';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { aclsListQuery, metaQuery, peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { readAllowance, type ReadAllowance } from '../../../lib/rate-budget';
import { MAX_ZONES_PER_PAGE, ZONE_LOOKUP_MAX_PAGES, listAllZones, zoneQueries } from '../api/queries';
import { useZonesOnPage } from './zones-table';

const countOf = (n: number, one: string, other = `${one}s`) => `${n} ${n === 1 ? one : other}`;

/** In the zones page's header: the export of the zones the list shows (its page and search), or of all of them. */
export function ZonesTerraformExport({ accountId }: { accountId: string }) {
  const { list, zones } = useZonesOnPage(accountId);
  return (
    <TerraformExportButton
      zones={zones.data?.zones}
      accountId={accountId}
      searched={list.q || undefined}
      total={zones.data?.resultInfo?.total_count}
    />
  );
}

/** `total`: how many zones the list has on all its pages (Cloudflare's count); more than the page's offers "All". */
export function TerraformExportButton({
  zones,
  accountId,
  searched,
  total,
}: {
  zones: Zone[] | undefined;
  accountId: string;
  searched?: string;
  total?: number;
}) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconFileCode size={16} aria-hidden />}
        disabled={zones === undefined}
        onClick={() => setOpened(true)}
      >
        Export as Terraform
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Export as Terraform" size="xl" closeButtonProps={{ 'aria-label': 'Close' }}>
        {opened && zones && <ExportScope zones={zones} accountId={accountId} searched={searched} total={total ?? zones.length} />}
      </Modal>
    </>
  );
}

/** Upper bound of the reads an export makes for these zones: a secondary's configuration; a primary's status and configuration. */
export function exportReads(zones: readonly Zone[]): number {
  return zones.reduce((sum, zone) => sum + (zone.type === 'secondary' ? 1 : 2), 0);
}

type AllZones =
  | { state: 'listing' }
  | { state: 'failed'; error: unknown }
  | { state: 'listed'; zones: Zone[]; total: number; complete: boolean; allowance: ReadAllowance; confirmed: boolean };

/** This page's zones, or (on a list of several pages) all of the list's, listed and costed before any configuration is read. */
function ExportScope({ zones, accountId, searched, total }: { zones: Zone[]; accountId: string; searched?: string; total: number }) {
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<'page' | 'all'>('page');
  const [all, setAll] = useState<AllZones | null>(null);
  const several = total > zones.length;
  const matching = searched ? ` matching “${searched}”` : '';

  const listAll = () => {
    setAll({ state: 'listing' });
    Promise.all([listAllZones(queryClient, accountId, searched ?? ''), readAllowance(queryClient)]).then(
      ([listed, allowance]) => setAll({ state: 'listed', ...listed, allowance, confirmed: false }),
      (error: unknown) => setAll({ state: 'failed', error }),
    );
  };
  const choose = (value: string) => {
    setScope(value === 'all' ? 'all' : 'page');
    if (value === 'all' && (all === null || all.state === 'failed')) listAll();
  };

  let body;
  if (scope === 'page') {
    body = (
      <ExportBody
        key="page"
        zones={zones}
        accountId={accountId}
        scopeWords={`the ${countOf(zones.length, 'zone')} on this page${searched ? ` (search “${searched}”)` : ''}`}
        otherPages={several}
      />
    );
  } else if (all === null || all.state === 'listing') {
    body = <PageLoader label={`Listing the ${countOf(total, 'zone')}${matching} (one request per ${MAX_ZONES_PER_PAGE})`} />;
  } else if (all.state === 'failed') {
    body = <ErrorState title="Could not list the zones" error={all.error} onRetry={listAll} retrying={false} />;
  } else {
    const reads = exportReads(all.zones);
    const { share, remaining, whose } = all.allowance;
    const first = all.complete ? '' : ` (the first ${all.zones.length}: the dashboard lists up to ${ZONE_LOOKUP_MAX_PAGES} pages of ${MAX_ZONES_PER_PAGE})`;
    const left = remaining === null ? '' : ` (${remaining} left now)`;
    if (all.confirmed) {
      body = (
        <ExportBody
          key="all"
          zones={all.zones}
          accountId={accountId}
          scopeWords={`the ${countOf(all.zones.length, 'zone')}${matching} on all pages of the list${first}`}
        />
      );
    } else if (reads > share) {
      body = (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Too many reads for now">
          Reading the configurations of {countOf(all.zones.length, 'zone')}
          {first} takes up to {reads} requests of {whose}the shared Cloudflare API budget{left}: more than half of what is left,
          which stays for the team. Export page by page, narrow the list with a search, or try again in a few minutes.
        </Alert>
      );
    } else {
      body = (
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            {countOf(all.zones.length, 'zone')}
            {matching}
            {first}: reading their configurations takes up to {reads} requests of {whose}the shared Cloudflare API budget{left}.
          </Text>
          <Button onClick={() => setAll({ ...all, confirmed: true })}>Read and export</Button>
        </Stack>
      );
    }
  }

  return (
    <Stack gap="sm">
      {several && (
        <Stack gap={4}>
          <Text size="sm" fw={500} id="terraform-scope-label">
            Zones
          </Text>
          <SegmentedControl
            aria-labelledby="terraform-scope-label"
            data={[
              { value: 'page', label: `The ${countOf(zones.length, 'zone')} on this page` },
              { value: 'all', label: `All ${countOf(total, 'zone')}${matching}` },
            ]}
            value={scope}
            onChange={choose}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
      )}
      {body}
    </Stack>
  );
}

function ExportBody({
  zones,
  accountId,
  scopeWords,
  otherPages = false,
}: {
  zones: Zone[];
  accountId: string;
  /** "the 3 zones on this page (search “x”)". */
  scopeWords: string;
  /** The list has other pages: say how to export them. */
  otherPages?: boolean;
}) {
  const sandbox = useQuery(metaQuery()).data?.mode === 'sandbox';
  const tsigs = useQuery(tsigsListQuery(accountId));
  const peers = useQuery(peersListQuery(accountId));
  const acls = useQuery(aclsListQuery(accountId));
  const secondary = zones.filter((zone) => zone.type === 'secondary');
  const primary = zones.filter((zone) => zone.type !== 'secondary');
  const incoming = useQueries({ queries: secondary.map((zone) => zoneQueries.incoming(zone.id)) });
  const status = useQueries({ queries: primary.map((zone) => zoneQueries.outgoingStatus(zone.id)) });
  // A primary zone's peers: read where it has an outgoing configuration (its status says so).
  const outgoing = useQueries({
    queries: primary.map((zone, index) => ({ ...zoneQueries.outgoingConfig(zone.id), enabled: status[index]?.data != null })),
  });
  const lists = [tsigs, peers, acls];
  const failed = [...lists, ...incoming, ...status, ...outgoing].find((query) => query.isError);
  const pending =
    lists.some((query) => query.isPending) ||
    incoming.some((query) => query.isPending) ||
    status.some((query) => query.isPending) ||
    outgoing.some((query, index) => query.isPending && status[index]?.data != null);

  // When the file was made: once, when the dialog opened (not at every render).
  const [generatedAt] = useState(() => new Date().toISOString());
  const result =
    pending || failed
      ? null
      : terraformExport({
          accountId,
          tsigs: tsigs.data ?? [],
          peers: peers.data ?? [],
          acls: acls.data ?? [],
          zones: [
            ...secondary.map((zone, index) => ({ id: zone.id, name: zone.name, incoming: incoming[index]?.data ?? null, outgoing: null })),
            ...primary.map((zone, index) => ({
              id: zone.id,
              name: zone.name,
              incoming: null,
              outgoing: status[index]?.data != null ? (outgoing[index]?.data ?? null) : null,
              outgoingStatus: status[index]?.data ?? null,
            })),
          ],
          generatedAt,
          sandbox,
          source: `the Secondary DNS dashboard at ${window.location.origin}`,
        });

  const text = result?.text ?? null;
  const href = useMemo(() => (text === null ? null : URL.createObjectURL(new Blob([text], { type: 'text/plain' }))), [text]);
  useEffect(() => () => (href ? URL.revokeObjectURL(href) : undefined), [href]);

  if (failed) {
    return <ErrorState title="Could not read what to export" error={failed.error} onRetry={() => void failed.refetch()} retrying={failed.isFetching} />;
  }
  if (!result || !href) return <PageLoader label="Reading the account’s TSIG keys, peers, ACLs and the zones’ configurations" />;
  const { counts, variables } = result;
  const enabledCount = status.filter((query) => query.data === OUTGOING_STATUS.enabled).length;
  return (
    <Stack gap="sm">
      <Text size="sm">
        For the Cloudflare Terraform provider v5: the account’s {countOf(counts.tsigs, 'TSIG key')}, {countOf(counts.peers, 'peer')} and{' '}
        {countOf(counts.acls, 'ACL')}, and the transfer configurations of {scopeWords}:{' '}
        {countOf(counts.incoming, 'secondary configuration')}, {countOf(counts.outgoing, 'primary configuration')}.
        {otherPages ? ' Choose “All” above for the zones of every page in one file.' : ''}
      </Text>
      <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} p="sm">
        <List size="sm" spacing={4}>
          <List.Item>
            Each resource has an <Code>import</Code> block (Terraform 1.5+): <Code>terraform plan</Code> adopts what exists
            instead of creating it again — it should show imports and no changes.
          </List.Item>
          {variables.length > 0 && (
            <List.Item>
              No TSIG secret is in the file. Set {variables.length === 1 ? 'its variable' : `its ${variables.length} variables`} before
              planning: {variables.map((name) => `TF_VAR_${name}`).join(', ')} (admins see a secret under TSIGs → Show secret).
            </List.Item>
          )}
          {counts.outgoing > 0 && (
            <List.Item>
              Terraform cannot enable or disable outgoing transfers ({countOf(enabledCount, 'zone')} here {enabledCount === 1 ? 'has' : 'have'} them
              enabled), nor Force AXFR / NOTIFY: keep doing those here.
            </List.Item>
          )}
        </List>
      </Alert>
      {/* The viewport scrolls: a Tab stop, named, so a keyboard can scroll it too. */}
      <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'The Terraform file' }}>
        <Code block fz="xs">
          {result.text}
        </Code>
      </ScrollArea.Autosize>
      <Group justify="flex-end" gap="xs">
        <CopyButton value={result.text} timeout={1500}>
          {({ copied, copy }) => (
            <Button variant="default" leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />} onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
        <Button component="a" href={href} download={`secondary-dns-${accountId.slice(0, 8)}.tf`} leftSection={<IconDownload size={16} aria-hidden />}>
          Download .tf
        </Button>
      </Group>
    </Stack>
  );
}
