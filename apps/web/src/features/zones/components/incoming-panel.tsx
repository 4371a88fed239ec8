/**
 * "Secondary (incoming)": Cloudflare pulls the zone from its primaries. Shows the configuration (name, primaries by
 * name, auto refresh in words, SOA serial, checked / created / modified times), and offers set-up, edit, delete
 * (type the zone name) and Force AXFR (confirm, then reload and show whether the serial or checked time moved).
 */
import { Badge, Code, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Zone } from '@secdns/api-types';
import { DateTime } from '../../../components/date-time';
import { formatInterval } from '../../../lib/format-time';
import { peersListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { useDeleteIncoming, useForceAxfr } from '../api/mutations';
import { zoneQueries } from '../api/queries';
import { FieldList } from './field-list';
import { FollowedForceResult, describeAxfrOutcome, useForceFollowThrough } from './force-result';
import { IncomingForm } from './incoming-form';
import { PeerLinks, peerNamesOf } from './peer-links';
import { SerialCheckSection } from './serial-check-section';
import { SetupCheckSection, SetupProblemsNote, useSetupProblems } from './setup-check-section';
import { DeleteButton, EditButton, ForceAxfrButton, confirmDeleteConfiguration, confirmWithReason } from './zone-actions';
import { NotConfiguredPanel, TransferPanel, TransferPanelLoadError, TransferPanelLoading } from './transfer-panel';

export const INCOMING_TITLE = 'Secondary (incoming)';

export interface IncomingPanelProps {
  accountId: string;
  zone: Zone;
}

/** A zone Cloudflare cannot be secondary for: say why, no calls. */
export function IncomingUnavailable({ zone }: { zone: Zone }) {
  return (
    <TransferPanel title={INCOMING_TITLE} badge={<Badge color="gray" variant="light">Not available</Badge>}>
      <Text size="sm" c="dimmed">
        Cloudflare pulls only zones of type <Code>secondary</Code> from a primary. {zone.name} is of type{' '}
        <Code>{zone.type ?? 'unknown'}</Code>: Cloudflare holds its records itself and can serve them to your secondaries;
        see the primary (outgoing) panel.
      </Text>
    </TransferPanel>
  );
}

export function IncomingPanel({ accountId, zone }: IncomingPanelProps) {
  const follow = useForceFollowThrough(describeAxfrOutcome);
  const incoming = useQuery({ ...zoneQueries.incoming(zone.id), refetchInterval: follow.watch.refetchInterval });
  const peers = useQuery(peersListQuery(accountId));
  const forceAxfr = useForceAxfr(zone.id);
  const deleteIncoming = useDeleteIncoming(zone.id);
  const [formOpen, setFormOpen] = useState(false);

  const config = incoming.data;
  const peerNames = peerNamesOf(config?.peers, peers.data);
  const problems = useSetupProblems({
    accountId,
    side: 'secondary',
    zoneName: config?.name ?? zone.name,
    peerIds: config?.peers ?? [],
  });

  const confirmForce = () =>
    confirmWithReason({
      title: `Force AXFR for ${zone.name}?`,
      confirmLabel: 'Force AXFR',
      message: (
        <Stack gap={6}>
          <Text size="sm">
            Cloudflare will ask the primaries{peerNames.length ? ` (${peerNames.join(', ')})` : ''} for a full transfer
            (AXFR) of <strong>{zone.name}</strong> now, instead of waiting for the next refresh.
          </Text>
          <Text size="sm">
            Cloudflare only answers OK; it does not report the outcome. This page will reload the configuration to show
            whether the serial changed.
          </Text>
          <SetupProblemsNote problems={problems} action="Force AXFR" />
        </Stack>
      ),
      onConfirm: async (reason) => {
        const result = await forceAxfr.mutateAsync({ reason });
        follow.show(result);
        notifySuccess(`Force AXFR requested for ${zone.name}`);
      },
    });

  const confirmDelete = () =>
    confirmDeleteConfiguration({
      side: 'secondary',
      zoneName: zone.name,
      effect: (
        <>
          Cloudflare stops pulling <strong>{zone.name}</strong> from its primaries. The records it already has are no
          longer updated, and NOTIFY from the primaries is ignored.
        </>
      ),
      onDelete: async () => {
        await deleteIncoming.mutateAsync();
        follow.clear();
      },
    });

  const form = (
    <IncomingForm
      accountId={accountId}
      zoneId={zone.id}
      zoneName={zone.name}
      incoming={config}
      opened={formOpen}
      onClose={() => setFormOpen(false)}
    />
  );

  if (incoming.isPending) return <TransferPanelLoading title={INCOMING_TITLE} side="secondary" />;

  if (incoming.isError && config === undefined) {
    return (
      <TransferPanelLoadError
        title={INCOMING_TITLE}
        side="secondary"
        error={incoming.error}
        onRetry={() => void incoming.refetch()}
        retrying={incoming.isFetching}
      />
    );
  }

  if (!config) {
    return (
      <NotConfiguredPanel
        title={INCOMING_TITLE}
        side="secondary"
        onReload={() => void incoming.refetch()}
        reloading={incoming.isFetching}
        onSetUp={() => setFormOpen(true)}
        form={form}
      >
        {zone.name} is a secondary zone, but Cloudflare has no primaries to pull it from yet
        {zone.status === 'pending' ? ' (the zone is still pending)' : ''}. Set up the secondary configuration: name the
        primaries and how often Cloudflare checks them.
      </NotConfiguredPanel>
    );
  }

  return (
    <TransferPanel
      title={INCOMING_TITLE}
      badge={<Badge color="blue" variant="light">Configured</Badge>}
      onReload={() => void incoming.refetch()}
      reloading={incoming.isFetching}
      actions={
        <>
          <ForceAxfrButton onClick={confirmForce} loading={forceAxfr.isPending} />
          <EditButton side="secondary" onClick={() => setFormOpen(true)} />
          <DeleteButton side="secondary" onClick={confirmDelete} />
        </>
      }
    >
      <Stack gap="md">
        {follow.outcome && (
          <FollowedForceResult label="Force AXFR" follow={{ ...follow, outcome: follow.outcome }} current={config} />
        )}
        <FieldList
          items={[
            { label: 'Name', value: <Text size="sm" ff="monospace">{config.name ?? '—'}</Text> },
            {
              label: 'Primaries',
              value: <PeerLinks accountId={accountId} peerIds={config.peers ?? []} empty="None" />,
            },
            {
              label: 'Auto refresh',
              value:
                config.auto_refresh_seconds !== undefined ? (
                  <Text size="sm">
                    every {formatInterval(config.auto_refresh_seconds)}{' '}
                    <Text span size="xs" c="dimmed">
                      ({config.auto_refresh_seconds} s)
                    </Text>
                  </Text>
                ) : (
                  '—'
                ),
            },
            {
              label: 'SOA serial',
              value: <Text size="sm" ff="monospace" data-testid="incoming-serial">{config.soa_serial ?? '—'}</Text>,
            },
            { label: 'Last checked', value: <DateTime value={config.checked_time} empty="Never" /> },
            { label: 'Created', value: <DateTime value={config.created_time} /> },
            { label: 'Modified', value: <DateTime value={config.modified_time} /> },
          ]}
        />
        {!follow.outcome && (
          <Text size="xs" c="dimmed">
            Force AXFR asks the primaries for a full copy now. Use it when the serial here is behind the primary&apos;s.
          </Text>
        )}
        <SerialCheckSection
          accountId={accountId}
          zoneId={zone.id}
          direction="incoming"
          cloudflareSerial={config.soa_serial}
          checkedTime={config.checked_time}
        />
        <SetupCheckSection
          accountId={accountId}
          side="secondary"
          zoneName={config.name ?? zone.name}
          peerIds={config.peers ?? []}
          autoRefreshSeconds={config.auto_refresh_seconds}
          checkedTime={config.checked_time}
        />
      </Stack>
      {form}
    </TransferPanel>
  );
}
