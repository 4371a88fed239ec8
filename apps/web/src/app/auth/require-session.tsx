import { Center, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageLoader } from '../../components/page-loader';
import { sessionQuery } from '../../lib/session';

// Seen once, by a few users: its form (react-hook-form, zod) loads when needed, not with the first page.
const ChoosePasswordScreen = lazy(() => import('./choose-password-screen'));
// The same for "Set up two-factor sign-in" (REQUIRE_TWO_FACTOR), which comes with the user menu's two-factor dialog:
// one lazy chunk for both (a chunk more split the first page's shared code into more files, +2 KB gzip).
const EnrolTwoFactorScreen = lazy(() =>
  import('../layout/two-factor-modal').then((module) => ({ default: module.EnrolTwoFactorScreen })),
);

/**
 * Renders its children for a signed-in user; otherwise sends them to sign in, and back here afterwards. A user who
 * must replace a password an administrator set sees only "Choose your password" instead, at this same address: once
 * they have, the page they asked for. Then, when the dashboard requires two-factor sign-in and they have none, only
 * "Set up two-factor sign-in", the same way.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useQuery(sessionQuery());
  const location = useLocation();
  if (session.isPending) return <PageLoader label="Checking your session" />;
  if (session.isError) {
    return (
      <Center mih="60vh" p="lg">
        <Stack maw={560} w="100%">
          <ErrorState
            title="Could not check your session"
            error={session.error}
            onRetry={() => void session.refetch()}
            retrying={session.isFetching}
          />
        </Stack>
      </Center>
    );
  }
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (session.data.user.must_change_password) {
    return (
      <Suspense fallback={<PageLoader />}>
        <ChoosePasswordScreen />
      </Suspense>
    );
  }
  if (session.data.user.must_enrol_two_factor) {
    return (
      <Suspense fallback={<PageLoader />}>
        <EnrolTwoFactorScreen />
      </Suspense>
    );
  }
  return children;
}
