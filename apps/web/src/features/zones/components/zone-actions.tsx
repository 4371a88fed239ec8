/**
 * Every action on a zone's transfer configuration is its own small button, tied to the contract operation it calls
 * (`ActionButton`: turned off with the reason for a role that may not call it): set up / edit / delete =
 * `incoming.create|update|delete` or `outgoing.create|update|delete` (admin), Enable / Disable transfers =
 * `outgoing.enable|disable` (admin), Force AXFR = `forceAxfr` and Force NOTIFY = `outgoing.forceNotify` (operator).
 * Other reasons to turn one off (e.g. Force NOTIFY while transfers are disabled) go in `disabled` / `disabledReason`.
 * Force and destructive actions always confirm; the force actions (and enable / disable) take an optional reason that
 * the BFF records in its audit log and never sends to Cloudflare.
 */
import { Alert, Stack, Text, TextInput } from '@mantine/core';
import {
  IconCloudOff,
  IconPencil,
  IconPlayerPlay,
  IconPlayerStop,
  IconPlus,
  IconRefreshDot,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { openConfirm } from '../../../components/confirm';
import { ActionButton, type ActionButtonProps } from '../../../components/action-button';
import { failingWarning } from '../../../lib/cloudflare-health';
import { notifySuccess } from '../../../lib/notify';
import { useReportedCloudflareHealth } from '../../../lib/rate-budget';

function ReasonField({ onChange }: { onChange: (value: string) => void }) {
  return (
    <TextInput
      label="Reason (ticket or note)"
      description="Optional. Recorded in this dashboard's audit log; not sent to Cloudflare."
      placeholder="e.g. INC-1234: primary updated, secondary behind"
      maxLength={500}
      autoComplete="off"
      data-autofocus
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

/** While Cloudflare is failing for everyone (the header's report, as last read; nothing fetched here): a warning. */
function CloudflareFailingWarning() {
  const warning = failingWarning(useReportedCloudflareHealth());
  if (!warning) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconCloudOff size={18} aria-hidden />} data-testid="cloudflare-failing-warning">
      <Text size="sm">{warning}</Text>
    </Alert>
  );
}

/**
 * A confirmation with the optional reason field; `onConfirm` gets the reason typed (or undefined). Says so when
 * Cloudflare is failing for everyone.
 */
export function confirmWithReason(options: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: (reason: string | undefined) => Promise<unknown>;
}): void {
  let reason = '';
  openConfirm({
    title: options.title,
    confirmLabel: options.confirmLabel,
    danger: options.danger,
    message: (
      <Stack gap="sm">
        {typeof options.message === 'string' ? <Text size="sm">{options.message}</Text> : options.message}
        <CloudflareFailingWarning />
        <ReasonField onChange={(value) => (reason = value)} />
      </Stack>
    ),
    onConfirm: () => options.onConfirm(reason.trim() || undefined),
  });
}

/** Deleting a transfer configuration: type the zone name to confirm; the peers stay. `onDelete` deletes it. */
export function confirmDeleteConfiguration(options: {
  side: 'secondary' | 'primary';
  zoneName: string;
  /** What stops happening, e.g. "Cloudflare stops pulling <zone> from its primaries. …". */
  effect: ReactNode;
  onDelete: () => Promise<unknown>;
}): void {
  const { side, zoneName } = options;
  openConfirm({
    title: `Delete the ${side} configuration of ${zoneName}?`,
    message: (
      <Stack gap={6}>
        <Text size="sm">{options.effect}</Text>
        <Text size="sm" c="dimmed">
          The peers themselves are kept. You can set the configuration up again later.
        </Text>
      </Stack>
    ),
    confirmLabel: 'Delete configuration',
    danger: true,
    typeToConfirm: zoneName,
    typedIsDnsName: true,
    onConfirm: async () => {
      await options.onDelete();
      notifySuccess(`${side === 'secondary' ? 'Secondary' : 'Primary'} configuration of ${zoneName} deleted`);
    },
  });
}

type ButtonActionProps = Pick<ActionButtonProps, 'disabled' | 'disabledReason' | 'loading'> & { onClick: () => void };

export function SetUpButton({ side, ...props }: ButtonActionProps & { side: 'secondary' | 'primary' }) {
  return (
    <ActionButton
      operation={side === 'secondary' ? 'incoming.create' : 'outgoing.create'}
      leftSection={<IconPlus size={16} aria-hidden />}
      {...props}
    >
      {side === 'secondary' ? 'Set up secondary' : 'Set up primary'}
    </ActionButton>
  );
}

export function EditButton({ side, ...props }: ButtonActionProps & { side: 'secondary' | 'primary' }) {
  return (
    <ActionButton
      operation={side === 'secondary' ? 'incoming.update' : 'outgoing.update'}
      variant="default"
      leftSection={<IconPencil size={16} aria-hidden />}
      {...props}
    >
      {side === 'secondary' ? 'Edit secondary' : 'Edit primary'}
    </ActionButton>
  );
}

export function DeleteButton({ side, ...props }: ButtonActionProps & { side: 'secondary' | 'primary' }) {
  return (
    <ActionButton
      operation={side === 'secondary' ? 'incoming.delete' : 'outgoing.delete'}
      variant="subtle"
      color="red"
      leftSection={<IconTrash size={16} aria-hidden />}
      {...props}
    >
      {side === 'secondary' ? 'Delete secondary' : 'Delete primary'}
    </ActionButton>
  );
}

export function ForceAxfrButton(props: ButtonActionProps) {
  return (
    <ActionButton operation="forceAxfr" variant="light" leftSection={<IconRefreshDot size={16} aria-hidden />} {...props}>
      Force AXFR
    </ActionButton>
  );
}

export function ForceNotifyButton(props: ButtonActionProps) {
  return (
    <ActionButton
      operation="outgoing.forceNotify"
      variant="light"
      leftSection={<IconSend size={16} aria-hidden />}
      {...props}
    >
      Force NOTIFY
    </ActionButton>
  );
}

export function TransfersToggleButton({ enabled, ...props }: ButtonActionProps & { enabled: boolean }) {
  return enabled ? (
    <ActionButton
      operation="outgoing.disable"
      variant="default"
      leftSection={<IconPlayerStop size={16} aria-hidden />}
      {...props}
    >
      Disable transfers
    </ActionButton>
  ) : (
    <ActionButton operation="outgoing.enable" color="teal" leftSection={<IconPlayerPlay size={16} aria-hidden />} {...props}>
      Enable transfers
    </ActionButton>
  );
}
