/**
 * "Set up two-factor sign-in": all a signed-in user without it sees while the dashboard requires it
 * (REQUIRE_TWO_FACTOR: their session's `must_enrol_two_factor`; the BFF refuses everything else meanwhile, 403 code
 * 10003). The user menu's enrolment (`TwoFactorEnrolment`), with Sign out as the way out; once the recovery codes are
 * saved, the session is read again and the page they were going to appears (the URL never changed).
 */
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { TwoFactorEnrolment } from '../../features/two-factor/components/enrolment';
import { sessionKey, sessionQuery, signOutAndLeave } from '../../lib/session';

export function EnrolTwoFactorScreen() {
  const session = useQuery(sessionQuery());
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const username = session.data?.user.username;
  return (
    <Center mih="80vh" p="lg">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={480} component="main">
        <Stack>
          <Stack gap={4}>
            <Title order={1} size="h3">
              Set up two-factor sign-in
            </Title>
            <Text size="sm">
              This dashboard asks everyone{username ? `, ${username} too,` : ''} for a code from an authenticator app at
              each sign-in. Set it up to go on: until then the dashboard shows nothing else.
            </Text>
          </Stack>
          <TwoFactorEnrolment
            username={username}
            cancelLabel="Sign out"
            onCancel={() => void signOutAndLeave(queryClient, () => navigate('/sign-in', { replace: true }))}
            onDone={() => void queryClient.invalidateQueries({ queryKey: sessionKey })}
          />
        </Stack>
      </Paper>
    </Center>
  );
}

export default EnrolTwoFactorScreen;
