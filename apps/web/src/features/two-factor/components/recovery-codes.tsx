/**
 * Recovery codes, shown once (the dashboard keeps only their hashes): each signs in once in place of the app's code,
 * for the day the phone is lost. Copy them or download them as a text file, and say they are saved before going on.
 */
import { Alert, Button, Checkbox, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';

export interface RecoveryCodesProps {
  codes: string[];
  /** Whose codes (the file's name and first line). */
  username?: string;
  onDone: () => void;
  doneLabel?: string;
}

export function RecoveryCodes({ codes, username, onDone, doneLabel = 'Done' }: RecoveryCodesProps) {
  const [saved, setSaved] = useState(false);
  const text = useMemo(
    () =>
      [
        `Secondary DNS dashboard: recovery codes${username ? ` of ${username}` : ''}`,
        'Each one signs you in once in place of the code from your authenticator app.',
        '',
        ...codes,
        '',
      ].join('\n'),
    [codes, username],
  );
  const href = useMemo(() => `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`, [text]);
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />} title="Save your recovery codes now">
        <Text size="sm">
          They are shown this once. Each one signs you in once if you lose your phone. Keep them somewhere safe, apart
          from the phone (a password manager, or on paper).
        </Text>
      </Alert>
      <SimpleGrid cols={2} spacing="xs" component="ul" aria-label="Recovery codes" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {codes.map((code) => (
          <Text component="li" key={code} ff="monospace" size="md" ta="center" py={4} bg="var(--mantine-color-default-hover)">
            {code}
          </Text>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <CopyButton value={codes.join('\n')} timeout={1500}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              size="xs"
              leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Button
          component="a"
          href={href}
          download={`recovery-codes${username ? `-${username}` : ''}.txt`}
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} aria-hidden />}
        >
          Download
        </Button>
      </Group>
      <Checkbox
        label="I have saved these recovery codes"
        checked={saved}
        onChange={(event) => setSaved(event.currentTarget.checked)}
      />
      <Group justify="flex-end">
        <Button onClick={onDone} disabled={!saved}>
          {doneLabel}
        </Button>
      </Group>
    </Stack>
  );
}
