/** Small pieces the audit table, the entry drawer and the zone page's Recent actions share. */
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import {
  REDACTED_CHANGED,
  changeLabel,
  changesText,
  forceSeenAfterText,
  formatChangeValue,
  resourceNameOf,
  type AuditChange,
  type AuditEntry,
} from '@secdns/api-types';
import { peersListQuery, tsigsListQuery } from '../../../lib/lookups';
import { resourceWord } from '../operation-labels';
import { zonePath } from '../../../lib/zone-path';

/** What the BFF's refusal codes mean (`AuditEntry.refusal`). */
export const REFUSALS: Record<string, string> = {
  unauthenticated: 'Not signed in (no or expired session)',
  forbidden: 'Role too low for this operation',
  csrf: 'Cross-site request or missing CSRF token',
  throttled: 'Too many failed sign-ins',
  invalid_credentials: 'Wrong username or password',
  must_change_password: 'Must choose their own password first',
  must_enrol_two_factor: 'Must set up two-factor sign-in first',
  invalid_two_factor_code: 'Wrong or already used two-factor code',
  two_factor_challenge_expired: 'Two-factor step too late or too many wrong codes',
  access_expired: 'Their access had ended (right password)',
  api_token_expired: 'Their API token had expired',
  api_token_user_disabled: 'The API token’s user is disabled',
  api_token_not_here: 'An API token sent to /auth (sign-in, passwords, tokens)',
  api_token_zone_scope: 'Outside the zones its API token is limited to',
  // Single sign-on (ADR 021): `sso_<reason>`.
  sso_provider_unreachable: 'Single sign-on: the identity provider could not be reached',
  sso_provider_refused: 'Single sign-on: the identity provider did not sign them in',
  sso_expired: 'Single sign-on: too late, or an answer already used',
  sso_other_browser: 'Single sign-on: the answer came back to another browser',
  sso_no_username: 'Single sign-on: no usable username or email from the provider',
  sso_no_role: 'Single sign-on: in none of the groups that may use the dashboard',
  sso_username_taken: 'Single sign-on: a user with a password has that name',
  sso_disabled: 'Single sign-on: the user is disabled',
  sso_access_expired: 'Single sign-on: their access had ended',
  sso_failed: 'Single sign-on failed (the log says why)',
  sso_logout_token: 'Single sign-on: a logout token from the provider that did not check out (the log says why)',
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
    // A delete has no body: the name the resource had (recorded before the change, ADR 016).
    const name = resourceNameOf(entry);
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

/**
 * Ids as names where the account's peers and TSIG keys say them ("Peers ns1-primary, ns2-primary" rather than two
 * ids); an id no longer in either list (deleted since) stays an id. The lists are the ones the other pages share.
 */
export function useIdNames(accountId: string | null | undefined): (value: string) => string {
  const enabled = Boolean(accountId);
  const peers = useQuery({ ...peersListQuery(accountId ?? ''), enabled, staleTime: 60_000 });
  const tsigs = useQuery({ ...tsigsListQuery(accountId ?? ''), enabled, staleTime: 60_000 });
  return (value) =>
    peers.data?.find((peer) => peer.id === value)?.name ?? tsigs.data?.find((tsig) => tsig.id === value)?.name ?? value;
}

/** An entry of a delete (its changes say what the resource was). */
export const isDelete = (entry: { operation: string }) => /\.delete$/.test(entry.operation);

/** The changes of an entry in one line, under its target or its operation: "IP 192.0.2.1 → 192.0.2.9". */
export function ChangesLine({
  entry,
  accountId,
}: {
  entry: { operation: string; outcome: AuditEntry['outcome']; status: number; changes: AuditChange[] };
  accountId: string | null | undefined;
}) {
  const resolve = useIdNames(entry.changes.length ? accountId : null);
  if (entry.changes.length === 0) return null;
  // A refused change (4xx) changed nothing: what it asked, said as such; after a 5xx or a timeout nobody knows.
  const asked = entry.outcome !== 'failure' ? '' : entry.status < 500 ? 'Asked, not made: ' : 'Asked (may have been made): ';
  const text = `${asked}${changesText(entry.changes, { deleted: isDelete(entry), resolve })}`;
  return (
    <Text size="xs" c="dimmed" lineClamp={2} title={text} style={{ wordBreak: 'break-word', whiteSpace: 'normal' }}>
      {text}
    </Text>
  );
}

/**
 * What a Force was seen to do afterwards (ADR 018), in one line: "Afterwards: serial 2024061201 → 2024061203, seen
 * 8 s later". Nothing for other entries, or before a read showed it.
 */
export function seenAfterWords(entry: Pick<AuditEntry, 'operation' | 'time' | 'seen_after'>): string | null {
  return entry.seen_after ? `Afterwards: ${forceSeenAfterText(entry.operation, entry.seen_after, entry.time)}` : null;
}

export function SeenAfterLine({ entry }: { entry: Pick<AuditEntry, 'operation' | 'time' | 'seen_after'> }) {
  const text = seenAfterWords(entry);
  if (!text) return null;
  return (
    <Text size="xs" c="dimmed" lineClamp={2} title={text} style={{ wordBreak: 'break-word', whiteSpace: 'normal' }}>
      {text}
    </Text>
  );
}

/** Every change of an entry, one row per field: before → after (a delete: what it was). */
export function ChangesTable({ entry }: { entry: AuditEntry }) {
  const resolve = useIdNames(entry.changes.length ? entry.account_id : null);
  const deleted = isDelete(entry);
  const failed = entry.outcome === 'failure';
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm" aria-label="Changes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>{deleted ? 'Was' : 'Before'}</Table.Th>
          {!deleted && <Table.Th>{failed ? (entry.status < 500 ? 'Asked (not made)' : 'Asked (may have been made)') : 'After'}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entry.changes.map((change) => (
          <Table.Tr key={change.field}>
            <Table.Td>{changeLabel(change.field)}</Table.Td>
            <Table.Td ff="monospace" style={{ wordBreak: 'break-word' }}>
              {change.after === REDACTED_CHANGED ? 'hidden' : formatChangeValue(change.before, resolve, change.field)}
            </Table.Td>
            {!deleted && (
              <Table.Td ff="monospace" style={{ wordBreak: 'break-word' }}>
                {change.after === REDACTED_CHANGED ? 'changed (hidden)' : formatChangeValue(change.after, resolve, change.field)}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
