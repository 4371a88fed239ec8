/**
 * Numbers as typed in a form's text box, before the contract's schema judges them. Nothing typed is dropped or
 * rewritten (a number box turned `53.5` into 535 and `-53` into 53): a number written in decimal becomes that number,
 * so the schema can say it is not whole or out of range; anything else stays the text, which the schema refuses as
 * not a number. An empty box is `undefined` (an omitted optional field).
 *
 *   typedNumber('53')     → 53          typedNumber('53.5') → 53.5 (not whole: refused)
 *   typedNumber('-53')    → -53         typedNumber('53a')  → '53a' (not a number: refused)
 *   typedSeconds('1h30m') → 5400        typedSeconds('1.5e3') → '1.5e3' (refused)
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** What a number box holds → a number, the text itself (refused by the schema), or `undefined` when empty. */
export function typedNumber(value: number | string): number | string | undefined {
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (text === '') return undefined;
  return DECIMAL.test(text) ? Number(text) : text;
}

/** BIND's duration units (named.conf, zone files), largest first. */
const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/i;
const UNIT_SECONDS = [604800, 86400, 3600, 60, 1] as const;

/**
 * A duration written as BIND writes one (`1h`, `30m`, `1d`, `1w`, `1h30m`; units largest first, each once, any
 * case) → seconds; null for anything else (plain numbers included: they are seconds already).
 */
export function durationSeconds(text: string): number | null {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  if (!match || !/[a-z]/i.test(trimmed)) return null;
  return match.slice(1).reduce((total, amount, index) => total + Number(amount ?? 0) * UNIT_SECONDS[index]!, 0);
}

/** What a seconds box holds → `typedNumber`, or a BIND duration (`1h30m`) in seconds. */
export function typedSeconds(value: number | string): number | string | undefined {
  if (typeof value === 'string') {
    const seconds = durationSeconds(value);
    if (seconds !== null) return seconds;
  }
  return typedNumber(value);
}
