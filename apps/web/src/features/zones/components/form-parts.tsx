/**
 * Pieces the incoming and outgoing forms share (the pieces every form shares are in `components/form-parts.tsx`): the
 * zone's name input, its peers picked by name, the auto refresh interval, and server errors that name peers. The
 * secondary form and "Set up secondaries" on several zones use the same fields.
 */
import { Button, Group, Stack, Text, TextInput, type TextInputProps } from '@mantine/core';
import { useId } from 'react';
import { Controller, useWatch, type Control, type FieldValues, type Path } from 'react-hook-form';
import { MIN_AUTO_REFRESH_SECONDS, type Peer, type Tsig } from '@secdns/api-types';
import { formatInterval } from '../../../lib/format-time';
import { ApiError, isApiError } from '../../../lib/api-client';
import { stripFieldPrefix } from '../../../lib/form-errors';
import { durationSeconds, typedSeconds } from '../../../lib/typed-number';
import { PeerPicker, type PeerPickerProps } from './peer-picker';

/**
 * A refusal pointing at `/peers/<i>` names the i-th chosen peer by its name ("Peer 2 (ns2-primary): …"), so the
 * message under the peer picker says which pick is wrong. Other errors pass unchanged.
 */
export function withPeerNames(error: unknown, chosen: string[], peers: Peer[] | undefined, tsigs?: Tsig[]): unknown {
  if (!isApiError(error)) return error;
  const byId = new Map((peers ?? []).map((peer) => [peer.id, peer.name]));
  // Cloudflare names keys by ID ("uses TSIG key 3f2a…"): the admin knows them by name.
  const keyNames = new Map((tsigs ?? []).map((tsig) => [tsig.id, tsig.name]));
  const namedKeys = (text: string) => text.replace(/\b(TSIG key )([0-9a-f]{32})\b/g, (all, prefix: string, id: string) => (keyNames.has(id) ? `${prefix}${keyNames.get(id)}` : all));
  let changed = false;
  const errors = error.errors.map((entry) => {
    const match = /^\/peers\/(\d+)$/.exec(entry.source?.pointer ?? '');
    if (!match) return entry;
    const index = Number(match[1]);
    const id = chosen[index];
    const name = id ? (byId.get(id) ?? `${id.slice(0, 8)}…`) : undefined;
    changed = true;
    const sentence = namedKeys(stripFieldPrefix(entry.message, 'peers'));
    return { ...entry, message: `Peer ${index + 1}${name ? ` (${name})` : ''}: ${sentence}` };
  });
  if (!changed) return error;
  return new ApiError({
    status: error.status,
    errors,
    requestId: error.requestId,
    operationId: error.operationId,
    result: error.result,
  });
}

/**
 * The zone's name as Cloudflare knows it; takes `register('name')` and the field's error. Shown, sent, never typed:
 * a configuration belongs to its zone and Cloudflare takes no other name (a refusal still lands here).
 */
export function ZoneNameInput(props: Omit<TextInputProps, 'label' | 'description' | 'readOnly'>) {
  return (
    <TextInput
      label="Name"
      description="The zone's name: the configuration belongs to this zone and takes no other."
      readOnly
      variant="filled"
      autoComplete="off"
      spellCheck={false}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      {...props}
    />
  );
}

export type ZonePeersFieldProps<T extends FieldValues> = { control: Control<T> } & Omit<
  PeerPickerProps,
  'name' | 'inputRef' | 'value' | 'onChange' | 'onBlur'
>;

/** The form's `peers` field: the zone's peers picked by name. */
export function ZonePeersField<T extends FieldValues & { peers: string[] }>({ control, ...picker }: ZonePeersFieldProps<T>) {
  return (
    <Controller
      control={control}
      name={'peers' as Path<T>}
      render={({ field }) => (
        <PeerPicker
          {...picker}
          name={field.name}
          inputRef={field.ref}
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
        />
      )}
    />
  );
}

export const AUTO_REFRESH_PRESETS = [
  { seconds: 300, label: '5 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '1 day' },
] as const;

/**
 * The form's `auto_refresh_seconds` field (≥ 300 s, read back in words) with its presets. A text box: what was typed
 * stays as typed and the contract's schema says what is wrong with it (`toIncomingBody`); a BIND duration (`1h30m`)
 * is taken in seconds and said so ("= 5400 s").
 */
export function AutoRefreshField<T extends FieldValues & { auto_refresh_seconds: number | string }>({
  control,
  setValue,
  error,
}: {
  control: Control<T>;
  /** A preset was picked (its seconds, as the box holds them: text). */
  setValue: (seconds: string) => void;
  error?: string;
}) {
  const refresh = useWatch({ control, name: 'auto_refresh_seconds' as Path<T> }) as number | string;
  const typed = typedSeconds(refresh);
  const refreshSeconds = typeof typed === 'number' && Number.isInteger(typed) ? typed : Number.NaN;
  const duration = typeof refresh === 'string' && durationSeconds(refresh) !== null ? `${refresh.trim()} = ${refreshSeconds} s. ` : '';
  const presetsId = useId();
  return (
    <Stack gap={6}>
      <Controller
        control={control}
        name={'auto_refresh_seconds' as Path<T>}
        render={({ field }) => (
          <TextInput
            label="Auto refresh (seconds)"
            description={
              refreshSeconds > 0
                ? `${duration}Cloudflare checks the primaries' SOA serial every ${formatInterval(refreshSeconds)}, whatever the zone's SOA REFRESH says. At least ${MIN_AUTO_REFRESH_SECONDS} (5 minutes); a duration such as 1h30m or 1d is taken too.`
                : `How often Cloudflare checks the primaries' SOA serial, in seconds or as a duration such as 1h30m or 1d. At least ${MIN_AUTO_REFRESH_SECONDS} (5 minutes).`
            }
            withAsterisk
            // Letters too: a duration such as 1h30m (a numeric keypad has none).
            inputMode="text"
            autoComplete="off"
            spellCheck={false}
            w="100%"
            name={field.name}
            ref={field.ref}
            value={String(field.value)}
            onChange={(event) => field.onChange(event.currentTarget.value)}
            onBlur={field.onBlur}
            error={error}
          />
        )}
      />
      <Group gap="xs" role="group" aria-labelledby={presetsId}>
        <Text size="xs" c="dimmed" id={presetsId}>
          Auto refresh presets:
        </Text>
        {AUTO_REFRESH_PRESETS.map((preset) => (
          <Button
            key={preset.seconds}
            size="compact-xs"
            variant={refreshSeconds === preset.seconds ? 'filled' : 'light'}
            aria-pressed={refreshSeconds === preset.seconds}
            onClick={() => setValue(String(preset.seconds))}
          >
            {preset.label}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
