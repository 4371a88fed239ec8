import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  defaultRadius: 'sm',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  components: {
    Tooltip: { defaultProps: { withinPortal: true } },
  },
});

const LIGHT_VARIANT_COLORS = ['orange', 'green', 'red', 'blue', 'gray', 'yellow', 'teal', 'violet', 'grape', 'cyan', 'indigo', 'lime', 'pink'];

/** Dimmed text meets WCAG AA contrast (4.5:1) on both schemes; Mantine's default gray-6 on white does not. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Text of "light" variants (active nav link, badges) on their tinted background: shade 9 darkened reaches 4.5:1.
    ...Object.fromEntries(
      LIGHT_VARIANT_COLORS.map((color) => [`--mantine-color-${color}-light-color`, `color-mix(in srgb, var(--mantine-color-${color}-9) 80%, black)`]),
    ),
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
