/**
 * "Put back" on an audit entry of an edit or a delete (ADR 016): the values it replaced sent again — an edit's
 * previous values by the same update, a deleted resource created again — after a confirmation that lists them and
 * says what changed since (read now). The restore is a change like any other: its own audit entry, the same roles.
 * What cannot be put back says why (a TSIG secret is never recorded).
 */
import { Alert, Stack, Table, Text } from '@mantine/core';
import { IconArrowBackUp } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  auditChanges,
  changeLabel,
  changesText,
  formatChangeValue,
  isRestorable,
  restorePlan,
  type AuditEntry,
  type OperationId,
  withFullStop,
} from '@secdns/api-types';
import { ActionButton } from '../../../components/action-button';
import { openConfirm } from '../../../components/confirm';
import { apiCall } from '../../../lib/api-client';
import { notifySuccess } from '../../../lib/notify';
import { useIdNames } from './audit-cells';

const withoutSecret = (value: unknown): unknown => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { secret: _secret, ...rest } = value as Record<string, unknown>;
  return rest;
};

type Plan = Extract<ReturnType<typeof restorePlan>, { kind: 'update' | 'create' }>;

/** What the resource is now, for an edit: the update's own read (same params). */
function useCurrent(plan: Plan) {
  const read = plan.operation.replace(/\.update$/, '.get') as OperationId;
  return useQuery({
    queryKey: ['audit-restore-current', read, plan.params],
    queryFn: async ({ signal }) => (await apiCall(read, { params: plan.params, signal } as never)).result as unknown,
    enabled: plan.kind === 'update',
    staleTime: 0,
    gcTime: 0,
  });
}

function RestorePreview({ entry, plan }: { entry: AuditEntry; plan: Plan }) {
  const resolve = useIdNames(entry.account_id);
  const current = useCurrent(plan);
  // What changed since the entry (a secret is compared by nobody: the log has none, the read shows the mask).
  const since =
    plan.kind === 'update' && current.data !== undefined
      ? auditChanges({ method: 'PUT', operation: entry.operation, body: {}, before: withoutSecret(entry.after), after: withoutSecret(current.data) })
      : [];
  const resource = plan.operation.split('.')[0];
  return (
    <Stack gap="sm">
      <Text size="sm">
        {plan.kind === 'update'
          ? 'Sends these values again (the ones it had before this change):'
          : 'Creates it again with what it had when it was deleted:'}
      </Text>
      <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="Values to put back">
        <Table.Tbody>
          {Object.entries(plan.body).map(([field, value]) => (
            <Table.Tr key={field}>
              <Table.Th w={140} fw={600}>
                {changeLabel(field)}
              </Table.Th>
              <Table.Td ff="monospace" style={{ wordBreak: 'break-word' }}>
                {field === 'secret' ? 'kept as it is' : formatChangeValue(value, resolve, field)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {plan.kind === 'update' && current.isPending && (
        <Text size="xs" c="dimmed">
          Reading what it is now…
        </Text>
      )}
      {plan.kind === 'update' && current.isError && (
        <Text size="xs" c="dimmed">
          Could not read what it is now: whatever changed since this entry is replaced too.
        </Text>
      )}
      {since.length > 0 && (
        <Alert color="orange" variant="light" title="Changed since this entry">
          <Text size="sm">
            {withFullStop(changesText(since, { resolve }))} Putting back replaces these later changes too.
          </Text>
        </Alert>
      )}
      {plan.kind === 'create' && resource === 'peers' && (
        <Text size="xs" c="dimmed">
          The peer gets a new ID: zones that named the deleted one are not changed (a zone&apos;s page or the peers&apos;
          &ldquo;Replace it in these zones&rdquo; links them).
        </Text>
      )}
      {plan.kind === 'create' && resource === 'outgoing' && (
        <Text size="xs" c="dimmed">
          Cloudflare starts a primary configuration with outgoing transfers disabled: enable them on the zone&apos;s page.
        </Text>
      )}
      {plan.kind === 'create' && resource === 'incoming' && (
        <Text size="xs" c="dimmed">Cloudflare pulls the zone from these primaries again shortly after.</Text>
      )}
    </Stack>
  );
}

/** The entry's "Put back" button (or why it cannot), for the entry drawer. */
export function RestoreChange({ entry }: { entry: AuditEntry }) {
  const queryClient = useQueryClient();
  if (!isRestorable(entry.operation) || entry.outcome !== 'success') return null;
  const plan = restorePlan(entry);
  if (plan.kind === 'unavailable') {
    return (
      <Text size="xs" c="dimmed">
        Cannot be put back from here: {plan.reason}
      </Text>
    );
  }
  const label = plan.kind === 'update' ? 'Put back the values before' : 'Create it again';
  return (
    <div>
      <ActionButton
        operation={plan.operation}
        variant="light"
        size="compact-sm"
        leftSection={<IconArrowBackUp size={16} aria-hidden />}
        onClick={() =>
          openConfirm({
            title: plan.kind === 'update' ? 'Put back the values before this change?' : 'Create it again?',
            message: <RestorePreview entry={entry} plan={plan} />,
            confirmLabel: label,
            onConfirm: async () => {
              await apiCall(plan.operation, { params: plan.params, body: plan.body } as never);
              // Lists, zone pages and this log all show it: read what is shown again (not waited for).
              void queryClient.invalidateQueries();
              notifySuccess(plan.kind === 'update' ? 'Previous values put back' : 'Created again', 'The audit log has an entry for it.');
            },
          })
        }
      >
        {label}
      </ActionButton>
    </div>
  );
}
