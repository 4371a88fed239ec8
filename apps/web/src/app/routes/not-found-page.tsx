import { Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';

export function NotFoundPage() {
  useDocumentTitle('Page not found · Secondary DNS');
  return (
    <Stack align="flex-start" gap="sm" p="lg" maw={640}>
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text c="dimmed">There is nothing at this address. It may have been mistyped, or the link is out of date.</Text>
      <Button component={Link} to="/" variant="light">
        Go to the dashboard
      </Button>
    </Stack>
  );
}

export default NotFoundPage;
