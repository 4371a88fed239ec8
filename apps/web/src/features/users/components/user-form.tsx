/**
 * The one user form, for create and edit, in a modal. Create: username, password (with Generate), role. Edit: role,
 * a new password (empty = keep), enabled. With a password (create, or a new one for someone else): "Must choose their
 * own password", on unless the user chose it themselves beside the admin (an admin's own new password never asks). Validated with the contract's pieces (`UsernameSchema`, `PasswordSchema`,
 * `RoleSchema`), the same the BFF validates with. Server refusals land on their field (`/username` taken; the last
 * enabled admin on Role or Enabled); the rest is shown at the top of the form. Changing your own account warns first.
 * Edit also says whether the user has two-factor sign-in, with Reset for a lost phone (`TwoFactorReset`). "Access until"
 * (create and edit): the last day, UTC, a user may use the dashboard (`expires_at`, the end of that day); empty: no end.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Group,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconDice5 } from '@tabler/icons-react';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import {
  PASSWORD_MIN_LENGTH,
  ExpiresAtSchema,
  PasswordSchema,
  RoleSchema,
  UsernameSchema,
  type Role,
  type User,
  type UserCreateBody,
  type UserUpdateBody,
} from '@secdns/api-types';
import { FormAlert, FormFooter, FormModal, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { isApiError } from '../../../lib/api-client';
import { fieldMessage } from '../../../lib/form-errors';
import { generatePassword } from '../../../lib/generate-password';
import { notifySuccess } from '../../../lib/notify';
import { clearSessionEnd, markSessionEnded } from '../../../lib/session-end';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { useCreateUser, useUpdateUser } from '../api/mutations';
import { ROLE_INFO, ROLE_OPTIONS } from '../roles';
import { TwoFactorReset } from './two-factor-reset';

export interface UserFormValues {
  username: string;
  /** Create: the password. Edit: a new password, or '' to keep the current one. */
  password: string;
  role: Role;
  enabled: boolean;
  /** With a password set for someone else: they must choose their own at their next sign-in. */
  mustChangePassword: boolean;
  /** The last day (YYYY-MM-DD, UTC) they may use the dashboard, or '': no end. */
  expires_at: string;
}

const FIELDS = ['username', 'password', 'role', 'enabled', 'expires_at'] as const;

/** Edit sends only what changed (the BFF's PATCH takes any of role, password, disabled). */
const EditSchema = z.strictObject({
  role: RoleSchema.optional(),
  password: PasswordSchema.optional(),
  disabled: z.boolean().optional(),
  must_change_password: z.boolean().optional(),
  expires_at: ExpiresAtSchema.optional(),
});
/** Create: the contract's `UserCreateBodySchema` fields, with `enabled` checked below (always true on create). */
const CreateSchema = z.strictObject({
  username: UsernameSchema,
  password: PasswordSchema,
  role: RoleSchema,
  must_change_password: z.boolean(),
  expires_at: ExpiresAtSchema.optional(),
});

/** The end of the day picked, UTC (what the BFF stores), or null for none. */
export function endOfDay(day: string): string | null {
  return day ? `${day}T23:59:59Z` : null;
}

/** The day (UTC) of a stored end of access, for the date box. */
function dayOf(expiresAt: string | null | undefined): string {
  return expiresAt ? new Date(expiresAt).toISOString().slice(0, 10) : '';
}

export function toFormValues(user?: User | null): UserFormValues {
  return {
    username: user?.username ?? '',
    password: '',
    role: user?.role ?? 'viewer',
    enabled: !(user?.disabled ?? false),
    mustChangePassword: true,
    expires_at: dayOf(user?.expires_at),
  };
}

export function toCreateBody(values: UserFormValues): UserCreateBody {
  return {
    username: values.username.trim().toLowerCase(),
    password: values.password,
    role: values.role,
    must_change_password: values.mustChangePassword,
    ...(values.expires_at ? { expires_at: endOfDay(values.expires_at) } : {}),
  };
}

/**
 * Only the changes; `{}` when nothing changed. A new password for someone else says whether they must replace it;
 * your own never asks (`self`: the BFF does not flag an admin's own new password).
 */
export function toUpdateBody(values: UserFormValues, user: User, self = false): UserUpdateBody {
  const body: Partial<UserUpdateBody> = {};
  if (values.role !== user.role) body.role = values.role;
  if (values.password !== '') body.password = values.password;
  if (values.password !== '' && !self) body.must_change_password = values.mustChangePassword;
  if (values.enabled === user.disabled) body.disabled = !values.enabled;
  if (values.expires_at !== dayOf(user.expires_at)) body.expires_at = endOfDay(values.expires_at);
  return body as UserUpdateBody;
}

export interface UserFormProps {
  opened: boolean;
  onClose: () => void;
  /** The user to edit; absent or null to create one. */
  user?: User | null;
  /** The signed-in admin's username (their own row warns before demoting or disabling). */
  currentUsername?: string;
}

export function UserForm({ opened, onClose, user, currentUsername }: UserFormProps) {
  return (
    <FormModal opened={opened} onClose={onClose} title={user ? `Edit user ${user.username}` : 'Add user'}>
      <UserFormBody key={user?.username ?? 'new'} user={user} currentUsername={currentUsername} onClose={onClose} />
    </FormModal>
  );
}

function UserFormBody({
  user,
  currentUsername,
  onClose,
}: {
  user?: User | null;
  currentUsername?: string;
  onClose: () => void;
}) {
  const createUser = useCreateUser();
  const updateUser = useUpdateUser(currentUsername);
  const [passwordVisible, setPasswordVisible] = useState(false);
  const editing = Boolean(user);
  const isSelf = Boolean(user && currentUsername && user.username === currentUsername);
  /** Single sign-on: no password here, the role from the provider's groups (ADR 021). */
  const sso = Boolean(user?.sso);

  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<UserFormValues, unknown, UserCreateBody | UserUpdateBody>({
    resolver: user
      ? zodFormResolver(EditSchema, (values: UserFormValues) => toUpdateBody(values, user, isSelf))
      : zodFormResolver(CreateSchema, toCreateBody),
    defaultValues: toFormValues(user),
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused, forgetRefusal } = useSubmitError(setError, FIELDS);

  const role = useWatch({ control, name: 'role' });
  const enabled = useWatch({ control, name: 'enabled' });
  const password = useWatch({ control, name: 'password' });
  const pending = isSubmitting || createUser.isPending || updateUser.isPending;

  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    try {
      if (user) {
        const changes = body as UserUpdateBody;
        if (Object.keys(changes).length === 0) {
          onClose();
          return;
        }
        if (isSelf && changes.password !== undefined) markSessionEnded('password-changed');
        else if (isSelf && changes.disabled === true) markSessionEnded('expired');
        await updateUser.mutateAsync({ username: user.username, body: changes });
        notifySuccess(`User ${user.username} saved`);
      } else {
        const created = body as UserCreateBody;
        await createUser.mutateAsync(created);
        notifySuccess(`User ${created.username} added`, `Role: ${ROLE_INFO[created.role].label}.`);
      }
      onClose();
    } catch (error) {
      if (isSelf) clearSessionEnd();
      // "The last enabled admin" has no pointer: put it on what the user changed.
      if (user && isApiError(error) && error.status === 409 && !error.errors.some((e) => e.source?.pointer)) {
        const changes = body as UserUpdateBody;
        const field = changes.role !== undefined ? 'role' : changes.disabled !== undefined ? 'enabled' : null;
        if (field) {
          setSubmitError(error);
          setError(field, { type: 'server', message: error.message }, { shouldFocus: true });
          return;
        }
      }
      refused(error);
    }
  }, forgetRefusal);

  const formMessage = errors.root?.serverError?.message;
  const selfWarnings: string[] = [];
  if (isSelf && role !== 'admin') {
    selfWarnings.push(
      'You are taking away your own admin role. As soon as you save, you can no longer manage users or change peers, keys, ACLs or zone settings; only another admin can give it back.',
    );
  }
  if (isSelf && !enabled) {
    selfWarnings.push('You are disabling your own account: you will be signed out at once and cannot sign in again.');
  }
  if (isSelf && password) {
    selfWarnings.push('Changing your own password ends all your sessions: you will sign in again with the new one.');
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={editing ? 'Edit user' : 'Add user'}>
      <Stack gap="md">
        {formMessage && (
          <FormAlert title="The user was not saved" message={formMessage} error={submitError} />
        )}

        {editing ? (
          <TextInput label="Username" readOnly value={user?.username ?? ''} description="Usernames cannot be changed." />
        ) : (
          <TextInput
            label="Username"
            withAsterisk
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            placeholder="jdoe"
            description="Lowercase letters, digits, dot, underscore and hyphen; up to 64 characters."
            error={fieldMessage('Username', errors.username?.message)}
            {...register('username')}
          />
        )}

        {sso && (
          <Text size="sm" c="dimmed">
            Signs in by single sign-on: no password here, and the role comes from the identity provider’s groups at each
            sign-in (change their groups there). Disable the user to keep them out now.
          </Text>
        )}
        {!sso && (
          <Group align="flex-start" gap="xs" wrap="nowrap">
            <PasswordInput
              label={editing ? 'New password' : 'Password'}
              withAsterisk={!editing}
              autoComplete="new-password"
              style={{ flex: 1 }}
              description={
                editing
                  ? `Leave empty to keep the current password. At least ${PASSWORD_MIN_LENGTH} characters; their sessions end.`
                  : `At least ${PASSWORD_MIN_LENGTH} characters. Give it to the user over a safe channel.`
              }
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              visible={passwordVisible}
              onVisibilityChange={setPasswordVisible}
              styles={{ input: { fontFamily: passwordVisible ? 'var(--mantine-font-family-monospace)' : undefined } }}
              error={fieldMessage(editing ? 'New password' : 'Password', errors.password?.message)}
              {...register('password')}
            />
            <Group gap={4} wrap="nowrap" mt={25}>
              <Button
                variant="default"
                leftSection={<IconDice5 size={16} aria-hidden />}
                onClick={() => {
                  setValue('password', generatePassword(), { shouldDirty: true, shouldValidate: Boolean(errors.password) });
                  setPasswordVisible(true);
                }}
              >
                Generate
              </Button>
              <CopyButton value={password} timeout={1500}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy password'} withArrow>
                    <ActionIcon
                      variant="default"
                      size={36}
                      color={copied ? 'teal' : undefined}
                      aria-label="Copy password"
                      onClick={copy}
                      disabled={!password}
                    >
                      {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          </Group>
        )}

        <Controller
          control={control}
          name="role"
          render={({ field }) => (
            <Select
              label="Role"
              withAsterisk
              data={ROLE_OPTIONS}
              allowDeselect={false}
              checkIconPosition="right"
              comboboxProps={{ withinPortal: true }}
              description={sso ? `${ROLE_INFO[field.value].description} From the identity provider’s groups.` : ROLE_INFO[field.value].description}
              disabled={sso}
              renderOption={({ option }) => (
                <Stack gap={0}>
                  <Text size="sm">{option.label}</Text>
                  <Text size="xs" c="dimmed">
                    {ROLE_INFO[option.value as Role].description}
                  </Text>
                </Stack>
              )}
              name={field.name}
              ref={field.ref}
              value={field.value}
              onChange={(value) => field.onChange((value as Role | null) ?? field.value)}
              onBlur={field.onBlur}
              error={fieldMessage('Role', errors.role?.message)}
            />
          )}
        />

        {(!editing || (password !== '' && !isSelf)) && (
          <Controller
            control={control}
            name="mustChangePassword"
            render={({ field }) => (
              <Checkbox
                label="Must choose their own password at the next sign-in"
                description="You know this password. Turn off only if they chose it themselves, beside you."
                name={field.name}
                ref={field.ref}
                checked={field.value}
                onChange={(event) => field.onChange(event.currentTarget.checked)}
                onBlur={field.onBlur}
                error={fieldMessage('Must choose their own password', errors.mustChangePassword?.message)}
              />
            )}
          />
        )}

        <TextInput
          type="date"
          label="Access until"
          description={
            role === 'admin'
              ? "Leave empty for an admin: an admin's access does not end."
              : 'Optional: the last day (UTC) they may use the dashboard — a contractor, a stand-in. After it, sign-in is refused and their sessions end.'
          }
          min={new Date().toISOString().slice(0, 10)}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          styles={{ input: { maxWidth: 220 } }}
          error={fieldMessage('Access until', errors.expires_at?.message)}
          {...register('expires_at')}
        />

        {editing && (
          <Controller
            control={control}
            name="enabled"
            render={({ field }) => (
              <Switch
                label="Enabled"
                description="A disabled user cannot sign in, and their sessions end at once."
                name={field.name}
                ref={field.ref}
                checked={field.value}
                onChange={(event) => field.onChange(event.currentTarget.checked)}
                onBlur={field.onBlur}
                error={fieldMessage('Enabled', errors.enabled?.message)}
              />
            )}
          />
        )}

        {user && <TwoFactorReset user={user} currentUsername={currentUsername} />}

        {selfWarnings.length > 0 && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title="This is your own account"
            styles={{ title: { color: 'var(--mantine-color-text)' } }}
          >
            <Stack gap={4}>
              {selfWarnings.map((warning) => (
                <Text size="sm" key={warning}>
                  {warning}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}

        <FormFooter onCancel={onClose} pending={pending} refusal={formMessage ? null : submitError} />
      </Stack>
    </form>
  );
}
