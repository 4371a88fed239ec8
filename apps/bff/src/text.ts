/** Small wording helpers for the BFF's sentences (messages people read). */

/** "1 zone", "3 zones". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A count with thousands separators, as the browser shows it: "2,000". */
export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** A wait in words, rounded up: "45 seconds", "1 minute", "15 minutes", "3 hours". */
export function duration(seconds: number): string {
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second');
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? plural(minutes, 'minute') : plural(Math.ceil(minutes / 60), 'hour');
}

/** A moment in UTC as a sentence says it: "05:41:02 UTC", or with its date "2026-12-03 05:41:02 UTC". */
export function utcTime(ms: number, { date = false } = {}): string {
  const iso = new Date(ms).toISOString();
  return `${date ? `${iso.slice(0, 10)} ` : ''}${iso.slice(11, 19)} UTC`;
}
