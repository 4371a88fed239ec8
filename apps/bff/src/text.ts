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
