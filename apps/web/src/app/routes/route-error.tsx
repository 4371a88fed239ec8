import { Button, Group, Stack } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { NotFoundPage } from './not-found-page';

/** Shown when a route fails to render or its code fails to load (e.g. after a deploy). */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <Stack p="lg" maw={720}>
      <ErrorState
        title="This page failed to load"
        error={error instanceof Error ? error : new Error(isRouteErrorResponse(error) ? error.statusText : String(error))}
      />
      <Group>
        <Button variant="light" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
      </Group>
    </Stack>
  );
}
