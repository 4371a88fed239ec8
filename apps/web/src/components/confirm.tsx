/**
 * Confirmation dialogs on top of @mantine/modals' `openConfirmModal`.
 *
 *   openConfirm({
 *     title: 'Delete peer ns1?',
 *     message: 'Zones that use it stop transferring from it.',
 *     confirmLabel: 'Delete peer',
 *     danger: true,
 *     typeToConfirm: 'ns1',             // optional: the confirm button stays disabled until the name is typed
 *     typedIsDnsName: true,             // optional: compared as a DNS name (case and one trailing dot aside)
 *     message: <ReasonField … />,       // optional: any node; Enter in a single-line field in it confirms
 *     onConfirm: () => mutation.mutateAsync(id),   // may return a promise: the dialog waits, shows failures inline
 *   });
 *
 * First focus lands on the safe choice, Cancel, or on the dialog's first field (the typed confirmation, a reason),
 * never on the close button (named "Close"). Closed, focus goes back to what opened it, or, when that is gone (the
 * row just deleted), to its table or panel (`keepFocusNear`).
 */
import { Alert, Stack, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { ReactNode } from 'react';
import { sameName } from '../lib/addresses';
import { errorMessage, requestIdOf } from '../lib/api-client';
import { whenModalsReady } from './deferred-modals';
import { keepFocusNear } from '../lib/keep-focus';

export interface ConfirmOptions {
  title: ReactNode;
  message?: ReactNode;
  /** Label of the confirm button, e.g. "Delete peer". Default "Confirm". */
  confirmLabel?: string;
  cancelLabel?: string;
  /** Red confirm button. */
  danger?: boolean;
  /** When set, the user must type this exact text before confirming. */
  typeToConfirm?: string;
  /** `typeToConfirm` is a DNS name (a zone's): typed in any case, with or without one trailing dot, it matches. */
  typedIsDnsName?: boolean;
  /** Runs on confirm. A returned promise keeps the dialog open (button loading) until it settles; a rejection is
   * shown inside the dialog and the dialog stays open. */
  onConfirm: () => unknown;
  onCancel?: () => void;
}

let sequence = 0;

const SINGLE_LINE = new Set(['text', 'search', 'email', 'url', 'tel', 'number', 'password']);
const isSingleLineField = (target: EventTarget) => target instanceof HTMLInputElement && SINGLE_LINE.has(target.type);

function ConfirmBody(props: {
  message?: ReactNode;
  typeToConfirm?: string;
  error: unknown;
  onTyped: (value: string) => void;
  onEnter: () => void;
}) {
  const requestId = props.error ? requestIdOf(props.error) : null;
  return (
    // Enter in any single-line field of the dialog (the typed confirmation, a reason in `message`) confirms, as the
    // confirm button would: only when it is enabled. Not while composing, nor when a field used Enter itself.
    <Stack
      gap="sm"
      onKeyDown={(event) => {
        if (event.key !== 'Enter' || event.defaultPrevented || event.nativeEvent.isComposing) return;
        if (!isSingleLineField(event.target)) return;
        event.preventDefault();
        props.onEnter();
      }}
    >
      {typeof props.message === 'string' ? <Text size="sm">{props.message}</Text> : props.message}
      {props.typeToConfirm !== undefined && (
        <TextInput
          label={
            <>
              Type <strong>{props.typeToConfirm}</strong> to confirm
            </>
          }
          aria-label={`Type ${props.typeToConfirm} to confirm`}
          autoComplete="off"
          data-autofocus
          onChange={(event) => props.onTyped(event.currentTarget.value)}
        />
      )}
      {props.error ? (
        <Alert color="red" variant="light" role="alert" title="It did not work">
          <Text size="sm">{errorMessage(props.error)}</Text>
          {requestId && (
            <Text size="xs" c="dimmed" ff="monospace">
              Request ID: {requestId}
            </Text>
          )}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** Opens a confirmation dialog; returns its modal id. */
export function openConfirm(options: ConfirmOptions): string {
  const modalId = `confirm-${++sequence}`;
  let typed = '';
  let pending = false;
  let error: unknown = null;
  const afterClose = keepFocusNear(document.activeElement);

  const canConfirm = () =>
    options.typeToConfirm === undefined ||
    (options.typedIsDnsName ? sameName(typed, options.typeToConfirm) : typed.trim() === options.typeToConfirm);

  const confirmProps = () => ({
    color: options.danger ? 'red' : undefined,
    loading: pending,
    disabled: !canConfirm(),
  });

  const confirm = async () => {
    if (pending || !canConfirm()) return;
    pending = true;
    error = null;
    refresh();
    try {
      await options.onConfirm();
      modals.close(modalId);
    } catch (caught) {
      pending = false;
      error = caught;
      refresh();
    }
  };

  const body = () => (
    <ConfirmBody
      message={options.message}
      typeToConfirm={options.typeToConfirm}
      error={error}
      onTyped={(value) => {
        typed = value;
        refresh();
      }}
      onEnter={() => void confirm()}
    />
  );

  function refresh() {
    modals.updateModal({ modalId, children: body(), confirmProps: confirmProps() });
  }

  // Through whenModalsReady: the dialogs' provider is loaded after the first paint (components/deferred-modals.tsx).
  whenModalsReady(() =>
    modals.openConfirmModal({
      modalId,
      title: options.title,
      children: body(),
      labels: { confirm: options.confirmLabel ?? 'Confirm', cancel: options.cancelLabel ?? 'Cancel' },
      confirmProps: confirmProps(),
      // First focus: the first field (the typed confirmation, a reason: data-autofocus, earlier in the dialog) or
      // Cancel.
      cancelProps: { 'data-autofocus': true },
      closeButtonProps: { 'aria-label': 'Close' },
      closeOnConfirm: false,
      onConfirm: () => void confirm(),
      onCancel: options.onCancel,
      onClose: afterClose,
    }),
  );
  return modalId;
}
