import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { failingNote } from '../lib/cloudflare-health';
import { rateBudgetQuery } from '../lib/rate-budget';

/**
 * Under an error of Cloudflare's (502, 504): whether Cloudflare is failing for everyone, from the budget report the
 * header holds (refreshed on such an error: app/query-client.ts); nothing is fetched here.
 */
export function CloudflareFailingNote() {
  const health = useQuery({ ...rateBudgetQuery(), enabled: false }).data?.cloudflare;
  const note = failingNote(health);
  if (!note) return null;
  return (
    <Text size="sm" fw={500} data-testid="cloudflare-failing-note">
      {note}
    </Text>
  );
}

