import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './focus.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { DeferredModalsProvider } from '../components/deferred-modals';
import { useLoadedComponent } from '../components/preloaded';
import { SessionRoleProvider } from '../lib/session-role';
import { createQueryClient } from './query-client';
import { cssVariablesResolver, theme } from './theme';

// Toasts are shown through their store (`notifications.show`); the component that renders them listens to it and is
// not needed for the first paint, so its code is fetched right away but outside the first chunk, and mounted when it
// is there (a toast shown before that appears then). Not through React.lazy + Suspense, whose reveal is throttled:
// it would mount late, in the middle of whatever the user is doing. The modals provider is deferred the same way
// (DeferredModalsProvider: a dialog asked for before it listens opens when it does).
const notificationsModule = import('@mantine/notifications');

type NotificationsProps = { position: 'bottom-right'; limit: number };

function DeferredNotifications() {
  const Notifications = useLoadedComponent<typeof import('@mantine/notifications'), NotificationsProps>(
    notificationsModule,
    (module) => module.Notifications,
  );
  return Notifications ? <Notifications position="bottom-right" limit={4} /> : null;
}

export function AppProviders({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={client}>
        <SessionRoleProvider>
          {children}
          <DeferredModalsProvider labels={{ confirm: 'Confirm', cancel: 'Cancel' }} />
          <DeferredNotifications />
        </SessionRoleProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
