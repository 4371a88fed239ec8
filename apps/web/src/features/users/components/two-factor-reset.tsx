/**
 * In the user form (Edit): whether the user signs in with two-factor, and, when they do, **Reset two-factor sign-in**
 * for a lost phone (`DELETE /api/users/{username}/two-factor`, audited): after a confirmation, they sign in with the
 * password alone until they set it up again. Only the user turns it on, from their own menu.
 */
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useState } from 'react';
import type { User } from '@secdns/api-types';
import { openConfirm } from '../../../components/confirm';
import { notifySuccess } from '../../../lib/notify';
import { useResetTwoFactor } from '../api/mutations';

export function TwoFactorReset({ user, currentUsername }: { user: User; currentUsername?: string }) {
  const reset = useResetTwoFactor(currentUsername);
  const [done, setDone] = useState(false);
  const on = user.two_factor_enabled && !done;
  const self = user.username === currentUsername;
  const confirmReset = () =>
    openConfirm({
      title: `Reset two-factor sign-in of ${user.username}?`,
      message: (
        <Stack gap={6}>
          <Text size="sm">
            For a lost phone. <strong>{user.username}</strong> then signs in with the password alone, and their
            authenticator app’s entry and recovery codes stop working. They can set it up again from their user menu.
          </Text>
          <Text size="sm">
            Make sure it is really them asking: whoever knows the password can then sign in as {user.username}.
          </Text>
          {self && (
            <Text size="sm" c="red" fw={600}>
              This is you.
            </Text>
          )}
        </Stack>
      ),
      confirmLabel: 'Reset two-factor sign-in',
      danger: true,
      onConfirm: async () => {
        await reset.mutateAsync(user.username);
        setDone(true);
        notifySuccess(`Two-factor sign-in of ${user.username} reset`, 'They sign in with their password alone until they set it up again.');
      },
    });
  return (
    <Paper withBorder p="sm" radius="sm">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Stack gap={2}>
          <Group gap={6}>
            {on ? <IconShieldCheck size={16} aria-hidden /> : <IconShieldOff size={16} aria-hidden />}
            <Text size="sm" fw={500}>
              Two-factor sign-in
            </Text>
            <Badge size="sm" variant="light" color={on ? 'teal' : 'gray'}>
              {on ? 'On' : 'Off'}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {on
              ? 'Signs in with a code from an authenticator app after the password.'
              : done
                ? 'Reset: the password alone signs in until they set it up again.'
                : 'Each user sets it up from their own user menu.'}
          </Text>
        </Stack>
        {on && (
          <Button size="xs" variant="light" color="red" onClick={confirmReset}>
            Reset two-factor sign-in
          </Button>
        )}
      </Group>
    </Paper>
  );
}
