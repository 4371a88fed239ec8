/**
 * The serial check for several zones at once (ADR 013): `useSerialSweep` asks them 4 at a time into the shared cache
 * entries (`serialCheckQuery`), `usePageSerialChecks` reads those entries. Used by the zones list's "Check serials"
 * (`components/serial-sweep.tsx`) and by the bulk Force dialogs ("Check serials" there, then "Select behind").
 */
import { useQueries, useQueryClient, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { serialVerdict, type SerialCheck, type Zone } from '@secdns/api-types';
import { errorMessage, isApiError, isCloudflareFailure, type ApiError } from '../../lib/api-client';
import { CLOUDFLARE_FAILURES_TO_STOP } from '../../components/sequential-run';
import { countOf } from '../../lib/count';
import { readAllowance } from '../../lib/rate-budget';
import { zoneKeys, zoneQueries } from './api/queries';
import { SERIAL_CHECK_GC_TIME, directionOf, serialCheckQuery, transferStateKey } from './serial-check';

/** Checks in flight at once: each waits up to the probe timeout (2 s) for a silent peer. */
export const SWEEP_CONCURRENCY = 4;

export interface SerialSweep {
  running: boolean;
  /** Zones asked / to ask in the current or last run (0 / 0 before any run). */
  done: number;
  total: number;
  /** Why the last run ended early (budget spent, stopped), or null. */
  stopped: string | null;
  /**
   * Why zones of the sweep are left not asked, in a few words for its heading ("the shared Cloudflare API budget is
   * spent"), or null. Kept by a run of the rest or a re-check that had no reason of its own.
   */
  notAskedWhy: string | null;
  /** The zones the last run was started for (those known not configured included). */
  zoneIds: readonly string[];
  /** The zones of the last run (or of its scope, for a re-check of some of them). */
  zones: readonly Zone[];
  /** `page`: the zones list's page; `all`: every zone of the list's search, page by page. */
  scope: SweepScope;
  /** The list's search the run was made for (scope `all`). */
  search: string;
  /** Reading the zone list before asking (scope `all`). */
  listing: boolean;
  /**
   * Asks `zones` (or the zones `zones()` lists). `recheck`: only these zones again, keeping the last run's zones and
   * scope (after a Force on some of them). `rest`: the zones of the last run not asked yet ("Check the rest"), keeping
   * its zones and scope: the checks already made stay (their cache entries), so the findings add up.
   */
  start(zones: readonly Zone[] | (() => Promise<ListedZones>), options?: SweepOptions): Promise<void>;
  stop(): void;
}

export type SweepScope = 'page' | 'all';

export interface SweepOptions {
  scope?: SweepScope;
  recheck?: boolean;
  rest?: boolean;
  search?: string;
}

/** Why a 429 stopped the sweep: the shared budget is spent, or this user's share of it, or the bulk actions'. */
function budgetWhy(error: ApiError): string {
  return error.isShareRefusal
    ? 'you have used your share of the shared Cloudflare API budget'
    : error.isBulkShareRefusal
      ? "the actions that read many zones at once, everyone's together, have used their share of the shared Cloudflare API budget"
      : 'the shared Cloudflare API budget is spent';
}

/**
 * The zones, in order, whose checks fit in `share` reads: one for the transfer configuration, one more for a primary
 * zone's transfer status when the list has not loaded it.
 */
function withinShare(queryClient: QueryClient, zones: readonly Zone[], share: number): Zone[] {
  const fitting: Zone[] = [];
  let cost = 0;
  for (const zone of zones) {
    const statusUnknown =
      directionOf(zone) === 'outgoing' && queryClient.getQueryData(zoneKeys.outgoingStatus(zone.id)) === undefined;
    cost += statusUnknown ? 2 : 1;
    if (cost > share) break;
    fitting.push(zone);
  }
  return fitting;
}

/** The zone has no configuration for its direction, as far as the list already knows (false: unknown or configured). */
function knownNotConfigured(queryClient: QueryClient, zone: Zone): boolean {
  return queryClient.getQueryData(transferStateKey(zone)) === null;
}

/** What a finished run leaves for the next visit of the zones list (per account). */
interface SweepOutcome {
  done: number;
  total: number;
  stopped: string | null;
  notAskedWhy: string | null;
  zones: readonly Zone[];
  scope: SweepScope;
  search: string;
}

const EMPTY_SWEEP: SweepOutcome = { done: 0, total: 0, stopped: null, notAskedWhy: null, zones: [], scope: 'page', search: '' };

const sweepKey = (accountId: string) => ['serial-sweep', accountId] as const;

/** What a run's input may list instead of naming the zones: the zones, and a note when the list was cut short. */
export interface ListedZones {
  zones: readonly Zone[];
  note?: string;
}

/**
 * `remember`: the zones list's sweep, whose outcome is kept per account for the next visit (a dialog's is not).
 */
export function useSerialSweep(accountId: string, { remember = false }: { remember?: boolean } = {}): SerialSweep {
  const queryClient = useQueryClient();
  // The last run's outcome outlives the page (open a zone, come back: "Serials of all 230 zones" is still there),
  // as long as the checks it sums up are kept.
  if (remember) queryClient.setQueryDefaults(sweepKey(accountId), { gcTime: SERIAL_CHECK_GC_TIME });
  const [state, setState] = useState(() => ({
    ...EMPTY_SWEEP,
    ...(remember ? queryClient.getQueryData<SweepOutcome>(sweepKey(accountId)) : undefined),
    running: false,
    listing: false,
  }));
  useEffect(() => {
    if (!remember || state.running) return;
    const { done, total, stopped, notAskedWhy, zones, scope, search } = state;
    if (zones.length > 0) {
      queryClient.setQueryData<SweepOutcome>(sweepKey(accountId), { done, total, stopped, notAskedWhy, zones, scope, search });
    }
  }, [remember, state, accountId, queryClient]);
  /** The current run's number: a run that is no longer current (stopped, superseded, unmounted) stops asking. */
  const runId = useRef(0);
  const stoppedRun = useRef(-1);
  useEffect(
    () => () => {
      // Leaving the page (or closing the dialog) stops the run: nobody would see its answers.
      stoppedRun.current = runId.current;
    },
    [],
  );

  const start = useCallback(
    async (input: readonly Zone[] | (() => Promise<ListedZones>), options: SweepOptions = {}) => {
      runId.current += 1;
      const id = runId.current;
      const halted = () => stoppedRun.current === id || runId.current !== id;
      const update = (run: Partial<typeof state>) => {
        if (runId.current === id) setState((previous) => ({ ...previous, ...run }));
      };
      // The run's zones and scope replace the last run's only once they are known (a failed listing keeps them).
      // (A run of the rest with a scope, the page's, is about those zones of the page.)
      const within = options.recheck || (options.rest && options.scope === undefined);
      const scopeOf = (zones: readonly Zone[]) =>
        within ? {} : { zones, scope: options.scope ?? 'page', search: options.search ?? '', notAskedWhy: null };

      let zones: readonly Zone[];
      let note: string | undefined;
      update({ running: true, listing: typeof input === 'function', done: 0, total: 0, stopped: null });
      if (typeof input === 'function') {
        try {
          ({ zones, note } = await input());
        } catch (error) {
          const why = isApiError(error) && error.status === 429 ? budgetWhy(error) : 'the zone list could not be read';
          update({ running: false, listing: false, stopped: `Stopped: ${why} (${errorMessage(error)}).` });
          return;
        }
      } else {
        zones = input;
      }
      if (halted()) {
        update({ running: false, listing: false, stopped: 'Stopped before any zone was asked.' });
        return;
      }
      const wanted = zones.filter((zone) => !knownNotConfigured(queryClient, zone));
      const { share, remaining, whose } = await readAllowance(queryClient);
      const targets = withinShare(queryClient, wanted, share);
      update({ ...scopeOf(zones), listing: false, done: 0, total: targets.length });

      let done = 0;
      /** The first refusal for budget, if any: it stops the sweep. */
      let budgetSpent: ApiError | null = null;
      /** Cloudflare's failures (502, 504) in a row; at CLOUDFLARE_FAILURES_TO_STOP the sweep stops (ADR 022). */
      let cloudflareFailures = 0;
      let cloudflareFailing: ApiError | null = null;
      let next = 0;
      const worker = async () => {
        while (next < targets.length && !halted() && budgetSpent === null && cloudflareFailing === null) {
          const zone = targets[next]!;
          next += 1;
          try {
            // Whether a zone's transfers are on decides what its secondaries being behind means (Force NOTIFY or
            // not): read with it when the list has not loaded it yet (a row not scrolled to).
            if (directionOf(zone) === 'outgoing') {
              await queryClient.ensureQueryData(zoneQueries.outgoingStatus(zone.id, 'check-serials')).catch((error: unknown) => {
                if (isApiError(error) && error.status === 429) throw error;
              });
            }
            if (!knownNotConfigured(queryClient, zone)) {
              await queryClient.fetchQuery({ ...serialCheckQuery(accountId, zone.id, directionOf(zone), 'check-serials'), staleTime: 0 });
            }
            cloudflareFailures = 0;
          } catch (error) {
            if (isApiError(error) && error.status === 429) budgetSpent ??= error;
            if (isCloudflareFailure(error)) {
              cloudflareFailures += 1;
              if (cloudflareFailures >= CLOUDFLARE_FAILURES_TO_STOP) cloudflareFailing ??= error;
            } else cloudflareFailures = 0;
          }
          done += 1;
          update({ done });
        }
      };
      await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, targets.length) }, worker));

      // Why not every zone was asked, from what happened (the first reason that applies), in a sentence for the
      // summary and in a few words for its heading.
      const of = options.rest ? `the ${countOf(wanted.length, 'zone')} not asked yet` : countOf(wanted.length, 'zone');
      const shareWhy = `more would take more than half of what is left of ${whose}the shared Cloudflare budget`;
      const [sentence, why] =
        budgetSpent !== null
          ? [`Stopped after ${done} of ${of}: ${budgetWhy(budgetSpent)} (${errorMessage(budgetSpent)}).`, budgetWhy(budgetSpent)]
          : cloudflareFailing !== null
            ? [
                `Stopped after ${done} of ${of}: Cloudflare failed ${CLOUDFLARE_FAILURES_TO_STOP} times in a row, so it is failing ` +
                  `for everyone, not these zones (${errorMessage(cloudflareFailing)}). Check the rest when it answers again (the header shows when).`,
                'Cloudflare is failing; check the rest when it answers again',
              ]
            : done < targets.length
            ? [`Stopped after ${done} of ${of}.`, 'stopped']
            : targets.length < wanted.length
              ? [
                  `Asked ${targets.length} of ${of}: the others would take more than half of what is left of ${whose}the shared Cloudflare budget (${remaining} requests). Check the rest in a minute (the zones checked are not asked again), or fewer zones at a time.`,
                  `${shareWhy}; check the rest in a minute`,
                ]
              : [null, null];
      const notes = [sentence, note ?? null].filter((text): text is string => text !== null);
      update({
        running: false,
        listing: false,
        done,
        total: targets.length,
        stopped: notes.length ? notes.join(' ') : null,
        // A re-check of a few zones (after a Force) that asked them all says nothing about the others.
        ...(why !== null || !options.recheck ? { notAskedWhy: why } : {}),
      });
    },
    [accountId, queryClient],
  );

  const stop = useCallback(() => {
    stoppedRun.current = runId.current;
  }, []);

  const zoneIds = useMemo(() => state.zones.map((zone) => zone.id), [state.zones]);
  return { ...state, zoneIds, start, stop };
}

/** Whether the page shows the Serials column and summary: a run is on, was made for these zones, or left checks. */
export function sweepShown(sweep: SerialSweep, zones: readonly Zone[], checks: UseQueryResult<SerialCheck>[]): boolean {
  return (
    sweep.running ||
    zones.some((zone) => sweep.zoneIds.includes(zone.id)) ||
    checks.some((check) => check.data !== undefined)
  );
}

/** The page's zones' checks as the cache holds them (never fetched from here). */
export function usePageSerialChecks(accountId: string, zones: readonly Zone[]): UseQueryResult<SerialCheck>[] {
  return useQueries({
    queries: zones.map((zone) => ({ ...serialCheckQuery(accountId, zone.id, directionOf(zone)), enabled: false })),
  });
}

/** A check younger than this was made with Cloudflare's serial read for it (the BFF reads it for each check). */
const FRESH_CHECK_MS = 60_000;

/**
 * The zones list's secondary zones whose check finds Cloudflare behind and is older than a minute (the serial
 * watch's, made before a Force AXFR perhaps): Cloudflare's serial read again — the cached read when fresh, one
 * request otherwise — so a copy brought up since is compared with it (`followCloudflareSerials`) and not shown behind
 * until the next check. The page's zones only (at most 50), and only those: a few reads, not one per row.
 */
export function useCurrentSerialsOfBehind(zones: readonly Zone[], checks: readonly UseQueryResult<SerialCheck>[]): void {
  const now = Date.now();
  useQueries({
    queries: zones.map((zone, index) => {
      const check = checks[index]?.data;
      const stale = check !== undefined && now - Date.parse(check.checked_at) > FRESH_CHECK_MS;
      return {
        ...zoneQueries.incoming(zone.id),
        enabled: stale && check.direction === 'incoming' && serialVerdict(check).kind === 'behind',
      };
    }),
  });
}
