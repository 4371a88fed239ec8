/**
 * What a Force AXFR / Force NOTIFY did, as the dashboard saw it afterwards. Cloudflare answers "OK" and transfers in
 * the background, so the BFF notes the zone's configuration as it was just before the Force (the audit entry's
 * `before`) and compares it with the configuration its own later reads return (anyone's: the Force dialog's reloads,
 * the zone page, the serial watch) for a while: the first read that shows the transfer moved — or, when the window
 * ends, the last read that showed nothing moved — is kept beside the audit entry as `seen_after`. Words for it here,
 * shared by the audit page, a zone's Recent actions, the ticket summary and the CSV export.
 * See docs/decisions/018-force-seen-after.md.
 */
import { z } from 'zod';
import { isRecord } from './audit-changes.js';

/** The operations whose outcome is followed. */
export const FOLLOWED_FORCES = {
  forceAxfr: { read: 'incoming.get', time: 'checked_time' },
  'outgoing.forceNotify': { read: 'outgoing.get', time: 'last_transferred_time' },
} as const;
export type FollowedForce = keyof typeof FOLLOWED_FORCES;

export function isFollowedForce(operation: string): operation is FollowedForce {
  return Object.hasOwn(FOLLOWED_FORCES, operation);
}

/** The two facts of a configuration a Force can move: its SOA serial and its check (AXFR) or transfer (NOTIFY) time. */
export const ForceSnapshotSchema = z.object({
  soa_serial: z.number().int().nullable(),
  /** `checked_time` for Force AXFR, `last_transferred_time` for Force NOTIFY. */
  time: z.string().nullable(),
});
export type ForceSnapshot = z.infer<typeof ForceSnapshotSchema>;

export const ForceSeenAfterSchema = z.object({
  /** When the read that showed it was answered (the dashboard's clock). */
  observed_at: z.string(),
  /** Whether the transfer moved: the serial changed, or the check / transfer time moved past the one before. */
  moved: z.boolean(),
  /** Null when the configuration could not be read just before the Force (then a time after the Force counts). */
  before: ForceSnapshotSchema.nullable(),
  after: ForceSnapshotSchema,
});
export type ForceSeenAfter = z.infer<typeof ForceSeenAfterSchema>;

/** The snapshot of a configuration (an `incoming.get` / `outgoing.get` result, or an audit entry's `before`). */
export function forceSnapshotOf(operation: FollowedForce, config: unknown): ForceSnapshot | null {
  if (!isRecord(config)) return null;
  const serial = config.soa_serial;
  const time = config[FOLLOWED_FORCES[operation].time];
  return {
    soa_serial: typeof serial === 'number' && Number.isInteger(serial) ? serial : null,
    time: typeof time === 'string' && time ? time : null,
  };
}

/**
 * Whether `after` shows the Force's transfer: the serial differs from the one before, or the time moved past the
 * one before (past the Force itself when nothing was read before it).
 */
export function forceMoved(before: ForceSnapshot | null, after: ForceSnapshot, forcedAt: string): boolean {
  if (before && before.soa_serial !== null && after.soa_serial !== null && before.soa_serial !== after.soa_serial) return true;
  if (!after.time) return false;
  const since = before ? before.time : forcedAt;
  if (!since) return true;
  return Date.parse(after.time) > Date.parse(since);
}

/** "8 s", "3 min", "2 h": how long after the Force. */
function elapsed(from: string, to: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

const serialText = (serial: number | null) => (serial === null ? 'none' : String(serial));

/**
 * The outcome in one phrase, for a Force that Cloudflare accepted at `forcedAt`:
 * "serial 2024061201 → 2024061203, seen 8 s later"; "Cloudflare checked the primaries 5 s later; serial unchanged
 * (2024061201)"; "a secondary transferred the zone 3 s later (serial 7)"; "nothing moved in the dashboard's reads
 * over 10 min (serial 2024061201)".
 */
export function forceSeenAfterText(operation: string, seen: ForceSeenAfter, forcedAt: string): string {
  const later = elapsed(forcedAt, seen.observed_at);
  const serial = seen.after.soa_serial;
  if (operation === 'outgoing.forceNotify') {
    if (!seen.moved) return `no transfer seen in the dashboard's reads over ${later} (serial ${serialText(serial)})`;
    return `a secondary transferred the zone, seen ${later} later (serial ${serialText(serial)})`;
  }
  if (!seen.moved) return `nothing moved in the dashboard's reads over ${later} (serial ${serialText(serial)})`;
  const before = seen.before?.soa_serial ?? null;
  if (before !== null && serial !== null && before !== serial) return `serial ${before} → ${serial}, seen ${later} later`;
  return `Cloudflare checked the primaries, seen ${later} later; serial unchanged (${serialText(serial)})`;
}
