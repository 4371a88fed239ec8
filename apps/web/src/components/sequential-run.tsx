/**
 * One action on several items, **one after another** (each is a request of the shared Cloudflare budget and goes
 * through the BFF's fair write queue), with each item's outcome shown as it comes: the zones list's Force AXFR /
 * Force NOTIFY on several zones, and the peers page's "Replace a peer in its zones".
 *
 *   const run = useSequentialRun(setBusy);
 *   run.start(zones, async (zone) => 'Serial 1 → 2');       // resolve: done; throw SkipItem: skipped; throw: failed
 *   {run.runs && <RunResults items={zones} run={run} label="Force AXFR results" doneLabel="Requested" onClose={…} />}
 *
 * A budget refusal (429) stops the run and the items not sent say why; so do three failures of Cloudflare's in a row
 * (502, 504: Cloudflare failing for everyone — each further item would be one more call to it, and a change it may
 * or may not have applied; ADR 022); "Stop after this one" stops it too.
 */
import { Button, Group, Loader, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconMinus, IconPlayerSkipForward } from '@tabler/icons-react';
import { useRef, useState, type ReactNode } from 'react';
import { errorMessage, isApiError, isCloudflareFailure } from '../lib/api-client';
import { GuardedModal } from './form-parts';

export type ItemRun =
  | { state: 'waiting' | 'running' }
  | { state: 'done' | 'failed' | 'skipped' | 'not-sent'; text: string };

export interface RunItem {
  id: string;
  name: string;
}

/** Thrown by an item's action when it leaves the item as it was on purpose (e.g. the zone no longer uses the peer). */
export class SkipItem extends Error {}

/**
 * Thrown by an item's action when the items after it must not be sent either (e.g. Cloudflare refused the fields
 * themselves, which every item shares): the item fails with `message`, the rest are "not sent" with `why`.
 */
export class StopRun extends Error {
  constructor(
    message: string,
    readonly why: string,
    /** What was thrown, for the caller (e.g. to put the refusal on the form's field). */
    readonly refusal?: unknown,
  ) {
    super(message);
  }
}

/** Cloudflare's failures (502, 504) in a row after which a run stops: Cloudflare is failing, not this item. */
export const CLOUDFLARE_FAILURES_TO_STOP = 3;

const LOOK: Record<ItemRun['state'], { color: string; icon: ReactNode; label: string }> = {
  waiting: { color: 'gray', icon: <IconMinus size={14} aria-hidden />, label: 'Waiting' },
  running: { color: 'blue', icon: <Loader size={12} />, label: 'Sending' },
  done: { color: 'teal', icon: <IconCircleCheck size={14} aria-hidden />, label: 'Done' },
  failed: { color: 'red', icon: <IconCircleX size={14} aria-hidden />, label: 'Failed' },
  skipped: { color: 'gray', icon: <IconPlayerSkipForward size={14} aria-hidden />, label: 'Skipped' },
  'not-sent': { color: 'gray', icon: <IconMinus size={14} aria-hidden />, label: 'Not sent' },
};

export interface SequentialRun {
  runs: Record<string, ItemRun> | null;
  running: boolean;
  start<T extends RunItem>(items: readonly T[], runOne: (item: T) => Promise<string>): Promise<void>;
  requestStop(): void;
  /** Forgets the finished run (e.g. back to the form that started it). */
  reset(): void;
}

export function useSequentialRun(onRunning?: (running: boolean) => void): SequentialRun {
  const [runs, setRuns] = useState<Record<string, ItemRun> | null>(null);
  const [running, setRunning] = useState(false);
  const stop = useRef(false);

  async function start<T extends RunItem>(items: readonly T[], runOne: (item: T) => Promise<string>) {
    stop.current = false;
    setRunning(true);
    onRunning?.(true);
    setRuns(Object.fromEntries(items.map((item) => [item.id, { state: 'waiting' } as ItemRun])));
    const update = (id: string, value: ItemRun) => setRuns((previous) => ({ ...previous, [id]: value }));
    const cloudflareFailed: string[] = []; // the items in a row that Cloudflare's failure failed
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index]!;
      if (stop.current) {
        for (const rest of items.slice(index)) update(rest.id, { state: 'not-sent', text: 'Not sent: stopped.' });
        break;
      }
      update(item.id, { state: 'running' });
      try {
        update(item.id, { state: 'done', text: await runOne(item) });
        cloudflareFailed.length = 0;
      } catch (error) {
        const cloudflares = isCloudflareFailure(error);
        if (!cloudflares) cloudflareFailed.length = 0;
        if (error instanceof SkipItem) {
          update(item.id, { state: 'skipped', text: error.message });
          continue;
        }
        if (error instanceof StopRun) {
          update(item.id, { state: 'failed', text: error.message });
          for (const rest of items.slice(index + 1)) update(rest.id, { state: 'not-sent', text: error.why });
          break;
        }
        update(item.id, { state: 'failed', text: errorMessage(error) });
        if (isApiError(error) && error.status === 429) {
          const why = `Not sent: the shared Cloudflare API budget is spent (see ${item.name} above). Try again later.`;
          for (const rest of items.slice(index + 1)) update(rest.id, { state: 'not-sent', text: why });
          break;
        }
        if (cloudflares) cloudflareFailed.push(item.name);
        if (cloudflareFailed.length >= CLOUDFLARE_FAILURES_TO_STOP && index + 1 < items.length) {
          const why =
            `Not sent: Cloudflare failed ${cloudflareFailed.length} times in a row (${cloudflareFailed.join(', ')} above): it is ` +
            'failing, not these items. Run them again when it answers (the header shows when).';
          for (const rest of items.slice(index + 1)) update(rest.id, { state: 'not-sent', text: why });
          break;
        }
      }
    }
    setRunning(false);
    onRunning?.(false);
  }

  return { runs, running, start, requestStop: () => (stop.current = true), reset: () => setRuns(null) };
}

/** Progress, a status line, and each item's outcome; "Stop after this one" while running, "Done" after. */
export function RunResults({
  items,
  run,
  label,
  doneLabel,
  onClose,
  onBack,
}: {
  items: readonly RunItem[];
  run: SequentialRun;
  /** Accessible name of the list, e.g. "Force AXFR results". */
  label: string;
  /** What a done item is called, e.g. "Requested" or "Changed". */
  doneLabel: string;
  onClose: () => void;
  /** "Back to the form" after the run (what was typed is still there). */
  onBack?: () => void;
}) {
  const runs = run.runs ?? {};
  const states = items.map((item) => runs[item.id]?.state ?? 'waiting');
  const finished = states.filter((state) => state !== 'waiting' && state !== 'running').length;
  const count = (state: ItemRun['state']) => states.filter((s) => s === state).length;
  const summary = [
    `${count('done')} ${doneLabel.toLowerCase()}`,
    `${count('failed')} failed`,
    ...(count('skipped') ? [`${count('skipped')} skipped`] : []),
    `${count('not-sent')} not sent`,
  ].join(', ');
  return (
    <Stack gap="md">
      <Progress value={(finished / Math.max(items.length, 1)) * 100} aria-label="Progress" animated={run.running} />
      <Text size="sm" role="status">
        {run.running ? `Sending ${Math.min(finished + 1, items.length)} of ${items.length}…` : `Done: ${summary}.`}
      </Text>
      <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={label}>
        {items.map((item) => {
          const result = runs[item.id] ?? { state: 'waiting' };
          const look = LOOK[result.state];
          return (
            <Group key={item.id} component="li" gap="sm" wrap="nowrap" align="flex-start" data-state={result.state}>
              <ThemeIcon variant="light" color={look.color} size="sm" mt={2} aria-hidden>
                {look.icon}
              </ThemeIcon>
              <Stack gap={0}>
                <Text size="sm" fw={500}>
                  {item.name}{' '}
                  <Text span size="xs" c="dimmed">
                    · {result.state === 'done' ? doneLabel : look.label}
                  </Text>
                </Text>
                {'text' in result && (
                  <Text size="sm" c="dimmed">
                    {result.text}
                  </Text>
                )}
              </Stack>
            </Group>
          );
        })}
      </Stack>
      <Group justify="flex-end">
        {run.running ? (
          <Button variant="default" onClick={run.requestStop}>
            Stop after this one
          </Button>
        ) : (
          <>
            {onBack && (
              <Button variant="default" onClick={onBack}>
                Back to the form
              </Button>
            )}
            <Button onClick={onClose}>Done</Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

/**
 * The dialog around a run: it cannot be closed (Escape, the close button, a click outside) while `busy`, so a run is
 * never left half-seen; before the run, a form inside that reports typed input (`useDiscardGuard`) asks before
 * closing. Used by every dialog that sends one request after another.
 */
export function RunModal(props: {
  opened: boolean;
  busy: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  /** Where focus goes once closed when what opened the dialog is gone (`keepFocusNear`'s fallback). */
  focusFallback?: () => HTMLElement | null;
}) {
  return <GuardedModal {...props} closeOnClickOutside={false} />;
}
