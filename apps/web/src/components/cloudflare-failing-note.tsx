import { Text } from '@mantine/core';
import { failingNote } from '../lib/cloudflare-health';
import { useReportedCloudflareHealth } from '../lib/rate-budget';

/**
 * Under an error of Cloudflare's (502, 504): whether Cloudflare is failing for everyone, from the budget report the
 * header holds (refreshed on such an error: app/query-client.ts); nothing is fetched here.
 */
export function CloudflareFailingNote() {
  const note = failingNote(useReportedCloudflareHealth());
  if (!note) return null;
  return (
    <Text size="sm" fw={500} data-testid="cloudflare-failing-note">
      {note}
    </Text>
  );
}

