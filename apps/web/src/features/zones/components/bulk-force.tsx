/**
 * Force AXFR / Force NOTIFY on several zones at once, from the zones list: after a primary's outage every secondary
 * zone it serves is stale (Force AXFR), after a secondary's outage it is behind on every zone Cloudflare serves it
 * (Force NOTIFY), and support should not open them one by one. The dialog lists the page's zones the action applies
 * to, with their serial and last check or transfer (Overdue secondary zones marked, "Select overdue" picks them; a
 * zone the action cannot apply to is shown but cannot be picked, with why), takes one optional reason (recorded for
 * each zone in the audit log, never sent to Cloudflare), then sends the requests **one after another** — each is one
 * request of the shared budget (ADR 005) and goes through the BFF's fair write queue — and shows each zone's outcome
 * as the zone page would (serial before → after). Stop ends the run after the current zone; a budget refusal (429)
 * ends it too, and the zones not sent are named. See docs/decisions/011-force-actions-follow-through.md.
 */
import { Alert, Badge, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconRadar, IconRefreshDot } from '@tabler/icons-react';
import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { OUTGOING_STATUS, type Incoming, type Outgoing, type Zone } from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { RunModal, RunResults, useSequentialRun } from '../../../components/sequential-run';
import { useDiscardGuard } from '../../../components/form-parts';
import { formatRelative } from '../../../lib/format-time';
import { forceAxfrAndReload, forceNotifyAndReload } from '../api/mutations';
import { forcedAtQuery, zoneQueries } from '../api/queries';
import { refreshOverdue } from '../freshness';
import { zoneVerdict } from '../serial-check';
import { usePageSerialChecks, useSerialSweep } from '../use-serial-sweep';
import { describeAxfrOutcome, describeNotifyOutcome } from './force-result';

/** A zone of the page as the dialog shows it. */
interface Candidate {
  zone: Zone;
  /** The action applies (configured; for NOTIFY, transfers enabled). */
  pickable: boolean;
  overdue: boolean;
  description: string;
}

/** What differs between the two actions. */
interface BulkAction {
  label: 'Force AXFR' | 'Force NOTIFY';
  operation: 'forceAxfr' | 'outgoing.forceNotify';
  /** The zones of the page the action is about (by Cloudflare type). */
  applies(zone: Zone): boolean;
  listLabel: string;
  intro: string;
  placeholder: string;
  /** A hook: the candidates with their configuration (cached reads, shared with the zones list and zone pages). */
  useCandidates(zones: Zone[], now: number): Candidate[];
  /** Sends the action for one zone; the outcome in the zone page's words. */
  run(queryClient: QueryClient, zoneId: string, reason: string | undefined): Promise<string>;
}

/**
 * The two Force actions as callers offer them for a set of zones (a peer's zones menu, the Check serials summary):
 * `direction` is the transfer side of the zones each applies to (Force AXFR: secondary zones; NOTIFY: the others).
 */
export const FORCE_ACTIONS = [
  { kind: 'axfr', label: 'Force AXFR', operation: 'forceAxfr', direction: 'incoming' },
  { kind: 'notify', label: 'Force NOTIFY', operation: 'outgoing.forceNotify', direction: 'outgoing' },
] as const;

function withWait({ text, wait }: { text: string; wait?: string }): string {
  return wait ? `${text} ${wait}` : text;
}

const AXFR: BulkAction = {
  label: 'Force AXFR',
  operation: 'forceAxfr',
  applies: (zone) => zone.type === 'secondary',
  listLabel: 'Secondary zones on this page',
  intro:
    "Cloudflare asks each zone's primaries for a full transfer now. The requests are sent one after another; each uses one request of the Cloudflare API budget this dashboard shares, plus a read of the zone's configuration before it and a reload after.",
  placeholder: 'e.g. INC-1234: primary back after an outage',
  useCandidates(zones, now) {
    const configs = useQueries({ queries: zones.map((zone) => zoneQueries.incoming(zone.id)) });
    return zones.map((zone, index) => {
      const query = configs[index]!;
      const config: Incoming | null | undefined = query.data;
      let description: string;
      if (query.isPending) description = 'loading…';
      else if (query.isError) description = 'could not load its configuration';
      else if (!config) description = 'no secondary configuration: nothing to transfer';
      else {
        const checked = config.checked_time ? `checked ${formatRelative(config.checked_time, now)}` : 'never checked';
        description = `serial ${config.soa_serial ?? '—'} · ${checked}`;
      }
      return {
        zone,
        pickable: Boolean(config),
        overdue: config ? refreshOverdue(config.auto_refresh_seconds, config.checked_time, now) : false,
        description,
      };
    });
  },
  run: async (queryClient, zoneId, reason) =>
    withWait(describeAxfrOutcome(await forceAxfrAndReload(queryClient, zoneId, reason, 'bulk-force'), Date.now())),
};

const NOTIFY: BulkAction = {
  label: 'Force NOTIFY',
  operation: 'outgoing.forceNotify',
  applies: (zone) => zone.type !== 'secondary',
  listLabel: 'Zones Cloudflare serves, on this page',
  intro:
    "Cloudflare sends a NOTIFY for each zone to its secondaries now, so they check the serial and transfer. The requests are sent one after another; each uses one request of the Cloudflare API budget this dashboard shares, plus a read of the zone's configuration before it and a reload after.",
  placeholder: 'e.g. INC-1234: secondary back after an outage',
  useCandidates(zones, now) {
    const configs = useQueries({ queries: zones.map((zone) => zoneQueries.outgoingConfig(zone.id)) });
    const statuses = useQueries({ queries: zones.map((zone) => zoneQueries.outgoingStatus(zone.id)) });
    return zones.map((zone, index) => {
      const query = configs[index]!;
      const config: Outgoing | null | undefined = query.data;
      const status = statuses[index]!.data;
      let description: string;
      if (query.isPending || statuses[index]!.isPending) description = 'loading…';
      else if (query.isError) description = 'could not load its configuration';
      else if (!config) description = 'no primary configuration: nobody to notify';
      else if (status !== OUTGOING_STATUS.enabled) description = 'transfers disabled: a NOTIFY gets no transfer until they are enabled';
      else {
        const last = config.last_transferred_time ? `last transferred ${formatRelative(config.last_transferred_time, now)}` : 'never transferred';
        description = `serial ${config.soa_serial ?? '—'} · ${last}`;
      }
      return { zone, pickable: Boolean(config) && status === OUTGOING_STATUS.enabled, overdue: false, description };
    });
  },
  run: async (queryClient, zoneId, reason) =>
    withWait(describeNotifyOutcome(await forceNotifyAndReload(queryClient, zoneId, reason, 'bulk-force'), Date.now())),
};

function BulkBody({
  action,
  zones,
  listLabel,
  accountId,
  initialSelected,
  onRunning,
  onRunFinished,
  onClose,
}: {
  action: BulkAction;
  zones: Zone[];
  listLabel: string;
  accountId?: string;
  initialSelected?: readonly string[];
  onRunning: (running: boolean) => void;
  onRunFinished?: (zones: Zone[]) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [now] = useState(() => Date.now());
  const candidates = action.useCandidates(zones, now);
  const [picked, setSelected] = useState<string[]>(() => [...(initialSelected ?? [])]);
  const [reason, setReason] = useState('');
  const run = useSequentialRun(onRunning);
  // A typed reason is asked about before Escape or the close button drops it (not once the run has begun).
  useDiscardGuard(reason.trim() !== '' && !run.runs);
  // The serial check of the listed zones (when the account is known): which are behind, to pick them.
  const sweep = useSerialSweep(accountId ?? '');
  const checks = usePageSerialChecks(accountId ?? '', zones);
  const forced = useQueries({ queries: zones.map((zone) => forcedAtQuery(zone.id)) });
  const verdicts = checks.map((check, index) =>
    check.data ? zoneVerdict(check.data, { forcedAt: forced[index]?.data, askedAt: check.dataUpdatedAt }) : null,
  );

  const eligible = candidates.filter((candidate) => candidate.pickable).map((candidate) => candidate.zone);
  // A zone picked beforehand (e.g. by the serial check) that the action cannot apply to stays off.
  const selected = picked.filter((id) => eligible.some((zone) => zone.id === id));
  const overdue = candidates.filter((candidate) => candidate.overdue).map((candidate) => candidate.zone);
  const behind = candidates.filter((candidate, index) => candidate.pickable && verdicts[index]?.kind === 'behind' && !verdicts[index]?.afterForce).map((candidate) => candidate.zone);
  const anyChecked = verdicts.some(Boolean);
  const order = zones.filter((zone) => selected.includes(zone.id));

  if (run.runs) {
    return (
      <RunResults
        items={order}
        run={run}
        label={`${action.label} results`}
        doneLabel="Requested"
        onClose={onClose}
      />
    );
  }

  return (
    <Stack gap="md">
      <Text size="sm">{action.intro}</Text>
      <Group gap="xs">
        {action === AXFR && (
          <Button size="compact-sm" variant="light" disabled={overdue.length === 0} onClick={() => setSelected(overdue.map((zone) => zone.id))}>
            Select overdue ({overdue.length})
          </Button>
        )}
        <Button size="compact-sm" variant="light" disabled={eligible.length === 0} onClick={() => setSelected(eligible.map((zone) => zone.id))}>
          Select all ({eligible.length})
        </Button>
        {accountId && anyChecked && (
          <Button size="compact-sm" variant="light" disabled={behind.length === 0 || sweep.running} onClick={() => setSelected(behind.map((zone) => zone.id))}>
            Select behind ({behind.length})
          </Button>
        )}
        <Button size="compact-sm" variant="subtle" color="gray" disabled={selected.length === 0} onClick={() => setSelected([])}>
          Clear
        </Button>
        {accountId && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconRadar size={14} aria-hidden />}
            loading={sweep.running}
            disabled={eligible.length === 0}
            onClick={() => void sweep.start(eligible)}
            title="Asks each zone's peers for its SOA serial (from this dashboard's server) and compares it with Cloudflare's: one read of the shared budget per zone"
          >
            {anyChecked ? 'Check serials again' : 'Check serials'}
          </Button>
        )}
      </Group>
      {sweep.stopped && !sweep.running && (
        <Text size="sm" c="var(--mantine-color-orange-light-color)">
          {sweep.stopped}
        </Text>
      )}
      <Checkbox.Group value={selected} onChange={setSelected} label={listLabel}>
        <Stack gap="xs" mt="xs">
          {candidates.map(({ zone, pickable, overdue: isOverdue, description }, index) => {
            const verdict = verdicts[index];
            const check = checks[index];
            return (
              <Checkbox
                key={zone.id}
                value={zone.id}
                disabled={!pickable}
                label={
                  <Group gap={6} wrap="wrap">
                    <Text size="sm" ff="monospace">
                      {zone.name}
                    </Text>
                    {isOverdue && (
                      <Badge size="xs" color="orange" variant="light">
                        Overdue
                      </Badge>
                    )}
                    {check?.isFetching ? (
                      <Text size="xs" c="dimmed" span>
                        asking…
                      </Text>
                    ) : (
                      verdict && (
                        <Badge size="xs" color={verdict.color} variant="light" style={{ textTransform: 'none' }} data-kind={verdict.kind}>
                          {verdict.label}
                        </Badge>
                      )
                    )}
                  </Group>
                }
                description={description}
              />
            );
          })}
        </Stack>
      </Checkbox.Group>
      <TextInput
        label="Reason (ticket or note)"
        description="Optional. Recorded for each zone in this dashboard's audit log; not sent to Cloudflare."
        placeholder={action.placeholder}
        maxLength={500}
        autoComplete="off"
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
      />
      {selected.length > 20 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          <Text size="sm">{selected.length} zones: that is {selected.length} requests of the shared budget, plus a read of each zone before and a reload after.</Text>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={selected.length === 0 || sweep.running} onClick={() =>
            void run
              .start(order, (zone) => action.run(queryClient, zone.id, reason.trim() || undefined))
              .then(() => onRunFinished?.(order))
          } leftSection={<IconRefreshDot size={16} aria-hidden />}>
          {selected.length === 1 ? `${action.label} on 1 zone` : `${action.label} on ${selected.length} zones`}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The dialog alone, for callers with their own trigger: the zones list's toolbar (the page's zones) and the peers page
 * (the zones that use a peer, from its look-up). `zones` are those the action applies to.
 */
export function BulkForceDialog({
  kind,
  zones,
  opened,
  onClose,
  title,
  listLabel,
  accountId,
  initialSelected,
  onRunFinished,
}: {
  kind: 'axfr' | 'notify';
  zones: Zone[];
  opened: boolean;
  onClose: () => void;
  title?: string;
  listLabel?: string;
  /** The zones' account: with it the dialog can check the zones' serials and pick those behind. */
  accountId?: string;
  /** Zones picked when the dialog opens (those the action cannot apply to stay off). */
  initialSelected?: readonly string[];
  /** After a run: the zones it went through (e.g. to check their serials again). */
  onRunFinished?: (zones: Zone[]) => void;
}) {
  const action = kind === 'axfr' ? AXFR : NOTIFY;
  const [busy, setBusy] = useState(false);
  return (
    <RunModal opened={opened} busy={busy} onClose={onClose} title={title ?? `${action.label} on several zones`}>
      {opened && (
        <BulkBody
          action={action}
          zones={zones}
          listLabel={listLabel ?? action.listLabel}
          accountId={accountId}
          initialSelected={initialSelected}
          onRunning={setBusy}
          onRunFinished={onRunFinished}
          onClose={onClose}
        />
      )}
    </RunModal>
  );
}

function BulkForce({ action, zones, accountId }: { action: BulkAction; zones: Zone[] | undefined; accountId?: string }) {
  const [opened, setOpened] = useState(false);
  const applicable = (zones ?? []).filter(action.applies);
  return (
    <>
      <ActionButton
        operation={action.operation}
        variant="default"
        leftSection={<IconRefreshDot size={16} aria-hidden />}
        disabledReason={zones !== undefined && applicable.length === 0 ? `No zones on this page for ${action.label}.` : undefined}
        disabled={zones === undefined}
        onClick={() => setOpened(true)}
        aria-label={`${action.label} on several zones`}
      >
        {action.label}…
      </ActionButton>
      <BulkForceDialog
        kind={action === AXFR ? 'axfr' : 'notify'}
        zones={applicable}
        accountId={accountId}
        opened={opened}
        onClose={() => setOpened(false)}
      />
    </>
  );
}

/** The zones list's toolbar buttons and their dialogs (operators and admins; the BFF enforces it too). */
export function BulkForceAxfr({ zones, accountId }: { zones: Zone[] | undefined; accountId?: string }) {
  return <BulkForce action={AXFR} zones={zones} accountId={accountId} />;
}

export function BulkForceNotify({ zones, accountId }: { zones: Zone[] | undefined; accountId?: string }) {
  return <BulkForce action={NOTIFY} zones={zones} accountId={accountId} />;
}
