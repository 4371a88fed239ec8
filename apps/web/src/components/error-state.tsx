import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { errorMessage, isApiError, requestIdOf } from '../lib/api-client';
import { failingNote } from '../lib/cloudflare-health';
import { rateBudgetQuery } from '../lib/rate-budget';
import { preloaded } from './preloaded';

// The copy button brings Mantine's Tooltip and floating-ui, which the first paint ("Checking your session", whose
// failure is shown here) does not need: fetched at once, outside the first chunk; shown without it if it is not there.
const CopyId = preloaded(() => import('./copy-id').then((module) => module.CopyId), null);

export interface ErrorStateProps {
  error: unknown;
  /** Heading, e.g. "Could not load peers". */
  title?: string;
  /** Shows a Retry button. */
  onRetry?: () => void;
  retrying?: boolean;
}

/**
 * Under an error of Cloudflare's (502, 504): whether Cloudflare is failing for everyone, from the budget report the
 * header holds (refreshed on such an error: app/query-client.ts); nothing is fetched here.
 */
function CloudflareFailingNote() {
  const health = useQuery({ ...rateBudgetQuery(), enabled: false }).data?.cloudflare;
  const note = failingNote(health);
  if (!note) return null;
  return (
    <Text size="sm" fw={500} data-testid="cloudflare-failing-note">
      {note}
    </Text>
  );
}

/** An error with what happened, the request id for support, and Retry. */
export function ErrorState({ error, title = 'Something went wrong', onRetry, retrying }: ErrorStateProps) {
  const requestId = requestIdOf(error);
  const status = isApiError(error) ? error.status : undefined;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert">
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {(status === 502 || status === 504) && <CloudflareFailingNote />}
        {(requestId || status) && (
          <Group gap="md">
            {status ? (
              <Text size="xs" c="dimmed">
                HTTP {status}
              </Text>
            ) : null}
            {requestId && (
              <Group gap={4}>
                <Text size="xs" c="dimmed">
                  Request ID
                </Text>
                <CopyId value={requestId} label="request ID" size="xs" />
              </Group>
            )}
          </Group>
        )}
        {onRetry && (
          <Group>
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconRefresh size={14} aria-hidden />}
              onClick={onRetry}
              loading={retrying}
            >
              Retry
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
