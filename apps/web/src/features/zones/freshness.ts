/** Whether a secondary zone looks stale, for the zones list and the zone page's setup check (no dependencies). */

/**
 * Cloudflare's last check of the primaries is more than twice the refresh interval (plus 5 minutes) ago: the zone is
 * probably stale (the primaries refuse Cloudflare, or do not answer). False when either value is missing.
 */
export function refreshOverdue(autoRefreshSeconds: number | undefined, checkedTime: string | undefined, now: number): boolean {
  if (autoRefreshSeconds === undefined || !checkedTime) return false;
  const checked = Date.parse(checkedTime);
  if (Number.isNaN(checked)) return false;
  return (now - checked) / 1000 > 2 * autoRefreshSeconds + 300;
}
