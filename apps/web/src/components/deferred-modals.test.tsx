import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../app/providers';
import { openConfirm } from './confirm';

/** Asks for a dialog in its first effect: before the deferred modals provider can have been mounted. */
function OpensAtOnce({ onConfirm }: { onConfirm: () => void }) {
  useEffect(() => {
    openConfirm({ title: 'Delete peer ns1?', confirmLabel: 'Delete peer', danger: true, onConfirm });
  }, [onConfirm]);
  return null;
}

describe('DeferredModalsProvider', () => {
  it('opens a dialog asked for before its code is there, once it is, and the dialog works', async () => {
    const onConfirm = vi.fn();
    render(
      <AppProviders>
        <OpensAtOnce onConfirm={onConfirm} />
      </AppProviders>,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Delete peer ns1?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete peer' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
