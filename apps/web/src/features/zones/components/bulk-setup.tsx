/**
 * "Set up… → Secondaries / Primaries on several zones" on the zones list: the transfer configuration of several zones at
 * once, with the same peers — what moving a batch of zones to Cloudflare looks like (as secondary: pulled from the
 * same primaries; as primary: serving the same secondaries), where each zone needed its own form before.
 * The dialog lists the page's zones of that kind, those without a configuration pickable ("Select all not set up"),
 * a zone already set up shown with why it cannot be picked (its page edits it); on a list of several pages, "Also …
 * on the list's other pages" adds the zones of the kind on every other page of the same search (listed first, names
 * shown; each one's configuration read by the run just before its creation, and skipped when set up already). The
 * fields are the single-zone
 * forms' (`IncomingFields`, the outgoing peers field), validated with the contract's body schemas without the name
 * (each zone's own, with the trailing dot); what was typed stays when the fields are refused. The creations are
 * sent **one after another** (one request of the shared budget each, two when transfers are enabled too; through
 * the BFF's fair write queue), each outcome shown; a zone refused says why and the others go on — but a refusal of
 * the fields themselves (a primary Cloudflare refuses, the interval) would be the same for every zone, so it stops
 * the run and "Back to the form" puts it on its field, with what was typed; a budget refusal stops the run too.
 */
import { Alert, Box, Button, Checkbox, Group, Menu, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconDownload, IconSettingsPlus, IconUpload } from '@tabler/icons-react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import { useForm, type FieldValues, type Path, type UseFormSetError } from 'react-hook-form';
import {
  DEFAULT_AUTO_REFRESH_SECONDS,
  IncomingBodySchema,
  OutgoingBodySchema,
  type Peer,
  type Zone,
} from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { RunModal, RunResults, SkipItem, StopRun, useSequentialRun, type SequentialRun } from '../../../components/sequential-run';
import { useDiscardGuard } from '../../../components/form-parts';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { applyServerErrors } from '../../../lib/form-errors';
import { fieldMessage } from '../../../lib/form-errors';
import { useFocusBackToMenu } from '../../../lib/keep-focus';
import { formatInterval } from '../../../lib/format-time';
import { peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { rateBudgetQuery, readAllowance } from '../../../lib/rate-budget';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { saveIncoming, saveOutgoing, setOutgoingEnabled } from '../api/mutations';
import { MAX_ZONES_PER_PAGE, ZONE_LOOKUP_MAX_PAGES, listAllZones, zoneQueries } from '../api/queries';
import { ZonePeersField, withPeerNames } from './form-parts';
import { IncomingFields, toIncomingBody, withTrailingDot, type IncomingFormValues } from './incoming-form';

interface Candidate {
  zone: Zone;
  pickable: boolean;
  description: string;
}

/** The zones and whether each has the configuration already (its cached read, shared with the list and zone pages). */
function candidatesOf(
  zones: Zone[],
  configs: readonly { data?: { soa_serial?: number } | null; isPending: boolean; isError: boolean }[],
): Candidate[] {
  return zones.map((zone, index) => {
    const result = configs[index]!;
    const config = result.data;
    const description = result.isPending
      ? 'loading…'
      : result.isError
        ? 'could not load its configuration'
        : config
          ? `already set up (serial ${config.soa_serial ?? '—'}): change it on its page`
          : 'not set up';
    return { zone, pickable: !result.isPending && !result.isError && config === null, description };
  });
}

/**
 * A refusal of the shared fields (a `source.pointer` at one of them): every zone would get it, so the run stops there
 * and the refusal goes back to the form. Anything else is this zone's alone.
 */
function fieldRefusal(error: unknown, fields: readonly string[]): StopRun | null {
  if (!isApiError(error) || error.status !== 400) return null;
  const onField = error.errors.some((entry) => fields.some((field) => (entry.source?.pointer ?? '').startsWith(`/${field}`)));
  return onField
    ? new StopRun(error.message, 'Not sent: Cloudflare refused the fields every zone shares. Change them (Back to the form) and try again.', error)
    : null;
}

/** The run's refusal of the fields, put on them when the user goes back to the form. */
function useBackToForm<T extends FieldValues>(run: SequentialRun, setError: UseFormSetError<T>, fields: readonly Path<T>[]) {
  const [refusal, setRefusal] = useState<unknown>(null);
  return {
    keep: setRefusal,
    back: () => {
      run.reset();
      if (refusal) applyServerErrors(refusal, setError, fields);
      setRefusal(null);
    },
  };
}

/** The picked zones that may still be picked, in the list's order: what the dialog shows checked and what a run sends. */
function pickedZones(candidates: readonly Candidate[], picked: readonly string[]): Zone[] {
  return candidates.filter((candidate) => candidate.pickable && picked.includes(candidate.zone.id)).map((candidate) => candidate.zone);
}

/** The zones list the dialog was opened from: its search, and how many zones it holds on all its pages. */
export interface ZoneListScope {
  q: string;
  totalCount: number;
}

type OtherPagesState =
  | { state: 'off' }
  | { state: 'listing' }
  | { state: 'failed'; message: string }
  | { state: 'listed'; zones: Zone[]; note?: string };

interface OtherPages {
  /** The list has zones on other pages (of any kind: which are of this kind is known once listed). */
  available: boolean;
  current: OtherPagesState;
  setIncluded(included: boolean): void;
  /** The zones a run adds to the page's picks (none unless listed). */
  zones: Zone[];
  /**
   * How old a read of the zone's configuration the run may use (TanStack's `staleTime`): a page's zone, the one the
   * dialog showed (no second request); another page's, none — read just before its creation.
   */
  readAge: (zone: Zone) => number;
  /**
   * Called before each zone of the run: another page's zone costs a read to find out whether it is set up, and those
   * reads may take at most half of what was left of the shared budget when the run started (`readAllowance`); past
   * that the run stops, naming the zones not checked (run it again later: those set up are skipped).
   */
  budgetGuard(): Promise<(zone: Zone) => void>;
}

/**
 * "Also the zones on the list's other pages": those pages read (one request per page of 50; pages cached already are
 * reused), the zones of the kind not on this page kept. Their configurations are **not** read here — one request
 * each, all at once, would spend the shared budget before anything is set up — but by the run, one zone at a time,
 * just before its creation (`skipIfSetUp`).
 */
function useOtherPages(
  accountId: string,
  scope: ZoneListScope | undefined,
  pageZones: Zone[],
  applies: (zone: Zone) => boolean,
): OtherPages {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<OtherPagesState>({ state: 'off' });
  const asked = useRef(0);
  const setIncluded = (included: boolean) => {
    asked.current += 1;
    const turn = asked.current;
    if (!included || !scope) {
      setCurrent({ state: 'off' });
      return;
    }
    setCurrent({ state: 'listing' });
    const onPage = new Set(pageZones.map((zone) => zone.id));
    listAllZones(queryClient, accountId, scope.q).then(
      ({ zones, total, complete }) => {
        if (turn !== asked.current) return;
        setCurrent({
          state: 'listed',
          zones: zones.filter((zone) => applies(zone) && !onPage.has(zone.id)),
          note: complete
            ? undefined
            : `Only the first ${zones.length} of ${total} zones were listed (${ZONE_LOOKUP_MAX_PAGES} pages of ${MAX_ZONES_PER_PAGE}): search by name to reach the others.`,
        });
      },
      (error: unknown) => {
        if (turn === asked.current) setCurrent({ state: 'failed', message: errorMessage(error) });
      },
    );
  };
  const zones = current.state === 'listed' ? current.zones : [];
  return {
    available: scope !== undefined && scope.totalCount > pageZones.length,
    current,
    setIncluded,
    zones,
    readAge: (zone) => (zones.some((candidate) => candidate.id === zone.id) ? 0 : Number.POSITIVE_INFINITY),
    budgetGuard: async () => {
      const others = new Set(zones.map((zone) => zone.id));
      if (others.size === 0) return () => undefined;
      const { share, remaining, whose } = await readAllowance(queryClient);
      let checked = 0;
      return (zone) => {
        if (!others.has(zone.id)) return;
        checked += 1;
        if (checked <= share) return;
        const budget = `${whose}the shared Cloudflare API budget`;
        throw new StopRun(
          `Not checked: the zones of other pages checked so far (${share}) took half of what was left of ${budget} when the run started (${remaining} requests).`,
          `Not checked: it would take more than half of what was left of ${budget}. Run it again in a few minutes: the zones set up by then are skipped.`,
        );
      };
    },
  };
}

/**
 * Before a creation, with the zone's configuration: for a page's zone the read the dialog showed, for another page's
 * a read made just then. One set up already is left as it is: never a second configuration, never overwritten (a
 * page's zone someone set up after the dialog opened is refused by Cloudflare, and the run says why).
 */
function skipIfSetUp(config: { soa_serial?: number | null } | null) {
  if (config) throw new SkipItem(`Already set up (serial ${config.soa_serial ?? '—'}): left as it was. Change it on its page.`);
}

const peerNames = (ids: string[], peers: Peer[] | undefined) =>
  ids.map((id) => peers?.find((peer) => peer.id === id)?.name ?? id).join(', ');

/**
 * What both dialogs share: the intro, the zones to pick, the kind's fields, the budget warning, the buttons; the
 * run's results once started (the zones as they were at the start: each leaves "not set up" as it is set up).
 */
function SetupShell({
  intro,
  listLabel,
  candidates,
  picked,
  setPicked,
  other,
  otherLabel,
  fields,
  submitLabel,
  requestsPerZone,
  run,
  runOrder,
  resultsLabel,
  formLabel,
  onSubmit,
  onBack,
  onClose,
}: {
  intro: ReactNode;
  listLabel: string;
  candidates: Candidate[];
  picked: string[];
  setPicked: (ids: string[]) => void;
  /** The list's other pages, and the kind of zone they are searched for ("secondary zones"). */
  other: OtherPages;
  otherLabel: string;
  fields: ReactNode;
  submitLabel: (count: number) => string;
  requestsPerZone: number;
  run: SequentialRun;
  runOrder: Zone[];
  resultsLabel: string;
  formLabel: string;
  onSubmit: () => void;
  /** After the run, back to the form (what was typed is kept; a refusal of the fields is put on them). */
  onBack: () => void;
  onClose: () => void;
}) {
  if (run.runs) {
    return <RunResults items={runOrder} run={run} label={resultsLabel} doneLabel="Set up" onClose={onClose} onBack={onBack} />;
  }
  const eligible = candidates.filter((candidate) => candidate.pickable).map((candidate) => candidate.zone.id);
  const selected = pickedZones(candidates, picked).map((zone) => zone.id);
  const count = selected.length + other.zones.length;
  // Worst case: a zone of another page is read before its creation (the page's were read when the dialog opened).
  const requests = selected.length * requestsPerZone + other.zones.length * (requestsPerZone + 1);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      noValidate
      aria-label={formLabel}
    >
      <Stack gap="md">
        <Text size="sm">{intro}</Text>
        <Group gap="xs">
          <Button size="compact-sm" variant="light" disabled={eligible.length === 0} onClick={() => setPicked(eligible)}>
            Select all not set up ({eligible.length})
          </Button>
          <Button size="compact-sm" variant="subtle" color="gray" disabled={selected.length === 0} onClick={() => setPicked([])}>
            Clear
          </Button>
        </Group>
        <Checkbox.Group value={selected} onChange={setPicked} label={listLabel}>
          <Stack gap="xs" mt="xs">
            {candidates.length === 0 && (
              <Text size="sm" c="dimmed">
                None on this page.
              </Text>
            )}
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
        {other.available && <OtherPagesPick other={other} label={otherLabel} />}
        {fields}
        {count > 20 && <BudgetNote count={count} requests={requests} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={count === 0 || other.current.state === 'listing'}>
            {/* Another page's zones are only known to need it once read (those set up already are skipped). */}
            {other.zones.length ? `${submitLabel(selected.length)} + any of ${other.zones.length} more not set up` : submitLabel(count)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The list's other pages, ticked: listed at once (names shown, so what a run touches is seen before it starts); their
 * configurations are read by the run, one zone at a time, and a zone set up already is skipped.
 */
function OtherPagesPick({ other, label }: { other: OtherPages; label: string }) {
  const { current } = other;
  return (
    <Stack gap={6}>
      <Checkbox
        label={label}
        description="Listed when ticked (one request per 50 zones). Each zone's configuration is read when the run reaches it (one more request); a zone set up already is left as it is."
        checked={current.state !== 'off'}
        onChange={(event) => other.setIncluded(event.currentTarget.checked)}
      />
      <Box pl={32}>
        <Text size="sm" role="status">
          {current.state === 'listing'
            ? 'Listing the other pages…'
            : current.state === 'listed'
              ? current.zones.length === 0
                ? 'None on the other pages.'
                : `${current.zones.length} more ${current.zones.length === 1 ? 'zone' : 'zones'} on the other pages:`
              : ''}
        </Text>
        {current.state === 'failed' && (
          <Text size="sm" c="red.8" role="alert">
            Could not list the other pages: {current.message}{' '}
            <Button size="compact-xs" variant="subtle" onClick={() => other.setIncluded(true)}>
              Try again
            </Button>
          </Text>
        )}
        {current.state === 'listed' && current.zones.length > 0 && (
          <ScrollArea.Autosize mah={96} type="auto">
            <Text size="sm" ff="monospace" data-testid="other-pages-zones">
              {current.zones.map((zone) => zone.name).join(', ')}
            </Text>
          </ScrollArea.Autosize>
        )}
        {current.state === 'listed' && current.note && (
          <Text size="sm" c="var(--mantine-color-orange-light-color)">
            {current.note}
          </Text>
        )}
      </Box>
    </Stack>
  );
}

/** A large run: what it costs of the shared budget, beside what is left of it now. */
function BudgetNote({ count, requests }: { count: number; requests: number }) {
  const budget = useQuery(rateBudgetQuery());
  const remaining = budget.data?.remaining;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
      <Text size="sm">
        {count} zones: up to {requests} requests of the shared budget
        {remaining === undefined ? '.' : ` (${remaining} left now).`}
        {remaining !== undefined && requests > remaining
          ? ' More than is left: the run stops when the budget is spent and names the zones not sent; run it again after the wait.'
          : ''}
      </Text>
    </Alert>
  );
}

interface BodyProps {
  accountId: string;
  /** The page's zones of the kind. */
  zones: Zone[];
  /** The list's other pages (search and count); none when the list fits on this page. */
  scope?: ZoneListScope;
  applies: (zone: Zone) => boolean;
  onRunning: (running: boolean) => void;
  onClose: () => void;
}

/** The secondary form's fields but the name (each zone's own). */
const SecondariesSchema = IncomingBodySchema.omit({ name: true });
const SECONDARIES_FIELDS = ['peers', 'auto_refresh_seconds'] as const;
type SecondariesValues = Omit<IncomingFormValues, 'name'>;

/** What the inputs hold → the body without the name (the secondary form's conversion). */
function toSecondariesBody(values: SecondariesValues): Record<string, unknown> {
  const { name: _name, ...body } = toIncomingBody({ name: '', ...values });
  return body;
}

function SecondariesBody({ accountId, zones, scope, applies, onRunning, onClose }: BodyProps) {
  const queryClient = useQueryClient();
  const peers = useQuery(peersListQuery(accountId));
  const tsigs = useQuery(tsigsListQuery(accountId));
  const candidates = candidatesOf(zones, useQueries({ queries: zones.map((zone) => zoneQueries.incoming(zone.id)) }));
  const other = useOtherPages(accountId, scope, zones, applies);
  const [picked, setPicked] = useState<string[]>([]);
  const [runOrder, setRunOrder] = useState<Zone[]>([]);
  const run = useSequentialRun(onRunning);
  const { control, handleSubmit, setValue, setError, formState } = useForm<SecondariesValues, unknown, { peers: string[]; auto_refresh_seconds: number }>({
    resolver: zodFormResolver(SecondariesSchema, toSecondariesBody),
    defaultValues: { peers: [], auto_refresh_seconds: String(DEFAULT_AUTO_REFRESH_SECONDS) },
  });
  const backToForm = useBackToForm(run, setError, SECONDARIES_FIELDS);
  useDiscardGuard(formState.isDirty && !run.runs);

  const onSubmit = handleSubmit(async (body) => {
    const order = [...pickedZones(candidates, picked), ...other.zones];
    setRunOrder(order);
    const readAge = other.readAge;
    const guard = await other.budgetGuard();
    void run.start(order, async (zone) => {
      guard(zone);
      skipIfSetUp(await queryClient.fetchQuery({ ...zoneQueries.incoming(zone.id, 'bulk-setup'), staleTime: readAge(zone) }));
      try {
        await saveIncoming(queryClient, zone.id, { name: withTrailingDot(zone.name), ...body }, false, 'bulk-setup');
      } catch (error) {
        const named = withPeerNames(error, body.peers, peers.data, tsigs.data);
        const stop = fieldRefusal(named, SECONDARIES_FIELDS);
        if (stop) backToForm.keep(named);
        throw stop ?? named;
      }
      return `Primaries ${peerNames(body.peers, peers.data)}, refresh every ${formatInterval(body.auto_refresh_seconds)}. Cloudflare pulls the zone from them shortly; its page shows when the first transfer arrived.`;
    });
  });

  return (
    <SetupShell
      intro={
        <>
          Cloudflare pulls each picked zone from the same primaries (AXFR/IXFR) and accepts their NOTIFY. The
          configurations are created one after another; each uses one request of the Cloudflare API budget this
          dashboard shares. The primaries must allow Cloudflare&apos;s transfer addresses (a zone&apos;s setup check
          shows what to configure on them).
        </>
      }
      listLabel="Secondary zones on this page"
      candidates={candidates}
      picked={picked}
      setPicked={setPicked}
      other={other}
      otherLabel="Also the secondary zones on the list's other pages"
      fields={<IncomingFields accountId={accountId} control={control} setValue={setValue} errors={formState.errors} several />}
      submitLabel={(count) => (count === 1 ? 'Set up 1 secondary' : `Set up ${count} secondaries`)}
      requestsPerZone={1}
      run={run}
      runOrder={runOrder}
      resultsLabel="Set up secondaries results"
      formLabel="Set up secondaries"
      onSubmit={() => void onSubmit()}
      onBack={backToForm.back}
      onClose={onClose}
    />
  );
}

const PrimariesSchema = OutgoingBodySchema.omit({ name: true });
const PRIMARIES_FIELDS = ['peers'] as const;
interface PrimariesValues {
  peers: string[];
}

function PrimariesBody({ accountId, zones, scope, applies, onRunning, onClose }: BodyProps) {
  const queryClient = useQueryClient();
  const peers = useQuery(peersListQuery(accountId));
  const tsigs = useQuery(tsigsListQuery(accountId));
  const candidates = candidatesOf(zones, useQueries({ queries: zones.map((zone) => zoneQueries.outgoingConfig(zone.id)) }));
  const other = useOtherPages(accountId, scope, zones, applies);
  const [picked, setPicked] = useState<string[]>([]);
  const [enable, setEnable] = useState(false);
  const [runOrder, setRunOrder] = useState<Zone[]>([]);
  const run = useSequentialRun(onRunning);
  const { control, handleSubmit, setError, formState } = useForm<PrimariesValues, unknown, PrimariesValues>({
    resolver: zodFormResolver(PrimariesSchema),
    defaultValues: { peers: [] },
  });
  const backToForm = useBackToForm(run, setError, PRIMARIES_FIELDS);
  useDiscardGuard(formState.isDirty && !run.runs);

  const onSubmit = handleSubmit(async (body) => {
    const order = [...pickedZones(candidates, picked), ...other.zones];
    setRunOrder(order);
    const readAge = other.readAge;
    const guard = await other.budgetGuard();
    const secondaries = body.peers.length ? `Secondaries ${peerNames(body.peers, peers.data)}` : 'No secondaries to NOTIFY';
    void run.start(order, async (zone) => {
      guard(zone);
      skipIfSetUp(await queryClient.fetchQuery({ ...zoneQueries.outgoingConfig(zone.id, 'bulk-setup'), staleTime: readAge(zone) }));
      try {
        await saveOutgoing(queryClient, zone.id, { name: withTrailingDot(zone.name), ...body }, false, 'bulk-setup');
      } catch (error) {
        const named = withPeerNames(error, body.peers, peers.data, tsigs.data);
        const stop = fieldRefusal(named, PRIMARIES_FIELDS);
        if (stop) backToForm.keep(named);
        throw stop ?? named;
      }
      if (!enable) return `${secondaries}. Outgoing transfers are disabled until you enable them on its page.`;
      try {
        await setOutgoingEnabled(queryClient, zone.id, true, undefined, 'bulk-setup');
      } catch (error) {
        // Set up, not enabled: say both, so nobody sets it up twice.
        throw new Error(`Set up (${secondaries.toLowerCase()}), but enabling transfers failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return `${secondaries}. Outgoing transfers enabled (Cloudflare sent a NOTIFY).`;
    });
  });

  return (
    <SetupShell
      intro={
        <>
          Cloudflare serves each picked zone to the same secondaries and sends them NOTIFY when it changes. The
          configurations are created one after another, each one request of the Cloudflare API budget this dashboard
          shares (two with transfers enabled). The secondaries still need an ACL that lets them transfer (and the
          TSIG key of their peer, if it has one).
        </>
      }
      listLabel="Zones Cloudflare serves, on this page"
      candidates={candidates}
      picked={picked}
      setPicked={setPicked}
      other={other}
      otherLabel="Also the zones Cloudflare serves on the list's other pages"
      fields={
        <>
          <ZonePeersField
            control={control}
            accountId={accountId}
            label="Secondaries to NOTIFY"
            description="Cloudflare sends DNS NOTIFY to these peers' IP addresses when a zone changes, the same for every picked zone. Optional: secondaries allowed by an ACL can also poll."
            error={fieldMessage('Secondaries', formState.errors.peers?.message ?? formState.errors.peers?.root?.message)}
          />
          <Checkbox
            label="Enable outgoing transfers after setting each zone up"
            description="Cloudflare starts a new primary configuration disabled. Enabling sends a NOTIFY to the secondaries: leave it off until they are ready."
            checked={enable}
            onChange={(event) => setEnable(event.currentTarget.checked)}
          />
        </>
      }
      submitLabel={(count) => (count === 1 ? 'Set up 1 primary' : `Set up ${count} primaries`)}
      requestsPerZone={enable ? 2 : 1}
      run={run}
      runOrder={runOrder}
      resultsLabel="Set up primaries results"
      formLabel="Set up primaries"
      onSubmit={() => void onSubmit()}
      onBack={backToForm.back}
      onClose={onClose}
    />
  );
}

const KINDS = {
  secondaries: {
    title: 'Set up secondaries on several zones',
    item: 'Secondaries on several zones…',
    icon: IconDownload,
    applies: (zone: Zone) => zone.type === 'secondary',
    none: 'No secondary zones in this list.',
    Body: SecondariesBody,
  },
  primaries: {
    title: 'Set up primaries on several zones',
    item: 'Primaries on several zones…',
    icon: IconUpload,
    applies: (zone: Zone) => zone.type !== 'secondary',
    none: 'No zones in this list that Cloudflare serves.',
    Body: PrimariesBody,
  },
} as const;

/**
 * The zones list's "Set up…" menu (admins: creating a configuration is theirs; the BFF enforces it): secondaries or
 * primaries on several zones, each item off with why when the list has no zone of its kind (on a list of several
 * pages, the other pages may have some: the dialog offers them). One toolbar button for both, so the toolbar stays on
 * one line beside the search box.
 */
export function BulkSetupMenu({
  zones,
  accountId,
  scope,
}: {
  zones: Zone[] | undefined;
  accountId: string;
  /** The list's search and total count, to offer the zones of its other pages. */
  scope?: ZoneListScope;
}) {
  const [kind, setKind] = useState<keyof typeof KINDS | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = kind ? KINDS[kind] : null;
  const applicable = chosen ? (zones ?? []).filter(chosen.applies) : [];
  const morePages = zones !== undefined && scope !== undefined && scope.totalCount > zones.length;
  const menuFocus = useFocusBackToMenu();
  const close = () => {
    setKind(null);
    menuFocus.closed();
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionButton
            ref={menuFocus.ref}
            operation="incoming.create"
            variant="default"
            leftSection={<IconSettingsPlus size={16} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            disabled={zones === undefined}
            aria-label="Set up several zones"
          >
            Set up…
          </ActionButton>
        </Menu.Target>
        <Menu.Dropdown>
          {(Object.keys(KINDS) as (keyof typeof KINDS)[]).map((key) => {
            const { item, icon: Icon, applies, none } = KINDS[key];
            const count = (zones ?? []).filter(applies).length;
            return (
              <Menu.Item
                key={key}
                leftSection={<Icon size={16} aria-hidden />}
                disabled={count === 0 && !morePages}
                title={count === 0 && !morePages ? none : undefined}
                onClick={() => {
                  menuFocus.opening();
                  setKind(key);
                }}
              >
                {item}
              </Menu.Item>
            );
          })}
        </Menu.Dropdown>
      </Menu>
      <RunModal opened={chosen !== null} busy={busy} onClose={close} title={chosen?.title}>
        {chosen && (
          <chosen.Body
            accountId={accountId}
            zones={applicable}
            scope={morePages ? scope : undefined}
            applies={chosen.applies}
            onRunning={setBusy}
            onClose={close}
          />
        )}
      </RunModal>
    </>
  );
}
