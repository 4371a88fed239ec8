/**
 * "Two-factor sign-in" (the user menu): the signed-in user's own. Off: what it is, and Set up (`TwoFactorEnrolment`).
 * On: since when, how many recovery codes are left, New recovery codes and Turn off — each with the password and a
 * code from the app (or a recovery code), as the BFF asks; a refusal lands on its field and keeps what was typed.
 */
import { Alert, Badge, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { TwoFactorDisableBodySchema, type TwoFactorDisableBody, type TwoFactorStatus } from '@secdns/api-types';
import { ErrorState } from '../../../components/error-state';
import { FormAlert, FormFooter, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { PageLoader } from '../../../components/page-loader';
import { formatAbsolute } from '../../../lib/format-time';
import { fieldMessage } from '../../../lib/form-errors';
import { notifySuccess } from '../../../lib/notify';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { useDisableTwoFactor, useNewRecoveryCodes } from '../api/mutations';
import { twoFactorQueries } from '../api/queries';
import { TwoFactorEnrolment } from './enrolment';
import { RecoveryCodes } from './recovery-codes';

type View = 'status' | 'enrol' | 'disable' | 'renew';

export interface TwoFactorSettingsProps {
  username?: string;
  onClose: () => void;
}

export function TwoFactorSettings({ username, onClose }: TwoFactorSettingsProps) {
  const status = useQuery(twoFactorQueries.status());
  const [view, setView] = useState<View>('status');
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  if (status.isPending) return <PageLoader label="Reading your two-factor sign-in" />;
  if (status.isError) {
    return <ErrorState title="Could not read your two-factor sign-in" error={status.error} onRetry={() => void status.refetch()} retrying={status.isFetching} />;
  }
  const current = status.data;

  if (newCodes) {
    return <RecoveryCodes codes={newCodes} username={username} onDone={() => setNewCodes(null)} />;
  }
  if (view === 'enrol') {
    return (
      <TwoFactorEnrolment
        username={username}
        onCancel={() => setView('status')}
        onDone={() => {
          setView('status');
          notifySuccess('Two-factor sign-in is on', 'Sign-in now asks for a code from your authenticator app.');
        }}
      />
    );
  }
  if (view === 'disable' || view === 'renew') {
    return (
      <PasswordAndCode
        purpose={view}
        required={current.required}
        onCancel={() => setView('status')}
        onDone={(codes) => {
          setView('status');
          if (codes) setNewCodes(codes);
          else notifySuccess('Two-factor sign-in is off', 'Sign-in asks for your password alone.');
        }}
      />
    );
  }
  return <Status status={current} onEnrol={() => setView('enrol')} onDisable={() => setView('disable')} onRenew={() => setView('renew')} onClose={onClose} />;
}

function Status({
  status,
  onEnrol,
  onDisable,
  onRenew,
  onClose,
}: {
  status: TwoFactorStatus;
  onEnrol: () => void;
  onDisable: () => void;
  onRenew: () => void;
  onClose: () => void;
}) {
  if (!status.enabled) {
    return (
      <Stack gap="md">
        <Group gap="xs">
          <IconShieldOff size={20} aria-hidden />
          <Badge variant="light" color="gray">
            Off
          </Badge>
        </Group>
        <Text size="sm">
          Two-factor sign-in asks, after your password, for a 6-digit code from an authenticator app on your phone. Someone
          who learns your password still cannot sign in as you. This dashboard holds the Cloudflare token that can change
          every zone: turning it on is worth the minute it takes.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={onEnrol} leftSection={<IconShieldCheck size={16} aria-hidden />}>
            Set up two-factor sign-in
          </Button>
        </Group>
      </Stack>
    );
  }
  const few = status.recoveryCodesLeft <= 3;
  return (
    <Stack gap="md">
      <Group gap="xs">
        <IconShieldCheck size={20} aria-hidden color="var(--mantine-color-teal-6)" />
        <Badge variant="light" color="teal">
          On
        </Badge>
        {status.enabledAt && (
          <Text size="sm" c="dimmed">
            since {formatAbsolute(status.enabledAt)}
          </Text>
        )}
      </Group>
      <Text size="sm">Sign-in asks for a code from your authenticator app after your password.</Text>
      <Text size="sm" c={few ? 'orange' : undefined} fw={few ? 600 : undefined}>
        {status.recoveryCodesLeft === 1 ? '1 recovery code left' : `${status.recoveryCodesLeft} recovery codes left`}
        {few ? ': make new ones before you run out.' : '.'}
      </Text>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        <Button variant="default" onClick={onRenew}>
          New recovery codes
        </Button>
        <Button color="red" variant="light" onClick={onDisable}>
          Turn off
        </Button>
      </Group>
    </Stack>
  );
}

/** The password and a code: to turn it off, or for new recovery codes. */
function PasswordAndCode({
  purpose,
  required,
  onCancel,
  onDone,
}: {
  purpose: 'disable' | 'renew';
  required: boolean;
  onCancel: () => void;
  onDone: (recoveryCodes?: string[]) => void;
}) {
  const disable = useDisableTwoFactor();
  const renew = useNewRecoveryCodes();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<TwoFactorDisableBody, unknown, TwoFactorDisableBody>({
    resolver: zodFormResolver(TwoFactorDisableBodySchema),
    defaultValues: { password: '', code: '' },
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused } = useSubmitError(setError, ['password', 'code']);
  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    try {
      if (purpose === 'disable') {
        await disable.mutateAsync(body);
        onDone();
      } else {
        onDone((await renew.mutateAsync(body)).recoveryCodes);
      }
    } catch (error) {
      refused(error);
    }
  });
  const formMessage = errors.root?.serverError?.message;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={purpose === 'disable' ? 'Turn off two-factor sign-in' : 'New recovery codes'}>
      <Stack gap="md">
        <Text size="sm">
          {purpose === 'disable'
            ? 'Sign-in will then ask for your password alone. Your authenticator app’s entry and your recovery codes stop working.'
            : 'Your current recovery codes, used or not, stop working; you get ten new ones, shown once.'}
        </Text>
        {purpose === 'disable' && required && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            <Text size="sm">This dashboard requires two-factor sign-in: you will have to set it up again before going on.</Text>
          </Alert>
        )}
        {formMessage && <FormAlert title="Nothing was changed" message={formMessage} error={submitError} />}
        <PasswordInput
          label="Your password"
          autoComplete="current-password"
          data-autofocus
          error={fieldMessage('Your password', errors.password?.message)}
          {...register('password')}
        />
        <TextInput
          label="Code"
          description="The 6-digit code from your authenticator app, or one of your recovery codes."
          inputWrapperOrder={['label', 'description', 'input', 'error']}
          autoComplete="one-time-code"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          error={fieldMessage('Code', errors.code?.message)}
          {...register('code')}
        />
        <FormFooter
          onCancel={onCancel}
          pending={isSubmitting}
          refusal={formMessage ? null : submitError}
          submitLabel={purpose === 'disable' ? 'Turn off two-factor sign-in' : 'Make new recovery codes'}
          submitColor={purpose === 'disable' ? 'red' : undefined}
        />
      </Stack>
    </form>
  );
}
