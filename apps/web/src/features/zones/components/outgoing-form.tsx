/**
 * The one primary (outgoing) form, for set-up and edit, in a modal: the zone's name (prefilled with the trailing
 * dot) and the secondaries Cloudflare sends NOTIFY to (0–30, by name). Validated with the contract's
 * `OutgoingBodySchema`; server refusals land on their field by `source.pointer`, the rest at the top.
 */
import { Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { OutgoingBodySchema, type Outgoing, type OutgoingBody } from '@secdns/api-types';
import { FormAlert, FormFooter, FormModal, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { fieldMessage } from '../../../lib/form-errors';
import { peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { useSaveOutgoing } from '../api/mutations';
import { ZoneNameInput, ZonePeersField, withPeerNames } from './form-parts';
import { withTrailingDot } from './incoming-form';

export interface OutgoingFormValues {
  name: string;
  peers: string[];
}

const FIELDS = ['name', 'peers'] as const;

export function toOutgoingFormValues(zoneName: string, outgoing?: Outgoing | null): OutgoingFormValues {
  return { name: outgoing?.name ?? withTrailingDot(zoneName), peers: outgoing?.peers ?? [] };
}

export interface OutgoingFormProps {
  accountId: string;
  zoneId: string;
  zoneName: string;
  /** The configuration to edit; absent or null to set one up. */
  outgoing?: Outgoing | null;
  opened: boolean;
  onClose: () => void;
}

export function OutgoingForm({ opened, onClose, outgoing, zoneName, ...rest }: OutgoingFormProps) {
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={outgoing ? `Edit primary for ${zoneName}` : `Set up primary for ${zoneName}`}
    >
      <OutgoingFormBody outgoing={outgoing} zoneName={zoneName} onClose={onClose} {...rest} />
    </FormModal>
  );
}

function OutgoingFormBody({ accountId, zoneId, zoneName, outgoing, onClose }: Omit<OutgoingFormProps, 'opened'>) {
  const peers = useQuery(peersListQuery(accountId));
  const tsigs = useQuery(tsigsListQuery(accountId));
  const save = useSaveOutgoing(zoneId);
  const exists = Boolean(outgoing);

  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<OutgoingFormValues, unknown, OutgoingBody>({
    resolver: zodFormResolver(OutgoingBodySchema),
    defaultValues: toOutgoingFormValues(zoneName, outgoing),
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused, forgetRefusal } = useSubmitError(setError, FIELDS);
  const pending = isSubmitting || save.isPending;

  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    try {
      await save.mutateAsync({ body, exists });
      notifySuccess(
        exists ? `Primary for ${zoneName} saved` : `Primary for ${zoneName} set up`,
        exists ? undefined : 'Outgoing transfers start disabled: enable them when the secondaries are ready.',
      );
      onClose();
    } catch (error) {
      refused(withPeerNames(error, body.peers, peers.data, tsigs.data));
    }
  }, forgetRefusal);

  const formMessage = errors.root?.serverError?.message;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={exists ? 'Edit primary' : 'Set up primary'}>
      <Stack gap="md">
        {formMessage && (
          <FormAlert title="The primary configuration was not saved" message={formMessage} error={submitError} />
        )}

        <ZoneNameInput error={fieldMessage('Name', errors.name?.message)} {...register('name')} />

        <ZonePeersField
          control={control}
          accountId={accountId}
          autoFocus
          label="Secondaries to NOTIFY"
          description="Cloudflare sends DNS NOTIFY to these peers' IP addresses when the zone changes. Optional: secondaries allowed by an ACL can also poll."
          error={fieldMessage('Secondaries', errors.peers?.message ?? errors.peers?.root?.message)}
        />

        <FormFooter onCancel={onClose} pending={pending} refusal={formMessage ? null : submitError} />
      </Stack>
    </form>
  );
}
