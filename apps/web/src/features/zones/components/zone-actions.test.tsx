import { Button } from '@mantine/core';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { confirmWithReason } from './zone-actions';

describe('confirmWithReason', () => {
  it('Enter in the reason field confirms with the reason typed', async () => {
    const onConfirm = vi.fn(async () => undefined);
    const user = userEvent.setup();
    renderWithProviders(
      <Button
        onClick={() =>
          confirmWithReason({ title: 'Force NOTIFY for example.org?', message: 'Sends a NOTIFY.', confirmLabel: 'Force NOTIFY', onConfirm })
        }
      >
        Open
      </Button>,
    );
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const dialog = await screen.findByRole('dialog', { name: 'Force NOTIFY for example.org?' });
    const reason = within(dialog).getByRole('textbox', { name: /^Reason \(ticket or note\)/ });
    await waitFor(() => expect(reason).toHaveFocus());
    await user.keyboard(' INC-1234 {Enter}');
    await waitFor(() => expect(onConfirm).toHaveBeenCalledWith('INC-1234'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
