import { Badge } from '@mantine/core';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { CellBadge } from './cell-badge';

describe('CellBadge', () => {
  for (const color of ['teal', 'gray', 'blue'] as const) {
    it(`renders what Mantine's small light Badge renders (${color})`, () => {
      renderWithProviders(
        <>
          <div data-testid="mantine">
            <Badge size="sm" variant="light" color={color}>
              On
            </Badge>
          </div>
          <div data-testid="lean">
            <CellBadge color={color}>On</CellBadge>
          </div>
        </>,
      );
      const normalize = (html: string) => html.replace(/style="([^"]*)"/, (_m, style: string) => `style="${style.split(';').map((s) => s.trim()).filter(Boolean).sort().join(';')}"`);
      expect(normalize(screen.getByTestId('lean').innerHTML)).toBe(normalize(screen.getByTestId('mantine').innerHTML));
    });
  }
});
