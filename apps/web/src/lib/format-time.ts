/**
 * Times and durations as a DNS admin reads them, with `Intl` (no date library):
 *
 *   formatRelative('2026-11-23T11:39:07Z', now)   → "3 minutes ago"
 *   formatAbsolute('2026-11-23T11:42:07Z')        → "2026-11-23 11:42:07 UTC" (the browser's time zone, named)
 *   formatInterval(86400)                         → "1 day";  formatInterval(5400) → "1 hour 30 minutes"
 */

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['week', 7 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', SECOND],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

function toMillis(value: string | number | Date): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
}

/** Times up to this far in the future are clock skew between Cloudflare and the browser: "just now". */
const SKEW_SECONDS = 60;

/** "3 minutes ago", "in 2 hours", "just now". Unparseable input is returned as it is. */
export function formatRelative(value: string | number | Date, now: number = Date.now()): string {
  const at = toMillis(value);
  if (Number.isNaN(at)) return String(value);
  const diff = Math.round((at - now) / 1000);
  const abs = Math.abs(diff);
  if (abs < 2 || (diff > 0 && diff <= SKEW_SECONDS)) return 'just now';
  for (const [unit, seconds] of RELATIVE_UNITS) {
    if (abs >= seconds) return relativeFormat.format(Math.trunc(diff / seconds), unit);
  }
  return 'just now';
}

const absoluteFormats = new Map<string, Intl.DateTimeFormat>();

function absoluteFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = absoluteFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone,
    });
    absoluteFormats.set(key, format);
  }
  return format;
}

/** "2026-11-23 11:42:07 UTC": date and time in the browser's time zone (or `timeZone`), with the zone's name. */
export function formatAbsolute(value: string | number | Date, timeZone?: string): string {
  const at = toMillis(value);
  if (Number.isNaN(at)) return String(value);
  const parts = Object.fromEntries(absoluteFormat(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

/** A number of seconds in words (shared with the BFF's chat messages): 5400 → "1 hour 30 minutes". */
export { formatInterval } from '@secdns/api-types';
