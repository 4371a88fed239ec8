/**
 * The serial check under a configured transfer panel: on request, the BFF asks every peer of the zone for its SOA
 * over DNS and this section sets each serial beside Cloudflare's (RFC 1982 comparison done by the BFF), with what
 * to do about a difference. It runs only when asked (it sends DNS queries from the dashboard's server), and again by
 * itself when Cloudflare's serial or check time changes afterwards (e.g. after Force AXFR / Force NOTIFY). The serial
 * watch's check (ADR 014) is shown when it is the newest, with since when the watch has found the zone behind.
 * Route and answer: packages/api-types/src/resources/serials.ts; docs/decisions/010-serial-check.md.
 */
import { Alert, Badge, Box, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconRadar } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { PeerSerial, SerialDirection } from '@secdns/api-types';
import { ErrorState } from '../../../components/error-state';
import { KEYBOARD_SCROLL } from '../../../components/keyboard-scroll';
import { formatRelative } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { forcedAtQuery } from '../api/queries';
import { serialCheckQuery, summaryOf, verdictOf } from '../serial-check';
import { useSerialWatch, watchedZone } from '../serial-watch';
import { peerAddress } from './peer-picker';

function Verdict({ verdict, message }: { verdict: ReturnType<typeof verdictOf>; message: string }) {
  return (
    <Stack gap={2}>
      <Badge color={verdict.color} variant="light" size="sm">
        {verdict.label}
      </Badge>
      <Text size="xs" c="dimmed">
        {message}
      </Text>
    </Stack>
  );
}

function Address({ peer }: { peer: PeerSerial }) {
  if (!peer.address) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Text size="sm" ff="monospace">
      {peerAddress({ ip: peer.address, port: peer.port })}
    </Text>
  );
}

/** How long after a Force from this browser the zone's peers are asked again by themselves. */
const FORCE_RECHECK_MS = 15 * 60_000;

export interface SerialCheckSectionProps {
  accountId: string;
  zoneId: string;
  direction: SerialDirection;
  /** Cloudflare's serial and check time as the panel shows them: a change after a check runs it again. */
  cloudflareSerial?: number;
  checkedTime?: string;
}

export function SerialCheckSection({ accountId, zoneId, direction, cloudflareSerial, checkedTime }: SerialCheckSectionProps) {
  const [requested, setRequested] = useState(false);
  const now = useNow(15_000);
  // Below Mantine's "sm" (48em): two columns, the address under the name and the verdict under the serial.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const check = useQuery({ ...serialCheckQuery(accountId, zoneId, direction), enabled: requested });
  // The serial watch's last check of this zone (ADR 014) fills the same entry when it is newer.
  const watched = watchedZone(useSerialWatch(accountId).data, zoneId, direction);
  // The check shown is the serial watch's (nobody here asked for it).
  const byWatch = watched !== undefined && check.data?.checked_at === watched.check.checked_at;
  // A check made from the zones list ("Check serials") is shown with its time, and counts as asked; the watch's does
  // not (a change of Cloudflare's serial asks the peers again only for someone who asked) — unless this browser
  // forced a transfer or NOTIFY of the zone: whoever forces wants the peers' answers of after it, not the watch's.
  // (a Force of the last 15 minutes: coming back to the page hours later, nobody is waiting for those answers).
  const forcedAt = useQuery(forcedAtQuery(zoneId)).data;
  const forcedRecently = forcedAt !== undefined && now - forcedAt < FORCE_RECHECK_MS;
  const asked = requested || forcedRecently || (check.data !== undefined && !byWatch);

  // Cloudflare's copy moved (Force AXFR / NOTIFY, an edit, a reload): ask the peers again if they were asked before.
  // A Force from here asks them at once too (the check then says the transfer may still be under way).
  const seen = useRef({ cloudflareSerial, checkedTime, forcedAt });
  const { refetch } = check;
  useEffect(() => {
    const before = seen.current;
    seen.current = { cloudflareSerial, checkedTime, forcedAt };
    if (!asked) return;
    if (before.cloudflareSerial !== cloudflareSerial || before.checkedTime !== checkedTime || before.forcedAt !== forcedAt) {
      if (forcedRecently) setRequested(true);
      void refetch();
    }
  }, [asked, cloudflareSerial, checkedTime, forcedAt, forcedRecently, refetch]);

  const them = direction === 'incoming' ? 'primaries' : 'secondaries';
  const result = check.data;
  const running = check.isFetching;

  return (
    <Stack gap="xs" aria-label="Serial check" component="section">
      <Group justify="space-between" align="center" wrap="wrap" gap="xs">
        <Stack gap={0}>
          <Title order={3} size="h6">
            Serial check
          </Title>
          <Text size="xs" c="dimmed">
            {result
              ? `Asked ${formatRelative(result.checked_at, now)}${byWatch ? ' by the serial watch' : ''}: ${summaryOf(result)}.`
              : `Ask the ${them} for their SOA serial (a DNS query from this dashboard's server) and compare it with Cloudflare's.`}
            {byWatch && watched.behind_since && result?.cloudflare_serial_at_check === undefined && ` The serial watch first found this zone behind ${formatRelative(watched.behind_since, now)}.`}
            {result && result.cloudflare_serial_at_check !== undefined &&
              ` Cloudflare's serial has moved since (it was ${result.cloudflare_serial_at_check ?? 'none'}): the ${them}' answers are compared with its serial now (${result.cloudflare_serial}).`}
          </Text>
        </Stack>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconRadar size={14} aria-hidden />}
          loading={running}
          onClick={() => {
            setRequested(true);
            if (asked) void check.refetch();
          }}
        >
          {result || check.isError ? `Ask the ${them} again` : `Ask the ${them}`}
        </Button>
      </Group>

      {check.isError && !running && (
        <ErrorState title="The serial check did not run" error={check.error} onRetry={() => void check.refetch()} />
      )}

      {result && (
        <>
          {result.emulated && (
            <Alert color="yellow" variant="light" p="xs">
              <Text size="xs">
                Sandbox: the answers come from the sandbox&apos;s emulated nameserver, not from the addresses shown.
              </Text>
            </Alert>
          )}
          {result.peers.length === 0 ? (
            <Text size="sm" c="dimmed">
              This configuration names no {them}: there is nothing to ask.
            </Text>
          ) : (
            // On a phone the address goes under the peer's name and the verdict under the serial: two columns fit.
            <Table.ScrollContainer minWidth={280} scrollAreaProps={KEYBOARD_SCROLL}>
              <Table verticalSpacing={6} horizontalSpacing="sm" aria-label={`Serials of the ${them}`} data-testid={`serial-check-${direction}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{direction === 'incoming' ? 'Primary' : 'Secondary'}</Table.Th>
                    {!narrow && <Table.Th>Address</Table.Th>}
                    <Table.Th>Serial</Table.Th>
                    {!narrow && <Table.Th>Against Cloudflare ({result.cloudflare_serial ?? 'no serial'})</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.peers.map((peer) => {
                    const verdict = verdictOf(peer, direction);
                    return (
                      <Table.Tr key={peer.peer_id} data-status={peer.status} data-relation={peer.relation ?? ''}>
                        <Table.Td>
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {peer.peer_name ?? peer.peer_id}
                          </Text>
                          {narrow && <Address peer={peer} />}
                        </Table.Td>
                        {!narrow && (
                          <Table.Td>
                            <Address peer={peer} />
                          </Table.Td>
                        )}
                        <Table.Td>
                          <Text size="sm" ff="monospace">
                            {peer.serial ?? '—'}
                          </Text>
                          {peer.ms !== null && (
                            <Text size="xs" c="dimmed">
                              {peer.ms} ms{peer.transport === 'tcp' ? ' (TCP)' : ''}
                            </Text>
                          )}
                          {narrow && (
                            <Box mt={4}>
                              <Verdict verdict={verdict} message={peer.message} />
                            </Box>
                          )}
                        </Table.Td>
                        {!narrow && (
                          <Table.Td>
                            <Verdict verdict={verdict} message={peer.message} />
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Text size="xs" c="dimmed">
            Asked from this dashboard&apos;s server, not from Cloudflare&apos;s addresses: a {direction === 'incoming' ? 'primary' : 'secondary'}{' '}
            that answers here may still refuse Cloudflare (ACLs, TSIG), and one that does not answer here may still
            answer Cloudflare.
          </Text>
        </>
      )}
    </Stack>
  );
}
