import { Button, Stack, TextInput } from '@mantine/core';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { FormModal, useDiscardGuard } from './form-parts';

/** A form of two fields that reports itself dirty once anything is typed. */
function TwoFields() {
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  useDiscardGuard(name !== '' || address !== '');
  return (
    <Stack>
      <TextInput label="Name" data-autofocus value={name} onChange={(event) => setName(event.currentTarget.value)} />
      <TextInput label="Address" value={address} onChange={(event) => setAddress(event.currentTarget.value)} />
    </Stack>
  );
}

function renderModal() {
  const onClose = vi.fn();
  const user = userEvent.setup();
  renderWithProviders(
    <FormModal opened onClose={onClose} title="Add thing">
      <TwoFields />
    </FormModal>,
  );
  return { user, onClose };
}

const prompt = () => screen.queryByText('Discard what you typed?');

describe('FormModal: "Discard what you typed?"', () => {
  it('Keep editing gives focus back to the field focused before the prompt', async () => {
    const { user, onClose } = renderModal();
    await user.type(screen.getByLabelText('Address'), '192.0.2.1');
    await user.keyboard('{Escape}');
    const keep = await screen.findByRole('button', { name: 'Keep editing' });
    expect(keep).toHaveFocus();
    await user.click(keep);
    expect(prompt()).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Address')).toHaveFocus());
    expect(document.activeElement).not.toBe(document.body);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('Keep editing after the close button gives focus to the first field, not the page', async () => {
    const { user, onClose } = renderModal();
    await user.type(screen.getByLabelText('Address'), 'x');
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.keyboard('{Enter}'); // on Keep editing, focused
    expect(prompt()).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveFocus());
    expect(onClose).not.toHaveBeenCalled();
  });

  it('Escape while it asks means Keep editing; a second Escape asks again; Discard closes', async () => {
    const { user, onClose } = renderModal();
    await user.type(screen.getByLabelText('Name'), 'ns1');
    await user.keyboard('{Escape}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Discard what you typed?');
    await user.keyboard('{Escape}');
    expect(prompt()).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveFocus());
    expect(screen.getByLabelText('Name')).toHaveValue('ns1');
    expect(onClose).not.toHaveBeenCalled();

    await user.keyboard('{Escape}');
    const ask = await screen.findByRole('alert');
    await user.click(within(ask).getByRole('button', { name: 'Discard' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('FormModal: focus once closed', () => {
  /** A panel whose "Set up" button (the opener) is gone once the form saved. */
  function Panel() {
    const [configured, setConfigured] = useState(false);
    const [opened, setOpened] = useState(false);
    return (
      <section aria-label="Secondary (incoming)">
        {configured ? (
          <p>Configured.</p>
        ) : (
          <Button onClick={() => setOpened(true)}>Set up</Button>
        )}
        <FormModal opened={opened} onClose={() => setOpened(false)} title="Set up secondary">
          <Button
            onClick={() => {
              setConfigured(true);
              setOpened(false);
            }}
          >
            Save
          </Button>
        </FormModal>
      </section>
    );
  }

  it('goes back to the button that opened it', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Panel />);
    await user.click(screen.getByRole('button', { name: 'Set up' }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Set up' })).toHaveFocus());
  });

  it('goes to the panel around it when that button is gone (its state changed), not to the page body', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Panel />);
    await user.click(screen.getByRole('button', { name: 'Set up' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set up secondary' });
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Secondary (incoming)' })).toHaveFocus());
    expect(screen.queryByRole('button', { name: 'Set up' })).not.toBeInTheDocument();
  });
});
