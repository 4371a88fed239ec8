/**
 * The one secondary (incoming) form, for set-up and edit, in a modal: the zone's name (prefilled with the trailing
 * dot), its primaries picked by name (1–30), and the auto refresh interval (≥ 300 s, presets, read back in words).
 * Validated with the contract's `IncomingBodySchema`; server refusals land on their field by `source.pointer`, the
 * rest at the top; what the user typed is kept.
 */
import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import {
  DEFAULT_AUTO_REFRESH_SECONDS,
  IncomingBodySchema,
  MIN_AUTO_REFRESH_SECONDS,
  type Incoming,
  type IncomingBody,
} from '@secdns/api-types';
import { FormAlert, FormFooter, FormModal, useSubmitError } from '../../../components/form-parts';
import { fieldMessage } from '../../../lib/form-errors';
import { formatInterval } from '../../../lib/format-time';
import { peersListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { useSaveIncoming } from '../api/mutations';
import { ZoneNameInput, ZonePeersField, withPeerNames } from './form-parts';

export interface IncomingFormValues {
  name: string;
  peers: string[];
  /** `''` while the box is empty. */
  auto_refresh_seconds: number | string;
}

const FIELDS = ['name', 'peers', 'auto_refresh_seconds'] as const;

export const AUTO_REFRESH_PRESETS = [
  { seconds: 300, label: '5 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '1 day' },
] as const;

/** `example.net` → `example.net.` */
export function withTrailingDot(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

export function toIncomingFormValues(zoneName: string, incoming?: Incoming | null): IncomingFormValues {
  return {
    name: incoming?.name ?? withTrailingDot(zoneName),
    peers: incoming?.peers ?? [],
    auto_refresh_seconds: incoming?.auto_refresh_seconds ?? DEFAULT_AUTO_REFRESH_SECONDS,
  };
}

/** What the inputs hold → the body the contract expects. */
export function toIncomingBody(values: IncomingFormValues): Record<string, unknown> {
  const seconds = values.auto_refresh_seconds;
  return {
    name: values.name,
    peers: values.peers,
    auto_refresh_seconds:
      seconds === '' ? undefined : typeof seconds === 'number' ? seconds : Number(String(seconds).trim()),
  };
}

export interface IncomingFormProps {
  accountId: string;
  zoneId: string;
  zoneName: string;
  /** The configuration to edit; absent or null to set one up. */
  incoming?: Incoming | null;
  opened: boolean;
  onClose: () => void;
}

export function IncomingForm({ opened, onClose, incoming, zoneName, ...rest }: IncomingFormProps) {
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={incoming ? `Edit secondary for ${zoneName}` : `Set up secondary for ${zoneName}`}
    >
      <IncomingFormBody incoming={incoming} zoneName={zoneName} onClose={onClose} {...rest} />
    </FormModal>
  );
}

function IncomingFormBody({
  accountId,
  zoneId,
  zoneName,
  incoming,
  onClose,
}: Omit<IncomingFormProps, 'opened'>) {
  const peers = useQuery(peersListQuery(accountId));
  const save = useSaveIncoming(zoneId);
  const exists = Boolean(incoming);

  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<IncomingFormValues, unknown, IncomingBody>({
    resolver: zodFormResolver(IncomingBodySchema, toIncomingBody),
    defaultValues: toIncomingFormValues(zoneName, incoming),
  });
  const { submitError, setSubmitError, refused } = useSubmitError(setError, FIELDS);
  const refresh = useWatch({ control, name: 'auto_refresh_seconds' });
  const refreshSeconds = typeof refresh === 'number' ? refresh : Number(refresh);
  const pending = isSubmitting || save.isPending;
  const presetsId = useId();

  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    try {
      await save.mutateAsync({ body, exists });
      notifySuccess(exists ? `Secondary for ${zoneName} saved` : `Secondary for ${zoneName} set up`);
      onClose();
    } catch (error) {
      refused(withPeerNames(error, body.peers, peers.data));
    }
  });

  const formMessage = errors.root?.serverError?.message;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={exists ? 'Edit secondary' : 'Set up secondary'}>
      <Stack gap="md">
        {formMessage && (
          <FormAlert title="The secondary configuration was not saved" message={formMessage} error={submitError} />
        )}

        <ZoneNameInput error={fieldMessage('Name', errors.name?.message)} {...register('name')} />

        <ZonePeersField
          control={control}
          accountId={accountId}
          label="Primaries"
          description="The nameservers Cloudflare pulls this zone from (AXFR/IXFR) and accepts NOTIFY from."
          required
          error={fieldMessage('Primaries', errors.peers?.message ?? errors.peers?.root?.message)}
        />

        <Stack gap={6}>
          <Controller
            control={control}
            name="auto_refresh_seconds"
            render={({ field }) => (
              <NumberInput
                label="Auto refresh (seconds)"
                description={
                  Number.isFinite(refreshSeconds) && refreshSeconds > 0
                    ? `Cloudflare checks the primaries' SOA serial every ${formatInterval(refreshSeconds)}, whatever the zone's SOA REFRESH says. At least ${MIN_AUTO_REFRESH_SECONDS} (5 minutes).`
                    : `How often Cloudflare checks the primaries' SOA serial. At least ${MIN_AUTO_REFRESH_SECONDS} (5 minutes).`
                }
                withAsterisk
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                hideControls
                thousandSeparator={false}
                w="100%"
                name={field.name}
                ref={field.ref}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={fieldMessage('Auto refresh', errors.auto_refresh_seconds?.message)}
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
                onClick={() =>
                  setValue('auto_refresh_seconds', preset.seconds, { shouldDirty: true, shouldValidate: true })
                }
              >
                {preset.label}
              </Button>
            ))}
          </Group>
        </Stack>

        <FormFooter onCancel={onClose} pending={pending} refusal={formMessage ? null : submitError} />
      </Stack>
    </form>
  );
}
