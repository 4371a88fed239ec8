/**
 * The setup check under a configured transfer panel: what looks wrong with the zone's transfers (from the account's
 * peers, TSIG keys and ACLs: no extra call per zone), and what the other nameserver needs — Cloudflare's addresses to
 * copy and an excerpt of its configuration (BIND 9, Knot DNS or NSD: the choice is remembered in this browser). Open by
 * itself when something is wrong. The checks are `../setup-check.ts`.
 */
import {
  Accordion,
  Anchor,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  SegmentedControl,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCircleCheck, IconCircleX, IconCopy, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { CopyId } from '../../../components/copy-id';
import {
  CLOUDFLARE_ADDRESSES_DOC,
  CLOUDFLARE_NOTIFY_TARGETS,
  CLOUDFLARE_PRIMARY_ADDRESS,
  CLOUDFLARE_TRANSFER_SOURCES,
} from '../../../lib/cloudflare-addresses';
import { aclsListQuery, peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { useNow } from '../../../lib/use-now';
import {
  EXCERPT_SERVERS,
  setupChecks,
  summarize,
  type CheckStatus,
  type ExcerptServer,
  type SetupInput,
} from '../setup-check';

const LOOK: Record<CheckStatus, { color: string; icon: ReactNode; label: string }> = {
  ok: { color: 'teal', icon: <IconCircleCheck size={16} aria-hidden />, label: 'OK' },
  info: { color: 'blue', icon: <IconInfoCircle size={16} aria-hidden />, label: 'Note' },
  warning: { color: 'yellow', icon: <IconAlertTriangle size={16} aria-hidden />, label: 'Warning' },
  problem: { color: 'red', icon: <IconCircleX size={16} aria-hidden />, label: 'Problem' },
};

export interface SetupCheckSectionProps {
  accountId: string;
  side: SetupInput['side'];
  zoneName: string;
  peerIds: readonly string[];
  autoRefreshSeconds?: number;
  checkedTime?: string;
  enabled?: boolean;
}

function Addresses({ label, values }: { label: string; values: readonly string[] }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="md">
        {values.map((value) => (
          <CopyId key={value} value={value} label={`address ${value}`} />
        ))}
      </Group>
    </Stack>
  );
}

const SERVER_OPTIONS = Object.entries(EXCERPT_SERVERS).map(([value, { label }]) => ({ value, label }));

/** The nameserver the excerpt is written for, remembered in this browser (BIND 9 until another is picked). */
function useExcerptServer(): [ExcerptServer, (server: string) => void] {
  const [stored, setStored] = useLocalStorage<string>({
    key: 'secdns.excerptServer',
    defaultValue: 'bind',
    getInitialValueInEffect: false,
  });
  const server = Object.hasOwn(EXCERPT_SERVERS, stored) ? (stored as ExcerptServer) : 'bind';
  return [server, setStored];
}

/** The setup check's input from the account's cached peers, TSIG keys and ACLs (the same reads as the pages). */
function useSetupInput({ accountId, side, zoneName, peerIds, autoRefreshSeconds, checkedTime, enabled }: SetupCheckSectionProps) {
  const now = useNow(60_000);
  const peers = useQuery(peersListQuery(accountId));
  const tsigs = useQuery(tsigsListQuery(accountId));
  const acls = useQuery(aclsListQuery(accountId));
  const input: SetupInput = {
    side,
    zoneName,
    peerIds,
    peers: peers.data,
    tsigs: tsigs.data,
    acls: acls.data,
    autoRefreshSeconds,
    checkedTime,
    enabled,
    now,
  };
  return { input, peers, tsigs, acls };
}

/**
 * The titles of the setup check's problems (what stops transfers), for a Force dialog to name before it is sent:
 * Cloudflare accepts a Force AXFR or NOTIFY whatever the setup, and transfers with the peers concerned then fail
 * without a word (with other peers they may still go: one primary gone of two is not the zone's transfer failing).
 */
export function useSetupProblems(props: SetupCheckSectionProps): string[] {
  const { input } = useSetupInput(props);
  return setupChecks(input)
    .filter((check) => check.status === 'problem')
    .map((check) => check.title);
}

/** A Force dialog's line naming the setup check's problems (nothing when there are none). */
export function SetupProblemsNote({ problems, action }: { problems: readonly string[]; action: string }) {
  if (problems.length === 0) return null;
  return (
    <Text size="sm" c="var(--mantine-color-red-text)" data-testid="force-setup-problems">
      The setup check finds {problems.length === 1 ? 'a problem' : 'problems'}: {problems.join('; ')}. Cloudflare accepts
      {` ${action}`} all the same and reports no failure: until {problems.length === 1 ? 'it is' : 'they are'} fixed,
      transfers with the peers concerned fail.
    </Text>
  );
}

export function SetupCheckSection(props: SetupCheckSectionProps) {
  const { side } = props;
  const { input, peers, tsigs, acls } = useSetupInput(props);
  const checks = setupChecks(input);
  const { text, worst } = summarize(checks);
  const [server, setServer] = useExcerptServer();
  const snippet = EXCERPT_SERVERS[server].write(input);
  const them = side === 'secondary' ? 'primary' : 'secondary';
  const loading = peers.isPending || tsigs.isPending || acls.isPending;
  const open = worst === 'problem' || worst === 'warning';
  const unavailable = [
    peers.isError && 'peers',
    tsigs.isError && 'TSIG keys',
    acls.isError && 'ACLs',
  ].filter((what): what is string => Boolean(what));

  return (
    <Accordion variant="contained" radius="md" defaultValue={open ? 'setup' : null} key={open ? 'open' : 'closed'}>
      <Accordion.Item value="setup">
        <Accordion.Control icon={<ThemeIcon variant="light" color={LOOK[worst].color} size="sm">{LOOK[worst].icon}</ThemeIcon>}>
          <Text size="sm" fw={600} span>
            Setup check
          </Text>
          <Text size="sm" c="dimmed" span>
            {' '}
            · {loading ? 'checking peers and keys…' : text}
          </Text>
        </Accordion.Control>
        <Accordion.Panel>
          <Stack gap="md">
            <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Setup check results">
              {checks.map((check) => (
                <Group key={check.id} component="li" gap="sm" wrap="nowrap" align="flex-start" data-status={check.status}>
                  <ThemeIcon variant="light" color={LOOK[check.status].color} size="sm" mt={2} aria-hidden>
                    {LOOK[check.status].icon}
                  </ThemeIcon>
                  <Box>
                    <Text size="sm" fw={500}>
                      <VisuallyHidden>{LOOK[check.status].label}: </VisuallyHidden>
                      {check.title}
                    </Text>
                    {check.detail && (
                      <Text size="sm" c="dimmed">
                        {check.detail}
                      </Text>
                    )}
                  </Box>
                </Group>
              ))}
              {unavailable.length > 0 && (
                <Group component="li" gap="sm" wrap="nowrap" align="flex-start" data-status="unavailable">
                  <ThemeIcon variant="light" color="gray" size="sm" mt={2} aria-hidden>
                    <IconInfoCircle size={16} aria-hidden />
                  </ThemeIcon>
                  <Text size="sm" c="dimmed">
                    Could not load the account&apos;s {unavailable.join(' and ')}: the checks that need them are left
                    out.{' '}
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      underline="always"
                      onClick={() => {
                        if (peers.isError) void peers.refetch();
                        if (tsigs.isError) void tsigs.refetch();
                        if (acls.isError) void acls.refetch();
                      }}
                    >
                      Try again
                    </Anchor>
                  </Text>
                </Group>
              )}
            </Stack>

            <Stack gap="sm">
              <Title order={3} size="h6">
                On your {them} servers
              </Title>
              {side === 'secondary' ? (
                <>
                  <Addresses label="Allow zone transfers (AXFR/IXFR) from" values={CLOUDFLARE_TRANSFER_SOURCES} />
                  <Addresses label="Send NOTIFY to" values={CLOUDFLARE_NOTIFY_TARGETS} />
                </>
              ) : (
                <>
                  <Addresses label="Transfer from (Cloudflare as primary)" values={[CLOUDFLARE_PRIMARY_ADDRESS]} />
                  <Text size="sm" c="dimmed">
                    Cloudflare&apos;s NOTIFY comes from other addresses: allow them as NOTIFY sources (listed in{' '}
                    <Anchor href={CLOUDFLARE_ADDRESSES_DOC} target="_blank" rel="noreferrer" size="sm" underline="always">
                      Cloudflare&apos;s IP addresses for zone transfers
                    </Anchor>
                    ).
                  </Text>
                </>
              )}
              <Stack gap={4}>
                <SegmentedControl
                  size="xs"
                  data={SERVER_OPTIONS}
                  value={server}
                  onChange={setServer}
                  aria-label="Nameserver of the excerpt"
                  style={{ alignSelf: 'flex-start' }}
                />
                <Group justify="space-between" align="center">
                  <Text size="sm" fw={500}>
                    {EXCERPT_SERVERS[server].label} excerpt ({EXCERPT_SERVERS[server].file})
                  </Text>
                  <CopyButton value={snippet} timeout={1500}>
                    {({ copied, copy }) => (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color={copied ? 'teal' : 'gray'}
                        onClick={copy}
                        leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                      >
                        {copied ? 'Copied' : 'Copy excerpt'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Code block data-testid="server-excerpt" data-server={server} tabIndex={0}>
                  {snippet}
                </Code>
              </Stack>
            </Stack>
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
