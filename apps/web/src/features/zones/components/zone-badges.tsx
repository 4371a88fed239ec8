/** Badges and small cells shared by the zones list and the zone page. */
import { Badge, Text } from '@mantine/core';

const TYPE_LABEL: Record<string, string> = {
  secondary: 'secondary',
  full: 'full',
  partial: 'partial (CNAME)',
};

const TYPE_HINT: Record<string, string> = {
  secondary: 'Cloudflare pulls this zone from your primaries',
  full: 'Cloudflare is authoritative and can serve this zone to secondaries',
  partial: 'CNAME setup: Cloudflare is authoritative for some records',
};

/** The zone type as Cloudflare names it. */
export function ZoneTypeBadge({ type }: { type: string | undefined }) {
  if (!type) {
    return (
      <Text size="sm" c="dimmed" span>
        unknown
      </Text>
    );
  }
  return (
    <Badge size="sm" variant="light" color={type === 'secondary' ? 'blue' : 'gray'} title={TYPE_HINT[type]}>
      {TYPE_LABEL[type] ?? type}
    </Badge>
  );
}
