/**
 * Setting up two-factor sign-in, in three steps:
 *   1. the password again (a session left open is not enough to tie the account to someone's phone);
 *   2. the secret, shown this once: a QR code to scan, or the key to type ("Can't scan it?"), and the first code
 *      from the app, which switches it on (a wrong code is said on the field, and what was typed stays);
 *   3. the recovery codes, shown this once (`RecoveryCodes`).
 * Used from the user menu's "Two-factor sign-in" and by "Set up two-factor sign-in" (REQUIRE_TWO_FACTOR).
 */
import { Button, Code, CopyButton, Group, Image, List, PasswordInput, Stack, Text, TextInput, Tooltip, ActionIcon } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import {
  TotpCodeSchema,
  TwoFactorEnrolmentBodySchema,
  type TwoFactorEnrolment as Enrolment,
  type TwoFactorEnrolmentBody,
} from '@secdns/api-types';
import { FormAlert, FormFooter, useDiscardGuard, useSubmitError } from '../../../components/form-parts';
import { isApiError } from '../../../lib/api-client';
import { fieldMessage } from '../../../lib/form-errors';
import { zodFormResolver } from '../../../lib/zod-resolver';
import { useConfirmEnrolment, useStartEnrolment } from '../api/mutations';
import { RecoveryCodes } from './recovery-codes';

const ConfirmSchema = z.object({ code: TotpCodeSchema });

/** The key as apps show it: groups of four. */
export function groupKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export interface TwoFactorEnrolmentProps {
  username?: string;
  /** Turned on and the recovery codes seen. */
  onDone: () => void;
  /** Stop before it is on (nothing changes). */
  onCancel: () => void;
  cancelLabel?: string;
}

export function TwoFactorEnrolment({ username, onDone, onCancel, cancelLabel = 'Cancel' }: TwoFactorEnrolmentProps) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} username={username} onDone={onDone} />;
  if (enrolment) {
    return (
      <ConfirmStep
        enrolment={enrolment}
        onConfirmed={setRecoveryCodes}
        onRestart={() => setEnrolment(null)}
        onCancel={onCancel}
        cancelLabel={cancelLabel}
      />
    );
  }
  return <PasswordStep onStarted={setEnrolment} onCancel={onCancel} cancelLabel={cancelLabel} />;
}

function PasswordStep({
  onStarted,
  onCancel,
  cancelLabel,
}: {
  onStarted: (enrolment: Enrolment) => void;
  onCancel: () => void;
  cancelLabel: string;
}) {
  const start = useStartEnrolment();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<TwoFactorEnrolmentBody, unknown, TwoFactorEnrolmentBody>({
    resolver: zodFormResolver(TwoFactorEnrolmentBodySchema),
    defaultValues: { password: '' },
  });
  useDiscardGuard(isDirty);
  const { submitError, setSubmitError, refused } = useSubmitError(setError, ['password']);
  const onSubmit = handleSubmit(async (body) => {
    setSubmitError(null);
    try {
      onStarted(await start.mutateAsync(body));
    } catch (error) {
      refused(error);
    }
  });
  const formMessage = errors.root?.serverError?.message;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Confirm your password">
      <Stack gap="md">
        <Text size="sm">
          After your password, sign-in will ask for a 6-digit code from an authenticator app on your phone (Google
          Authenticator, 1Password, Authy, Microsoft Authenticator…). First, confirm it is you.
        </Text>
        {formMessage && <FormAlert title="Two-factor sign-in was not set up" message={formMessage} error={submitError} />}
        <PasswordInput
          label="Your password"
          autoComplete="current-password"
          data-autofocus
          error={fieldMessage('Your password', errors.password?.message)}
          {...register('password')}
        />
        <FormFooter
          onCancel={onCancel}
          pending={isSubmitting}
          refusal={formMessage ? null : submitError}
          cancelLabel={cancelLabel}
          submitLabel="Continue"
        />
      </Stack>
    </form>
  );
}

function ConfirmStep({
  enrolment,
  onConfirmed,
  onRestart,
  onCancel,
  cancelLabel,
}: {
  enrolment: Enrolment;
  onConfirmed: (recoveryCodes: string[]) => void;
  onRestart: () => void;
  onCancel: () => void;
  cancelLabel: string;
}) {
  const confirm = useConfirmEnrolment();
  const [showKey, setShowKey] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ code: string }, unknown, { code: string }>({
    resolver: zodFormResolver(ConfirmSchema),
    defaultValues: { code: '' },
  });
  // The secret on screen is worth asking about before the dialog closes: it is shown once.
  useDiscardGuard(true);
  const { submitError, setSubmitError, refused } = useSubmitError(setError, ['code']);
  const onSubmit = handleSubmit(async ({ code }) => {
    setSubmitError(null);
    try {
      onConfirmed((await confirm.mutateAsync({ code })).recoveryCodes);
    } catch (error) {
      // What was typed stays: a mistyped digit can be seen and fixed.
      refused(error);
    }
  });
  const formMessage = errors.root?.serverError?.message;
  // 409: the set-up waited too long, or another one started: only starting again helps.
  const stale = isApiError(submitError) && submitError.status === 409;
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Scan and confirm">
      <Stack gap="md">
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>Open your authenticator app and add an account (often a “+” button).</List.Item>
          <List.Item>Scan this QR code with it.</List.Item>
          <List.Item>Type the 6-digit code the app then shows.</List.Item>
        </List>
        <Group justify="center">
          <Image
            src={enrolment.qrCode}
            alt={`QR code to add ${enrolment.accountName} to your authenticator app`}
            w={200}
            h={200}
            fit="contain"
            style={{ imageRendering: 'pixelated', background: 'white' }}
          />
        </Group>
        {showKey ? (
          <Stack gap={4}>
            <Text size="sm">Can’t scan it? Add the account by hand with this key (time-based, 6 digits, every 30 seconds):</Text>
            <Group gap="xs" wrap="nowrap">
              <Code fz="md" aria-label="Setup key" style={{ letterSpacing: '0.05em' }}>
                {groupKey(enrolment.secret)}
              </Code>
              <CopyButton value={enrolment.secret} timeout={1500}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy key'} withArrow>
                    <ActionIcon variant="default" aria-label="Copy key" onClick={copy} color={copied ? 'teal' : undefined}>
                      {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed">
              Account: {enrolment.accountName} · Issuer: {enrolment.issuer}
            </Text>
          </Stack>
        ) : (
          <Button variant="subtle" size="xs" onClick={() => setShowKey(true)} style={{ alignSelf: 'center' }}>
            Can’t scan it? Show the key to type in
          </Button>
        )}
        {formMessage && (
          <FormAlert title="Two-factor sign-in was not turned on" message={formMessage} error={submitError}>
            {stale && (
              <Button size="xs" mt="xs" variant="default" onClick={onRestart}>
                Start again
              </Button>
            )}
          </FormAlert>
        )}
        <TextInput
          label="Code from the app"
          description="Enter the 6-digit code from your authenticator app."
          inputWrapperOrder={['label', 'description', 'input', 'error']}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
          placeholder="123456"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.1em' } }}
          error={fieldMessage('Code', errors.code?.message)}
          {...register('code')}
        />
        <FormFooter
          onCancel={onCancel}
          pending={isSubmitting}
          refusal={formMessage ? null : submitError}
          cancelLabel={cancelLabel}
          submitLabel="Turn on two-factor sign-in"
        />
      </Stack>
    </form>
  );
}
