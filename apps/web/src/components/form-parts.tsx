/**
 * Pieces every resource form shares (see STYLE.md, convention 7: one form per resource, for create and edit):
 *
 * - `FormModal`: the modal around a form; its body mounts only while open, so every opening starts afresh. A form
 *   that reports what was typed (`useDiscardGuard(formState.isDirty)`) is not closed by Escape, a click outside or
 *   the close button without "Discard what you typed?" (Cancel, an explicit choice, still closes at once).
 * - `useSubmitError`: the last refusal of a submit (for its request id) and `refused(error)`, the usual mapping
 *   onto the form (`applyServerErrors`: fields by `source.pointer`, the rest as `root.serverError`).
 * - `FormAlert`: a form-level message with the request id of the error behind it.
 * - `FormFooter`: Cancel and Save (or the words a form gives them), both off while the submit is pending, the request
 *   id of a refusal shown only on fields, and (edit forms) a link to the record's history in the audit log.
 */
import { Alert, Anchor, Button, Group, Modal, Stack, Text, type MantineColor } from '@mantine/core';
import { Link } from 'react-router';
import { IconAlertTriangle } from '@tabler/icons-react';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { requestIdOf } from '../lib/api-client';
import { applyServerErrors } from '../lib/form-errors';
import { keepFocusNear } from '../lib/keep-focus';
import { RequestIdNote } from './request-id-note';

export interface FormModalProps {
  opened: boolean;
  onClose: () => void;
  title: ReactNode;
  /** The form's body, rendered only while the modal is open (give it a `key` per record). */
  children: ReactNode;
  size?: string;
  /** Where focus goes once closed when what opened the dialog is gone (`keepFocusNear`'s fallback). */
  focusFallback?: () => HTMLElement | null;
}

/** Set by the form inside a FormModal or RunModal: whether it holds something typed and not saved. */
const DirtyReport = createContext<((dirty: boolean) => void) | null>(null);

/**
 * In a form inside `FormModal` (or a run's dialog, `RunModal`): closing it by Escape, a click outside or the close
 * button asks first while `dirty`.
 */
export function useDiscardGuard(dirty: boolean) {
  const report = useContext(DirtyReport);
  useEffect(() => {
    report?.(dirty);
  }, [dirty, report]);
  // A form body that goes away (a run's results replace it) leaves nothing typed behind.
  useEffect(() => () => report?.(false), [report]);
}

interface GuardedModalProps extends FormModalProps {
  /** A run in progress: the dialog cannot be closed at all (RunModal). */
  busy?: boolean;
  closeOnClickOutside?: boolean;
}

/** Where focus goes back to in a form after "Keep editing" when the element focused before is gone: its first field. */
const FIRST_FIELD = '[data-autofocus], input:not([type="hidden"]):not(:disabled), textarea:not(:disabled), select:not(:disabled)';

/**
 * The one dialog behind FormModal and RunModal: "Discard what you typed?" before closing a form that holds input.
 * "Keep editing" (or Escape while it asks) puts focus back where it was in the form, else on the form's first field.
 * Closed, focus goes back to what opened it, or, when that is gone (the "Set up" button of a configuration just
 * created, the row a run changed), to its table or panel (`keepFocusNear`).
 */
export function GuardedModal({
  opened,
  onClose,
  title,
  children,
  size = 'lg',
  busy = false,
  closeOnClickOutside,
  focusFallback,
}: GuardedModalProps) {
  const [dirty, setDirty] = useState(false);
  const [asking, setAsking] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLDivElement>(null);
  /** Focused when the prompt appeared; null once focus has been given back. */
  const focusedBefore = useRef<Element | null>(null);
  const refocus = useRef(false);
  const afterClose = useRef<(() => void) | null>(null);
  useEffect(() => {
    if (opened) {
      // Still on the opener: Mantine moves focus into the dialog a moment later.
      afterClose.current = keepFocusNear(document.activeElement, focusFallback);
      return;
    }
    setDirty(false);
    setAsking(false);
    afterClose.current?.();
    afterClose.current = null;
    // `focusFallback` as it was when the dialog opened.
  }, [opened]);
  // A run started (or the input went) while it asked: nothing left to ask about.
  useEffect(() => {
    if (busy || !dirty) setAsking(false);
  }, [busy, dirty]);
  useEffect(() => {
    if (asking) {
      keep.current?.focus();
      return;
    }
    if (!refocus.current) return;
    refocus.current = false;
    const before = focusedBefore.current;
    focusedBefore.current = null;
    const target =
      before instanceof HTMLElement && before.isConnected && form.current?.contains(before)
        ? before
        : form.current?.querySelector<HTMLElement>(FIRST_FIELD);
    target?.focus();
  }, [asking]);
  const keepEditing = () => {
    refocus.current = true;
    setAsking(false);
  };
  return (
    <Modal
      opened={opened}
      onClose={() => {
        if (busy || asking) return;
        if (dirty) {
          focusedBefore.current = document.activeElement;
          setAsking(true);
        } else onClose();
      }}
      title={title}
      size={size}
      closeOnClickOutside={closeOnClickOutside}
      closeOnEscape={!asking}
      withCloseButton={!busy}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {asking && !busy && (
        // While it asks (focus on its buttons), Escape means Keep editing; the dialog's own Escape is off meanwhile.
        // Handled here, not on the window: the Escape that opened the prompt must not also close it.
        <Alert
          color="orange"
          variant="light"
          role="alert"
          mb="md"
          title="Discard what you typed?"
          onKeyDown={(event) => {
            if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
            event.stopPropagation();
            keepEditing();
          }}
        >
          <Text size="sm">It has not been saved. Closing the form loses it.</Text>
          <Group gap="xs" mt="xs">
            <Button ref={keep} size="xs" onClick={keepEditing}>
              Keep editing
            </Button>
            <Button size="xs" variant="default" color="red" onClick={onClose}>
              Discard
            </Button>
          </Group>
        </Alert>
      )}
      {opened && (
        <div ref={form}>
          <DirtyReport.Provider value={setDirty}>{children}</DirtyReport.Provider>
        </div>
      )}
    </Modal>
  );
}

export function FormModal(props: FormModalProps) {
  return <GuardedModal {...props} />;
}

/**
 * `submitError` is the last refusal (null after `setSubmitError(null)` at the start of a submit); `refused(error)`
 * keeps it and applies it to the form. Forms with their own mapping keep it with `setSubmitError` instead.
 */
export function useSubmitError<T extends FieldValues>(setError: UseFormSetError<T>, fields: readonly Path<T>[]) {
  const [submitError, setSubmitError] = useState<unknown>(null);
  const refused = (error: unknown) => {
    setSubmitError(error);
    applyServerErrors(error, setError, fields);
  };
  /** `handleSubmit`'s second argument: a Save the form stops itself (a field left wrong) forgets the last refusal,
   * so its request id is not shown beside the new errors. */
  const forgetRefusal = () => setSubmitError(null);
  return { submitError, setSubmitError, refused, forgetRefusal };
}

/**
 * A warning under a field that does not stop Save (Cloudflare would accept it): an address Cloudflare cannot reach, a
 * name another record has, a range another ACL covers. Announced politely as it appears.
 */
export function FormHint({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="var(--mantine-color-orange-light-color)" role="status" mt={-8}>
      {children}
    </Text>
  );
}

export interface FormAlertProps {
  title: string;
  message: string;
  /** The error behind the message; its request id is shown when it has one. */
  error: unknown;
  /** Default: red. */
  color?: MantineColor;
  /** More text, after the message and before the request id. */
  children?: ReactNode;
}

export function FormAlert({ title, message, error, color = 'red', children }: FormAlertProps) {
  const requestId = requestIdOf(error);
  return (
    <Alert color={color} variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={title}>
      <Text size="sm">{message}</Text>
      {children}
      {requestId && (
        <Text size="xs" c="dimmed" ff="monospace" mt={4}>
          Request ID: {requestId}
        </Text>
      )}
    </Alert>
  );
}

export interface FormFooterProps {
  onCancel: () => void;
  /** The submit is under way: Save shows a loader, both buttons are off. */
  pending: boolean;
  /** Turns Save off for another reason (e.g. a field still loading). */
  saveDisabled?: boolean;
  /**
   * A refusal whose messages all landed on fields (no form-level alert): its request id is noted beside the buttons,
   * so support can still find the log line.
   */
  refusal?: unknown;
  /** An edit form's link to the record's history in the audit log (`/audit?resource=<id>`). */
  historyHref?: string;
  /** The way out's word: default "Cancel" ("Sign out" where there is no other). */
  cancelLabel?: string;
  /** What the submit does: default "Save" ("Change password", "Turn off two-factor sign-in"). */
  submitLabel?: string;
  /** The submit's color: default the theme's (red for one that takes something away). */
  submitColor?: MantineColor;
}

export function FormFooter({
  onCancel,
  pending,
  saveDisabled = false,
  refusal,
  historyHref,
  cancelLabel = 'Cancel',
  submitLabel = 'Save',
  submitColor,
}: FormFooterProps) {
  return (
    <Group justify="flex-end" gap="sm" mt="sm">
      <Stack gap={2} mr="auto">
        {historyHref && (
          // In a new tab: the form and what was typed in it stay.
          <Anchor component={Link} to={historyHref} target="_blank" rel="noopener" size="xs">
            History in the audit log (new tab)
          </Anchor>
        )}
        <RequestIdNote error={refusal} />
      </Stack>
      <Button variant="default" onClick={onCancel} disabled={pending}>
        {cancelLabel}
      </Button>
      <Button type="submit" color={submitColor} loading={pending} disabled={pending || saveDisabled}>
        {submitLabel}
      </Button>
    </Group>
  );
}
