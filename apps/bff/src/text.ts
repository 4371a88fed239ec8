/** Small wording helpers for the BFF's sentences (messages people read). */

/** "1 zone", "3 zones". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
