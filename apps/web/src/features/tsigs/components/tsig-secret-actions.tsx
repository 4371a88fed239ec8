/**
 * "Reveal" and "Copy" for one TSIG key's secret. Both read the secret through the BFF's audited, admin-only reveal
 * endpoint at the moment the user asks (never the list's value, which the BFF masks); nothing is cached. For other
 * roles both stay visible and turn off with the reason (`role="admin"`).
 * Reveal shows it in monospace for REVEAL_SECONDS or until hidden (Hide, Escape or a click outside).
 */
import { Alert, Button, Code, Group, Loader, Popover, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconCopy, IconEye, IconEyeOff } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { Tsig } from '@secdns/api-types';
import { ActionIconButton } from '../../../components/action-button';
import { errorMessage, requestIdOf } from '../../../lib/api-client';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { fetchTsigSecret } from '../api/queries';

export const REVEAL_SECONDS = 30;

type Reveal =
  | { state: 'closed' }
  | { state: 'loading' }
  | { state: 'shown'; secret: string; left: number }
  | { state: 'error'; error: unknown };

export interface TsigSecretActionsProps {
  accountId: string;
  tsig: Tsig;
}

export function TsigSecretActions({ accountId, tsig }: TsigSecretActionsProps) {
  const [reveal, setReveal] = useState<Reveal>({ state: 'closed' });
  const [copying, setCopying] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const close = () => {
    abort.current?.abort();
    setReveal({ state: 'closed' });
  };

  // Count down and hide.
  const shown = reveal.state === 'shown';
  useEffect(() => {
    if (!shown) return;
    const timer = window.setInterval(() => {
      setReveal((current) => {
        if (current.state !== 'shown') return current;
        return current.left <= 1 ? { state: 'closed' } : { ...current, left: current.left - 1 };
      });
    }, 1000);
    return () => window.clearInterval(timer);
  }, [shown]);

  useEffect(() => () => abort.current?.abort(), []);

  const open = async () => {
    if (reveal.state !== 'closed') {
      close();
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setReveal({ state: 'loading' });
    try {
      const secret = await fetchTsigSecret(accountId, tsig.id, controller.signal);
      if (!controller.signal.aborted) setReveal({ state: 'shown', secret, left: REVEAL_SECONDS });
    } catch (error) {
      if (!controller.signal.aborted) setReveal({ state: 'error', error });
    }
  };

  const copy = async () => {
    setCopying(true);
    try {
      const secret = await fetchTsigSecret(accountId, tsig.id);
      await navigator.clipboard.writeText(secret);
      notifySuccess(`Secret of ${tsig.name} copied`, 'Paste it into the other nameserver’s key clause.');
    } catch (error) {
      notifyError(`Could not copy the secret of ${tsig.name}`, error);
    } finally {
      setCopying(false);
    }
  };

  const isOpen = reveal.state !== 'closed';

  return (
    <Group gap={2} wrap="nowrap">
      <Text size="sm" ff="monospace" c="dimmed" aria-hidden mr={2}>
        ••••••
      </Text>
      <VisuallyHidden>Secret hidden</VisuallyHidden>
      <Popover
        opened={isOpen}
        onChange={(opened) => {
          if (!opened) close();
        }}
        onDismiss={close}
        position="bottom-start"
        withArrow
        shadow="md"
        width={420}
        trapFocus={false}
        returnFocus
        closeOnEscape
      >
        <Popover.Target>
          <ActionIconButton
            role="admin"
            label={isOpen ? `Hide secret of ${tsig.name}` : `Reveal secret of ${tsig.name}`}
            tooltip={isOpen ? 'Hide secret' : 'Reveal secret'}
            icon={
              reveal.state === 'loading' ? (
                <Loader size={14} aria-hidden />
              ) : isOpen ? (
                <IconEyeOff size={16} aria-hidden />
              ) : (
                <IconEye size={16} aria-hidden />
              )
            }
            aria-expanded={isOpen}
            onClick={() => void open()}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && isOpen) {
                event.stopPropagation();
                close();
              }
            }}
          />
        </Popover.Target>
        <Popover.Dropdown aria-label={`Secret of ${tsig.name}`} role="dialog">
          {reveal.state === 'loading' && (
            <Group gap="xs">
              <Loader size="xs" aria-hidden />
              <Text size="sm">Reading the secret…</Text>
            </Group>
          )}
          {reveal.state === 'error' && (
            <Alert color="red" variant="light" p="xs" title="Could not reveal the secret" role="alert">
              <Text size="sm">{errorMessage(reveal.error)}</Text>
              {requestIdOf(reveal.error) && (
                <Text size="xs" c="dimmed" ff="monospace" mt={4}>
                  Request ID: {requestIdOf(reveal.error)}
                </Text>
              )}
            </Alert>
          )}
          {reveal.state === 'shown' && (
            <Stack gap="xs">
              <Text size="xs" c="dimmed">
                Secret of <strong>{tsig.name}</strong> ({tsig.algo}). This read is recorded in the audit log.
              </Text>
              <Code block data-testid="revealed-secret" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {reveal.secret}
              </Code>
              <Group justify="space-between" gap="xs">
                <Text size="xs" c="dimmed" aria-live="off">
                  Hides in {reveal.left} s
                </Text>
                <Button size="compact-xs" variant="default" onClick={close}>
                  Hide
                </Button>
              </Group>
            </Stack>
          )}
        </Popover.Dropdown>
      </Popover>
      <ActionIconButton
        role="admin"
        label={`Copy secret of ${tsig.name}`}
        tooltip="Copy secret"
        icon={copying ? <Loader size={14} aria-hidden /> : <IconCopy size={16} aria-hidden />}
        onClick={() => void copy()}
        disabled={copying}
      />
    </Group>
  );
}
