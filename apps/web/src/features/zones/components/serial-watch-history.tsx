/**
 * "History" on the serial watch's line above the zones list: everything the watch found in the account over the
 * last 90 days (`…/serial_watch/history`, kept by the BFF, no Cloudflare call) — which zones fell behind, when, and
 * when and after how long they were no longer behind — newest first, a page at a time. What support reads at the
 * start of a shift: "what happened overnight?". Each zone's page shows its own findings among its recent actions.
 */
import { Anchor, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { SERIAL_WATCH_HISTORY_DAYS } from '@secdns/api-types';
import { ErrorState } from '../../../components/error-state';
import { KEYBOARD_SCROLL } from '../../../components/keyboard-scroll';
import { countOf } from '../../../lib/count';
import { useNow } from '../../../lib/use-now';
import { zonePath } from '../../../lib/zone-path';
import { accountWatchHistoryQuery } from '../serial-watch';
import { PanelSkeleton } from './transfer-panel';
import { WatchEventCells, WhenCell } from './zone-activity';

function HistoryList({ accountId, onOpenZone }: { accountId: string; onOpenZone: () => void }) {
  const now = useNow(30_000);
  const history = useInfiniteQuery(accountWatchHistoryQuery(accountId));
  if (history.isPending) return <PanelSkeleton />;
  if (history.isError) {
    return (
      <ErrorState
        title="Could not load the serial watch's history"
        error={history.error}
        onRetry={() => void history.refetch()}
        retrying={history.isFetching}
      />
    );
  }
  // Newest first by offset: events found while paging shift the pages, so one may come twice (kept once).
  const seen = new Set<number>();
  const events = history.data.pages.flatMap((page) => page.result).filter((event) => !seen.has(event.id) && Boolean(seen.add(event.id)));
  const total = history.data.pages[0]?.result_info?.total_count ?? events.length;
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing yet: the serial watch has not found any zone of this account behind (it keeps what it finds for{' '}
        {SERIAL_WATCH_HISTORY_DAYS} days).
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={720} scrollAreaProps={KEYBOARD_SCROLL}>
        <Table verticalSpacing={6} horizontalSpacing="sm" aria-label="Serial watch history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Zone</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Verdict</Table.Th>
              <Table.Th>Serials</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((event) => (
              <Table.Tr key={event.id}>
                <WhenCell time={event.time} now={now} />
                <Table.Td>
                  <Anchor component={Link} to={zonePath(accountId, event.zone_id)} onClick={onOpenZone} ff="monospace" size="sm">
                    {event.zone_name.replace(/\.$/, '')}
                  </Anchor>
                </Table.Td>
                <WatchEventCells event={event} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {events.length < total ? `The newest ${events.length} of ${countOf(total, 'finding')}` : countOf(total, 'finding')} in
          the last {SERIAL_WATCH_HISTORY_DAYS} days. Times are when the watch found it (it checks every zone once a round).
        </Text>
        {history.hasNextPage && (
          <Button size="xs" variant="default" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
            Show older
          </Button>
        )}
      </Group>
    </Stack>
  );
}

export function SerialWatchHistoryButton({ accountId }: { accountId: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Anchor component="button" type="button" size="xs" onClick={open} style={{ whiteSpace: 'nowrap' }}>
        History
      </Anchor>
      <Modal opened={opened} onClose={close} title="Serial watch history" size={1000} closeButtonProps={{ 'aria-label': 'Close' }}>
        {opened && <HistoryList accountId={accountId} onOpenZone={close} />}
      </Modal>
    </>
  );
}
