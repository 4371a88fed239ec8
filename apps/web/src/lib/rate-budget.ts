/**
 * The shared Cloudflare API budget, as the BFF's rate governor reports it (`GET /api/meta/ratelimit`, ADR 005).
 * A BFF-owned route, not a contract operation: read through `request` like `/api/meta`.
 */
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { RateBudget } from '@secdns/api-types';
import { API_PREFIX, request } from './api-client';

export type { RateBudget };

export const rateBudgetKey = ['meta', 'ratelimit'] as const;

export async function fetchRateBudget(signal?: AbortSignal): Promise<RateBudget> {
  const { envelope } = await request(`${API_PREFIX}/meta/ratelimit`, { method: 'GET', signal }, 'meta.ratelimit', {
    background: true,
  });
  const raw = envelope.result as Partial<RateBudget> | null | undefined;
  if (!raw || typeof raw.capacity !== 'number' || typeof raw.remaining !== 'number') {
    throw new Error('The budget report was not in the expected format.');
  }
  return raw as RateBudget;
}

/** Cloudflare's health as the header last read it (nothing is fetched: the header polls, errors refresh it). */
export function useReportedCloudflareHealth() {
  return useQuery({ ...rateBudgetQuery(), enabled: false }).data?.cloudflare;
}

/** How often the header asks, while someone is using the dashboard and the tab is visible. */
export const RATE_BUDGET_POLL_MS = 20_000;

export const rateBudgetQuery = () =>
  queryOptions({
    queryKey: rateBudgetKey,
    queryFn: ({ signal }) => fetchRateBudget(signal),
    staleTime: 5_000,
    retry: false,
  });

/** What a run over many zones may take: `share` reads, half of `remaining` of `whose` budget ('' : the whole one). */
export interface ReadAllowance {
  share: number;
  remaining: number | null;
  /** Words before "the shared Cloudflare budget" when a part of it is what limits the run: "your share of ". */
  whose: string;
}

/**
 * How many reads a run over many zones may take: half of what is left of the shared budget (ADR 012's rule), or of
 * this user's share of reads (`yourReads`, ADR 005), or of the bulk actions' share (`bulkReads`: everyone's runs
 * together) when that is less, so a big job never leaves the team without requests in the middle of an incident.
 * Without a report (an older BFF), no limit here: the BFF's governor still refuses what would trip Cloudflare's
 * lock-out.
 */
export async function readAllowance(queryClient: QueryClient): Promise<ReadAllowance> {
  try {
    const budget = await queryClient.fetchQuery({ ...rateBudgetQuery(), staleTime: 0 });
    const yours = budget.yourReads ? budget.yourReads.share - budget.yourReads.used : Number.POSITIVE_INFINITY;
    const bulk = budget.bulkReads ? budget.bulkReads.share - budget.bulkReads.used : Number.POSITIVE_INFINITY;
    const left = Math.max(0, Math.min(budget.remaining, yours, bulk));
    const whose =
      left === budget.remaining ? '' : left === yours ? 'your share of ' : "the share for actions over many zones (everyone's) of ";
    return { share: Math.floor(left / 2), remaining: left, whose };
  } catch {
    return { share: Number.POSITIVE_INFINITY, remaining: null, whose: '' };
  }
}

const number = new Intl.NumberFormat('en-US');

export type BudgetLevel = 'ok' | 'low' | 'spent';

/** Green above 20 % of the capacity, yellow at or below, red when nothing is left (or Cloudflare locked us out). */
export function budgetLevel(budget: Pick<RateBudget, 'remaining' | 'capacity' | 'lockedOutUntil'>): BudgetLevel {
  if (budget.lockedOutUntil || budget.remaining <= 0) return 'spent';
  if (budget.capacity > 0 && budget.remaining / budget.capacity <= 0.2) return 'low';
  return 'ok';
}

/**
 * The caller's own reads, when the BFF lets one user's reads take only a share of the budget (ADR 005):
 * "you: 120 of 550 reads" — null when it does not (or says nothing).
 */
export function yourReadsSummary(budget: Pick<RateBudget, 'yourReads'>): string | null {
  const yours = budget.yourReads;
  if (!yours) return null;
  return `you: ${number.format(yours.used)} of ${number.format(yours.share)} reads`;
}

/** "42 s", "3 min 20 s". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}
