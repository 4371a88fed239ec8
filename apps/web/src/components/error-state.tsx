import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { errorMessage, isApiError, isCloudflareFailure, requestIdOf } from '../lib/api-client';
import { preloaded } from './preloaded';

// The copy button brings Mantine's Tooltip and floating-ui, which the first paint ("Checking your session", whose
// failure is shown here) does not need: fetched at once, outside the first chunk; shown without it if it is not there.
const CopyId = preloaded(() => import('./copy-id').then((module) => module.CopyId), null);
// The words of Cloudflare's health bring the contract's operation names: outside the first chunk too.
const CloudflareFailingNote = preloaded(() => import('./cloudflare-failing-note').then((module) => module.CloudflareFailingNote), null);

export interface ErrorStateProps {
  error: unknown;
  /** Heading, e.g. "Could not load peers". */
  title?: string;
  /** Shows a Retry button. */
  onRetry?: () => void;
  retrying?: boolean;
}

/** An error with what happened, the request id for support, and Retry. */
export function ErrorState({ error, title = 'Something went wrong', onRetry, retrying }: ErrorStateProps) {
  const requestId = requestIdOf(error);
  const status = isApiError(error) ? error.status : undefined;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert">
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {isCloudflareFailure(error) && <CloudflareFailingNote />}
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
