/**
 * "API tokens" (the user menu): the signed-in user's tokens for scripts — a deploy job's Force NOTIFY, a monitor's
 * reads — sent as `Authorization: Bearer …` to the dashboard's /api (docs/decisions/019-api-tokens.md). Lists them
 * (never the token: the dashboard keeps only its hash) with their role, zones, expiry and last use; makes one (a
 * name, a role up to the user's own, every zone or only some, an expiry) and shows it this once with how to use it;
 * revokes. Admins may list and revoke everyone's, and make one for another user (a service user for a pipeline).
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCheck, IconCopy, IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import {
  API_TOKEN_DEFAULT_DAYS,
  ApiTokenCreateBodySchema,
  ROLES,
  roleAllows,
  type ApiToken,
  type ApiTokenCreateBody,
  type ApiTokenCreated,
  type Role,
} from '@secdns/api-types';
import { openConfirm } from '../../../components/confirm';
import { DateTime } from '../../../components/date-time';
import { ErrorState } from '../../../components/error-state';
import { FormAlert, FormFooter, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { PageLoader } from '../../../components/page-loader';
import { fieldMessage } from '../../../lib/form-errors';
import { notifySuccess } from '../../../lib/notify';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { userQueries } from '../../users/api/queries';
import { apiTokenQueries, useCreateApiToken, useRevokeApiToken } from '../api/api-tokens';
import { TokenScope, TokenZonesPicker } from './token-zones';

const EXPIRY_CHOICES = [7, 30, 90, 365].map((days) => ({
  value: String(days),
  label: days === 365 ? '1 year' : `${days} days`,
}));

const ROLE_WORDS: Record<Role, string> = {
  viewer: 'viewer — reads only (a monitor, a report)',
  operator: 'operator — reads, Force AXFR / NOTIFY (a deploy job)',
  admin: 'admin — everything /api allows',
};

export interface ApiTokensProps {
  username: string;
  role: Role;
  /** Called when a link leaves for another page (the dialog closes). */
  onNavigate?: () => void;
}

export function ApiTokens({ username, role, onNavigate }: ApiTokensProps) {
  const [view, setView] = useState<'list' | 'create'>('list');
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [everyone, setEveryone] = useState(false);

  if (created) return <CreatedToken token={created} onDone={() => setCreated(null)} />;
  if (view === 'create') {
    return (
      <CreateTokenForm
        username={username}
        role={role}
        onCancel={() => setView('list')}
        onCreated={(token) => {
          setView('list');
          setCreated(token);
        }}
      />
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm">
        A script signs its requests to this dashboard’s API with a token instead of a password: <Code>Authorization: Bearer …</Code>{' '}
        on <Code>/api</Code> routes. It acts as you, with the role you give it (at most yours), until it expires or is
        revoked; the audit log names it beside you.
      </Text>
      <Group justify="space-between">
        {role === 'admin' ? (
          <Switch label="Everyone’s tokens" checked={everyone} onChange={(event) => setEveryone(event.currentTarget.checked)} />
        ) : (
          <span />
        )}
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setView('create')}>
          New token
        </Button>
      </Group>
      <TokenList everyone={everyone} username={username} onNavigate={onNavigate} />
    </Stack>
  );
}

function TokenList({ everyone, username, onNavigate }: { everyone: boolean; username: string; onNavigate?: () => void }) {
  const tokens = useQuery(apiTokenQueries.list(everyone));
  const revoke = useRevokeApiToken();
  if (tokens.isPending) return <PageLoader label="Reading API tokens" />;
  if (tokens.isError) {
    return <ErrorState title="Could not read the API tokens" error={tokens.error} onRetry={() => void tokens.refetch()} retrying={tokens.isFetching} />;
  }
  if (tokens.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {everyone ? 'Nobody has an API token.' : 'You have no API tokens.'}
      </Text>
    );
  }
  const confirmRevoke = (token: ApiToken) =>
    openConfirm({
      title: `Revoke the API token “${token.name}”?`,
      message:
        token.username === username
          ? 'Scripts that use it are refused from now on. This cannot be undone: make a new token for them.'
          : `It is ${token.username}’s. Scripts that use it are refused from now on; ${token.username} can make a new one.`,
      confirmLabel: 'Revoke token',
      danger: true,
      onConfirm: async () => {
        await revoke.mutateAsync(token.id);
        notifySuccess('API token revoked', `“${token.name}” no longer works.`);
      },
    });
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {everyone && <Table.Th>User</Table.Th>}
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Zones</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.data.map((token) => {
            const expired = Date.parse(token.expires_at) <= Date.now();
            return (
              <Table.Tr key={token.id}>
                {everyone && <Table.Td>{token.username}</Table.Td>}
                <Table.Td>
                  <Text size="sm">{token.name}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    sdt_{token.id}_…
                  </Text>
                  {token.created_by !== token.username && (
                    <Text size="xs" c="dimmed">
                      made by {token.created_by}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{token.role}</Table.Td>
                <Table.Td>
                  <TokenScope zones={token.zones} />
                </Table.Td>
                <Table.Td>
                  {expired ? (
                    <Badge size="sm" color="red" variant="light">
                      Expired
                    </Badge>
                  ) : (
                    <DateTime value={token.expires_at} size="xs" />
                  )}
                </Table.Td>
                <Table.Td>
                  <DateTime value={token.last_used_at} empty="Never" size="xs" />
                  {token.last_used_ip && (
                    <Text size="xs" c="dimmed" ff="monospace">
                      from {token.last_used_ip}
                    </Text>
                  )}
                  {/* Everything it did (after a leak: what did it do?), in the audit log. */}
                  <Anchor component={Link} to={`/audit?resource=${token.id}`} size="xs" display="block" onClick={onNavigate} aria-label={`Activity of ${token.name} in the audit log`}>
                    Activity
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    aria-label={`Revoke ${token.name}`}
                    onClick={() => confirmRevoke(token)}
                  >
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface Values {
  name: string;
  username: string;
  role: Role;
  scope: 'all' | 'zones';
  zones: string[];
  expires_in_days: string;
}

const FIELDS = ['name', 'username', 'role', 'zones', 'expires_in_days'] as const;
// The expiry is picked from a list (a string); the contract's number is checked by the BFF. Zones are asked for
// only when the token is to be limited to some.
const FormSchema = ApiTokenCreateBodySchema.omit({ expires_in_days: true, zones: true, username: true })
  .extend({ expires_in_days: z.string(), username: z.string(), scope: z.enum(['all', 'zones']), zones: z.array(z.string()) })
  .superRefine((values, context) => {
    if (values.scope === 'zones' && values.zones.length === 0) {
      context.addIssue({ code: 'custom', path: ['zones'], message: 'must name at least one zone (or choose Every zone)' });
    }
  });

function CreateTokenForm({
  username,
  role,
  onCancel,
  onCreated,
}: {
  username: string;
  role: Role;
  onCancel: () => void;
  onCreated: (token: ApiTokenCreated) => void;
}) {
  const create = useCreateApiToken();
  const admin = role === 'admin';
  // Admins may make a token for another user: the users list says whose roles allow what.
  const users = useQuery({ ...userQueries.list(), enabled: admin });
  const form = useForm<Values>({
    defaultValues: { name: '', username, role: 'viewer', scope: 'all', zones: [], expires_in_days: String(API_TOKEN_DEFAULT_DAYS) },
    resolver: zodFormResolver(FormSchema),
  });
  const { register, control, handleSubmit, formState, watch, setValue, getValues } = form;
  useDiscardGuard(formState.isDirty);
  const { submitError, setSubmitError, refused, forgetRefusal } = useSubmitError(form.setError, FIELDS);
  const owner = watch('username');
  const scope = watch('scope');
  const ownerRole: Role = owner === username ? role : (users.data?.find((user) => user.username === owner)?.role ?? 'viewer');
  const submit = handleSubmit(async (values) => {
    setSubmitError(null);
    const body: ApiTokenCreateBody = {
      name: values.name.trim(),
      role: values.role,
      expires_in_days: Number(values.expires_in_days),
      ...(values.scope === 'zones' ? { zones: values.zones } : {}),
      ...(values.username !== username ? { username: values.username } : {}),
    };
    try {
      onCreated(await create.mutateAsync(body));
    } catch (error) {
      refused(error);
    }
  }, forgetRefusal);
  const serverError = formState.errors.root?.serverError?.message;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {serverError && <FormAlert title="The token was not made" message={serverError} error={submitError} />}
        <TextInput
          label="Name"
          description="What uses it, so you know which to revoke: deploy pipeline, monitoring…"
          required
          data-autofocus
          error={fieldMessage('Name', formState.errors.name?.message)}
          {...register('name')}
        />
        {admin && (
          <Controller
            control={control}
            name="username"
            render={({ field, fieldState }) => (
              <Select
                label="For"
                description="Yourself, or a service user that a pipeline acts as (its role caps the token’s). Shown once, to you."
                data={[
                  { value: username, label: `${username} (you)` },
                  ...(users.data ?? [])
                    .filter((user) => user.username !== username && !user.disabled)
                    .map((user) => ({ value: user.username, label: `${user.username} (${user.role})` })),
                ]}
                searchable
                allowDeselect={false}
                error={fieldMessage('For', fieldState.error?.message)}
                value={field.value}
                onChange={(value) => {
                  if (!value) return;
                  field.onChange(value);
                  // A role above the new user's own would be refused: lower it now, visibly.
                  const theirs = value === username ? role : (users.data?.find((user) => user.username === value)?.role ?? 'viewer');
                  if (!roleAllows(theirs, getValues('role'))) setValue('role', theirs);
                }}
              />
            )}
          />
        )}
        <Controller
          control={control}
          name="role"
          render={({ field, fieldState }) => (
            <Select
              label="Role"
              description={
                owner === username
                  ? 'The least the script needs. At most your own role; if yours is lowered later, the token’s is too.'
                  : `The least the script needs. At most ${owner}’s role (${ownerRole}); if theirs is lowered later, the token’s is too.`
              }
              data={ROLES.filter((candidate) => roleAllows(ownerRole, candidate)).map((candidate) => ({ value: candidate, label: ROLE_WORDS[candidate] }))}
              allowDeselect={false}
              error={fieldMessage('Role', fieldState.error?.message)}
              value={field.value}
              onChange={(value) => value && field.onChange(value)}
            />
          )}
        />
        <Controller
          control={control}
          name="scope"
          render={({ field }) => (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="token-scope-label">
                Reaches
              </Text>
              <SegmentedControl
                aria-labelledby="token-scope-label"
                data={[
                  { value: 'all', label: 'Every zone' },
                  { value: 'zones', label: 'Only some zones' },
                ]}
                value={field.value}
                onChange={(value) => field.onChange(value)}
              />
              <Text size="xs" c="dimmed">
                {field.value === 'all'
                  ? 'Every zone, and what is account-wide (peers, TSIG keys, ACLs, the zones list) as its role allows.'
                  : 'Only the routes of these zones (their configurations, Force AXFR / NOTIFY, serial checks) and the zones list, which lists them only: nothing else account-wide. For a deploy job of one customer.'}
              </Text>
            </Stack>
          )}
        />
        {scope === 'zones' && (
          <Controller
            control={control}
            name="zones"
            render={({ field, fieldState }) => (
              <TokenZonesPicker
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                inputRef={field.ref}
                error={fieldMessage('Zones', fieldState.error?.message)}
              />
            )}
          />
        )}
        <Controller
          control={control}
          name="expires_in_days"
          render={({ field, fieldState }) => (
            <Select
              label="Expires after"
              data={EXPIRY_CHOICES}
              allowDeselect={false}
              error={fieldMessage('Expires after', fieldState.error?.message)}
              value={field.value}
              onChange={(value) => value && field.onChange(value)}
            />
          )}
        />
        <FormFooter onCancel={onCancel} pending={create.isPending} refusal={serverError ? undefined : submitError} submitLabel="Create token" />
      </Stack>
    </form>
  );
}

/** The token, this once, with how a script uses it. */
function CreatedToken({ token, onDone }: { token: ApiTokenCreated; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const origin = window.location.origin;
  // A token limited to zones: the example finds its first one by name (the list holds its zones only) and forces it.
  const first = token.zones?.[0];
  const zone = first?.id ?? '<zone id>';
  const example = [
    `export SECDNS_TOKEN='${token.token}'`,
    first
      ? `curl -sf -H "Authorization: Bearer $SECDNS_TOKEN" '${origin}/api/zones?name=${first.name}'`
      : `curl -sf -H "Authorization: Bearer $SECDNS_TOKEN" ${origin}/api/zones`,
    ...(roleAllows(token.role, 'operator')
      ? [
          `curl -sf -X POST -H "Authorization: Bearer $SECDNS_TOKEN" -H 'content-type: application/json' \\`,
          `  -d '{"reason":"deploy"}' ${origin}/api/zones/${zone}/secondary_dns/outgoing/force_notify`,
        ]
      : []),
  ].join('\n');
  return (
    <Stack gap="sm">
      <Alert color="orange" variant="light" icon={<IconInfoCircle aria-hidden />} title="Copy your token now">
        <Text size="sm">
          It is shown this once: the dashboard keeps only a hash of it. Put it where the script reads its secrets (a CI
          secret, a vault), not in a repository. It works until {token.expires_at.slice(0, 10)} ({token.role}
          {token.zones ? `; ${token.zones.map((one) => one.name).join(', ')} only` : ''}
          {token.created_by !== token.username ? `; acting as ${token.username}` : ''}).
        </Text>
      </Alert>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label="Your new API token">
          {token.token}
        </Code>
        <CopyButton value={token.token} timeout={1500}>
          {({ copied: justCopied, copy }) => (
            <Button
              variant="default"
              size="xs"
              leftSection={justCopied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              onClick={() => {
                copy();
                setCopied(true);
              }}
            >
              {justCopied ? 'Copied' : 'Copy token'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Text size="sm" fw={500}>
        How a script uses it
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {example}
      </Code>
      <Text size="xs" c="dimmed">
        Every /api route of this dashboard (its API reference: {origin}/api/docs) takes it, with the token’s role. Not
        /auth: a token cannot sign in or make tokens.
      </Text>
      <Checkbox label="I have copied the token" checked={copied} onChange={(event) => setCopied(event.currentTarget.checked)} />
      <Group justify="flex-end">
        <Button onClick={onDone} disabled={!copied}>
          Done
        </Button>
      </Group>
    </Stack>
  );
}
