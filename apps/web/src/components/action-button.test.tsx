import { Popover } from '@mantine/core';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders, signedInAs } from '../test/render';
import { ActionButton, ActionIconButton } from './action-button';

describe('ActionButton', () => {
  it('works for a role that may call the operation', async () => {
    const onClick = vi.fn();
    renderWithProviders(
      <ActionButton operation="forceAxfr" onClick={onClick}>
        Force AXFR
      </ActionButton>,
      { queryClient: signedInAs('operator') },
    );
    const button = screen.getByRole('button', { name: 'Force AXFR' });
    expect(button).not.toHaveAttribute('aria-disabled');
    await userEvent.click(button);
    expect(onClick).toHaveBeenCalled();
  });

  it('turns off with the reason for a lower role, keeping its name and focus', async () => {
    const onClick = vi.fn();
    renderWithProviders(
      <ActionButton operation="peers.create" onClick={onClick}>
        Add peer
      </ActionButton>,
      { queryClient: signedInAs('operator') },
    );
    const button = screen.getByRole('button', { name: 'Add peer' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).not.toBeDisabled();
    expect(button).toHaveAccessibleDescription('Needs an admin role; you are an operator.');
    await userEvent.tab();
    expect(button).toHaveFocus();
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('takes a role for the BFF’s own routes, and the caller’s own reason when the role is enough', () => {
    renderWithProviders(
      <>
        <ActionButton role="admin">Reveal</ActionButton>
        <ActionButton role="viewer" disabledReason="Transfers are disabled">
          Force NOTIFY
        </ActionButton>
        <ActionButton operation="peers.create" disabledReason="Something else">
          Add peer
        </ActionButton>
      </>,
      { queryClient: signedInAs('viewer') },
    );
    expect(screen.getByRole('button', { name: 'Reveal' })).toHaveAccessibleDescription('Needs an admin role; you are a viewer.');
    expect(screen.getByRole('button', { name: 'Force NOTIFY' })).toHaveAccessibleDescription('Transfers are disabled');
    // The role's reason wins.
    expect(screen.getByRole('button', { name: 'Add peer' })).toHaveAccessibleDescription('Needs an admin role; you are a viewer.');
  });

  it('needs no session without an operation or role, and can be turned off by the caller alone', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const onClick = vi.fn();
    renderWithProviders(
      <>
        <ActionButton onClick={onClick}>Retry</ActionButton>
        <ActionButton disabled>Save</ActionButton>
      </>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onClick).toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Save' })).toHaveAttribute('aria-disabled', 'true');
    expect(fetchMock).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});

describe('ActionIconButton', () => {
  it('keeps its label and is off for a viewer, with the reason', async () => {
    const onClick = vi.fn();
    renderWithProviders(
      <ActionIconButton operation="peers.delete" label="Delete ns1" icon={<span />} onClick={onClick} />,
      { queryClient: signedInAs('viewer') },
    );
    const button = screen.getByRole('button', { name: 'Delete ns1' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription('Needs an admin role; you are a viewer.');
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('works for an admin, and as a popover target', async () => {
    const onClick = vi.fn();
    renderWithProviders(
      <Popover opened={false}>
        <Popover.Target>
          <ActionIconButton role="admin" label="Reveal secret of k" icon={<span />} onClick={onClick} aria-expanded={false} />
        </Popover.Target>
        <Popover.Dropdown>secret</Popover.Dropdown>
      </Popover>,
      { queryClient: signedInAs('admin') },
    );
    const button = screen.getByRole('button', { name: 'Reveal secret of k' });
    expect(button).not.toHaveAttribute('aria-disabled');
    expect(button).not.toHaveAccessibleDescription();
    await userEvent.click(button);
    expect(onClick).toHaveBeenCalled();
  });
});
