/**
 * The second step of a sign-in, for a user with two-factor sign-in on: the password was right, and no session exists
 * until a code is — the 6 digits the authenticator app shows, or one of the recovery codes ("Use a recovery code").
 * A wrong or already used code is said on the field and what was typed stays; too many wrong sign-ins say when to
 * try again; a challenge that can no longer be completed (5 minutes passed, too many wrong codes) sends the user back
 * to the password with the server's sentence (`onRestart`).
 */
import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconShieldLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ErrorCodes, RECOVERY_CODE_PATTERN, TotpCodeSchema, type TwoFactorChallenge } from '@secdns/api-types';
import { errorMessage, isApiError, requestIdOf } from '../../lib/api-client';
import { fieldMessage, stripFieldPrefix } from '../../lib/form-errors';
import { signInWithCode } from '../../lib/session';
import { zodFormResolver } from '../../lib/zod-resolver';

type Mode = 'app' | 'recovery';

const RecoveryCodeSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(
    z
      .string()
      .min(1, { error: 'is required' })
      .regex(RECOVERY_CODE_PATTERN, { error: 'must be one of your recovery codes, such as k7m2-xq9d-4hwp' }),
  );
type Values = { code: string };
const AppSchema = z.object({ code: TotpCodeSchema });
const RecoverySchema = z.object({ code: RecoveryCodeSchema });
const RESOLVERS = {
  app: zodFormResolver<Values, typeof AppSchema>(AppSchema),
  recovery: zodFormResolver<Values, typeof RecoverySchema>(RecoverySchema),
};

const TEXT: Record<Mode, { label: string; description: string; other: string }> = {
  app: {
    label: 'Code',
    description: 'Enter the 6-digit code from your authenticator app.',
    other: 'Use a recovery code',
  },
  recovery: {
    label: 'Recovery code',
    description: 'One of the recovery codes you saved when you set up two-factor sign-in. Each works once.',
    other: 'Use the code from your authenticator app',
  },
};

export interface TwoFactorStepProps {
  username: string;
  challenge: TwoFactorChallenge;
  /** Signed in: go where they were going. */
  onSignedIn: () => void;
  /** Back to the password (the server's sentence when the challenge ended; null when the user asked). */
  onRestart: (message: string | null) => void;
}

export function TwoFactorStep({ username, challenge, onSignedIn, onRestart }: TwoFactorStepProps) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('app');
  // The resolver reads the mode as it is when the form is submitted.
  const modeNow = useRef<Mode>('app');
  modeNow.current = mode;
  const [refusal, setRefusal] = useState<{ message: string; error: unknown } | null>(null);
  const form = useForm<Values, unknown, Values>({
    resolver: (values, context, options) => RESOLVERS[modeNow.current](values, context, options),
    defaultValues: { code: '' },
  });
  const text = TEXT[mode];

  const onSubmit = form.handleSubmit(async ({ code }) => {
    setRefusal(null);
    try {
      await signInWithCode({ challenge: challenge.challenge, code }, queryClient);
      onSignedIn();
    } catch (error) {
      // The sign-in cannot be completed (too late, too many wrong codes), or the user's access ended meanwhile.
      if (isApiError(error) && (error.code === ErrorCodes.signInExpired || error.code === ErrorCodes.accessExpired)) {
        onRestart(error.message);
        return;
      }
      const onField = isApiError(error) ? error.errors.find((item) => item.source?.pointer === '/code') : undefined;
      if (onField) {
        // What was typed stays, so a mistyped digit can be seen.
        form.setError('code', { type: 'server', message: stripFieldPrefix(onField.message, 'code') }, { shouldFocus: true });
        return;
      }
      setRefusal({ message: errorMessage(error), error });
      form.setFocus('code');
    }
  });

  const switchMode = () => {
    setMode((current) => (current === 'app' ? 'recovery' : 'app'));
    setRefusal(null);
    form.reset({ code: '' });
    setTimeout(() => form.setFocus('code'), 0);
  };

  const requestId = refusal ? requestIdOf(refusal.error) : null;

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="two-factor-title">
      <Stack>
        <Stack gap={4}>
          <Group gap="xs" wrap="nowrap">
            <IconShieldLock size={22} aria-hidden />
            <Title order={1} size="h3" id="two-factor-title">
              Two-factor sign-in
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            Signing in as <strong>{username}</strong>. Your password was right; one more step.
          </Text>
        </Stack>
        {refusal && (
          <Alert color="red" icon={<IconAlertTriangle size={16} />} role="alert">
            {refusal.message}
            {requestId && (
              <Text size="xs" c="dimmed" ff="monospace" mt={4}>
                Request ID: {requestId}
              </Text>
            )}
          </Alert>
        )}
        <TextInput
          key={mode}
          label={text.label}
          description={text.description}
          inputWrapperOrder={['label', 'description', 'input', 'error']}
          autoComplete={mode === 'app' ? 'one-time-code' : 'off'}
          inputMode={mode === 'app' ? 'numeric' : 'text'}
          spellCheck={false}
          autoFocus
          placeholder={mode === 'app' ? '123456' : 'xxxx-xxxx-xxxx'}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: '0.1em' } }}
          error={fieldMessage(text.label, form.formState.errors.code?.message)}
          {...form.register('code')}
        />
        <Button type="submit" leftSection={<IconShieldLock size={16} aria-hidden />} loading={form.formState.isSubmitting}>
          Verify and sign in
        </Button>
        <Group justify="space-between" gap="xs">
          <Anchor component="button" type="button" size="sm" onClick={switchMode}>
            {text.other}
          </Anchor>
          <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => onRestart(null)}>
            Back to password
          </Anchor>
        </Group>
        {mode === 'recovery' && (
          <Text size="xs" c="dimmed">
            Lost your phone and your recovery codes? An administrator can reset your two-factor sign-in.
          </Text>
        )}
      </Stack>
    </form>
  );
}

export default TwoFactorStep;
