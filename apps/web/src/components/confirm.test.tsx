import { Button, TextInput } from '@mantine/core';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { openConfirm, type ConfirmOptions } from './confirm';

function renderOpener(options: Partial<ConfirmOptions> = {}) {
  const onConfirm = vi.fn();
  const user = userEvent.setup();
  renderWithProviders(
    <Button onClick={() => openConfirm({ title: 'Delete peer ns1?', confirmLabel: 'Delete peer', danger: true, onConfirm, ...options })}>
      Open
    </Button>,
  );
  return { user, onConfirm };
}

async function open(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(screen.getByRole('button', { name: 'Open' }));
  return screen.findByRole('dialog', { name });
}

describe('openConfirm', () => {
  it('names its close button and gives first focus to Cancel, the safe choice', async () => {
    const { user, onConfirm } = renderOpener({ message: 'Zones that use it stop transferring from it.' });
    const dialog = await open(user, 'Delete peer ns1?');
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('has no header landmark of its own (a second banner beside the page header): the theme makes it a <div>', async () => {
    const { user } = renderOpener();
    const dialog = await open(user, 'Delete peer ns1?');
    expect(dialog.querySelector('header')).toBeNull();
    expect(screen.queryByRole('banner')).not.toBeInTheDocument();
  });

  it('gives first focus to the typed confirmation when there is one', async () => {
    const { user } = renderOpener({ title: 'Delete user alice?', typeToConfirm: 'alice' });
    const dialog = await open(user, 'Delete user alice?');
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: 'Type alice to confirm' })).toHaveFocus());
    expect(within(dialog).getByRole('button', { name: 'Close' })).not.toHaveFocus();
  });

  it('takes a DNS name typed in any case, with or without one trailing dot', async () => {
    const { user, onConfirm } = renderOpener({
      title: 'Delete the secondary configuration?',
      confirmLabel: 'Delete configuration',
      typeToConfirm: 'legacy.example.org',
      typedIsDnsName: true,
    });
    const dialog = await open(user, 'Delete the secondary configuration?');
    const typed = within(dialog).getByRole('textbox', { name: 'Type legacy.example.org to confirm' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete configuration' });
    for (const [text, accepted] of [
      ['legacy.example.or', false],
      ['legacy.example.org..', false],
      ['legacy.example.org', true],
      ['legacy.example.org.', true],
      ['Legacy.Example.ORG.', true],
      ['other.example.org.', false],
    ] as const) {
      await user.clear(typed);
      await user.type(typed, text);
      if (accepted) expect(confirm, text).toBeEnabled();
      else expect(confirm, text).toBeDisabled();
    }
    await user.clear(typed);
    await user.type(typed, 'legacy.example.org.{Enter}');
    await waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));
  });

  it('other typed confirmations (a user name) stay exact', async () => {
    const { user } = renderOpener({ title: 'Delete user Alice?', typeToConfirm: 'Alice' });
    const dialog = await open(user, 'Delete user Alice?');
    const typed = within(dialog).getByRole('textbox', { name: 'Type Alice to confirm' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete peer' });
    await user.type(typed, 'alice');
    expect(confirm).toBeDisabled();
    await user.clear(typed);
    await user.type(typed, 'Alice.');
    expect(confirm).toBeDisabled();
    await user.clear(typed);
    await user.type(typed, 'Alice');
    expect(confirm).toBeEnabled();
  });

  it('Enter in the typed confirmation confirms only once the text matches', async () => {
    const { user, onConfirm } = renderOpener({ title: 'Delete user alice?', typeToConfirm: 'alice' });
    const dialog = await open(user, 'Delete user alice?');
    const typed = within(dialog).getByRole('textbox', { name: 'Type alice to confirm' });
    await user.type(typed, 'alic{Enter}');
    expect(onConfirm).not.toHaveBeenCalled();
    expect(dialog).toBeInTheDocument();
    await user.type(typed, 'e{Enter}');
    await waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));
  });

  it("Enter in a single-line field of the message (a reason) confirms, as the button does", async () => {
    const { user, onConfirm } = renderOpener({
      title: 'Force NOTIFY for example.org?',
      confirmLabel: 'Force NOTIFY',
      danger: false,
      message: <TextInput label="Reason (ticket or note)" data-autofocus />,
    });
    const dialog = await open(user, 'Force NOTIFY for example.org?');
    const reason = within(dialog).getByRole('textbox', { name: 'Reason (ticket or note)' });
    await waitFor(() => expect(reason).toHaveFocus());
    await user.keyboard('INC-7{Enter}');
    await waitFor(() => expect(onConfirm).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('gives focus back to the table when the row that opened it is gone (a deleted row), not to the page body', async () => {
    const user = userEvent.setup();
    function Rows() {
      const [rows, setRows] = useState(['ns1', 'ns2']);
      return (
        <table aria-label="Peers">
          <tbody>
            {rows.map((name) => (
              <tr key={name}>
                <td>
                  <Button
                    onClick={() =>
                      openConfirm({
                        title: `Delete peer ${name}?`,
                        confirmLabel: 'Delete peer',
                        onConfirm: () => setRows((current) => current.filter((row) => row !== name)),
                      })
                    }
                  >
                    Delete {name}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    renderWithProviders(<Rows />);
    await user.click(screen.getByRole('button', { name: 'Delete ns1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete peer ns1?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete peer' }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Peers' })).toHaveFocus());
    expect(screen.queryByRole('button', { name: 'Delete ns1' })).not.toBeInTheDocument();
  });
});
