import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './focus.css';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { SessionRoleProvider } from '../lib/session-role';
import { createQueryClient } from './query-client';
import { cssVariablesResolver, theme } from './theme';

// Toasts are shown through their store (`notifications.show`); the component that renders them listens to it and is
// not needed for the first paint, so its code is fetched right away but outside the first chunk, and mounted when it
// is there (a toast shown before that appears then). Not through React.lazy + Suspense, whose reveal is throttled:
// it would mount late, in the middle of whatever the user is doing. The modals provider stays eager:
// `modals.openConfirmModal` is an event, lost if nobody listens yet.
const notificationsModule = import('@mantine/notifications');

type NotificationsProps = { position: 'bottom-right'; limit: number };

function DeferredNotifications() {
  const [Notifications, setNotifications] = useState<ComponentType<NotificationsProps> | null>(null);
  useEffect(() => {
    let cancelled = false;
    void notificationsModule.then((module) => {
      if (!cancelled) setNotifications(() => module.Notifications);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return Notifications ? <Notifications position="bottom-right" limit={4} /> : null;
}

export function AppProviders({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={client}>
        <SessionRoleProvider>
          <ModalsProvider labels={{ confirm: 'Confirm', cancel: 'Cancel' }}>
            {children}
            <DeferredNotifications />
          </ModalsProvider>
        </SessionRoleProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
