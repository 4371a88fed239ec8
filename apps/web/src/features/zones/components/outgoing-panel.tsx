/**
 * "Primary (outgoing)": Cloudflare serves the zone to your secondaries and NOTIFYs them. Shows the configuration
 * (name, secondaries by name, SOA serial, checked / created / last transferred times) with the Enabled / Disabled
 * status, and offers set-up, edit, delete (type the zone name), Enable / Disable transfers (confirm; disabling clears
 * the IXFR backlog) and Force NOTIFY (confirm, then reload; unavailable while disabled: Cloudflare answers "OK"
 * but serves no transfer, and enabling sends a NOTIFY anyway).
 */
import { Badge, Code, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { OUTGOING_STATUS, type Zone } from '@secdns/api-types';
import { DateTime } from '../../../components/date-time';
import { peersListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { useDeleteOutgoing, useForceNotify, useSetOutgoingEnabled } from '../api/mutations';
import { zoneKeys, zoneQueries } from '../api/queries';
import { FieldList } from './field-list';
import { FollowedForceResult, describeNotifyOutcome, useForceFollowThrough } from './force-result';
import { OutgoingForm } from './outgoing-form';
import { PeerLinks, peerNamesOf } from './peer-links';
import { SerialCheckSection } from './serial-check-section';
import { SetupCheckSection, SetupProblemsNote, useSetupProblems } from './setup-check-section';
import { NotConfiguredPanel, TransferPanel, TransferPanelLoadError, TransferPanelLoading } from './transfer-panel';
import {
  DeleteButton,
  EditButton,
  ForceNotifyButton,
  TransfersToggleButton,
  confirmDeleteConfiguration,
  confirmWithReason,
} from './zone-actions';

export const OUTGOING_TITLE = 'Primary (outgoing)';
export const FORCE_NOTIFY_WHILE_DISABLED =
  'Outgoing transfers are disabled, so a NOTIFY gets the secondaries no transfer. ' +
  'Enable transfers instead: that sends a NOTIFY.';

export interface OutgoingPanelProps {
  accountId: string;
  zone: Zone;
}

export function OutgoingStatusBadge({ status }: { status: string | null | undefined }) {
  if (status === OUTGOING_STATUS.enabled) {
    return (
      <Badge color="green" variant="light">
        Enabled
      </Badge>
    );
  }
  if (status === OUTGOING_STATUS.disabled) {
    return (
      <Badge color="gray" variant="light">
        Disabled
      </Badge>
    );
  }
  if (!status) return null;
  return (
    <Badge color="yellow" variant="light">
      {status}
    </Badge>
  );
}

/** A secondary zone: Cloudflare cannot also be its primary. No calls. */
export function OutgoingUnavailable({ zone }: { zone: Zone }) {
  return (
    <TransferPanel title={OUTGOING_TITLE} badge={<Badge color="gray" variant="light">Not available</Badge>}>
      <Text size="sm" c="dimmed">
        Cloudflare serves zones to secondaries only when it is their primary. {zone.name} is of type{' '}
        <Code>secondary</Code>: Cloudflare itself pulls it from your primaries; see the secondary (incoming) panel.
      </Text>
    </TransferPanel>
  );
}

export function OutgoingPanel({ accountId, zone }: OutgoingPanelProps) {
  const queryClient = useQueryClient();
  const follow = useForceFollowThrough(describeNotifyOutcome);
  const outgoing = useQuery({
    ...zoneQueries.outgoingConfig(zone.id),
    refetchInterval: follow.watch.refetchInterval,
    // The zones list already learnt "not configured" from the status call: no need to ask again.
    initialData: () =>
      queryClient.getQueryData(zoneKeys.outgoingStatus(zone.id)) === null ? null : undefined,
    initialDataUpdatedAt: () => queryClient.getQueryState(zoneKeys.outgoingStatus(zone.id))?.dataUpdatedAt,
  });
  const status = useQuery({ ...zoneQueries.outgoingStatus(zone.id), enabled: outgoing.data !== null });
  const peers = useQuery(peersListQuery(accountId));
  const setEnabled = useSetOutgoingEnabled(zone.id);
  const forceNotify = useForceNotify(zone.id);
  const deleteOutgoing = useDeleteOutgoing(zone.id);
  const [formOpen, setFormOpen] = useState(false);

  const config = outgoing.data;
  const enabled = status.data === OUTGOING_STATUS.enabled;
  const peerNames = peerNamesOf(config?.peers, peers.data);
  const secondariesText = peerNames.length ? `its secondaries (${peerNames.join(', ')})` : 'its secondaries';
  const problems = useSetupProblems({
    accountId,
    side: 'primary',
    zoneName: config?.name ?? zone.name,
    peerIds: config?.peers ?? [],
    enabled: status.data !== undefined ? enabled : undefined,
  });

  const reload = () => {
    void outgoing.refetch();
    if (config) void status.refetch();
  };

  const confirmToggle = () => {
    if (enabled) {
      confirmWithReason({
        title: `Disable outgoing transfers for ${zone.name}?`,
        confirmLabel: 'Disable transfers',
        danger: true,
        message: (
          <Stack gap={6}>
            <Text size="sm">
              Cloudflare stops sending NOTIFY for <strong>{zone.name}</strong> to {secondariesText}, and the secondaries
              stop receiving changes from Cloudflare.
            </Text>
            <Text size="sm">
              Disabling also <strong>clears the IXFR backlog</strong>: changes queued for incremental transfer are
              dropped, so the secondaries will need a full transfer (AXFR) later.
            </Text>
          </Stack>
        ),
        onConfirm: async (reason) => {
          await setEnabled.mutateAsync({ enable: false, reason });
          follow.clear();
          notifySuccess(`Outgoing transfers for ${zone.name} disabled`);
        },
      });
    } else {
      confirmWithReason({
        title: `Enable outgoing transfers for ${zone.name}?`,
        confirmLabel: 'Enable transfers',
        message: (
          <Text size="sm">
            Cloudflare starts serving <strong>{zone.name}</strong> to {secondariesText}. Its documentation says enabling
            sends them a NOTIFY, so they ask for the current version; Cloudflare&apos;s answer does not confirm it.
            Force NOTIFY sends another.
          </Text>
        ),
        onConfirm: async (reason) => {
          await setEnabled.mutateAsync({ enable: true, reason });
          notifySuccess(
            `Outgoing transfers for ${zone.name} enabled`,
            'Cloudflare answered "Enabled"; it sends the secondaries a NOTIFY (not confirmed in its answer).',
          );
        },
      });
    }
  };

  const confirmNotify = () =>
    confirmWithReason({
      title: `Force NOTIFY for ${zone.name}?`,
      confirmLabel: 'Force NOTIFY',
      message: (
        <Stack gap={6}>
          <Text size="sm">
            Cloudflare will send a DNS NOTIFY for <strong>{zone.name}</strong> to {secondariesText} now, so they check
            the serial and transfer the zone if theirs is older. It also clears the IXFR backlog.
          </Text>
          <Text size="sm">
            Cloudflare only answers OK; it does not report whether the secondaries responded. This page will reload the
            configuration to show whether the last transfer time moved.
          </Text>
          <SetupProblemsNote problems={problems} action="Force NOTIFY" />
        </Stack>
      ),
      onConfirm: async (reason) => {
        const result = await forceNotify.mutateAsync({ reason });
        follow.show(result);
        notifySuccess(`Force NOTIFY requested for ${zone.name}`, 'Cloudflare answered OK.');
      },
    });

  const confirmDelete = () =>
    confirmDeleteConfiguration({
      side: 'primary',
      zoneName: zone.name,
      effect: (
        <>
          Cloudflare stops serving <strong>{zone.name}</strong> to {secondariesText} and sends them no more NOTIFY.
          Their copies go stale and eventually expire.
        </>
      ),
      onDelete: async () => {
        await deleteOutgoing.mutateAsync();
        follow.clear();
      },
    });

  const form = (
    <OutgoingForm
      accountId={accountId}
      zoneId={zone.id}
      zoneName={zone.name}
      outgoing={config}
      opened={formOpen}
      onClose={() => setFormOpen(false)}
    />
  );

  if (outgoing.isPending) return <TransferPanelLoading title={OUTGOING_TITLE} side="primary" />;

  if (outgoing.isError && config === undefined) {
    return (
      <TransferPanelLoadError
        title={OUTGOING_TITLE}
        side="primary"
        error={outgoing.error}
        onRetry={() => void outgoing.refetch()}
        retrying={outgoing.isFetching}
      />
    );
  }

  if (!config) {
    return (
      <NotConfiguredPanel
        title={OUTGOING_TITLE}
        side="primary"
        onReload={reload}
        reloading={outgoing.isFetching}
        onSetUp={() => setFormOpen(true)}
        form={form}
      >
        Cloudflare does not serve {zone.name} to any secondary nameserver. Set up the primary configuration to name the
        secondaries Cloudflare notifies; transfers start disabled until you enable them.
      </NotConfiguredPanel>
    );
  }

  const statusKnown = status.data !== undefined;

  return (
    <TransferPanel
      title={OUTGOING_TITLE}
      badge={
        status.isPending ? (
          <Badge color="gray" variant="outline">
            Status…
          </Badge>
        ) : status.isError ? (
          <Badge color="red" variant="outline" title={status.error.message}>
            Status unknown
          </Badge>
        ) : (
          <OutgoingStatusBadge status={status.data} />
        )
      }
      onReload={reload}
      reloading={outgoing.isFetching || status.isFetching}
      actions={
        <>
          {statusKnown && (
            <TransfersToggleButton
              enabled={enabled}
              onClick={confirmToggle}
              loading={setEnabled.isPending}
            />
          )}
          <ForceNotifyButton
            onClick={confirmNotify}
            loading={forceNotify.isPending}
            disabledReason={statusKnown && !enabled ? FORCE_NOTIFY_WHILE_DISABLED : undefined}
          />
          <EditButton side="primary" onClick={() => setFormOpen(true)} />
          <DeleteButton side="primary" onClick={confirmDelete} />
        </>
      }
    >
      <Stack gap="md">
        {statusKnown && !enabled && (
          <Text size="sm" c="dimmed">
            Outgoing transfers are disabled: Cloudflare sends no NOTIFY and serves no transfer, so Force NOTIFY is
            unavailable. Enable transfers (that sends a NOTIFY) when the secondaries are ready.
          </Text>
        )}
        {follow.outcome && (
          <FollowedForceResult label="Force NOTIFY" follow={{ ...follow, outcome: follow.outcome }} current={config} />
        )}
        <FieldList
          items={[
            { label: 'Name', value: <Text size="sm" ff="monospace">{config.name ?? '—'}</Text> },
            {
              label: 'Secondaries to NOTIFY',
              value: <PeerLinks accountId={accountId} peerIds={config.peers ?? []} empty="None (secondaries poll on their own)" />,
            },
            { label: 'SOA serial', value: <Text size="sm" ff="monospace">{config.soa_serial ?? '—'}</Text> },
            { label: 'Last checked', value: <DateTime value={config.checked_time} empty="Never" /> },
            {
              label: 'Last transferred',
              value: <DateTime value={config.last_transferred_time} empty="Never" />,
            },
            { label: 'Created', value: <DateTime value={config.created_time} /> },
          ]}
        />
        <SerialCheckSection
          accountId={accountId}
          zoneId={zone.id}
          direction="outgoing"
          cloudflareSerial={config.soa_serial}
          checkedTime={config.checked_time}
        />
        <SetupCheckSection
          accountId={accountId}
          side="primary"
          zoneName={config.name ?? zone.name}
          peerIds={config.peers ?? []}
          enabled={statusKnown ? enabled : undefined}
        />
      </Stack>
      {form}
    </TransferPanel>
  );
}
