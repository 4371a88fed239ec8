/**
 * Force AXFR on several zones at once, from the zones list: after a primary's outage every secondary zone it serves
 * is stale, and support should not open them one by one. The dialog lists the secondary zones of the page with their
 * serial and last check (Overdue ones marked, "Select overdue" picks them), takes one optional reason (recorded for
 * each zone in the audit log, never sent to Cloudflare), then sends the requests **one after another** — each is one
 * request of the shared budget (ADR 005) and goes through the BFF's fair write queue — and shows each zone's outcome
 * as the zone page would (serial before → after). Stop ends the run after the current zone; a budget refusal (429)
 * ends it too, and the zones not sent are named.
 */
import { Alert, Badge, Button, Checkbox, Group, Loader, Modal, Progress, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconMinus, IconRefreshDot } from '@tabler/icons-react';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import type { Incoming, Zone } from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { formatRelative } from '../../../lib/format-time';
import { forceAxfrAndReload } from '../api/mutations';
import { zoneQueries } from '../api/queries';
import { refreshOverdue } from '../freshness';
import { describeAxfrOutcome } from './force-result';

type ZoneRun = { state: 'waiting' | 'running' } | { state: 'done' | 'failed' | 'not-sent'; text: string };

const LOOK: Record<ZoneRun['state'], { color: string; icon: ReactNode; label: string }> = {
  waiting: { color: 'gray', icon: <IconMinus size={14} aria-hidden />, label: 'Waiting' },
  running: { color: 'blue', icon: <Loader size={12} />, label: 'Sending' },
  done: { color: 'teal', icon: <IconCircleCheck size={14} aria-hidden />, label: 'Requested' },
  failed: { color: 'red', icon: <IconCircleX size={14} aria-hidden />, label: 'Failed' },
  'not-sent': { color: 'gray', icon: <IconMinus size={14} aria-hidden />, label: 'Not sent' },
};

function describeConfig(config: Incoming | null | undefined, pending: boolean, now: number): string {
  if (pending) return 'loading…';
  if (config === undefined) return 'could not load its configuration';
  if (config === null) return 'no secondary configuration: nothing to transfer';
  const checked = config.checked_time ? `checked ${formatRelative(config.checked_time, now)}` : 'never checked';
  return `serial ${config.soa_serial ?? '—'} · ${checked}`;
}

function BulkBody({ zones, onRunning, onClose }: { zones: Zone[]; onRunning: (running: boolean) => void; onClose: () => void }) {
  const queryClient = useQueryClient();
  const configs = useQueries({ queries: zones.map((zone) => zoneQueries.incoming(zone.id)) });
  const [now] = useState(() => Date.now());
  const [selected, setSelected] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [runs, setRuns] = useState<Record<string, ZoneRun> | null>(null);
  const [running, setRunning] = useState(false);
  const stop = useRef(false);

  const eligible = zones.filter((_, index) => Boolean(configs[index]?.data));
  const overdue = zones.filter((_, index) => {
    const config = configs[index]?.data;
    return config ? refreshOverdue(config.auto_refresh_seconds, config.checked_time, now) : false;
  });
  const order = zones.filter((zone) => selected.includes(zone.id));

  async function run() {
    stop.current = false;
    setRunning(true);
    onRunning(true);
    const trimmed = reason.trim() || undefined;
    setRuns(Object.fromEntries(order.map((zone) => [zone.id, { state: 'waiting' } as ZoneRun])));
    const update = (id: string, value: ZoneRun) => setRuns((previous) => ({ ...previous, [id]: value }));
    for (let index = 0; index < order.length; index += 1) {
      const zone = order[index]!;
      if (stop.current) {
        for (const rest of order.slice(index)) update(rest.id, { state: 'not-sent', text: 'Not sent: stopped.' });
        break;
      }
      update(zone.id, { state: 'running' });
      try {
        const outcome = await forceAxfrAndReload(queryClient, zone.id, trimmed);
        const { text, wait } = describeAxfrOutcome(outcome, Date.now());
        update(zone.id, { state: 'done', text: wait ? `${text} ${wait}` : text });
      } catch (error) {
        update(zone.id, { state: 'failed', text: errorMessage(error) });
        if (isApiError(error) && error.status === 429) {
          const why = 'Not sent: the shared Cloudflare API budget is spent (see the zone above). Try these again later.';
          for (const rest of order.slice(index + 1)) update(rest.id, { state: 'not-sent', text: why });
          break;
        }
      }
    }
    setRunning(false);
    onRunning(false);
  }

  if (runs) {
    const states = order.map((zone) => runs[zone.id]?.state ?? 'waiting');
    const finished = states.filter((state) => state !== 'waiting' && state !== 'running').length;
    const count = (state: ZoneRun['state']) => states.filter((s) => s === state).length;
    return (
      <Stack gap="md">
        <Progress value={(finished / Math.max(order.length, 1)) * 100} aria-label="Progress" animated={running} />
        <Text size="sm" role="status">
          {running
            ? `Sending ${finished + 1} of ${order.length}…`
            : `Done: ${count('done')} requested, ${count('failed')} failed, ${count('not-sent')} not sent.`}
        </Text>
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Force AXFR results">
          {order.map((zone) => {
            const result = runs[zone.id] ?? { state: 'waiting' };
            const look = LOOK[result.state];
            return (
              <Group key={zone.id} component="li" gap="sm" wrap="nowrap" align="flex-start" data-state={result.state}>
                <ThemeIcon variant="light" color={look.color} size="sm" mt={2} aria-hidden>
                  {look.icon}
                </ThemeIcon>
                <Stack gap={0}>
                  <Text size="sm" fw={500}>
                    {zone.name} <Text span size="xs" c="dimmed">· {look.label}</Text>
                  </Text>
                  {'text' in result && (
                    <Text size="sm" c="dimmed">
                      {result.text}
                    </Text>
                  )}
                </Stack>
              </Group>
            );
          })}
        </Stack>
        <Group justify="flex-end">
          {running ? (
            <Button variant="default" onClick={() => (stop.current = true)}>
              Stop after this zone
            </Button>
          ) : (
            <Button onClick={onClose}>Done</Button>
          )}
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Text size="sm">
        Cloudflare asks each zone&apos;s primaries for a full transfer now. The requests are sent one after another; each
        uses one request of the Cloudflare API budget this dashboard shares.
      </Text>
      <Group gap="xs">
        <Button size="compact-sm" variant="light" disabled={overdue.length === 0} onClick={() => setSelected(overdue.map((zone) => zone.id))}>
          Select overdue ({overdue.length})
        </Button>
        <Button size="compact-sm" variant="light" disabled={eligible.length === 0} onClick={() => setSelected(eligible.map((zone) => zone.id))}>
          Select all ({eligible.length})
        </Button>
        <Button size="compact-sm" variant="subtle" color="gray" disabled={selected.length === 0} onClick={() => setSelected([])}>
          Clear
        </Button>
      </Group>
      <Checkbox.Group value={selected} onChange={setSelected} label="Secondary zones on this page">
        <Stack gap="xs" mt="xs">
          {zones.map((zone, index) => {
            const query = configs[index];
            const config = query?.data;
            const isOverdue = overdue.includes(zone);
            return (
              <Checkbox
                key={zone.id}
                value={zone.id}
                disabled={!config}
                label={
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" ff="monospace">
                      {zone.name}
                    </Text>
                    {isOverdue && (
                      <Badge size="xs" color="orange" variant="light">
                        Overdue
                      </Badge>
                    )}
                  </Group>
                }
                description={describeConfig(query?.isError ? undefined : config, Boolean(query?.isPending), now)}
              />
            );
          })}
        </Stack>
      </Checkbox.Group>
      <TextInput
        label="Reason (ticket or note)"
        description="Optional. Recorded for each zone in this dashboard's audit log; not sent to Cloudflare."
        placeholder="e.g. INC-1234: primary back after an outage"
        maxLength={500}
        autoComplete="off"
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
      />
      {selected.length > 20 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
          <Text size="sm">{selected.length} zones: that is {selected.length} requests of the shared budget, plus a reload of each.</Text>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={selected.length === 0} onClick={() => void run()} leftSection={<IconRefreshDot size={16} aria-hidden />}>
          {selected.length === 1 ? 'Force AXFR on 1 zone' : `Force AXFR on ${selected.length} zones`}
        </Button>
      </Group>
    </Stack>
  );
}

/** The zones list's toolbar button and its dialog (operators and admins; the BFF enforces it too). */
export function BulkForceAxfr({ zones }: { zones: Zone[] | undefined }) {
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  const secondary = (zones ?? []).filter((zone) => zone.type === 'secondary');
  return (
    <>
      <ActionButton
        operation="forceAxfr"
        variant="default"
        leftSection={<IconRefreshDot size={16} aria-hidden />}
        disabledReason={zones !== undefined && secondary.length === 0 ? 'No secondary zones on this page.' : undefined}
        disabled={zones === undefined}
        onClick={() => setOpened(true)}
      >
        Force AXFR on several…
      </ActionButton>
      <Modal
        opened={opened}
        onClose={() => !busy && setOpened(false)}
        title="Force AXFR on several zones"
        size="lg"
        closeOnClickOutside={false}
        withCloseButton={!busy}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {opened && <BulkBody zones={secondary} onRunning={setBusy} onClose={() => setOpened(false)} />}
      </Modal>
    </>
  );
}
