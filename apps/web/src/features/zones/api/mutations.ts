/**
 * Changes to a zone's transfer configuration. Each one updates or invalidates exactly the keys it changes, through
 * `zoneKeys` (never literal arrays); the zones list reads the same keys, so it follows.
 *
 * Force AXFR / Force NOTIFY: Cloudflare answers only "OK". The mutation then reloads the configuration and returns
 * it with the one from before, so the page can say whether the serial or the times moved.
 */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ClientBudgetPurpose, ForceActionBody, Incoming, IncomingBody, Outgoing, OutgoingBody } from '@secdns/api-types';
import { apiCall } from '../../../lib/api-client';
import { zoneKeys, zoneQueries } from './queries';

export interface ForceOutcome<T> {
  before: T | null;
  /** The configuration reloaded right after; `undefined` when that reload failed (`reloadError`). */
  after: T | null | undefined;
  reloadError?: unknown;
  at: number;
}

function actionBody(reason: string | undefined): ForceActionBody {
  const trimmed = reason?.trim();
  return trimmed ? { reason: trimmed } : {};
}

async function reload<T>(load: () => Promise<T | null>): Promise<{ after: T | null | undefined; reloadError?: unknown }> {
  try {
    return { after: await load() };
  } catch (reloadError) {
    return { after: undefined, reloadError };
  }
}

/** The configuration as shown, the action, then the configuration read again: what a Force changed. */
async function forceAndReload<T>(
  queryClient: QueryClient,
  zoneId: string,
  key: readonly unknown[],
  send: () => Promise<unknown>,
  load: () => Promise<T | null>,
): Promise<ForceOutcome<T>> {
  const before = queryClient.getQueryData<T | null>(key) ?? null;
  await send();
  queryClient.setQueryData(zoneKeys.forced(zoneId), Date.now());
  const { after, reloadError } = await reload(load);
  return { before, after, reloadError, at: Date.now() };
}

// Incoming (Cloudflare as secondary) ----------------------------------------------------------------------------

/** Creates or updates the secondary configuration and puts Cloudflare's answer in the cache (the form, and each zone
 * of "Replace a peer in its zones"). */
export async function saveIncoming(
  queryClient: QueryClient,
  zoneId: string,
  body: IncomingBody,
  exists: boolean,
  purpose?: ClientBudgetPurpose,
): Promise<Incoming> {
  const { result } = await apiCall(exists ? 'incoming.update' : 'incoming.create', { params: { zone_id: zoneId }, body, purpose });
  if (result) queryClient.setQueryData(zoneKeys.incoming(zoneId), result);
  else void queryClient.invalidateQueries({ queryKey: zoneKeys.incoming(zoneId) });
  return result;
}

export function useSaveIncoming(zoneId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, exists }: { body: IncomingBody; exists: boolean }): Promise<Incoming> =>
      saveIncoming(queryClient, zoneId, body, exists),
  });
}

export function useDeleteIncoming(zoneId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await apiCall('incoming.delete', { params: { zone_id: zoneId } });
    },
    onSuccess: () => queryClient.setQueryData(zoneKeys.incoming(zoneId), null),
  });
}

/** Force AXFR, then the configuration reloaded: the zone page's action and each zone of the bulk one. */
export function forceAxfrAndReload(
  queryClient: QueryClient,
  zoneId: string,
  reason: string | undefined,
  purpose?: ClientBudgetPurpose,
): Promise<ForceOutcome<Incoming>> {
  return forceAndReload(
    queryClient,
    zoneId,
    zoneKeys.incoming(zoneId),
    () => apiCall('forceAxfr', { params: { zone_id: zoneId }, body: actionBody(reason), purpose }),
    () => queryClient.fetchQuery({ ...zoneQueries.incoming(zoneId, purpose), staleTime: 0 }),
  );
}

export function useForceAxfr(zoneId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reason }: { reason?: string }): Promise<ForceOutcome<Incoming>> =>
      forceAxfrAndReload(queryClient, zoneId, reason),
  });
}

// Outgoing (Cloudflare as primary) ------------------------------------------------------------------------------

/** Creates or updates the primary configuration and puts Cloudflare's answer in the cache (the form, and each zone
 * of "Replace a peer in its zones"). */
export async function saveOutgoing(
  queryClient: QueryClient,
  zoneId: string,
  body: OutgoingBody,
  exists: boolean,
  purpose?: ClientBudgetPurpose,
): Promise<Outgoing> {
  const { result } = await apiCall(exists ? 'outgoing.update' : 'outgoing.create', { params: { zone_id: zoneId }, body, purpose });
  if (result) queryClient.setQueryData(zoneKeys.outgoingConfig(zoneId), result);
  else void queryClient.invalidateQueries({ queryKey: zoneKeys.outgoingConfig(zoneId) });
  // A new configuration has a status (Cloudflare starts it Disabled); an update leaves the status alone.
  if (!exists) void queryClient.invalidateQueries({ queryKey: zoneKeys.outgoingStatus(zoneId) });
  return result;
}

export function useSaveOutgoing(zoneId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, exists }: { body: OutgoingBody; exists: boolean }): Promise<Outgoing> =>
      saveOutgoing(queryClient, zoneId, body, exists),
  });
}

export function useDeleteOutgoing(zoneId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await apiCall('outgoing.delete', { params: { zone_id: zoneId } });
    },
    onSuccess: () => {
      queryClient.setQueryData(zoneKeys.outgoingConfig(zoneId), null);
      queryClient.setQueryData(zoneKeys.outgoingStatus(zoneId), null);
    },
  });
}

/**
 * Enable (sends a NOTIFY: the transfer times move) or disable (clears the IXFR backlog) outgoing transfers, and put
 * the new status in the cache (the zone page's switch, and "Set up primaries" on several zones).
 */
export async function setOutgoingEnabled(
  queryClient: QueryClient,
  zoneId: string,
  enable: boolean,
  reason?: string,
  purpose?: ClientBudgetPurpose,
): Promise<string> {
  const { result: status } = await apiCall(enable ? 'outgoing.enable' : 'outgoing.disable', {
    params: { zone_id: zoneId },
    body: actionBody(reason),
    purpose,
  });
  if (typeof status === 'string' && status) queryClient.setQueryData(zoneKeys.outgoingStatus(zoneId), status);
  else void queryClient.invalidateQueries({ queryKey: zoneKeys.outgoingStatus(zoneId) });
  if (enable) void queryClient.invalidateQueries({ queryKey: zoneKeys.outgoingConfig(zoneId) });
  return status;
}

export function useSetOutgoingEnabled(zoneId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ enable, reason }: { enable: boolean; reason?: string }): Promise<string> =>
      setOutgoingEnabled(queryClient, zoneId, enable, reason),
  });
}

/** Force NOTIFY, then the configuration reloaded: the zone page's action and each zone of the bulk one. */
export function forceNotifyAndReload(
  queryClient: QueryClient,
  zoneId: string,
  reason: string | undefined,
  purpose?: ClientBudgetPurpose,
): Promise<ForceOutcome<Outgoing>> {
  return forceAndReload(
    queryClient,
    zoneId,
    zoneKeys.outgoingConfig(zoneId),
    () => apiCall('outgoing.forceNotify', { params: { zone_id: zoneId }, body: actionBody(reason), purpose }),
    () => queryClient.fetchQuery({ ...zoneQueries.outgoingConfig(zoneId, purpose), staleTime: 0 }),
  );
}

export function useForceNotify(zoneId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reason }: { reason?: string }): Promise<ForceOutcome<Outgoing>> =>
      forceNotifyAndReload(queryClient, zoneId, reason),
  });
}
