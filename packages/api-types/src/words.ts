/** Wording shared by the browser and the BFF, so a duration reads the same on the page, in a ticket and in chat. */

const INTERVAL_UNITS: [string, number][] = [
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** A number of seconds in words, at most two units: 86400 → "1 day", 5400 → "1 hour 30 minutes", 300 → "5 minutes". */
export function formatInterval(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return `${totalSeconds} seconds`;
  let rest = Math.round(totalSeconds);
  if (rest === 0) return '0 seconds';
  const words: string[] = [];
  for (const [unit, seconds] of INTERVAL_UNITS) {
    const count = Math.floor(rest / seconds);
    if (count > 0) {
      words.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
      rest -= count * seconds;
    }
    if (words.length === 2) break;
  }
  return words.join(' ');
}

/** A sentence ended once: DNS names end with a dot already ("… notify-key.example.com." not "….com.."). */
export function withFullStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
