/** One audit entry in full: who, what, where, the outcome, the (redacted) body and the upstream error codes. */
import { Badge, Code, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import { forceSeenAfterText, isFollowedForce, type AuditEntry } from '@secdns/api-types';
import type { ReactNode } from 'react';
import { CopyId } from '../../../components/copy-id';
import { formatAbsolute, formatRelative } from '../../../lib/format-time';
import { ANONYMOUS_ACTOR, operationLabel } from '../operation-labels';
import { ChangesTable, OutcomeBadge, REFUSALS, TargetCell, isDelete } from './audit-cells';
import { RestoreChange } from './restore-change';

/** The operations that replace or delete a resource: their entries can say what was there before (ADR 016). */
const CHANGING = /\.(update|delete)$/;

/** What the change changed, or why that is not known. */
function EntryChanges({ entry }: { entry: AuditEntry }) {
  if (!CHANGING.test(entry.operation)) return null;
  const hasBefore = entry.before !== null && entry.before !== undefined;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {isDelete(entry)
          ? entry.outcome === 'failure'
            ? 'What it was to delete'
            : 'What was deleted'
          : entry.outcome === 'failure'
            ? 'Changes asked'
            : 'Changes'}
      </Text>
      {!hasBefore ? (
        <Text size="sm" c="dimmed">
          {entry.outcome === 'failure'
            ? entry.status < 500
              ? 'Refused: nothing was changed.'
              : 'Failed: Cloudflare did not answer clearly, so it may or may not have been changed; look at it now.'
            : 'Not recorded: the dashboard could not read it just before the change (or the entry predates this record).'}
        </Text>
      ) : entry.changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing changed: the values sent were the values it had.
        </Text>
      ) : (
        <>
          {entry.outcome === 'failure' && (
            <Text size="xs" c="dimmed">
              {entry.status < 500
                ? 'Refused: nothing was changed. These are the values it had and the ones asked.'
                : 'Failed without a clear answer from Cloudflare: it may or may not have been changed. These are the values it had and the ones asked.'}
            </Text>
          )}
          <ChangesTable entry={entry} />
          <RestoreChange entry={entry} />
        </>
      )}
    </Stack>
  );
}


function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={150} style={{ verticalAlign: 'top', fontWeight: 600 }}>
        {label}
      </Table.Th>
      <Table.Td style={{ wordBreak: 'break-word' }}>{children}</Table.Td>
    </Table.Tr>
  );
}

const none = (text = 'None') => (
  <Text size="sm" c="dimmed" span>
    {text}
  </Text>
);

export function AuditEntryDrawer({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  return (
    <Drawer
      opened={entry !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={entry ? `Audit entry ${entry.id}` : 'Audit entry'}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {entry && <EntryDetails entry={entry} />}
    </Drawer>
  );
}

export function EntryDetails({ entry }: { entry: AuditEntry }) {
  const body = entry.body === null || entry.body === undefined ? null : JSON.stringify(entry.body, null, 2);
  return (
    <Stack gap="md">
      <Table withRowBorders verticalSpacing={6} fz="sm" aria-label="Entry details">
        <Table.Tbody>
          <Row label="Time">
            <Text size="sm" component="time" dateTime={entry.time}>
              {formatAbsolute(entry.time)}{' '}
              <Text span size="xs" c="dimmed">
                ({formatRelative(entry.time)})
              </Text>
            </Text>
          </Row>
          <Row label="User">
            {entry.username ? (
              <Group gap={6}>
                <Text size="sm" span>
                  {entry.username}
                </Text>
                {entry.role && (
                  <Badge size="xs" variant="light">
                    {entry.role}
                  </Badge>
                )}
              </Group>
            ) : (
              none(`${ANONYMOUS_ACTOR} (not signed in)`)
            )}
          </Row>
          <Row label="Operation">
            <Text size="sm" span>
              {operationLabel(entry.operation)}{' '}
              <Text span size="xs" c="dimmed" ff="monospace">
                ({entry.operation})
              </Text>
            </Text>
          </Row>
          <Row label="Request">
            <Text size="sm" ff="monospace" span>
              {entry.method} {entry.path}
            </Text>
          </Row>
          <Row label="Target">
            <TargetCell entry={entry} full />
          </Row>
          {entry.account_id && (
            <Row label="Account">
              <CopyId value={entry.account_id} label="account ID" />
            </Row>
          )}
          <Row label="Outcome">
            <OutcomeBadge entry={entry} />
          </Row>
          <Row label="Refusal">{entry.refusal ? <Text size="sm">{REFUSALS[entry.refusal] ?? entry.refusal}</Text> : none()}</Row>
          <Row label="Reason">{entry.reason ? <Text size="sm">{entry.reason}</Text> : none('No reason given')}</Row>
          {isFollowedForce(entry.operation) && entry.outcome === 'success' && (
            <Row label="Afterwards">
              {entry.seen_after ? (
                <Text size="sm">{forceSeenAfterText(entry.operation, entry.seen_after, entry.time)}</Text>
              ) : (
                none("Not seen: nobody read the zone's configuration through the dashboard in the 10 minutes after the Force (or they are not over)")
              )}
            </Row>
          )}
          <Row label="Error codes">
            {entry.upstream_error_codes.length > 0 ? (
              <Group gap={4}>
                {entry.upstream_error_codes.map((code) => (
                  <Badge key={code} size="sm" variant="outline" color="red" ff="monospace">
                    {code}
                  </Badge>
                ))}
              </Group>
            ) : (
              none()
            )}
          </Row>
          <Row label="Request ID">
            <CopyId value={entry.request_id} label="request ID" />
          </Row>
          <Row label="Client IP">{entry.client_ip ? <Text size="sm" ff="monospace">{entry.client_ip}</Text> : none('Unknown')}</Row>
          {entry.api_token && (
            <Row label="API token">
              <Text size="sm">{entry.api_token}</Text>
            </Row>
          )}
        </Table.Tbody>
      </Table>
      <EntryChanges entry={entry} />
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Request body
        </Text>
        <Text size="xs" c="dimmed">
          As sent, with passwords, secrets and tokens replaced by “[REDACTED]”. Refusals are decided before the body is
          read, so they have none.
        </Text>
        {body ? (
          <Code block style={{ maxHeight: 360, overflow: 'auto' }}>
            {body}
          </Code>
        ) : (
          none('No body')
        )}
      </Stack>
    </Stack>
  );
}
