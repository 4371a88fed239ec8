import { Button } from '@mantine/core';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { rateBudgetKey, type RateBudget } from '../../../lib/rate-budget';
import { createTestQueryClient, renderWithProviders } from '../../../test/render';
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

  it('warns, while Cloudflare is failing for everyone, that the change will likely fail too (and says nothing otherwise)', async () => {
    const user = userEvent.setup();
    const queryClient = createTestQueryClient();
    const open = () =>
      confirmWithReason({ title: 'Force AXFR for example.net?', message: 'Asks the primaries.', confirmLabel: 'Force AXFR', onConfirm: async () => undefined });
    renderWithProviders(<Button onClick={open}>Open</Button>, { queryClient });
    await user.click(screen.getByRole('button', { name: 'Open' }));
    let dialog = await screen.findByRole('dialog', { name: 'Force AXFR for example.net?' });
    expect(within(dialog).queryByTestId('cloudflare-failing-warning')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    queryClient.setQueryData(rateBudgetKey, {
      cloudflare: {
        state: 'failing', windowSeconds: 300, calls: 4, failed: 4, failures: { server: 0, timeout: 4, network: 0, malformed: 0 },
        retried: 0, rateLimited: 0, consecutiveFailures: 4, failingSince: new Date(Date.now() - 90_000).toISOString(),
        lastFailure: null, lastAnswerAt: null, answerMs: null, slowMs: 2000,
      },
    } as Partial<RateBudget>);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    dialog = await screen.findByRole('dialog', { name: 'Force AXFR for example.net?' });
    expect(within(dialog).getByTestId('cloudflare-failing-warning')).toHaveTextContent(
      'Cloudflare is failing right now (the last 4 calls from this dashboard failed, the first 1 minute ago): this is likely to fail too. It is sent once, not retried.',
    );
  });
});
