/**
 * The one peer form, for create and edit, in a modal. Validated with the contract's `PeerBodySchema` (the same
 * schema the BFF validates with). Server refusals land on their field by `source.pointer`; the rest is shown at the
 * top of the form; what the user typed is kept.
 */
import { Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { PeerBodySchema, type Peer, type PeerBody } from '@secdns/api-types';
import { FormAlert, FormFooter, FormHint, FormModal, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { compareValues } from '../../../components/data-table';
import { auditHistoryPath } from '../../../lib/audit-path';
import { ApiError, isApiError } from '../../../lib/api-client';
import { fieldMessage, splitServerErrors } from '../../../lib/form-errors';
import { peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { sameAddress, sameName, unreachableReason } from '../../../lib/addresses';
import { typedNumber } from '../../../lib/typed-number';
import { useCreatePeer, useUpdatePeer } from '../api/mutations';
import { PeerChangeImpact, PeerUsageNote, usePeerUsage, type PeerChange } from './peer-usage';
import { mixedKeysAfter } from '../usage';


/** A peer's port as Cloudflare uses it (53 when none is set), or NaN for a port typed that is not a number. */
function portOf(port: number | string | undefined): number {
  const typed = port === undefined ? undefined : typedNumber(port);
  return typed === undefined ? 53 : typeof typed === 'number' ? typed : Number.NaN;
}
/** Error code the BFF uses when a peer was created but its details could not be saved. */
const PARTIAL_CREATE = 1010;
/** The "None" choice of the TSIG select (ids are 32 hex characters, so this cannot collide). */
const NO_TSIG = 'none';

export interface PeerFormValues {
  name: string;
  ip: string;
  /** `''` = not set (Cloudflare's default port). */
  port: number | string;
  ixfr_enable: boolean;
  /** A TSIG id, or `'none'`. */
  tsig_id: string;
}

const FIELDS = ['name', 'ip', 'port', 'ixfr_enable', 'tsig_id'] as const;

export function toFormValues(peer?: Peer | null): PeerFormValues {
  return {
    name: peer?.name ?? '',
    ip: peer?.ip ?? '',
    // Text, as the box holds it (a number would make the form "changed" once the same port is typed again).
    port: peer?.port !== undefined ? String(peer.port) : '',
    ixfr_enable: peer?.ixfr_enable ?? false,
    tsig_id: peer?.tsig_id || NO_TSIG,
  };
}

/** What the inputs hold → the body the contract expects (empty optional inputs become `undefined`). */
export function toPeerBody(values: PeerFormValues): Record<string, unknown> {
  const ip = values.ip.trim();
  return {
    name: values.name,
    ip: ip === '' ? undefined : ip,
    port: typedNumber(values.port),
    ixfr_enable: values.ixfr_enable,
    tsig_id: values.tsig_id && values.tsig_id !== NO_TSIG ? values.tsig_id : undefined,
  };
}

/** The created peer's id: from the refusal's `result`, else from the message ("… (id <32 hex>) …"). */
function idFromPartialCreate(error: ApiError): string | null {
  const result = error.result as { id?: unknown } | null;
  if (result && typeof result.id === 'string' && result.id) return result.id;
  const text = error.errors.map((e) => e.message).join(' ');
  return /\b[0-9a-f]{32}\b/.exec(text)?.[0] ?? null;
}

export interface PeerFormProps {
  accountId: string;
  opened: boolean;
  onClose: () => void;
  /** The peer to edit; absent or null to create one. */
  peer?: Peer | null;
}

export function PeerForm({ accountId, opened, onClose, peer }: PeerFormProps) {
  return (
    <FormModal opened={opened} onClose={onClose} title={peer ? `Edit peer ${peer.name}` : 'Add peer'}>
      <PeerFormBody key={peer?.id ?? 'new'} accountId={accountId} peer={peer} onClose={onClose} />
    </FormModal>
  );
}

function PeerFormBody({ accountId, peer, onClose }: { accountId: string; peer?: Peer | null; onClose: () => void }) {
  const tsigs = useQuery(tsigsListQuery(accountId));
  const createPeer = useCreatePeer(accountId);
  const updatePeer = useUpdatePeer(accountId);
  /** Becomes the new peer's id when a create half-succeeded, so Save then updates instead of creating twice. */
  const [editingId, setEditingId] = useState<string | null>(peer?.id ?? null);
  const [partialCreate, setPartialCreate] = useState(false);

  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<PeerFormValues, unknown, PeerBody>({
    resolver: zodFormResolver(PeerBodySchema, toPeerBody),
    defaultValues: toFormValues(peer),
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused, forgetRefusal } = useSubmitError(setError, FIELDS);
  // Accepted (tests and local nameservers use 127.0.0.1), but said: Cloudflare reaches peers over the internet.
  const ipTyped = useWatch({ control, name: 'ip' }) ?? '';
  const unreachable = ipTyped.trim() ? unreachableReason(ipTyped) : null;
  // Cloudflare accepts a second peer of the same name or address; said, since it is almost always a slip.
  const others = (useQuery(peersListQuery(accountId)).data ?? []).filter((other) => other.id !== peer?.id);
  const nameTyped = useWatch({ control, name: 'name' }) ?? '';
  const portTyped = useWatch({ control, name: 'port' });
  const namesake = others.find((other) => sameName(other.name, nameTyped));
  const addressTwin = ipTyped.trim()
    ? others.find((other) => other.ip && sameAddress(other.ip, ipTyped) && portOf(other.port) === portOf(portTyped))
    : undefined;

  // An edit of a peer in use changes the transfers of its zones: said where the change is typed.
  const usage = usePeerUsage(accountId).data;
  const tsigTyped = useWatch({ control, name: 'tsig_id' });
  const keyTyped = tsigTyped && tsigTyped !== NO_TSIG ? tsigTyped : undefined;
  const keyChanged = peer !== undefined && peer !== null && (peer.tsig_id || undefined) !== keyTyped;
  const sameIp = (peer?.ip ?? '').trim() === ipTyped.trim() || sameAddress(peer?.ip ?? '', ipTyped);
  const addressChanged = peer !== undefined && peer !== null && (!sameIp || portOf(peer.port) !== portOf(portTyped));
  const mixed = peer && keyChanged && usage ? mixedKeysAfter(usage, [...others, peer], peer.id, keyTyped) : [];
  const keyName = (id: string | undefined) =>
    id ? (tsigs.data?.find((tsig) => tsig.id === id)?.name ?? `${id.slice(0, 8)}…`) : 'no key';
  // Before Save: what the change means for the zones that use the peer (names and links, by what it is to them).
  const addressText = (ip: string, port: number) => `${ip.trim()} port ${port}`;
  const change: PeerChange = {
    address:
      peer && addressChanged && ipTyped.trim() !== '' && !errors.ip && !errors.port
        ? { from: peer.ip ? addressText(peer.ip, portOf(peer.port)) : null, to: addressText(ipTyped, portOf(portTyped)) }
        : undefined,
    key: peer && keyChanged ? { from: peer.tsig_id ? keyName(peer.tsig_id) : null, to: keyTyped ? keyName(keyTyped) : null } : undefined,
  };

  const pending = isSubmitting || createPeer.isPending || updatePeer.isPending;

  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    setPartialCreate(false);
    try {
      if (editingId) {
        await updatePeer.mutateAsync({ peerId: editingId, body });
      } else {
        await createPeer.mutateAsync(body);
      }
      notifySuccess(peer ? `Peer ${body.name} saved` : `Peer ${body.name} added`);
      onClose();
    } catch (error) {
      if (isApiError(error) && error.code === PARTIAL_CREATE) {
        setSubmitError(error);
        const id = idFromPartialCreate(error);
        if (id) setEditingId(id);
        setPartialCreate(true);
        // The first error says what happened; the upstream errors after it may point at fields.
        const [first, ...rest] = error.errors;
        const { fieldErrors, formErrors } = splitServerErrors(rest, FIELDS);
        fieldErrors.forEach(({ field, message }) =>
          setError(field as (typeof FIELDS)[number], { type: 'server', message }),
        );
        const message = [first?.message, ...formErrors.map((e) => e.message)].filter(Boolean).join(' ');
        setError('root.serverError', { type: 'server', message: message || error.message });
        return;
      }
      refused(error);
    }
  }, forgetRefusal);

  const tsigOptions = [
    { value: NO_TSIG, label: 'None' },
    // By name, in the TSIG keys page's order (its table's natural sort: "key2" before "key10", case aside).
    ...[...(tsigs.data ?? [])]
      .sort((a, b) => compareValues(a.name, b.name))
      .map((tsig) => ({ value: tsig.id, label: tsig.name })),
  ];
  if (peer?.tsig_id && !tsigOptions.some((option) => option.value === peer.tsig_id)) {
    tsigOptions.push({
      value: peer.tsig_id,
      label: tsigs.isPending ? 'Loading…' : `Unknown key ${peer.tsig_id.slice(0, 8)}…`,
    });
  }

  const formMessage = errors.root?.serverError?.message;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={peer ? 'Edit peer' : 'Add peer'}>
      <Stack gap="md">
        {formMessage && (
          <FormAlert
            color={partialCreate ? 'yellow' : 'red'}
            title={partialCreate ? 'Peer created without its settings' : 'The peer was not saved'}
            message={formMessage}
            error={submitError}
          >
            {partialCreate && (
              <Text size="sm" mt={4}>
                The peer exists with its name only. Check the settings below and press Save again to apply them.
              </Text>
            )}
          </FormAlert>
        )}
        {peer && <PeerUsageNote accountId={accountId} peerId={peer.id} action="edit" />}

        <TextInput
          label="Name"
          withAsterisk
          autoComplete="off"
          data-autofocus
          placeholder="ns1.example.net"
          error={fieldMessage('Name', errors.name?.message)}
          {...register('name')}
        />
        {namesake && !errors.name && (
          <FormHint>
            Another peer is already named {namesake.name}
            {namesake.ip ? ` (${namesake.ip} port ${portOf(namesake.port)})` : ''}: zone pages and the audit log would show two
            peers of that name.
          </FormHint>
        )}

        <Group align="flex-start" wrap="nowrap">
          <TextInput
            label="IP address"
            description="Secondary zones: Cloudflare transfers (AXFR/IXFR) from here. Primary zones: Cloudflare sends NOTIFY here."
            style={{ flex: 1 }}
            placeholder="192.0.2.53 or 2001:db8::53"
            autoComplete="off"
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            error={fieldMessage('IP address', errors.ip?.message)}
            {...register('ip')}
          />
          <Controller
            control={control}
            name="port"
            render={({ field }) => (
              // A text box: what was typed stays as typed (a number box dropped '.', '-' and letters unsaid), and the
              // contract's PortSchema says what is wrong with it.
              <TextInput
                label="Port"
                description="Empty: 53, Cloudflare's default."
                placeholder="53"
                inputMode="numeric"
                autoComplete="off"
                w={180}
                name={field.name}
                ref={field.ref}
                value={String(field.value)}
                onChange={(event) => field.onChange(event.currentTarget.value)}
                onBlur={field.onBlur}
                error={fieldMessage('Port', errors.port?.message)}
              />
            )}
          />
        </Group>
        {unreachable && !errors.ip && (
          <FormHint>
            Cloudflare cannot reach {ipTyped.trim()}: it is {unreachable}. Transfers and NOTIFY with this peer fail unless it
            has the address Cloudflare reaches over the internet.
          </FormHint>
        )}
        {peer?.ip && !ipTyped.trim() && (
          <FormHint>
            No address: Cloudflare can no longer transfer from {peer.name} or send it NOTIFY. Every zone that uses it loses
            this peer at once{usage ? '' : ' (“Check which zones use it” above names them)'}; a primary zone whose secondaries
            are all without an address sends NOTIFY to nobody; secondaries an ACL allows can still ask it for transfers.
          </FormHint>
        )}
        {addressChanged && !usage && !errors.ip && !errors.port && ipTyped.trim() !== '' && (
          <FormHint>
            Transfers of every zone that uses {peer?.name} go to the new address at once: “Check which zones use it” above
            names them.
          </FormHint>
        )}
        {addressTwin && !errors.ip && (
          <FormHint>
            {addressTwin.name} already has {ipTyped.trim()} port {portOf(addressTwin.port)}: one nameserver as two peers (a zone
            could name either, and a change to one leaves the other as it was).
          </FormHint>
        )}

        <Controller
          control={control}
          name="ixfr_enable"
          render={({ field }) => (
            <Switch
              label="IXFR"
              description="Incremental zone transfers. Only applies to secondary zones."
              name={field.name}
              ref={field.ref}
              checked={field.value}
              onChange={(event) => field.onChange(event.currentTarget.checked)}
              onBlur={field.onBlur}
              error={fieldMessage('IXFR', errors.ixfr_enable?.message)}
            />
          )}
        />

        <Controller
          control={control}
          name="tsig_id"
          render={({ field }) => (
            <Select
              label="TSIG key"
              description={
                tsigs.isError
                  ? 'Could not load the TSIG keys; the current choice is kept.'
                  : 'Signs transfers with this key. Its name must match the key on the other nameserver.'
              }
              data={tsigOptions}
              allowDeselect={false}
              searchable={tsigOptions.length > 8}
              nothingFoundMessage="No key with that name"
              checkIconPosition="right"
              comboboxProps={{ withinPortal: true }}
              name={field.name}
              ref={field.ref}
              value={field.value}
              onChange={(value) => field.onChange(value ?? NO_TSIG)}
              onBlur={field.onBlur}
              error={fieldMessage('TSIG key', errors.tsig_id?.message)}
            />
          )}
        />

        {keyChanged && !usage?.complete && mixed.length === 0 && (
          <FormHint>
            Every peer of a zone must use the same TSIG key (Cloudflare refuses the zone&apos;s next change otherwise, and
            its transfers can fail):{' '}
            {usage
              ? `the look-up did not read ${usage.zones_total - usage.zones_read} of ${usage.zones_total} zones, so zones using ${peer?.name} may be missed.`
              : `“Check which zones use it” above says which zones using ${peer?.name} this touches.`}{' '}
            To change the key of several peers together, use “Move its peers to another key” (⇄) on the TSIG keys page.
          </FormHint>
        )}
        {mixed.length > 0 && (
          <FormHint>
            {mixed
              .map(
                (zone) =>
                  `${zone.zone_name} would have ${zone.direction === 'incoming' ? 'primaries' : 'secondaries'} with different TSIG keys (${zone.others
                    .map((other) => `${other.name}: ${keyName(other.tsig_id)}`)
                    .join(', ')})`,
              )
              .join('; ')}
            . Every peer of a zone must use the same key (Cloudflare refuses the zone&apos;s next change otherwise, and its
            transfers can fail). To change the key of all these peers together, use “Move its peers to another key” (⇄)
            on the TSIG keys page.
          </FormHint>
        )}

        {peer && usage && <PeerChangeImpact accountId={accountId} peer={peer} usage={usage} change={change} />}

        <FormFooter onCancel={onClose} pending={pending} refusal={formMessage ? null : submitError} historyHref={peer ? auditHistoryPath(peer.id) : undefined} />
      </Stack>
    </form>
  );
}
