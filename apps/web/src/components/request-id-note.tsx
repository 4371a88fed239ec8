/**
 * "Request ID: …" for a refusal that shows no form-level message: when every server error landed on a field, the
 * form still says which request it was (support finds it in the BFF's logs by that id). Not an alert: the fields
 * already carry the messages.
 */
import { Text } from '@mantine/core';
import { requestIdOf } from '../lib/api-client';

export function RequestIdNote({ error }: { error: unknown }) {
  const requestId = requestIdOf(error);
  if (!requestId) return null;
  return (
    <Text size="xs" c="dimmed" ff="monospace" data-testid="request-id-note">
      Request ID: {requestId}
    </Text>
  );
}
