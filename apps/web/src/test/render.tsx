/** Renders with the app's providers (Mantine in test mode: no transitions, no portals timing). */
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { vi } from 'vitest';
import { MemoryRouter } from 'react-router';
import type { Role } from '@secdns/api-types';
import { theme } from '../app/theme';
import { SessionRoleProvider } from '../lib/session-role';
import { sessionKey } from '../lib/session';

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
}

/** A test query client whose session is `role` (what `GET /auth/me` would answer), so role checks need no fetch. */
export function signedInAs(role: Role, queryClient: QueryClient = createTestQueryClient()): QueryClient {
  queryClient.setQueryData(sessionKey, {
    user: { username: 'someone', role, must_change_password: false, must_enrol_two_factor: false },
    csrfToken: 't',
    idleExpiresAt: '2099-01-01T00:00:00Z',
    expiresAt: '2099-01-01T00:00:00Z',
  });
  return queryClient;
}

export function renderWithProviders(
  ui: ReactElement,
  { route = '/', queryClient = createTestQueryClient(), ...options }: RenderOptions & { route?: string; queryClient?: QueryClient } = {},
) {
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <MantineProvider theme={theme} env="test">
        <QueryClientProvider client={queryClient}>
          <SessionRoleProvider>
            <ModalsProvider>
              <Notifications />
              <MemoryRouter initialEntries={[route]}>{children}</MemoryRouter>
            </ModalsProvider>
          </SessionRoleProvider>
        </QueryClientProvider>
      </MantineProvider>
    );
  }
  return { queryClient, ...render(ui, { wrapper: Wrapper, ...options }) };
}

/** A fetch Response carrying Cloudflare's envelope. */
export function envelopeResponse(
  body: { success?: boolean; result?: unknown; errors?: unknown[]; result_info?: unknown },
  init: { status?: number; requestId?: string } = {},
): Response {
  const status = init.status ?? 200;
  const envelope = {
    success: body.success ?? (status >= 200 && status < 300),
    errors: body.errors ?? [],
    messages: [],
    result: body.result ?? null,
    ...(body.result_info ? { result_info: body.result_info } : {}),
  };
  const headers = new Headers({ 'content-type': 'application/json' });
  if (init.requestId) headers.set('x-request-id', init.requestId);
  return new Response(JSON.stringify(envelope), { status, headers });
}

/** Rows never come on screen (IntersectionObserver never reports): what is fetched only for visible rows is not. */
export function rowsNeverOnScreen() {
  class NeverVisible {
    observe() {}
    disconnect() {}
    unobserve() {}
  }
  vi.stubGlobal('IntersectionObserver', NeverVisible);
}
