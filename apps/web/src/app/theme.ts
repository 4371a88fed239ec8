import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Filled buttons and badges carry white text: shade 8 is 5:1 (blue) and 4.5:1 (red) with white, in both schemes.
  // Mantine's dark default (5) is 3:1. The focus ring, drawn in this colour, gets a lighter one in dark (focus.css).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  components: {
    Tooltip: { defaultProps: { withinPortal: true } },
    // Without the placeholder, opening a menu focuses its first item (the WAI-ARIA menu button pattern); the
    // placeholder was a bare focusable <div> inside role="menu", which a screen reader cannot name (axe: critical).
    // Nor does a menu give focus back to its button 10 ms after an item is chosen: that took it out of the dialog the
    // item had just opened (Escape still gives it back). A dialog opened from a menu returns focus to the menu's
    // button when it closes (`useFocusBackToMenu`).
    Menu: { defaultProps: { withInitialFocusPlaceholder: false, returnFocus: false } },
    // A dialog's header (its title, the close button) is a <header> in Mantine, which axe and screen readers take for
    // a second banner landmark beside the page's (axe: landmark-no-duplicate-banner, landmark-unique). The dialog is
    // named by its title already: a plain <div>. Every Modal, the confirmation dialogs of @mantine/modals included.
    ModalHeader: { defaultProps: { component: 'div' } },
    // Error messages name Cloudflare paths (/zones/6f43…4d/secondary_dns/force_axfr) with no place to break: in a
    // dialog or on a narrow screen they ran out of the alert, cut off. Every alert's text breaks anywhere if it must.
    Alert: { styles: { message: { overflowWrap: 'anywhere' } } },
    // A toast's text: Mantine's gray-6 on white is 3.3:1 (axe: color-contrast); the dimmed colour of the theme is not.
    Notification: { styles: { description: { overflowWrap: 'anywhere', color: 'var(--mantine-color-dimmed)' } } },
  },
});

const LIGHT_VARIANT_COLORS = ['orange', 'green', 'red', 'blue', 'gray', 'yellow', 'teal', 'violet', 'grape', 'cyan', 'indigo', 'lime', 'pink'];

/**
 * Text meets WCAG AA contrast (4.5:1) on both schemes, theme-wide:
 * - dimmed text: Mantine's gray-6 on white does not;
 * - the error colour (field error messages, invalid input borders): Mantine's red-6 on white is 3.3:1, red-9 is
 *   5.5:1; on the dark body Mantine's red-8 is 3.4:1, red-4 is 6.7:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Text of "light" variants (active nav link, badges) on their tinted background: shade 9 darkened reaches 4.5:1
    // (yellow's shade 9 is the lightest: darkened more, 4.3:1 → 6:1, as axe found on the "Cloudflare errors" badge).
    ...Object.fromEntries(
      LIGHT_VARIANT_COLORS.map((color) => [
        `--mantine-color-${color}-light-color`,
        `color-mix(in srgb, var(--mantine-color-${color}-9) ${color === 'yellow' ? 60 : 80}%, black)`,
      ]),
    ),
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
  },
});
