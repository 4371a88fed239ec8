/**
 * The one password-change form (`POST /auth/password`), in two places: "Change password" from the user menu (this
 * modal), and "Choose your password" (`ChoosePasswordScreen`), all a user sees while they must replace a password an
 * administrator set. Validated with the contract's `PasswordChangeBodySchema` plus a confirmation field, and a new
 * password that is not the current one (the BFF refuses that too). On success the BFF ends every session of the user,
 * this one included: from the menu the app goes to the sign-in page, which says why; from "Choose your password" it
 * signs in again with the new password and goes on (`choosePassword`). A refusal keeps what was typed.
 */
import { PasswordInput, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH, PasswordChangeBodySchema, type PasswordChangeBody } from '@secdns/api-types';
import { FormAlert, FormFooter, FormModal, useDiscardGuard, useSubmitError } from '../../components/form-parts';
import { fieldMessage } from '../../lib/form-errors';
import { changePassword, choosePassword, sessionQuery } from '../../lib/session';
import { zodFormResolver } from '../../lib/zod-resolver';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const ChangeSchema = PasswordChangeBodySchema.extend({ confirmPassword: z.string() })
  .refine((values) => values.newPassword === values.confirmPassword, {
    error: 'does not match the new password',
    path: ['confirmPassword'],
  })
  .refine((values) => values.currentPassword === '' || values.newPassword !== values.currentPassword, {
    error: 'is your current password; choose another one',
    path: ['newPassword'],
  });

const FIELDS = ['currentPassword', 'newPassword'] as const;

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <FormModal opened={opened} onClose={onClose} title="Change password" size="md">
      <ChangePasswordForm onClose={onClose} />
    </FormModal>
  );
}

export interface ChangePasswordFormProps {
  /** Cancel (the menu's modal), or Sign out (`required`). */
  onClose: () => void;
  /**
   * "Choose your password": the user signed in with a password an administrator set. The way out is Sign out, and a
   * change signs them in again with the new password, where they were going.
   */
  required?: boolean;
}

export function ChangePasswordForm({ onClose, required = false }: ChangePasswordFormProps) {
  const queryClient = useQueryClient();
  const session = useQuery(sessionQuery());
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<Values, unknown, Values>({
    resolver: zodFormResolver(ChangeSchema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused } = useSubmitError(setError, FIELDS);
  const navigate = useNavigate();
  const location = useLocation();

  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    const body: PasswordChangeBody = { currentPassword, newPassword };
    try {
      setSubmitError(null);
      const username = session.data?.user.username;
      if (required && username) {
        await choosePassword(username, body, queryClient);
        // Where they were going: this same address, drawn again with the new session (signing in cleared the cache
        // under this screen, so nothing else would redraw it).
        navigate(location.pathname + location.search, { replace: true });
        return;
      }
      await changePassword(body, queryClient);
      // Every session of theirs is gone: sign in again (the page says why), then back to where they were.
      const next = location.pathname + location.search;
      navigate(`/sign-in?ended=password-changed&next=${encodeURIComponent(next)}`, { replace: true });
    } catch (error) {
      refused(error);
    }
  });

  const formMessage = errors.root?.serverError?.message;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={required ? 'Choose your password' : 'Change password'}>
      <Stack gap="md">
        {!required && (
          <Text size="sm" c="dimmed">
            After the change, every session of yours ends (on every device), and you sign in again with the new password.
          </Text>
        )}
        {formMessage && <FormAlert title="The password was not changed" message={formMessage} error={submitError} />}
        <PasswordInput
          label="Current password"
          description={required ? 'The one you signed in with, which the administrator gave you.' : undefined}
          autoComplete="current-password"
          data-autofocus
          autoFocus={required}
          error={fieldMessage('Current password', errors.currentPassword?.message)}
          {...register('currentPassword')}
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          error={fieldMessage('New password', errors.newPassword?.message)}
          {...register('newPassword')}
        />
        <PasswordInput
          label="Repeat new password"
          autoComplete="new-password"
          error={fieldMessage('Repeat new password', errors.confirmPassword?.message)}
          {...register('confirmPassword')}
        />
        <FormFooter
          onCancel={onClose}
          pending={isSubmitting}
          refusal={formMessage ? null : submitError}
          cancelLabel={required ? 'Sign out' : 'Cancel'}
          submitLabel={required ? 'Save my password' : 'Change password'}
        />
      </Stack>
    </form>
  );
}
