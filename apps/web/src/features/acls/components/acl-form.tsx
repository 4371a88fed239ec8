/**
 * The one ACL form, for create and edit, in a modal. Validated with the contract's `AclBodySchema` (`CidrSchema`
 * for the range, the same schema the BFF validates with). Before any submit, the IP range field explains Cloudflare's
 * /24 and /64 limits and, as the user types, what the range covers. Server refusals land on their field by
 * `source.pointer`; the rest is shown at the top of the form; what the user typed is kept.
 */
import { Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { ACL_MIN_PREFIX, AclBodySchema, CidrSchema, type Acl, type AclBody } from '@secdns/api-types';
import { FormAlert, FormFooter, FormHint, FormModal, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { networkOfRange, rangesOverlap, sameName, sameRange, unreachableRangeReason } from '../../../lib/addresses';
import { auditHistoryPath } from '../../../lib/audit-path';
import { aclsListQuery } from '../../../lib/lookups';
import { fieldMessage } from '../../../lib/form-errors';
import { notifySuccess } from '../../../lib/notify';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { useCreateAcl, useUpdateAcl } from '../api/mutations';
import { ACL_LIMIT_TEXT, describeCidr } from '../cidr';

export interface AclFormValues {
  name: string;
  ip_range: string;
}

const FIELDS = ['name', 'ip_range'] as const;

export function toFormValues(acl?: Acl | null): AclFormValues {
  return { name: acl?.name ?? '', ip_range: acl?.ip_range ?? '' };
}

/** What the range covers, or what is wrong with it, as the user types (before any submit). */
export function liveRangeHint(value: string): { text: string; problem: boolean } | null {
  const text = value.trim();
  if (!text) return null;
  const info = describeCidr(text);
  const parsed = CidrSchema.safeParse(text);
  if (info && info.tooWide) {
    return {
      text: `${info.family} /${info.prefix} is ${info.size}: wider than Cloudflare allows (at most /${info.family === 'IPv4' ? ACL_MIN_PREFIX.v4 : ACL_MIN_PREFIX.v6}).`,
      problem: true,
    };
  }
  if (info && parsed.success) {
    const span = info.first && info.last ? ` (${info.first} – ${info.last})` : '';
    return { text: `${info.family}, ${info.size}${span}.`, problem: false };
  }
  if (!text.includes('/')) {
    return { text: 'Add a prefix length, e.g. /32 for one IPv4 address or /128 for one IPv6 address.', problem: true };
  }
  return { text: 'Not a range in CIDR notation yet, e.g. 192.0.2.48/28 or 2001:db8::/64.', problem: true };
}

export interface AclFormProps {
  accountId: string;
  opened: boolean;
  onClose: () => void;
  /** The ACL to edit; absent or null to create one. */
  acl?: Acl | null;
}

export function AclForm({ accountId, opened, onClose, acl }: AclFormProps) {
  return (
    <FormModal opened={opened} onClose={onClose} title={acl ? `Edit ACL ${acl.name}` : 'Add ACL'}>
      <AclFormBody key={acl?.id ?? 'new'} accountId={accountId} acl={acl} onClose={onClose} />
    </FormModal>
  );
}

function AclFormBody({ accountId, acl, onClose }: { accountId: string; acl?: Acl | null; onClose: () => void }) {
  const createAcl = useCreateAcl(accountId);
  const updateAcl = useUpdateAcl(accountId);

  const {
    register,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<AclFormValues, unknown, AclBody>({
    resolver: zodFormResolver(AclBodySchema),
    defaultValues: toFormValues(acl),
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused, forgetRefusal } = useSubmitError(setError, FIELDS);

  const pending = isSubmitting || createAcl.isPending || updateAcl.isPending;

  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    try {
      if (acl) {
        await updateAcl.mutateAsync({ aclId: acl.id, body });
      } else {
        await createAcl.mutateAsync(body);
      }
      notifySuccess(acl ? `ACL ${body.name} saved` : `ACL ${body.name} added`);
      onClose();
    } catch (error) {
      refused(error);
    }
  }, forgetRefusal);

  const ipRange = watch('ip_range');
  const hint = liveRangeHint(ipRange);
  // Cloudflare accepts a second ACL of the same name or over the same addresses; said, since it is usually a slip.
  const others = (useQuery(aclsListQuery(accountId)).data ?? []).filter((other) => other.id !== acl?.id);
  const nameTyped = watch('name');
  const namesake = others.find((other) => sameName(other.name, nameTyped));
  const typedRange = ipRange.trim();
  const twin = typedRange ? others.find((other) => sameRange(other.ip_range, typedRange)) : undefined;
  const covering = typedRange && !twin ? others.find((other) => rangesOverlap(other.ip_range, typedRange)) : undefined;
  // Cloudflare keeps a range with host bits set as typed: it covers the whole network, not the one address written.
  const network = networkOfRange(typedRange);
  // Transfer requests and NOTIFY reach Cloudflare over the internet, so a private or loopback range never matches.
  const unreachable = unreachableRangeReason(typedRange);
  const formMessage = errors.root?.serverError?.message;
  const rangeError = fieldMessage('IP range', errors.ip_range?.message);

  return (
    <form onSubmit={onSubmit} noValidate aria-label={acl ? 'Edit ACL' : 'Add ACL'}>
      <Stack gap="md">
        {formMessage && (
          <FormAlert title="The ACL was not saved" message={formMessage} error={submitError} />
        )}

        <TextInput
          label="Name"
          withAsterisk
          autoComplete="off"
          data-autofocus
          placeholder="Office network"
          error={fieldMessage('Name', errors.name?.message)}
          {...register('name')}
        />
        {namesake && !errors.name && (
          <FormHint>
            Another ACL is already named {namesake.name} ({namesake.ip_range}): the setup checks would name two ACLs alike.
          </FormHint>
        )}

        <TextInput
          label="IP range"
          withAsterisk
          description={
            <>
              CIDR notation, e.g. 192.0.2.48/28 or 2001:db8::/64. {ACL_LIMIT_TEXT} ACLs are account-wide: addresses in this
              range may ask Cloudflare for transfers of any of the account&apos;s primary zones (signed, where the zone&apos;s
              peers use a TSIG key) and send it NOTIFY for any secondary zone.
              <Text
                component="span"
                display="block"
                size="xs"
                mt={4}
                aria-live="polite"
                c={hint?.problem ? 'var(--mantine-color-orange-light-color)' : undefined}
                fw={hint?.problem ? 600 : undefined}
                data-testid="acl-range-hint"
              >
                {hint && !rangeError ? hint.text : ''}
              </Text>
            </>
          }
          placeholder="192.0.2.48/28"
          autoComplete="off"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          error={rangeError}
          {...register('ip_range')}
        />
        {network && !rangeError && (
          <FormHint>
            {typedRange} has host bits set: did you mean {network}? The range is all of {network}, not only{' '}
            {typedRange.split('/')[0]} (for that one address: {typedRange.split('/')[0]}/
            {typedRange.includes(':') ? 128 : 32}).
          </FormHint>
        )}
        {unreachable && !rangeError && (
          <FormHint>
            Every address in {typedRange} is {unreachable}: transfer requests and NOTIFY reach Cloudflare over the
            internet, from public addresses, so this ACL can never match them.
          </FormHint>
        )}
        {twin && !rangeError && (
          <FormHint>
            ACL {twin.name} already allows exactly this range ({twin.ip_range}).
          </FormHint>
        )}
        {covering && !rangeError && (
          <FormHint>
            {typedRange} overlaps {covering.name} ({covering.ip_range}): the addresses they share are allowed already.
          </FormHint>
        )}

        <FormFooter onCancel={onClose} pending={pending} refusal={formMessage ? null : submitError} historyHref={acl ? auditHistoryPath(acl.id) : undefined} />
      </Stack>
    </form>
  );
}
