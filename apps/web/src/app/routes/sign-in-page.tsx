/**
 * Sign-in. After it, the user goes back to where they were (`?next=`), or to the dashboard's start.
 * Wrong user and wrong password get the same answer (the BFF makes sure of it); throttling says when to retry.
 * A user with two-factor sign-in on is then asked for the code (`TwoFactorStep`), at the same address.
 * With single sign-on configured (ADR 021), "Sign in with <provider>" comes first; a refused one comes back here with
 * `?sso_error=` and is said in words.
 */
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconLock, IconLogin2 } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorCodes, LoginBodySchema, SIGNED_OUT_STATE, SSO_ERRORS, type LoginBody, type SsoError, type TwoFactorChallenge } from '@secdns/api-types';
import { errorMessage, isApiError, requestIdOf } from '../../lib/api-client';
import { metaQuery } from '../../lib/lookups';
import { isChallenge, sessionQuery, signIn } from '../../lib/session';
import { SESSION_END_MESSAGES, parseSessionEndReason, sessionEndReason } from '../../lib/session-end';
import { zodFormResolver } from '../../lib/zod-resolver';
import { TwoFactorStep } from '../auth/two-factor-step';
import { SandboxBanner } from '../layout/app-layout';

/** Only same-app paths: `next` must not send the user to another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

/** Why the identity provider's sign-in was refused, in words (`?sso_error=`, set by the BFF's callback). */
export const SSO_ERROR_MESSAGES: Record<SsoError, string> = {
  provider_unreachable: 'The identity provider could not be reached. Try again in a moment, or sign in with a dashboard password.',
  provider_refused: 'The identity provider did not sign you in (cancelled, or refused there).',
  expired: 'That sign-in took too long or was already used. Start again.',
  other_browser: 'That sign-in was started in another browser or tab that has since been closed. Start again here.',
  no_username: 'The identity provider sent no username or email this dashboard can use. Ask an admin.',
  no_role: 'You are signed in at the identity provider, but none of your groups may use this dashboard. Ask an admin to add you to one.',
  username_taken: 'A dashboard user with a password already has your username: sign in with that password, or ask an admin.',
  disabled: 'Your dashboard user is disabled. Ask an admin.',
  access_expired: 'Your access to this dashboard has ended. Ask an admin to extend it.',
  failed: 'Single sign-on did not work this time. Start again; if it keeps failing, an admin will find why in the log.',
};

function ssoErrorOf(value: string | null): SsoError | null {
  return (SSO_ERRORS as readonly string[]).includes(value ?? '') ? (value as SsoError) : null;
}

function refusalMessage(error: unknown): string {
  // The right password of a user whose access has ended: the server's sentence says when, and whom to ask.
  if (isApiError(error) && error.code === ErrorCodes.accessExpired) return error.message;
  if (isApiError(error) && error.status === 401) return 'Wrong username or password.';
  // A 429 says it in one sentence, with the wait ("Too many failed sign-ins. Try again in 15 minutes.").
  return errorMessage(error);
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const meta = useQuery(metaQuery());
  const session = useQuery(sessionQuery());
  const [refusal, setRefusal] = useState<string | null>(() => {
    const sso = ssoErrorOf(params.get('sso_error'));
    return sso ? SSO_ERROR_MESSAGES[sso] : null;
  });
  const [refusalId, setRefusalId] = useState<string | null>(null);
  /** The password was right and two-factor sign-in is on: the code comes next. */
  const [second, setSecond] = useState<{ username: string; challenge: TwoFactorChallenge } | null>(null);
  /** Sent back from the second step: the username stays, the password is typed again. */
  const [backFromCode, setBackFromCode] = useState(false);
  // Why the last session ended (expired, password changed): `?ended=` or what the app saw happen.
  const [ended] = useState(() => parseSessionEndReason(params.get('ended')) ?? sessionEndReason());
  // Back from the identity provider after Sign out (OIDC_SIGN_OUT=provider: the BFF's `state`): its session ended too.
  const signedOutThere = params.get('state') === SIGNED_OUT_STATE;
  const form = useForm<LoginBody, unknown, LoginBody>({
    resolver: zodFormResolver(LoginBodySchema),
    defaultValues: { username: '', password: '' },
  });

  if (session.data) return <Navigate to={next} replace />;

  const onSubmit = form.handleSubmit(async (body) => {
    setRefusal(null);
    setRefusalId(null);
    try {
      const result = await signIn(body, queryClient);
      if (isChallenge(result)) {
        setSecond({ username: body.username.trim().toLowerCase(), challenge: result });
        form.setValue('password', '');
        return;
      }
      navigate(next, { replace: true });
    } catch (error) {
      setRefusal(refusalMessage(error));
      // A wrong password needs no support reference; anything else (throttled, server trouble) gets one.
      setRefusalId(isApiError(error) && error.status === 401 ? null : requestIdOf(error));
      form.setValue('password', '');
      form.setFocus('password');
    }
  });

  return (
    <>
      {meta.data?.mode === 'sandbox' && <SandboxBanner />}
      <Center mih="80vh" p="lg">
        <Paper withBorder shadow="sm" p="xl" radius="md" w={400} component="main">
          {second ? (
            <TwoFactorStep
              username={second.username}
              challenge={second.challenge}
              onSignedIn={() => navigate(next, { replace: true })}
              onRestart={(message) => {
                setSecond(null);
                setRefusal(message);
                setRefusalId(null);
                // The form is mounted again by this render: its password box takes the focus as it mounts.
                setBackFromCode(true);
              }}
            />
          ) : (
            <form onSubmit={onSubmit} noValidate aria-labelledby="sign-in-title">
              <Stack>
                <Stack gap={4}>
                  <Title order={1} size="h3" id="sign-in-title">
                    Sign in to Secondary DNS
                  </Title>
                  <Text size="sm" c="dimmed">
                    Your dashboard account, not your Cloudflare login.
                  </Text>
                </Stack>
                {meta.data?.sso && (
                  <>
                    <Button
                      component="a"
                      href={`${meta.data.sso.start}?next=${encodeURIComponent(next)}`}
                      variant="filled"
                      leftSection={<IconLogin2 size={16} aria-hidden />}
                    >
                      Sign in with {meta.data.sso.name}
                    </Button>
                    <Divider label="or with a dashboard password" labelPosition="center" />
                  </>
                )}
                {signedOutThere && meta.data && !ended && !refusal && (
                  <Alert color="blue" variant="light" icon={<IconInfoCircle size={16} />} role="status">
                    You are signed out of this dashboard and of {meta.data.sso?.name ?? 'your identity provider'}.
                  </Alert>
                )}
                {ended && !refusal && (
                  <Alert color="blue" variant="light" icon={<IconInfoCircle size={16} />} role="status">
                    {SESSION_END_MESSAGES[ended]}
                  </Alert>
                )}
                {refusal && (
                  <Alert color="red" icon={<IconAlertTriangle size={16} />} role="alert">
                    {refusal}
                    {refusalId && (
                      <Text size="xs" c="dimmed" ff="monospace" mt={4}>
                        Request ID: {refusalId}
                      </Text>
                    )}
                  </Alert>
                )}
                <TextInput
                  label="Username"
                  autoComplete="username"
                  autoFocus={!backFromCode}
                  error={form.formState.errors.username?.message && `Username ${form.formState.errors.username.message}`}
                  {...form.register('username')}
                />
                <PasswordInput
                  label="Password"
                  autoComplete="current-password"
                  autoFocus={backFromCode}
                  error={form.formState.errors.password?.message && `Password ${form.formState.errors.password.message}`}
                  {...form.register('password')}
                />
                <Button
                  type="submit"
                  variant={meta.data?.sso ? 'default' : 'filled'}
                  leftSection={<IconLock size={16} />}
                  loading={form.formState.isSubmitting}
                >
                  Sign in
                </Button>
              </Stack>
            </form>
          )}
        </Paper>
      </Center>
    </>
  );
}
