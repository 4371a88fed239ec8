/**
 * Mantine's default error red (red-6 on white, about 3.3:1) is below WCAG AA for the small text of field errors.
 * Spread `useReadableErrorColor()` into a form's `style` to use a darker red in light mode (and a lighter one in
 * dark mode) for everything inside it. (A theme-wide fix belongs in `app/theme.ts`'s `cssVariablesResolver`.)
 */
import { useComputedColorScheme } from '@mantine/core';
import type { CSSProperties } from 'react';

export function useReadableErrorColor(): CSSProperties {
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: true });
  return {
    ['--mantine-color-error' as string]: scheme === 'dark' ? 'var(--mantine-color-red-4)' : 'var(--mantine-color-red-8)',
  } as CSSProperties;
}
