/** Pieces the incoming and outgoing forms share: the form-level alert and server errors that name peers. */
import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Peer } from '@secdns/api-types';
import { ApiError, isApiError, requestIdOf } from '../../../lib/api-client';
import { stripFieldPrefix } from '../../../lib/form-errors';

/**
 * A refusal pointing at `/peers/<i>` names the i-th chosen peer by its name ("Peer 2 (ns2-primary): …"), so the
 * message under the peer picker says which pick is wrong. Other errors pass unchanged.
 */
export function withPeerNames(error: unknown, chosen: string[], peers: Peer[] | undefined): unknown {
  if (!isApiError(error)) return error;
  const byId = new Map((peers ?? []).map((peer) => [peer.id, peer.name]));
  let changed = false;
  const errors = error.errors.map((entry) => {
    const match = /^\/peers\/(\d+)$/.exec(entry.source?.pointer ?? '');
    if (!match) return entry;
    const index = Number(match[1]);
    const id = chosen[index];
    const name = id ? (byId.get(id) ?? `${id.slice(0, 8)}…`) : undefined;
    changed = true;
    const sentence = stripFieldPrefix(entry.message, 'peers');
    return { ...entry, message: `Peer ${index + 1}${name ? ` (${name})` : ''}: ${sentence}` };
  });
  if (!changed) return error;
  return new ApiError({
    status: error.status,
    errors,
    requestId: error.requestId,
    operationId: error.operationId,
    result: error.result,
  });
}

export function FormAlert({ title, message, error }: { title: string; message: string; error: unknown }) {
  const requestId = requestIdOf(error);
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={title}>
      <Text size="sm">{message}</Text>
      {requestId && (
        <Text size="xs" c="dimmed" ff="monospace" mt={4}>
          Request ID: {requestId}
        </Text>
      )}
    </Alert>
  );
}
