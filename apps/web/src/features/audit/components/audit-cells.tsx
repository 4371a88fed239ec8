/** Small pieces the audit table and the entry drawer share. */
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { AuditEntry } from '@secdns/api-types';
import { resourceWord } from '../operation-labels';
import { zonePath } from '../../../lib/zone-path';

/** What the BFF's refusal codes mean (`AuditEntry.refusal`). */
export const REFUSALS: Record<string, string> = {
  unauthenticated: 'Not signed in (no or expired session)',
  forbidden: 'Role too low for this operation',
  csrf: 'Cross-site request or missing CSRF token',
  throttled: 'Too many failed sign-ins',
  invalid_credentials: 'Wrong username or password',
};

export function OutcomeBadge({ entry, stacked = false }: { entry: Pick<AuditEntry, 'outcome' | 'status'>; stacked?: boolean }) {
  const success = entry.outcome === 'success';
  if (stacked) {
    return (
      <Stack gap={2} align="flex-start">
        <Badge size="sm" variant="light" color={success ? 'teal' : 'red'}>
          {success ? 'Success' : 'Failure'}
        </Badge>
        <Text size="xs" c="dimmed" ff="monospace" lh={1.2}>
          HTTP {entry.status}
        </Text>
      </Stack>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="sm" variant="light" color={success ? 'teal' : 'red'}>
        {success ? 'Success' : 'Failure'}
      </Badge>
      <Text size="xs" c="dimmed" ff="monospace" span>
        {entry.status}
      </Text>
    </Group>
  );
}

/** The `name` of a recorded request body (peers, TSIG keys and ACLs have one), if it has one. */
function nameInBody(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const name = (body as { name?: unknown }).name;
  return typeof name === 'string' && name.trim() ? name : null;
}

const short = (id: string, length = 8) => (id.length > length + 1 ? `${id.slice(0, length)}…` : id);

export function zoneUrl(entry: Pick<AuditEntry, 'account_id' | 'zone_id'>): string | null {
  if (!entry.account_id || !entry.zone_id) return null;
  return zonePath(entry.account_id, entry.zone_id);
}

/** Zone (by name when known; linked when the account is known), the resource the path named, else the account. */
export function TargetCell({ entry, full = false }: { entry: AuditEntry; full?: boolean }) {
  const parts = [];
  if (entry.zone_id) {
    const url = zoneUrl(entry);
    // The name when the BFF knew it (older entries have none): "Zone example.net" says more than "Zone 6f43811e…".
    const name = entry.zone_name?.replace(/\.$/, '');
    const text = name ? (full ? `Zone ${name} (${entry.zone_id})` : `Zone ${name}`) : `Zone ${full ? entry.zone_id : short(entry.zone_id)}`;
    parts.push(
      url ? (
        <Anchor key="zone" component={Link} to={url} size="sm" ff="monospace" title={entry.zone_id}>
          {text}
        </Anchor>
      ) : (
        <Text key="zone" size="sm" ff="monospace" span title={entry.zone_id}>
          {text}
        </Text>
      ),
    );
  }
  if (entry.resource_id && entry.resource_id !== entry.zone_id) {
    // The name the request gave (create, update), else the id: "Peer ns1-primary" says more than "Peer c4b399e0…".
    const name = nameInBody(entry.body);
    const shown = name ? (full ? `${name} (${entry.resource_id})` : name) : full ? entry.resource_id : short(entry.resource_id, 12);
    parts.push(
      <Text key="resource" size="sm" ff="monospace" span title={name ? `${name} (${entry.resource_id})` : entry.resource_id}>
        {resourceWord(entry.operation)} {shown}
      </Text>,
    );
  }
  if (parts.length === 0 && entry.account_id) {
    parts.push(
      <Text key="account" size="sm" ff="monospace" span c="dimmed" title={entry.account_id}>
        Account {full ? entry.account_id : short(entry.account_id)}
      </Text>,
    );
  }
  if (parts.length === 0) {
    return (
      <Text size="sm" c="dimmed" span>
        —
      </Text>
    );
  }
  return (
    <Group gap={8} wrap={full ? 'wrap' : 'nowrap'}>
      {parts}
    </Group>
  );
}
