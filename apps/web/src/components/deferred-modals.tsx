/**
 * Mantine's ModalsProvider, which shows the confirmation dialogs of `openConfirm`, outside the first chunk: its Modal
 * brings floating-ui, react-remove-scroll and the focus trap (30 KB gzip) that the first paint does not need. Its code
 * is fetched as soon as this module runs and it is mounted when that is there, beside the app (nothing uses its
 * context: dialogs are opened through `modals.*`, window events).
 *
 * Those events are lost while nobody listens, so `openConfirm` goes through `whenModalsReady`: at once when the
 * provider listens (or when there is no deferred one, as in tests, which mount Mantine's own), else as soon as it
 * does. A click that opens a dialog in the moment before is not lost, only answered when the provider is there.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useLoadedComponent } from './preloaded';

const modalsModule = import('@mantine/modals');

type ProviderProps = { labels: { confirm: string; cancel: string }; children?: ReactNode };

/** Calls waiting for the deferred provider to listen; undefined when it listens, or when none is on its way. */
let waiting: Array<() => void> | undefined;

/** Runs `open` (a `modals.*` call) when a ModalsProvider listens: now, or once the deferred one is mounted. */
export function whenModalsReady(open: () => void): void {
  if (waiting) waiting.push(open);
  else open();
}

/** Rendered after the provider: its effect runs once the provider has subscribed to the events (a layout effect). */
function Listening() {
  useEffect(() => {
    const queued = waiting ?? [];
    waiting = undefined;
    for (const open of queued) open();
  }, []);
  return null;
}

export function DeferredModalsProvider({ labels }: Pick<ProviderProps, 'labels'>) {
  // From now until it listens, `openConfirm` waits for it.
  useState(() => (waiting ??= []));
  const Provider = useLoadedComponent<typeof import('@mantine/modals'), ProviderProps>(
    modalsModule,
    (module) => module.ModalsProvider,
  );
  if (!Provider) return null;
  return (
    <>
      <Provider labels={labels} />
      <Listening />
    </>
  );
}
