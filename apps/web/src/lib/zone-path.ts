/** The zone page's path: `/accounts/<account>/zones/<zone>` (the one place it is spelled out). */
export function zonePath(accountId: string, zoneId: string): string {
  return `/accounts/${encodeURIComponent(accountId)}/zones/${encodeURIComponent(zoneId)}`;
}
