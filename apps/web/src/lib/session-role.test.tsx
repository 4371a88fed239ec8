import { act, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createTestQueryClient, signedInAs } from '../test/render';
import { SessionRoleProvider, useSessionRole } from './session-role';

function Role() {
  return <p>{useSessionRole() ?? 'nobody'}</p>;
}

describe('SessionRoleProvider', () => {
  it('follows the session: sign-out (cache cleared) and another user signing in, in the same page', () => {
    const queryClient = signedInAs('admin', createTestQueryClient());
    render(
      <QueryClientProvider client={queryClient}>
        <SessionRoleProvider>
          <Role />
        </SessionRoleProvider>
      </QueryClientProvider>,
    );
    expect(screen.getByText('admin')).toBeInTheDocument();
    act(() => {
      // What signOut() does, then a viewer signs in.
      queryClient.clear();
      queryClient.setQueryData(['session'], null);
    });
    expect(screen.getByText('nobody')).toBeInTheDocument();
    act(() => void signedInAs('viewer', queryClient));
    expect(screen.getByText('viewer')).toBeInTheDocument();
  });
});
