/**
 * What a Force AXFR / Force NOTIFY visibly changed. Cloudflare answers only "OK", so the panel reloads the
 * configuration and compares it with the one shown before: "Serial 2024061201 → 2024061203", or "Serial unchanged
 * (2024061201); checked 3 seconds ago".
 */
import { Alert, CloseButton, Group, Text } from '@mantine/core';
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

export function describeAxfrOutcome(outcome: ForceOutcome<Incoming>, now: number): { text: string; changed: boolean } {
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
      : `${serialText}; the check time has not moved yet (${checked}). Cloudflare transfers in the background: reload in a minute.`,
    changed: checkedMoved,
  };
}

export function describeNotifyOutcome(outcome: ForceOutcome<Outgoing>, now: number): { text: string; changed: boolean } {
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
      text: `NOTIFY sent; last transferred ${formatRelative(last, now)} (was ${before?.last_transferred_time ? formatRelative(before.last_transferred_time, now) : 'never'}). Serial ${after.soa_serial ?? 'not reported'}.`,
      changed: true,
    };
  }
  return {
    text: `Cloudflare accepted the NOTIFY; the last transfer time has not moved yet (${last ? formatRelative(last, now) : 'never'}). Secondaries ask for the zone in their own time: reload in a minute.`,
    changed: false,
  };
}

export function ForceResult({
  label,
  text,
  changed,
  onDismiss,
}: {
  label: string;
  text: string;
  changed: boolean;
  onDismiss: () => void;
}) {
  return (
    <Alert color={changed ? 'teal' : 'blue'} variant="light" role="status" p="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Text size="sm">
          <strong>{label}:</strong> {text}
        </Text>
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
