/**
 * The shared Cloudflare API budget in the header (ADR 005): a small ring (green, yellow at 20 % or less, red when
 * spent) and, on click, the figures — requests left, when they come back, changes waiting, Cloudflare's lock-out,
 * your own reads of your share when the BFF limits them per user, the bulk actions' reads (everyone's) of theirs,
 * who spent the window's requests on what — and whether some data on screen came from the dashboard's cache because
 * the budget (or your share of it) is spent.
 *
 * Polls `GET /api/meta/ratelimit` every 20 s (5 s while Cloudflare is failing) only while the tab is visible and
 * someone used the page in the last two minutes: figures nobody looks at are not worth a request every 20 s. (The
 * poll never renews the session anyway: the BFF does not count it as activity, `BACKGROUND_POLL_PATHS` in its auth plugin.) It is also refreshed after every
 * change and every refusal for budget (`query-client.ts`). A 401 here hides it and signs nobody out (`request`'s
 * `background`).
 */
import { Badge, Box, Divider, Group, Popover, RingProgress, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconCloudOff, IconHistory } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  budgetLevel,
  formatSeconds,
  RATE_BUDGET_POLL_MS,
  rateBudgetQuery,
  type BudgetLevel,
  yourReadsSummary,
  type RateBudget,
} from '../../lib/rate-budget';
import { spenderName, spendSummary } from '../../lib/budget-spending';
import { CloudflareHealthSection } from './cloudflare-health-section';
import { healthBadge } from '../../lib/cloudflare-health';
import { sessionQuery } from '../../lib/session';
import { staleReadNotice, subscribeStaleReads } from '../../lib/stale-reads';

const COLOR: Record<BudgetLevel, string> = { ok: 'teal', low: 'yellow', spent: 'red' };
const IDLE_AFTER_MS = 2 * 60_000;
const FAILING_POLL_MS = 5_000;

/** How often to ask for the report: not while nobody uses the page; every 5 s while Cloudflare fails, else 20 s. */
export function budgetPollMs(active: boolean, report: RateBudget | undefined): number | false {
  if (!active) return false;
  return report?.cloudflare?.state === 'failing' ? FAILING_POLL_MS : RATE_BUDGET_POLL_MS;
}
const number = new Intl.NumberFormat('en-US');

/** Whether someone pressed, typed, scrolled or moved the pointer in the last `idleMs`. */
function useRecentActivity(idleMs: number): boolean {
  const [active, setActive] = useState(true);
  useEffect(() => {
    let last = Date.now();
    let current = true;
    const onActivity = () => {
      last = Date.now();
      if (!current) {
        current = true;
        setActive(true);
      }
    };
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'focusin'] as const;
    for (const name of events) window.addEventListener(name, onActivity, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (current && Date.now() - last > idleMs) {
        current = false;
        setActive(false);
      }
    }, 15_000);
    return () => {
      for (const name of events) window.removeEventListener(name, onActivity, { capture: true });
      window.clearInterval(timer);
    };
  }, [idleMs]);
  return active;
}

function summary(budget: RateBudget): string {
  const yours = yourReadsSummary(budget);
  return `${number.format(budget.remaining)} of ${number.format(budget.capacity)} requests left${yours ? `; ${yours}` : ''}`;
}

export function RateBudgetIndicator() {
  const active = useRecentActivity(IDLE_AFTER_MS);
  const budget = useQuery({
    ...rateBudgetQuery(),
    // TanStack Query does not run the interval while the tab is hidden (refetchIntervalInBackground: false). While
    // Cloudflare is failing, every 5 s: the badge goes as soon as Cloudflare answers again (a BFF-only request).
    refetchInterval: (query) => budgetPollMs(active, query.state.data),
  });
  const stale = useSyncExternalStore(subscribeStaleReads, staleReadNotice, staleReadNotice);
  const me = useQuery({ ...sessionQuery(), enabled: false }).data?.user?.username ?? null;
  const [opened, setOpened] = useState(false);

  // No report (an older BFF, or signed out): show nothing rather than a guess.
  if (!budget.data) return null;
  const data = budget.data;
  const level = budgetLevel(data);
  const percent = data.capacity > 0 ? Math.max(0, Math.min(100, (data.remaining / data.capacity) * 100)) : 0;
  const lockedUntil = data.lockedOutUntil ? new Date(data.lockedOutUntil) : null;
  const yours = data.yourReads;
  const badge = healthBadge(data.cloudflare);
  const label =
    `Cloudflare API budget: ${summary(data)}${stale ? '; some data shown is from the cache' : ''}` +
    (badge ? `; ${badge.label}` : '');

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md" width={360}>
      <Popover.Target>
        <UnstyledButton
          aria-label={label}
          title={label}
          data-testid="rate-budget"
          data-level={level}
          onClick={() => setOpened((o) => !o)}
          style={{ display: 'inline-flex', alignItems: 'center', gap: 6, borderRadius: 'var(--mantine-radius-sm)' }}
        >
          <RingProgress
            size={30}
            thickness={4}
            roundCaps
            sections={[{ value: level === 'spent' ? 100 : percent, color: COLOR[level] }]}
            aria-hidden
          />
          {stale && (
            <Badge size="sm" variant="light" color="yellow" leftSection={<IconHistory size={12} aria-hidden />} visibleFrom="md">
              Cached data
            </Badge>
          )}
          {badge && (
            <>
              <Badge
                size="sm"
                variant="light"
                color={badge.color}
                leftSection={<IconCloudOff size={12} aria-hidden />}
                data-testid="cloudflare-health-badge"
                style={{ flexShrink: 0 }}
                visibleFrom="sm"
              >
                {badge.label}
              </Badge>
              {/* A narrow header has no room for the words: the icon in the badge's colour (the label says it). */}
              <Box hiddenFrom="sm" c={`${badge.color}.7`} style={{ display: 'inline-flex' }} aria-hidden>
                <IconCloudOff size={20} />
              </Box>
            </>
          )}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
          <Text fw={600} size="sm">
            Cloudflare API budget
          </Text>
          <Text size="xs" c="dimmed">
            One API token serves everyone using this dashboard; Cloudflare allows it {number.format(data.limit)} requests
            per {formatSeconds(data.windowSeconds)}. The dashboard keeps {number.format(data.headroom)} of them spare.
          </Text>
          <Group justify="space-between" gap="xs">
            <Text size="sm">Requests left</Text>
            <Text size="sm" fw={600} c={level === 'ok' ? undefined : COLOR[level]} data-testid="rate-budget-remaining">
              {number.format(data.remaining)} / {number.format(data.capacity)}
            </Text>
          </Group>
          {data.remaining < data.capacity && (
            <Group justify="space-between" gap="xs">
              <Text size="sm">Back in full</Text>
              <Text size="sm">in {formatSeconds(data.resetSeconds)}</Text>
            </Group>
          )}
          {level === 'spent' && data.nextTokenSeconds > 0 && (
            <Group justify="space-between" gap="xs">
              <Text size="sm">Next request possible</Text>
              <Text size="sm">in {formatSeconds(data.nextTokenSeconds)}</Text>
            </Group>
          )}
          {yours && (
            <Group justify="space-between" gap="xs">
              <Text size="sm">Your reads (your share)</Text>
              <Text size="sm" c={yours.used >= yours.share ? 'red' : undefined} data-testid="rate-budget-yours">
                {number.format(yours.used)} / {number.format(yours.share)}
              </Text>
            </Group>
          )}
          {yours && yours.used >= yours.share && (
            <Text size="sm">
              You have used your share of the budget: your lists show the last copy the dashboard has, or are refused,
              for {formatSeconds(yours.nextSeconds)}. Others can still read; your changes still go.
            </Text>
          )}
          <Group justify="space-between" gap="xs">
            <Text size="sm">Changes waiting their turn</Text>
            <Text size="sm">{number.format(data.queueLength)}</Text>
          </Group>
          {data.bulkReads && data.bulkReads.share < data.capacity && (
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">Reads of actions over many zones (everyone)</Text>
              <Text
                size="sm"
                style={{ whiteSpace: 'nowrap' }}
                c={data.bulkReads.used >= data.bulkReads.share ? 'red' : undefined}
                data-testid="rate-budget-bulk"
              >
                {number.format(data.bulkReads.used)} / {number.format(data.bulkReads.share)}
              </Text>
            </Group>
          )}
          {data.bulkReads && data.bulkReads.used >= data.bulkReads.share && (
            <Text size="sm">
              Check serials, Find zones using peers and setting up many zones stop here for{' '}
              {formatSeconds(data.bulkReads.nextSeconds)}, so that single looks and changes still go.
            </Text>
          )}
          {data.spending && data.spending.length > 0 && (
            <>
              <Divider />
              <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                Spent in the last {formatSeconds(data.windowSeconds)}
              </Text>
              <Stack gap={4} data-testid="rate-budget-spending">
                {data.spending.map((spender) => (
                  <Box key={spender.username ?? ''}>
                    <Group justify="space-between" gap="xs" wrap="nowrap">
                      <Text size="sm" truncate>
                        {spenderName(spender, me)}
                      </Text>
                      <Text size="sm">{number.format(spender.reads + spender.writes)}</Text>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {spendSummary(spender)}
                    </Text>
                  </Box>
                ))}
                {data.otherSpenders.spenders > 0 && (
                  <Group justify="space-between" gap="xs">
                    <Text size="sm">
                      {number.format(data.otherSpenders.spenders)} more {data.otherSpenders.spenders === 1 ? 'user' : 'users'}
                    </Text>
                    <Text size="sm">{number.format(data.otherSpenders.requests)}</Text>
                  </Group>
                )}
              </Stack>
            </>
          )}
          {lockedUntil && (
            <Text size="sm" c="red">
              Cloudflare is refusing the token until {lockedUntil.toLocaleTimeString()}: nothing is sent until then.
            </Text>
          )}
          {level === 'spent' && !lockedUntil && (
            <Text size="sm">
              Lists show the last copy the dashboard has (marked as cached); changes are refused with the time to try
              again. Nothing is sent to Cloudflare until requests come back.
            </Text>
          )}
          {data.cloudflare && <CloudflareHealthSection health={data.cloudflare} />}
          {stale && (
            <>
              <Divider />
              <Group gap={6} wrap="nowrap" align="flex-start">
                <IconHistory size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                <Text size="sm">Showing cached data. {stale.message}</Text>
              </Group>
            </>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export default RateBudgetIndicator;
