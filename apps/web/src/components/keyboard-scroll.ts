/**
 * For `<Table.ScrollContainer scrollAreaProps={KEYBOARD_SCROLL}>`: a table that scrolls sideways on a narrow screen
 * can be scrolled with the keyboard (its viewport takes focus; axe: scrollable-region-focusable).
 */
import type { ScrollAreaProps } from '@mantine/core';

export const KEYBOARD_SCROLL: ScrollAreaProps = { viewportProps: { tabIndex: 0 } };
