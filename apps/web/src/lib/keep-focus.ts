import { useRef } from 'react';

/**
 * A closing dialog gives focus back to what opened it (Mantine's `returnFocus`). When that is gone — the row just
 * deleted, the "Delete secondary" button of a configuration that no longer exists, a menu item — focus would fall to
 * <body>: a screen reader starts again from the top and Tab from the page's first link. This keeps it near instead:
 * on `fallback()` when given (the menu's button), else on the nearest place around the opener still on the page (its
 * table, its panel, the dialog under it, the main content), which a screen reader announces by name.
 *
 *   const afterClose = keepFocusNear(document.activeElement);   // when the dialog opens
 *   <Modal onClose={() => { close(); afterClose(); }} …/>
 */

const PLACES = 'table, section, [role="region"], [role="dialog"], main';
/** How long after the close a removal (a refetched list without the row) still moves focus. */
const WATCH_MS = 3000;

function lost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active === document.documentElement;
}

function focusPlace(place: HTMLElement) {
  if (!place.hasAttribute('tabindex')) {
    // Focusable for now only (not a Tab stop): gone again when focus leaves it.
    place.setAttribute('tabindex', '-1');
    place.addEventListener('blur', () => place.removeAttribute('tabindex'), { once: true });
  }
  place.focus();
}

/** The places around `element`, nearest first. */
function placesAround(element: Element | null): HTMLElement[] {
  const places: HTMLElement[] = [];
  for (let node = element?.parentElement; node; node = node.parentElement) {
    if (node.matches(PLACES)) places.push(node);
  }
  return places;
}

export function keepFocusNear(opener: Element | null, fallback?: () => HTMLElement | null): () => void {
  const places = placesAround(opener);
  return () => {
    const started = Date.now();
    let done = false;
    const stop = () => {
      done = true;
      observer.disconnect();
    };
    const check = () => {
      if (done) return;
      if (Date.now() - started > WATCH_MS) return stop();
      if (lost()) {
        // The opener still there: Mantine gives focus back to it (10 ms after the close).
        if (opener?.isConnected) return;
        const place = fallback?.() ?? places.find((candidate) => candidate.isConnected);
        if (place) focusPlace(place);
        stop();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true });
    // After Mantine's own return of focus (10 ms after the close).
    window.setTimeout(check, 50);
    window.setTimeout(check, WATCH_MS);
  };
}

/**
 * A `fallback` for a dialog opened from inside another one that closes as it opens (the delete dialog's "Replace it in
 * these zones…"): `element` (what opened the first dialog) while it is on the page, else the nearest place around it
 * that still is.
 */
export function focusBackTo(element: Element | null): () => HTMLElement | null {
  const places = placesAround(element);
  return () =>
    element instanceof HTMLElement && element.isConnected ? element : (places.find((place) => place.isConnected) ?? null);
}

/**
 * For a dialog opened from a menu item: the menu (Mantine, `returnFocus` off theme-wide so it does not pull focus
 * back out of the dialog just opened) closes, and the item with it; closed, the dialog gives focus to the menu's
 * button. `ref` goes on `Menu.Target`'s button, `opening()` in the item's onClick, `closed()` in the dialog's onClose.
 */
export function useFocusBackToMenu() {
  const ref = useRef<HTMLButtonElement>(null);
  const afterClose = useRef<() => void>(() => {});
  return {
    ref,
    opening: () => {
      afterClose.current = keepFocusNear(document.activeElement, () => ref.current);
    },
    closed: () => afterClose.current(),
  };
}
