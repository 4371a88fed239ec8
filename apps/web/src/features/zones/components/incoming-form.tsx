/**
 * The one secondary (incoming) form, for set-up and edit, in a modal: the zone's name (prefilled with the trailing
 * dot), its primaries picked by name (1–30), and the auto refresh interval (≥ 300 s, presets, read back in words).
 * Validated with the contract's `IncomingBodySchema`; server refusals land on their field by `source.pointer`, the
 * rest at the top; what the user typed is kept.
 */
import { Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useForm, type Control, type FieldErrors, type UseFormSetValue } from 'react-hook-form';
import {
  DEFAULT_AUTO_REFRESH_SECONDS,
  IncomingBodySchema,
  type Incoming,
  type IncomingBody,
} from '@secdns/api-types';
import { FormAlert, FormFooter, FormModal, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { fieldMessage } from '../../../lib/form-errors';
import { peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { typedSeconds } from '../../../lib/typed-number';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { useSaveIncoming } from '../api/mutations';
import { AutoRefreshField, ZoneNameInput, ZonePeersField, withPeerNames } from './form-parts';

export interface IncomingFormValues {
  name: string;
  peers: string[];
  /** `''` while the box is empty. */
  auto_refresh_seconds: number | string;
}

const FIELDS = ['name', 'peers', 'auto_refresh_seconds'] as const;

/** `example.net` → `example.net.` */
export function withTrailingDot(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

export function toIncomingFormValues(zoneName: string, incoming?: Incoming | null): IncomingFormValues {
  return {
    name: incoming?.name ?? withTrailingDot(zoneName),
    peers: incoming?.peers ?? [],
    // Text, as the box holds it: a number here would make the form "changed" once the same value is typed again.
    auto_refresh_seconds: String(incoming?.auto_refresh_seconds ?? DEFAULT_AUTO_REFRESH_SECONDS),
  };
}

/** What the inputs hold → the body the contract expects (auto refresh as typed, or a BIND duration in seconds). */
export function toIncomingBody(values: IncomingFormValues): Record<string, unknown> {
  return {
    name: values.name,
    peers: values.peers,
    auto_refresh_seconds: typedSeconds(values.auto_refresh_seconds),
  };
}

type TransferFieldValues = Pick<IncomingFormValues, 'peers' | 'auto_refresh_seconds'>;

/**
 * The secondary configuration's fields but the name: its primaries and auto refresh. This form's, and those of "Set up
 * secondaries" on several zones (`bulk-setup.tsx`, `several`: the same primaries for every picked zone).
 */
export function IncomingFields<T extends TransferFieldValues>({
  accountId,
  control,
  setValue,
  errors,
  several = false,
}: {
  accountId: string;
  control: Control<T>;
  setValue: UseFormSetValue<T>;
  errors: FieldErrors<TransferFieldValues>;
  several?: boolean;
}) {
  return (
    <>
      <ZonePeersField
        control={control as unknown as Control<TransferFieldValues>}
        accountId={accountId}
        // The single zone's dialog starts here; the bulk dialog starts at its zone list.
        autoFocus={!several}
        label="Primaries"
        description={
          several
            ? 'The nameservers Cloudflare pulls these zones from (AXFR/IXFR) and accepts NOTIFY from, the same for every picked zone.'
            : 'The nameservers Cloudflare pulls this zone from (AXFR/IXFR) and accepts NOTIFY from.'
        }
        required
        error={fieldMessage('Primaries', errors.peers?.message ?? errors.peers?.root?.message)}
      />
      <AutoRefreshField
        control={control as unknown as Control<TransferFieldValues>}
        setValue={(seconds) =>
          (setValue as unknown as UseFormSetValue<TransferFieldValues>)('auto_refresh_seconds', seconds, {
            shouldDirty: true,
            shouldValidate: true,
          })
        }
        error={fieldMessage('Auto refresh', errors.auto_refresh_seconds?.message)}
      />
    </>
  );
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
  const tsigs = useQuery(tsigsListQuery(accountId));
  const save = useSaveIncoming(zoneId);
  const exists = Boolean(incoming);

  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<IncomingFormValues, unknown, IncomingBody>({
    resolver: zodFormResolver(IncomingBodySchema, toIncomingBody),
    defaultValues: toIncomingFormValues(zoneName, incoming),
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused, forgetRefusal } = useSubmitError(setError, FIELDS);
  const pending = isSubmitting || save.isPending;

  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    try {
      await save.mutateAsync({ body, exists });
      notifySuccess(exists ? `Secondary for ${zoneName} saved` : `Secondary for ${zoneName} set up`);
      onClose();
    } catch (error) {
      refused(withPeerNames(error, body.peers, peers.data, tsigs.data));
    }
  }, forgetRefusal);

  const formMessage = errors.root?.serverError?.message;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={exists ? 'Edit secondary' : 'Set up secondary'}>
      <Stack gap="md">
        {formMessage && (
          <FormAlert title="The secondary configuration was not saved" message={formMessage} error={submitError} />
        )}

        <ZoneNameInput error={fieldMessage('Name', errors.name?.message)} {...register('name')} />

        <IncomingFields accountId={accountId} control={control} setValue={setValue} errors={errors} />

        <FormFooter onCancel={onClose} pending={pending} refusal={formMessage ? null : submitError} />
      </Stack>
    </form>
  );
}
