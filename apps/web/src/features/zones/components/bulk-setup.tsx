/**
 * "Set up secondaries…" on the zones list: the secondary (incoming) configuration of several zones at once, with the
 * same primaries and refresh interval — what moving a batch of zones to Cloudflare as secondary looks like (the
 * zones are added to Cloudflare as secondary zones; each still needs its configuration, one form at a time before).
 * The dialog lists the page's secondary zones, those without a configuration pickable ("Select all not set up"), a
 * zone already set up shown with why it cannot be picked (its page edits it); the fields are the secondary form's
 * (`form-parts.tsx`), validated with the contract's `IncomingBodySchema` (without the name: each zone's own, with the
 * trailing dot). The creations are sent **one after another** (one request of the shared budget each, through the
 * BFF's fair write queue), each outcome shown; a budget refusal stops the run and names the zones not sent. What was
 * typed stays when the fields are refused.
 */
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { DEFAULT_AUTO_REFRESH_SECONDS, IncomingBodySchema, type Incoming, type Zone } from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { RunResults, useSequentialRun } from '../../../components/sequential-run';
import { formatInterval } from '../../../lib/format-time';
import { peersListQuery } from '../../../lib/lookups';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { saveIncoming } from '../api/mutations';
import { zoneQueries } from '../api/queries';
import { withPeerNames } from './form-parts';
import { IncomingFields, toIncomingBody, withTrailingDot, type IncomingFormValues } from './incoming-form';

/** The secondary form's fields but the name (each zone's own). */
const SetupSchema = IncomingBodySchema.omit({ name: true });
type SetupValues = Omit<IncomingFormValues, 'name'>;

/** What the inputs hold → the body without the name (the secondary form's conversion). */
function toSetupBody(values: SetupValues): Record<string, unknown> {
  const { name: _name, ...body } = toIncomingBody({ name: '', ...values });
  return body;
}

interface Candidate {
  zone: Zone;
  pickable: boolean;
  description: string;
}

function useCandidates(zones: Zone[]): Candidate[] {
  const configs = useQueries({ queries: zones.map((zone) => zoneQueries.incoming(zone.id)) });
  return zones.map((zone, index) => {
    const query = configs[index]!;
    const config: Incoming | null | undefined = query.data;
    const description = query.isPending
      ? 'loading…'
      : query.isError
        ? 'could not load its configuration'
        : config
          ? `already set up (serial ${config.soa_serial ?? '—'}): change it on its page`
          : 'not set up';
    return { zone, pickable: !query.isPending && !query.isError && config === null, description };
  });
}

function SetupBody({
  accountId,
  zones,
  onRunning,
  onClose,
}: {
  accountId: string;
  zones: Zone[];
  onRunning: (running: boolean) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const peers = useQuery(peersListQuery(accountId));
  const candidates = useCandidates(zones);
  const [picked, setPicked] = useState<string[]>([]);
  // The zones of the run, as they were when it started (each leaves the "not set up" list as it is set up).
  const [runOrder, setRunOrder] = useState<Zone[]>([]);
  const run = useSequentialRun(onRunning);
  const {
    control,
    handleSubmit,
    setValue,
    formState: { errors },
  } = useForm<SetupValues, unknown, { peers: string[]; auto_refresh_seconds: number }>({
    resolver: zodFormResolver(SetupSchema, toSetupBody),
    defaultValues: { peers: [], auto_refresh_seconds: DEFAULT_AUTO_REFRESH_SECONDS },
  });

  const eligible = candidates.filter((candidate) => candidate.pickable).map((candidate) => candidate.zone);
  const selected = picked.filter((id) => eligible.some((zone) => zone.id === id));
  const order = zones.filter((zone) => selected.includes(zone.id));

  if (run.runs) {
    return <RunResults items={runOrder} run={run} label="Set up secondaries results" doneLabel="Set up" onClose={onClose} />;
  }

  const onSubmit = handleSubmit((body) => {
    const names = body.peers.map((id) => peers.data?.find((peer) => peer.id === id)?.name ?? id).join(', ');
    setRunOrder(order);
    void run.start(order, async (zone) => {
      try {
        await saveIncoming(queryClient, zone.id, { name: withTrailingDot(zone.name), ...body }, false);
      } catch (error) {
        throw withPeerNames(error, body.peers, peers.data);
      }
      return `Primaries ${names}; Cloudflare checks their serial every ${formatInterval(body.auto_refresh_seconds)} and transfers when it changes.`;
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Set up secondaries">
      <Stack gap="md">
        <Text size="sm">
          Cloudflare pulls each picked zone from the same primaries (AXFR/IXFR) and accepts their NOTIFY. The
          configurations are created one after another; each uses one request of the Cloudflare API budget this
          dashboard shares. Each primary must allow Cloudflare&apos;s transfer addresses (the setup check on a zone&apos;s
          page shows what to configure on it).
        </Text>
        <Group gap="xs">
          <Button size="compact-sm" variant="light" disabled={eligible.length === 0} onClick={() => setPicked(eligible.map((zone) => zone.id))}>
            Select all not set up ({eligible.length})
          </Button>
          <Button size="compact-sm" variant="subtle" color="gray" disabled={selected.length === 0} onClick={() => setPicked([])}>
            Clear
          </Button>
        </Group>
        <Checkbox.Group value={selected} onChange={setPicked} label="Secondary zones on this page">
          <Stack gap="xs" mt="xs">
            {candidates.map(({ zone, pickable, description }) => (
              <Checkbox
                key={zone.id}
                value={zone.id}
                disabled={!pickable}
                label={
                  <Text size="sm" ff="monospace">
                    {zone.name}
                  </Text>
                }
                description={description}
              />
            ))}
          </Stack>
        </Checkbox.Group>

        <IncomingFields accountId={accountId} control={control} setValue={setValue} errors={errors} several />
        {selected.length > 20 && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            <Text size="sm">{selected.length} zones: that is {selected.length} requests of the shared budget.</Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={selected.length === 0} leftSection={<IconDownload size={16} aria-hidden />}>
            {selected.length === 1 ? 'Set up 1 secondary' : `Set up ${selected.length} secondaries`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The zones list's toolbar button and its dialog (admins: creating a configuration is theirs; the BFF enforces it). */
export function BulkSetupSecondaries({ zones, accountId }: { zones: Zone[] | undefined; accountId: string }) {
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  const secondary = (zones ?? []).filter((zone) => zone.type === 'secondary');
  return (
    <>
      <ActionButton
        operation="incoming.create"
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
        disabledReason={zones !== undefined && secondary.length === 0 ? 'No secondary zones on this page.' : undefined}
        disabled={zones === undefined}
        onClick={() => setOpened(true)}
        aria-label="Set up secondaries on several zones"
      >
        Set up secondaries…
      </ActionButton>
      <Modal
        opened={opened}
        onClose={() => !busy && setOpened(false)}
        title="Set up secondaries on several zones"
        size="lg"
        closeOnClickOutside={false}
        withCloseButton={!busy}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {opened && <SetupBody accountId={accountId} zones={secondary} onRunning={setBusy} onClose={() => setOpened(false)} />}
      </Modal>
    </>
  );
}
