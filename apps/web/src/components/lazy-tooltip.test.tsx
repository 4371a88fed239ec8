import { ActionIcon } from '@mantine/core';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { LazyTooltip } from './lazy-tooltip';

function Button({ onClick = () => {} }: { onClick?: () => void }) {
  return (
    <LazyTooltip label="Delete" openDelay={50}>
      <ActionIcon aria-label="Delete ns1" onClick={onClick}>
        x
      </ActionIcon>
    </LazyTooltip>
  );
}

describe('LazyTooltip', () => {
  it('mounts no tooltip until a mouse rests on the target, then shows it', async () => {
    renderWithProviders(<Button />);
    expect(screen.queryByRole('tooltip')).toBeNull();
    await userEvent.hover(screen.getByRole('button', { name: 'Delete ns1' }));
    expect(await screen.findByRole('tooltip', {}, { timeout: 3000 })).toHaveTextContent('Delete');
  });

  it('a mouse that only passes over it mounts nothing', async () => {
    renderWithProviders(<Button />);
    const button = screen.getByRole('button', { name: 'Delete ns1' });
    await userEvent.hover(button);
    await userEvent.unhover(button);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('does not swap the button while it has the keyboard focus (the focus stays), and clicks still work', async () => {
    const onClick = vi.fn();
    renderWithProviders(<Button onClick={onClick} />);
    await userEvent.tab();
    const button = screen.getByRole('button', { name: 'Delete ns1' });
    expect(button).toHaveFocus();
    await userEvent.hover(button);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(screen.getByRole('button', { name: 'Delete ns1' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Delete ns1' }));
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});
