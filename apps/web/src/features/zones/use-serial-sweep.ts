/**
 * The serial check for several zones at once (ADR 013): `useSerialSweep` asks them 4 at a time into the shared cache
 * entries (`serialCheckQuery`), `usePageSerialChecks` reads those entries. Used by the zones list's "Check serials"
 * (`components/serial-sweep.tsx`) and by the bulk Force dialogs ("Check serials" there, then "Select behind").
 */
import { useQueries, useQueryClient, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { SerialCheck, Zone } from '@secdns/api-types';
import { errorMessage, isApiError } from '../../lib/api-client';
import { rateBudgetQuery } from '../../lib/rate-budget';
import { zoneKeys, zoneQueries } from './api/queries';
import { directionOf, serialCheckQuery } from './serial-check';

/** Checks in flight at once: each waits up to the probe timeout (2 s) for a silent peer. */
export const SWEEP_CONCURRENCY = 4;

export interface SerialSweep {
  running: boolean;
  /** Zones asked / to ask in the current or last run (0 / 0 before any run). */
  done: number;
  total: number;
  /** Why the last run ended early (budget spent, stopped), or null. */
  stopped: string | null;
  /** The zones the last run was started for (those known not configured included). */
  zoneIds: readonly string[];
  /** The zones of the last run (or of its scope, for a re-check of some of them). */
  zones: readonly Zone[];
  /** `page`: the zones list's page; `all`: every zone of the list's search, page by page. */
  scope: SweepScope;
  /** Reading the zone list before asking (scope `all`). */
  listing: boolean;
  /**
   * Asks `zones` (or the zones `zones()` lists). `recheck`: only these zones again, keeping the last run's zones and
   * scope (after a Force on some of them).
   */
  start(zones: readonly Zone[] | (() => Promise<readonly Zone[]>), options?: { scope?: SweepScope; recheck?: boolean }): Promise<void>;
  stop(): void;
}

export type SweepScope = 'page' | 'all';

/**
 * How many reads a sweep may take: half of what is left of the shared budget (as ADR 012's peer look-up), so checking
 * serials never leaves the team without requests for Force AXFR in the middle of an incident. Without a report
 * (an older BFF), no limit here: the BFF's governor still refuses what would trip Cloudflare's lock-out.
 */
async function budgetShare(queryClient: QueryClient): Promise<{ share: number; remaining: number | null }> {
  try {
    const budget = await queryClient.fetchQuery({ ...rateBudgetQuery(), staleTime: 0 });
    return { share: Math.max(0, Math.floor(budget.remaining / 2)), remaining: budget.remaining };
  } catch {
    return { share: Number.POSITIVE_INFINITY, remaining: null };
  }
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
  const key = directionOf(zone) === 'incoming' ? zoneKeys.incoming(zone.id) : zoneKeys.outgoingStatus(zone.id);
  return queryClient.getQueryData(key) === null;
}

export function useSerialSweep(accountId: string): SerialSweep {
  const queryClient = useQueryClient();
  const [state, setState] = useState({
    running: false,
    listing: false,
    done: 0,
    total: 0,
    stopped: null as string | null,
    zones: [] as readonly Zone[],
    scope: 'page' as SweepScope,
  });
  const stopRequested = useRef(false);

  const start = useCallback(
    async (input: readonly Zone[] | (() => Promise<readonly Zone[]>), options: { scope?: SweepScope; recheck?: boolean } = {}) => {
      const setRun = (run: { running: boolean; listing: boolean; done: number; total: number; stopped: string | null; zones?: readonly Zone[] }) =>
        setState((previous) => ({
          ...previous,
          ...run,
          zones: options.recheck ? previous.zones : (run.zones ?? previous.zones),
          scope: options.recheck ? previous.scope : (options.scope ?? 'page'),
        }));
      let zones: readonly Zone[];
      if (typeof input === 'function') {
        setRun({ running: true, listing: true, done: 0, total: 0, stopped: null, zones: [] });
        try {
          zones = await input();
        } catch (error) {
          const why = isApiError(error) && error.status === 429 ? 'the shared Cloudflare API budget is spent' : 'the zone list could not be read';
          setRun({ running: false, listing: false, done: 0, total: 0, stopped: `Stopped: ${why} (${errorMessage(error)}).` });
          return;
        }
      } else {
        zones = input;
      }
      setRun({ running: true, listing: false, done: 0, total: 0, stopped: null, zones });
      const wanted = zones.filter((zone) => !knownNotConfigured(queryClient, zone));
      const { share, remaining } = await budgetShare(queryClient);
      const targets = withinShare(queryClient, wanted, share);
      stopRequested.current = false;
      let stopped: string | null =
        targets.length < wanted.length
          ? `Asked ${targets.length} of ${wanted.length} zones: the others would take more than half of what is left of the shared Cloudflare budget (${remaining} requests). Check again in a minute, or fewer zones at a time.`
          : null;
      let done = 0;
      setRun({ running: true, listing: false, done: 0, total: targets.length, stopped: null, zones });
      let next = 0;
      const worker = async () => {
        while (next < targets.length && !stopRequested.current) {
          const zone = targets[next]!;
          next += 1;
          try {
            // Whether a zone's transfers are on decides what its secondaries being behind means (Force NOTIFY or
            // not): read with it when the list has not loaded it yet (a row not scrolled to).
            if (directionOf(zone) === 'outgoing') {
              await queryClient.ensureQueryData(zoneQueries.outgoingStatus(zone.id)).catch((error: unknown) => {
                if (isApiError(error) && error.status === 429) throw error;
              });
            }
            if (!knownNotConfigured(queryClient, zone)) await queryClient.fetchQuery({ ...serialCheckQuery(accountId, zone.id, directionOf(zone)), staleTime: 0 });
          } catch (error) {
            if (isApiError(error) && error.status === 429 && !stopRequested.current) {
              stopRequested.current = true;
              stopped = `Stopped: the shared Cloudflare API budget is spent (${errorMessage(error)}).`;
            }
          }
          done += 1;
          setState((previous) => ({ ...previous, done }));
        }
      };
      await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, targets.length) }, worker));
      if (stopRequested.current && stopped === null && done < targets.length) stopped = 'Stopped before every zone was asked.';
      setRun({ running: false, listing: false, done, total: targets.length, stopped, zones });
    },
    [accountId, queryClient],
  );

  const stop = useCallback(() => {
    stopRequested.current = true;
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
