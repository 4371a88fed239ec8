/**
 * "Export as Terraform" in the zones page's header: the account's TSIG keys, peers and ACLs, and the transfer configurations of the
 * zones on the page, as a `.tf` file for the Cloudflare provider v5 with an import block each (`terraformExport` in
 * api-types; docs/decisions/020-terraform-export.md) — for a team moving its set-up to infrastructure as code
 * without re-creating anything. Shown, copied or downloaded; never a TSIG secret (each is a variable). Reads the
 * three account lists and each zone's configuration (cached reads, shared with the zones list and zone pages).
 */
import { Alert, Button, Code, CopyButton, Group, List, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconFileCode, IconInfoCircle } from '@tabler/icons-react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { OUTGOING_STATUS, terraformExport, type Zone } from '@secdns/api-types';
import { ErrorState } from '../../../components/error-state';
import { PageLoader } from '../../../components/page-loader';
import { aclsListQuery, metaQuery, peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { zoneQueries } from '../api/queries';
import { useZonesOnPage } from './zones-table';

const countOf = (n: number, one: string, other = `${one}s`) => `${n} ${n === 1 ? one : other}`;

/** In the zones page's header: the export of the zones the list shows (its page and search). */
export function ZonesTerraformExport({ accountId }: { accountId: string }) {
  const { list, zones } = useZonesOnPage(accountId);
  return <TerraformExportButton zones={zones.data?.zones} accountId={accountId} searched={list.q || undefined} />;
}

export function TerraformExportButton({ zones, accountId, searched }: { zones: Zone[] | undefined; accountId: string; searched?: string }) {
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
        {opened && zones && <ExportBody zones={zones} accountId={accountId} searched={searched} />}
      </Modal>
    </>
  );
}

function ExportBody({ zones, accountId, searched }: { zones: Zone[]; accountId: string; searched?: string }) {
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
        {countOf(counts.acls, 'ACL')}, and the transfer configurations of the {countOf(zones.length, 'zone')} on this page
        {searched ? ` (search “${searched}”)` : ''}: {countOf(counts.incoming, 'secondary configuration')},{' '}
        {countOf(counts.outgoing, 'primary configuration')}. Page through or search the list to export other zones.
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
