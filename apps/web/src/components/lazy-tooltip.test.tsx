import { ActionIcon } from '@mantine/core';
import { act, fireEvent, screen } from '@testing-library/react';
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

  it('a mouse that only passes over it mounts nothing (and one that rests does)', () => {
    // Fake timers and direct events: the test must not depend on how fast the machine dispatches a hover.
    vi.useFakeTimers();
    try {
      renderWithProviders(<Button />);
      const button = screen.getByRole('button', { name: 'Delete ns1' });
      fireEvent.pointerOver(button, { pointerType: 'mouse' });
      act(() => vi.advanceTimersByTime(30)); // less than the 50 ms open delay
      fireEvent.pointerOut(button, { pointerType: 'mouse' });
      act(() => vi.advanceTimersByTime(1000));
      expect(screen.queryByRole('tooltip')).toBeNull();

      fireEvent.pointerOver(screen.getByRole('button', { name: 'Delete ns1' }), { pointerType: 'mouse' });
      act(() => vi.advanceTimersByTime(1000));
      expect(screen.getByRole('tooltip')).toHaveTextContent('Delete');
    } finally {
      vi.useRealTimers();
    }
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
