/**
 * "Copy summary" on the zone page: the zone's state as plain text for a ticket (`../ticket-summary.ts`), gathered from
 * what the page has loaded (the configurations, peers, the last serial check, recent actions and the serial watch's findings): no extra
 * call.
 */
import { Button } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconCheck, IconClipboardText } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Incoming, Outgoing, Peer, SerialCheck, SerialWatch, SerialWatchEvent, Zone, ZoneActivityEntry } from '@secdns/api-types';
import { peersListQuery } from '../../../lib/lookups';
import { rateBudgetKey, type RateBudget } from '../../../lib/rate-budget';
import { zoneKeys } from '../api/queries';
import { ticketSummary } from '../ticket-summary';
import { serialCheckKey } from '../serial-check';
import { serialWatchQuery, watchHistoryQuery } from '../serial-watch';
import { ZONE_ACTIVITY_LIMIT } from './zone-activity';

export function ZoneSummaryButton({ accountId, zone }: { accountId: string; zone: Zone }) {
  const queryClient = useQueryClient();
  const clipboard = useClipboard({ timeout: 2000 });
  const copy = () => {
    const get = <T,>(key: readonly unknown[]) => queryClient.getQueryData<T>(key);
    clipboard.copy(
      ticketSummary({
        zone,
        url: window.location.href,
        incoming: get<Incoming | null>(zoneKeys.incoming(zone.id)),
        outgoing: get<Outgoing | null>(zoneKeys.outgoingConfig(zone.id)),
        outgoingStatus: get<string | null>(zoneKeys.outgoingStatus(zone.id)),
        peers: get<Peer[]>(peersListQuery(accountId).queryKey),
        serials: {
          incoming: get<SerialCheck>(serialCheckKey(zone.id, 'incoming')),
          outgoing: get<SerialCheck>(serialCheckKey(zone.id, 'outgoing')),
        },
        watched: get<SerialWatch>(serialWatchQuery(accountId).queryKey)?.zones?.filter((entry) => entry.zone_id === zone.id),
        activity: get<ZoneActivityEntry[]>(zoneKeys.activity(zone.id)),
        watchHistory: get<SerialWatchEvent[]>(watchHistoryQuery(accountId, zone.id, ZONE_ACTIVITY_LIMIT).queryKey),
        cloudflare: get<RateBudget>(rateBudgetKey)?.cloudflare,
        now: Date.now(),
      }),
    );
  };
  return (
    <Button
      size="xs"
      variant="default"
      onClick={copy}
      color={clipboard.copied ? 'teal' : undefined}
      leftSection={clipboard.copied ? <IconCheck size={14} aria-hidden /> : <IconClipboardText size={14} aria-hidden />}
    >
      {clipboard.copied ? 'Copied' : 'Copy summary for a ticket'}
    </Button>
  );
}
