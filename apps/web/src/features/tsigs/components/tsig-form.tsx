/**
 * The one TSIG key form, for create and edit, in a modal. Validated with the contract's `TsigBodySchema` (the same
 * schema the BFF validates with). Server refusals land on their field by `source.pointer`; the rest is shown at the
 * top of the form; what the user typed is kept.
 *
 * Cloudflare's PUT needs the secret, and the BFF masks it in every list/detail answer. An edit leaves the Secret
 * empty to keep the current one: the form sends the mask and the BFF puts the current secret in its place. Opening the
 * form reveals nothing (a reveal is audited, and an edit is not a reveal); "Show current secret" reads it through the
 * audited, admin-only reveal endpoint when someone asks.
 */
import {
  Alert,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  Loader,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCheck, IconCopy, IconDice5 } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { isBase64Secret, TSIG_SECRET_MASK, TsigBodySchema, type Tsig, type TsigBody } from '@secdns/api-types';
import { FormAlert, FormFooter, FormHint, FormModal, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { auditHistoryPath } from '../../../lib/audit-path';
import { errorMessage } from '../../../lib/api-client';
import { fieldMessage } from '../../../lib/form-errors';
import { sameName } from '../../../lib/addresses';
import { peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { notifySuccess } from '../../../lib/notify';
import { zodFormResolver } from '../../../lib/zod-resolver';
import {
  ALGORITHM_OPTIONS,
  DEFAULT_ALGORITHM,
  DIGEST_BYTES,
  bindAlgorithmName,
  bindKeyClause,
  generateSecret,
  isTsigAlgorithm,
  shortSecretWarning,
} from '../algorithms';
import { useCreateTsig, useUpdateTsig } from '../api/mutations';
import { fetchTsigSecret } from '../api/queries';

export interface TsigFormValues {
  name: string;
  algo: string;
  secret: string;
}

const FIELDS = ['name', 'algo', 'secret'] as const;
const MASK = '••••••••••••';

export function toFormValues(tsig?: Tsig | null): TsigFormValues {
  return {
    name: tsig?.name ?? '',
    algo: tsig?.algo ?? DEFAULT_ALGORITHM,
    // Never the list's value: the BFF masks it. Edit fills it from the reveal endpoint.
    secret: '',
  };
}

/** What the inputs hold → the body the contract expects; an edit's empty Secret keeps the current one (the mask). */
export function toTsigBody(values: TsigFormValues, editing = false): Record<string, unknown> {
  const secret = values.secret.trim();
  return { name: values.name, algo: values.algo, secret: editing && !secret ? TSIG_SECRET_MASK : secret };
}

function secretHint(algo: string): string {
  if (!isTsigAlgorithm(algo)) return 'Base64, as tsig-keygen prints it.';
  const bytes = DIGEST_BYTES[algo];
  const chars = Math.ceil(bytes / 3) * 4;
  return `Base64, as tsig-keygen prints it. A ${bindAlgorithmName(algo)} key is ${bytes} random bytes (${chars} characters).`;
}

export interface TsigFormProps {
  accountId: string;
  opened: boolean;
  onClose: () => void;
  /** The key to edit; absent or null to create one. */
  tsig?: Tsig | null;
}

export function TsigForm({ accountId, opened, onClose, tsig }: TsigFormProps) {
  return (
    <FormModal opened={opened} onClose={onClose} title={tsig ? `Edit TSIG key ${tsig.name}` : 'Add TSIG key'}>
      <TsigFormBody key={tsig?.id ?? 'new'} accountId={accountId} tsig={tsig} onClose={onClose} />
    </FormModal>
  );
}

type SecretLoad = { state: 'idle' } | { state: 'loading' } | { state: 'ready' } | { state: 'error'; error: unknown };

function TsigFormBody({ accountId, tsig, onClose }: { accountId: string; tsig?: Tsig | null; onClose: () => void }) {
  const createTsig = useCreateTsig(accountId);
  const updateTsig = useUpdateTsig(accountId);
  const [secretVisible, setSecretVisible] = useState(false);
  /** The secret Generate put in the field: it counts as generated while the field still holds it. */
  const [generatedValue, setGeneratedValue] = useState<string | null>(null);
  const [secretLoad, setSecretLoad] = useState<SecretLoad>({ state: 'idle' });
  const [storedNotBase64, setStoredNotBase64] = useState(tsig?.secret_is_base64 === false);

  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    watch,
    setFocus,
    trigger,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<TsigFormValues, unknown, TsigBody>({
    resolver: zodFormResolver(TsigBodySchema, (values: TsigFormValues) => toTsigBody(values, Boolean(tsig))),
    defaultValues: toFormValues(tsig),
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused, forgetRefusal } = useSubmitError(setError, FIELDS);

  // "Show current secret" (edit): read through the audited reveal endpoint, only when asked.
  const tsigId = tsig?.id;
  const reveal = useRef<AbortController | null>(null);
  useEffect(() => () => reveal.current?.abort(), []);
  const showCurrentSecret = () => {
    if (!tsigId) return;
    reveal.current?.abort();
    const controller = new AbortController();
    reveal.current = controller;
    setSecretLoad({ state: 'loading' });
    fetchTsigSecret(accountId, tsigId, controller.signal).then(
      (secret) => {
        setValue('secret', secret, { shouldDirty: false });
        setSecretLoad({ state: 'ready' });
        setGeneratedValue(null);
        setSecretVisible(true);
        // Set by another client of the API: said at once, not at Save.
        if (!isBase64Secret(secret)) {
          setStoredNotBase64(true);
          void trigger('secret');
        }
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setSecretLoad({ state: 'error', error });
      },
    );
  };

  const pending = isSubmitting || createTsig.isPending || updateTsig.isPending;
  const loadingSecret = secretLoad.state === 'loading';

  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    try {
      if (tsig) {
        await updateTsig.mutateAsync({ tsigId: tsig.id, body });
      } else {
        await createTsig.mutateAsync(body);
      }
      notifySuccess(tsig ? `TSIG key ${body.name} saved` : `TSIG key ${body.name} added`);
      onClose();
    } catch (error) {
      refused(error);
    }
  }, forgetRefusal);

  const onGenerate = () => {
    const value = generateSecret(watch('algo'));
    setValue('secret', value, { shouldDirty: true, shouldValidate: true });
    setGeneratedValue(value);
    setSecretVisible(true);
    setFocus('secret');
  };

  const [name, algo, secret] = watch(['name', 'algo', 'secret']);
  const generated = generatedValue !== null && secret.trim() === generatedValue;
  const clause = bindKeyClause(name.trim() || 'key-name.example.', algo, secret.trim() || '…');
  const shownClause = bindKeyClause(
    name.trim() || 'key-name.example.',
    algo,
    secret.trim() ? (secretVisible ? secret.trim() : MASK) : '…',
  );

  const formMessage = errors.root?.serverError?.message;
  // Accepted (Cloudflare and nameservers take a short key), but said: it is weaker than the algorithm it signs with.
  const shortSecret = shortSecretWarning(algo, secret);
  // Editing a key in use changes it for its peers at once: said before Save, with the way to change keys without a gap.
  const peers = useQuery({ ...peersListQuery(accountId), enabled: Boolean(tsig) });
  const usedBy = tsig ? (peers.data ?? []).filter((peer) => peer.tsig_id === tsig.id).map((peer) => peer.name) : [];
  // Cloudflare accepts a second key of the same name; said, since the other side cannot tell them apart.
  const namesake = (useQuery(tsigsListQuery(accountId)).data ?? []).find((other) => other.id !== tsig?.id && sameName(other.name, name));

  return (
    <form onSubmit={onSubmit} noValidate aria-label={tsig ? 'Edit TSIG key' : 'Add TSIG key'}>
      <Stack gap="md">
        {formMessage && (
          <FormAlert title="The TSIG key was not saved" message={formMessage} error={submitError} />
        )}
        {usedBy.length > 0 && (
          <Alert color="yellow" variant="light" role="note" title={`In use by ${usedBy.join(', ')}`}>
            <Text size="sm">
              A new name, algorithm or secret applies to {usedBy.length === 1 ? 'this peer' : 'these peers'} at once:
              their transfers fail until the other nameserver has the same key. To change keys without a gap, add a new
              key, configure it on the other side, then move the peers to it (“Move its peers to another key”, ⇄, on the TSIG keys page).
            </Text>
          </Alert>
        )}

        {storedNotBase64 && !generated && (
          <Alert color="orange" variant="light" role="note" title="This key's secret is not Base64">
            <Text size="sm">
              It was set outside this dashboard (Cloudflare takes any text). No nameserver can load it, so this key
              cannot sign a transfer: generate a new secret, save, and put the same secret on the other nameserver.
            </Text>
          </Alert>
        )}

        {secretLoad.state === 'error' && (
          <FormAlert
            color="yellow"
            title="Could not read the current secret"
            message={errorMessage(secretLoad.error)}
            error={secretLoad.error}
          >
            <Text size="sm" mt={4}>
              Leave the Secret empty to keep the current one, or generate a new one and put it on the other nameserver
              too.
            </Text>
          </FormAlert>
        )}

        <TextInput
          label="Name"
          withAsterisk
          description="The key name must be identical on both nameservers."
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          placeholder="transfer-key.example.net."
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          error={fieldMessage('Name', errors.name?.message)}
          {...register('name')}
        />
        {namesake && !errors.name && (
          <FormHint>
            A TSIG key named {namesake.name} already exists ({namesake.algo}): nameservers find a key by its name, so two
            keys of one name sign with whichever each side happens to pick. Use another name, or edit that key.
          </FormHint>
        )}

        <Controller
          control={control}
          name="algo"
          render={({ field }) => (
            <Select
              label="Algorithm"
              withAsterisk
              description="Must match the other nameserver. Cloudflare spells it with a trailing dot."
              data={
                isTsigAlgorithm(field.value) || !field.value
                  ? ALGORITHM_OPTIONS
                  : [...ALGORITHM_OPTIONS, { value: field.value, label: `${field.value} (not supported)` }]
              }
              allowDeselect={false}
              checkIconPosition="right"
              comboboxProps={{ withinPortal: true }}
              name={field.name}
              ref={field.ref}
              value={field.value}
              onChange={(value) => field.onChange(value ?? DEFAULT_ALGORITHM)}
              onBlur={field.onBlur}
              error={fieldMessage('Algorithm', errors.algo?.message)}
            />
          )}
        />

        <Box>
          <Controller
            control={control}
            name="secret"
            render={({ field }) => (
              <PasswordInput
                label="Secret"
                withAsterisk={!tsig}
                description={
                  loadingSecret
                    ? 'Reading the current secret (admins only; the read is recorded in the audit log)…'
                    : secretLoad.state === 'ready' && !generated
                      ? 'The current secret, read through the audited reveal endpoint.'
                      : tsig && !field.value
                        ? 'Empty: the current secret is kept. To change it, generate or paste a new one.'
                        : secretHint(algo)
                }
                autoComplete="off"
                spellCheck={false}
                disabled={loadingSecret}
                placeholder={loadingSecret ? 'Reading the current secret…' : tsig ? 'The current secret, kept' : 'Paste a secret or generate one'}
                leftSection={loadingSecret ? <Loader size={14} aria-hidden /> : undefined}
                visible={secretVisible}
                onVisibilityChange={setSecretVisible}
                visibilityToggleButtonProps={{ 'aria-label': 'Show secret', tabIndex: 0 }}
                styles={{ innerInput: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                name={field.name}
                ref={field.ref}
                value={field.value}
                onChange={(event) => field.onChange(event.currentTarget.value)}
                onBlur={field.onBlur}
                error={fieldMessage('Secret', errors.secret?.message)}
              />
            )}
          />
          <Group gap="sm" mt="xs" wrap="nowrap">
            <Button
              variant="default"
              size="xs"
              leftSection={<IconDice5 size={16} aria-hidden />}
              onClick={onGenerate}
              disabled={loadingSecret || pending}
            >
              Generate secret
            </Button>
            {tsig && !generated && secretLoad.state !== 'ready' && (
              <Button
                variant="subtle"
                size="xs"
                onClick={showCurrentSecret}
                loading={loadingSecret}
                disabled={pending}
                title="Reads it through the admin-only reveal endpoint; the read is recorded in the audit log"
              >
                Show current secret
              </Button>
            )}
            {generated && tsig && (
              <Text size="xs" c="var(--mantine-color-orange-light-color)">
                A new secret breaks transfers with this key until the other nameserver has it too.
              </Text>
            )}
          </Group>
        </Box>
        {shortSecret && !errors.secret && <FormHint>{shortSecret}</FormHint>}

        <Box>
          <Group justify="space-between" align="center" mb={4}>
            <Text size="sm" fw={500} id="tsig-bind-preview-label">
              For the other nameserver (BIND named.conf)
            </Text>
            <CopyButton value={clause} timeout={1500}>
              {({ copied, copy }) => (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color={copied ? 'teal' : undefined}
                  leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                  onClick={copy}
                  disabled={!secret.trim() || !name.trim()}
                >
                  {copied ? 'Copied' : 'Copy key clause'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Code block aria-labelledby="tsig-bind-preview-label" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {shownClause}
          </Code>
          {secret.trim() && !secretVisible && (
            <Text size="xs" c="dimmed" mt={4}>
              The secret is masked here until you show it (eye button in the Secret field).
            </Text>
          )}
        </Box>

        <FormFooter onCancel={onClose} pending={pending} refusal={formMessage ? null : submitError} historyHref={tsig ? auditHistoryPath(tsig.id) : undefined} saveDisabled={loadingSecret} />
      </Stack>
    </form>
  );
}
