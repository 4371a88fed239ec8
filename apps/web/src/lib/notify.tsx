/**
 * Toasts: for successes and for failures that happen in the background (a refresh that failed while the list is
 * still shown). Never for field errors: those belong next to the field.
 */
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { errorMessage, requestIdOf } from './api-client';

export function notifySuccess(title: string, message?: string): void {
  notifications.show({
    title,
    message: message ?? '',
    color: 'teal',
    icon: <IconCheck size={18} aria-hidden />,
    autoClose: 4000,
    closeButtonProps: { 'aria-label': 'Dismiss notification' },
  });
}

export function notifyError(title: string, error: unknown): void {
  const requestId = requestIdOf(error);
  notifications.show({
    title,
    message: (
      <>
        {errorMessage(error)}
        {requestId && (
          <>
            <br />
            <span style={{ fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 }}>
              Request ID: {requestId}
            </span>
          </>
        )}
      </>
    ),
    color: 'red',
    icon: <IconAlertTriangle size={18} aria-hidden />,
    autoClose: 10_000,
    closeButtonProps: { 'aria-label': 'Dismiss notification' },
  });
}
