/**
 * What a Force AXFR / Force NOTIFY visibly changed. Cloudflare answers only "OK", so the panel reloads the
 * configuration and compares it with the one shown before: "Serial 2024061201 → 2024061203", or "Serial unchanged
 * (2024061201); checked 3 seconds ago". Cloudflare transfers in the background, so when nothing has moved yet the
 * panel keeps watching (`useForceWatch`: the configuration is read again every 5 s for up to a minute, stopping as
 * soon as it moves) and the result follows the live configuration.
 */
import { Alert, CloseButton, Group, Loader, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Incoming, Outgoing } from '@secdns/api-types';
import { errorMessage } from '../../../lib/api-client';
import { formatRelative } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import type { ForceOutcome } from '../api/mutations';

function timeMoved(before: string | undefined, after: string | undefined): boolean {
  if (!after) return false;
  if (!before) return true;
  return Date.parse(after) > Date.parse(before);
}

/** `wait`: what to do when nothing has moved yet and nobody is watching (the result adds it, or the watch's words). */
export interface ForceDescription {
  text: string;
  changed: boolean;
  wait?: string;
}

export function describeAxfrOutcome(outcome: ForceOutcome<Incoming>, now: number): ForceDescription {
  const { before, after } = outcome;
  if (after === undefined) {
    return {
      text: `Force AXFR was accepted, but the configuration could not be reloaded (${errorMessage(outcome.reloadError)}). Reload the panel to see the serial.`,
      changed: false,
    };
  }
  if (after === null) return { text: 'Force AXFR was accepted, but the zone no longer has a secondary configuration.', changed: false };
  const checked = after.checked_time ? `checked ${formatRelative(after.checked_time, now)}` : 'no check time reported';
  const serialBefore = before?.soa_serial;
  const serialAfter = after.soa_serial;
  if (serialAfter !== undefined && serialBefore !== undefined && serialAfter !== serialBefore) {
    return { text: `Serial ${serialBefore} → ${serialAfter}; ${checked}.`, changed: true };
  }
  const checkedMoved = timeMoved(before?.checked_time, after.checked_time);
  const serialText = serialAfter !== undefined ? `Serial unchanged (${serialAfter})` : 'No serial reported';
  return {
    text: checkedMoved
      ? `${serialText}; ${checked}. The primaries have nothing newer, or the transfer is still running: reload in a minute.`
      : `${serialText}; the check time has not moved yet (${checked}).`,
    changed: checkedMoved,
    ...(checkedMoved ? {} : { wait: 'Cloudflare transfers in the background: reload in a minute.' }),
  };
}

export function describeNotifyOutcome(outcome: ForceOutcome<Outgoing>, now: number): ForceDescription {
  const { before, after } = outcome;
  if (after === undefined) {
    return {
      text: `Force NOTIFY was accepted, but the configuration could not be reloaded (${errorMessage(outcome.reloadError)}).`,
      changed: false,
    };
  }
  if (after === null) return { text: 'Force NOTIFY was accepted, but the zone no longer has a primary configuration.', changed: false };
  const last = after.last_transferred_time;
  if (timeMoved(before?.last_transferred_time, last) && last) {
    return {
      text: `Cloudflare accepted the NOTIFY; a secondary transferred the zone ${formatRelative(last, now)} (before: ${before?.last_transferred_time ? formatRelative(before.last_transferred_time, now) : 'never'}). Serial ${after.soa_serial ?? 'not reported'}.`,
      changed: true,
    };
  }
  return {
    text: `Cloudflare accepted the NOTIFY; the last transfer time has not moved yet (${last ? formatRelative(last, now) : 'never'}).`,
    changed: false,
    wait: 'Secondaries ask for the zone in their own time: reload in a minute.',
  };
}

/** How the panel watches after a Force whose effect is not visible yet (tests shorten it). */
export const FORCE_WATCH = { intervalMs: 5_000, forMs: 60_000 };

export type ForceWatchState = 'idle' | 'watching' | 'ended';

export interface ForceWatch {
  state: ForceWatchState;
  /** For the configuration's `useQuery`: re-read while watching. */
  refetchInterval: number | false;
  start(): void;
  stop(): void;
}

/** Watching for a Force's effect: `start()` after an outcome that has not moved, `stop()` once it has. */
export function useForceWatch(): ForceWatch {
  const [until, setUntil] = useState<number | null>(null);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    if (until === null) return undefined;
    const timer = window.setTimeout(() => {
      setUntil(null);
      setEnded(true);
    }, Math.max(0, until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [until]);
  return {
    state: until !== null ? 'watching' : ended ? 'ended' : 'idle',
    refetchInterval: until !== null ? FORCE_WATCH.intervalMs : false,
    start: () => {
      setEnded(false);
      setUntil(Date.now() + FORCE_WATCH.forMs);
    },
    stop: () => {
      setUntil(null);
      setEnded(false);
    },
  };
}

/** The outcome against the live configuration (when the panel has one), with the watch's words when nothing moved. */
export function useWatchedOutcome<T>(
  outcome: ForceOutcome<T>,
  current: T | null | undefined,
  watch: ForceWatch,
  describe: (outcome: ForceOutcome<T>, now: number) => ForceDescription,
  now: number,
): { text: string; changed: boolean; watching: boolean } {
  const live = current === undefined ? outcome : { ...outcome, after: current };
  const { text, changed, wait } = describe(live, now);
  const { state, stop } = watch;
  useEffect(() => {
    if (changed && state === 'watching') stop();
  }, [changed, state, stop]);
  if (changed || !wait) return { text, changed, watching: false };
  if (state === 'watching') {
    return {
      text: `${text} Watching: reading the configuration again every ${FORCE_WATCH.intervalMs / 1000} s for up to a minute…`,
      changed,
      watching: true,
    };
  }
  if (state === 'ended') {
    return {
      text: `${text} Nothing moved within a minute of watching: see the setup check and the serial check below, and the other nameserver's logs.`,
      changed,
      watching: false,
    };
  }
  return { text: `${text} ${wait}`, changed, watching: false };
}

export function ForceResult({
  label,
  text,
  changed,
  watching = false,
  onDismiss,
}: {
  label: string;
  text: string;
  changed: boolean;
  watching?: boolean;
  onDismiss: () => void;
}) {
  return (
    <Alert color={changed ? 'teal' : 'blue'} variant="light" role="status" p="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          {watching && <Loader size={14} mt={3} aria-hidden />}
          <Text size="sm">
            <strong>{label}:</strong> {text}
          </Text>
        </Group>
        <CloseButton size="sm" aria-label={`Dismiss the ${label} result`} onClick={onDismiss} />
      </Group>
    </Alert>
  );
}

/** Keeps relative times in a result fresh (re-renders every 5 s; the time is read at render). */
export function useResultNow(): number {
  useNow(5_000);
  return Date.now();
}

/** A panel's Force result and the watch that follows it: `show` after a Force (watches when nothing moved yet), `clear`. */
export interface ForceFollowThrough<T> {
  outcome: ForceOutcome<T> | null;
  watch: ForceWatch;
  describe: (outcome: ForceOutcome<T>, now: number) => ForceDescription;
  show(result: ForceOutcome<T>): void;
  clear(): void;
}

export function useForceFollowThrough<T>(
  describe: (outcome: ForceOutcome<T>, now: number) => ForceDescription,
): ForceFollowThrough<T> {
  const watch = useForceWatch();
  const [outcome, setOutcome] = useState<ForceOutcome<T> | null>(null);
  return {
    outcome,
    watch,
    describe,
    show: (result) => {
      setOutcome(result);
      // Nothing visible yet: Cloudflare (or the secondaries) transfer in the background, so keep reading for a minute.
      if (describe(result, Date.now()).changed || result.after === null) watch.stop();
      else watch.start();
    },
    clear: () => {
      setOutcome(null);
      watch.stop();
    },
  };
}

/** The result of the last Force on a panel, following the live configuration (`current`) while watched. */
export function FollowedForceResult<T>({
  label,
  follow,
  current,
}: {
  label: string;
  follow: ForceFollowThrough<T> & { outcome: ForceOutcome<T> };
  current: T | null | undefined;
}) {
  const now = useResultNow();
  const { text, changed, watching } = useWatchedOutcome(follow.outcome, current, follow.watch, follow.describe, now);
  return <ForceResult label={label} text={text} changed={changed} watching={watching} onDismiss={follow.clear} />;
}

