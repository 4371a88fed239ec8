/**
 * "Choose your password": all a signed-in user sees while they must replace a password an administrator set (their
 * session's `must_change_password`; the BFF refuses everything else meanwhile). The menu's password form
 * (`ChangePasswordForm`), with Sign out as the way out; after the change they are signed in again with the new
 * password and see the page they were going to (the URL never changed).
 */
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { sessionQuery, signOutAndLeave } from '../../lib/session';
import { ChangePasswordForm } from '../layout/change-password-modal';

export function ChoosePasswordScreen() {
  const session = useQuery(sessionQuery());
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const username = session.data?.user.username;
  return (
    <Center mih="80vh" p="lg">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={440} component="main">
        <Stack>
          <Stack gap={4}>
            <Title order={1} size="h3" id="choose-password-title">
              Choose your password
            </Title>
            <Text size="sm">
              An administrator set the password you signed in with{username ? ` as ${username}` : ''}, so someone else
              knows it. Choose your own to go on: until then the dashboard shows nothing else.
            </Text>
          </Stack>
          <ChangePasswordForm
            required
            onClose={() => void signOutAndLeave(queryClient, () => navigate('/sign-in', { replace: true }))}
          />
        </Stack>
      </Paper>
    </Center>
  );
}

export default ChoosePasswordScreen;
