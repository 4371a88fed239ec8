import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Role } from '@secdns/api-types';
import { sessionKey } from '../lib/session';
import { createTestQueryClient, renderWithProviders } from '../test/render';
import { PermissionActionIcon, PermissionButton } from './permission-button';

function signedInAs(role: Role) {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(sessionKey, {
    user: { username: 'someone', role },
    csrfToken: 't',
    idleExpiresAt: '2099-01-01T00:00:00Z',
    expiresAt: '2099-01-01T00:00:00Z',
  });
  return queryClient;
}

describe('PermissionButton', () => {
  it('works for a role that may call the operation', async () => {
    const onClick = vi.fn();
    renderWithProviders(
      <PermissionButton operation="forceAxfr" onClick={onClick}>
        Force AXFR
      </PermissionButton>,
      { queryClient: signedInAs('operator') },
    );
    const button = screen.getByRole('button', { name: 'Force AXFR' });
    expect(button).not.toHaveAttribute('aria-disabled');
    await userEvent.click(button);
    expect(onClick).toHaveBeenCalled();
  });

  it('turns off with the reason for a lower role, keeping its name', async () => {
    const onClick = vi.fn();
    renderWithProviders(
      <PermissionButton operation="peers.create" onClick={onClick}>
        Add peer
      </PermissionButton>,
      { queryClient: signedInAs('operator') },
    );
    const button = screen.getByRole('button', { name: 'Add peer' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription('Needs an admin role; you are an operator.');
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('takes a role for the BFF’s own routes, and the caller’s own reason when the role is enough', () => {
    renderWithProviders(
      <>
        <PermissionButton role="admin">Reveal</PermissionButton>
        <PermissionButton role="viewer" disabledReason="Transfers are disabled">
          Force NOTIFY
        </PermissionButton>
      </>,
      { queryClient: signedInAs('viewer') },
    );
    expect(screen.getByRole('button', { name: 'Reveal' })).toHaveAccessibleDescription('Needs an admin role; you are a viewer.');
    expect(screen.getByRole('button', { name: 'Force NOTIFY' })).toHaveAccessibleDescription('Transfers are disabled');
  });
});

describe('PermissionActionIcon', () => {
  it('keeps its label and is off for a viewer', async () => {
    const onClick = vi.fn();
    renderWithProviders(
      <PermissionActionIcon operation="peers.delete" label="Delete ns1" icon={<span />} onClick={onClick} />,
      { queryClient: signedInAs('viewer') },
    );
    const button = screen.getByRole('button', { name: 'Delete ns1' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });
});
