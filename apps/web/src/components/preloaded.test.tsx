import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { preloaded } from './preloaded';

function Counter({ label }: { label: string }) {
  const [count, setCount] = useState(0);
  return (
    <button type="button" onClick={() => setCount(count + 1)}>
      {label} {count}
    </button>
  );
}

/** A load the test finishes when it wants. */
function controlledLoad() {
  let finish!: () => void;
  const loaded = new Promise<typeof Counter>((resolve) => (finish = () => resolve(Counter)));
  return { load: () => loaded, finish, loaded };
}

/** Rendered in an awaited act: testing-library's plain render does not retry what suspended in it (act's rule). */
async function renderAwaited(ui: ReactElement) {
  let result!: ReturnType<typeof render>;
  await act(async () => {
    result = render(ui);
  });
  return result;
}

describe('preloaded', () => {
  it('shows the fallback while the code is on its way, then the component', async () => {
    const { load, finish } = controlledLoad();
    const Lazy = preloaded(load, <p>Loading…</p>);
    await renderAwaited(<Lazy label="Clicked" />);
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    await act(async () => finish());
    expect(await screen.findByRole('button', { name: 'Clicked 0' })).toBeInTheDocument();
    expect(screen.queryByText('Loading…')).toBeNull();
  });

  it('renders at once, without the fallback, when the code is already there', async () => {
    const { load, finish, loaded } = controlledLoad();
    const Lazy = preloaded(load, <p>Loading…</p>);
    finish();
    await loaded;
    render(<Lazy label="Clicked" />);
    expect(screen.getByRole('button', { name: 'Clicked 0' })).toBeInTheDocument();
  });

  it('keeps the component (and its state) when its parent renders again after the load', async () => {
    const { load, finish } = controlledLoad();
    const Lazy = preloaded(load, <p>Loading…</p>);
    const { rerender } = await renderAwaited(<Lazy label="Clicked" />);
    await act(async () => finish());
    await userEvent.click(await screen.findByRole('button', { name: 'Clicked 0' }));
    rerender(<Lazy label="Pressed" />);
    expect(screen.getByRole('button', { name: 'Pressed 1' })).toBeInTheDocument();
  });
});
