import { ActionIcon } from '@mantine/core';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/render';
import { RowIconButton } from './row-icon-button';

/** The attributes that decide how the button looks, in a stable order. */
function look(element: HTMLElement) {
  const attributes = Object.fromEntries(
    [...element.attributes].filter((a) => a.name !== 'style').map((a) => [a.name, a.value] as const),
  );
  const style = element.getAttribute('style') ?? '';
  return { attributes, style: style.split(';').map((part) => part.trim()).filter(Boolean).sort(), inner: element.innerHTML };
}

describe('RowIconButton', () => {
  const cases = [
    { name: 'default color', props: {} },
    { name: 'red', props: { color: 'red' } },
    { name: 'gray, small', props: { color: 'gray', size: 'sm' } },
    { name: 'teal, small', props: { color: 'teal', size: 'sm' } },
    { name: 'turned off', props: { 'data-disabled': true, 'aria-disabled': true } },
  ] as const;

  for (const { name, props } of cases) {
    it(`renders what Mantine's subtle ActionIcon renders (${name})`, () => {
      renderWithProviders(
        <>
          <ActionIcon variant="subtle" aria-label="mantine" {...props}>
            <svg data-icon />
          </ActionIcon>
          <RowIconButton aria-label="lean" {...props}>
            <svg data-icon />
          </RowIconButton>
        </>,
      );
      const mantine = look(screen.getByRole('button', { name: 'mantine' }));
      const lean = look(screen.getByRole('button', { name: 'lean' }));
      expect({ ...lean, attributes: { ...lean.attributes, 'aria-label': 'mantine' } }).toEqual(mantine);
    });
  }
});
