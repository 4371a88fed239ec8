/**
 * The budget popover's "Cloudflare" part: how Cloudflare has answered this dashboard's calls (everyone's) in the
 * last minutes — a sentence, then the figures: calls, failures by kind, retries, answer times, the last answer, and
 * the last failure with the sentence its user was shown (lib/cloudflare-health.ts has the words).
 */
import { Anchor, Divider, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { operationLabel } from '@secdns/api-types';
import { failureBreakdown, formatMs, healthBadge, healthSentence, type CloudflareHealth } from '../../lib/cloudflare-health';
import { formatInterval, formatRelative } from '../../lib/format-time';
import { useNow } from '../../lib/use-now';

const number = new Intl.NumberFormat('en-US');
const COLOR: Partial<Record<CloudflareHealth['state'], string>> = { failing: 'red', errors: 'orange', slow: 'orange' };

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" ta="right" data-testid={testId}>
        {children}
      </Text>
    </Group>
  );
}

export function CloudflareHealthSection({ health }: { health: CloudflareHealth }) {
  const now = useNow(5_000);
  const last = health.lastFailure;
  return (
    <>
      <Divider />
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        Cloudflare, last {formatInterval(health.windowSeconds)}
      </Text>
      <Stack gap={6} data-testid="cloudflare-health" data-state={health.state}>
        <Text size="sm" c={COLOR[health.state]}>
          {healthSentence(health, now)}
        </Text>
        {healthBadge(health) && (
          <Anchor href="https://www.cloudflarestatus.com/" target="_blank" rel="noreferrer" size="sm">
            Cloudflare's status page (API incidents)
          </Anchor>
        )}
        {health.calls > 0 && (
          <Row label="Calls (with retries)">
            {number.format(health.calls)}
            {health.retried > 0 ? ` (${number.format(health.retried)} retried)` : ''}
          </Row>
        )}
        {health.failed > 0 && (
          <Row label="Failed" testId="cloudflare-health-failed">
            {failureBreakdown(health.failures)}
          </Row>
        )}
        {health.rateLimited > 0 && <Row label="Refused for rate (HTTP 429)">{number.format(health.rateLimited)}</Row>}
        {health.answerMs && (
          <Row label="Answer time">
            {formatMs(health.answerMs.p50)} median, {formatMs(health.answerMs.p95)} slowest 5 %
          </Row>
        )}
        {health.lastAnswerAt && health.state !== 'ok' && <Row label="Last answer">{formatRelative(health.lastAnswerAt, now)}</Row>}
        {last && (
          <Stack gap={2} data-testid="cloudflare-health-last-failure">
            <Row label="Last failure">
              {formatRelative(last.at, now)}: {operationLabel(last.operation)}
            </Row>
            {last.message && (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {last.message}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </>
  );
}
