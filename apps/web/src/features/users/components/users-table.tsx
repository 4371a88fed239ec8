/**
 * Dashboard users: search (URL `q`), sortable columns (URL `sort`/`dir`), role and status badges ("Locked out"
 * while too many wrong passwords keep a user from signing in; "Must change password" while they have not yet
 * replaced a password an admin set; "Two-factor" when they sign in with an authenticator app's code too), when they
 * were created and last signed in, whether
 * they are signed in now (live sessions, last used), Unlock sign-in / Sign out everywhere / Edit / Delete per row. The signed-in admin's own row is marked "You"; deleting it
 * asks for the username to be typed and says what happens (the BFF refuses to remove the last enabled admin).
 */
import { Badge, Checkbox, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconLockOpen, IconLogout, IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { roleRank, type User } from '@secdns/api-types';
import { openConfirm } from '../../../components/confirm';
import { DataTable, listState, queryState } from '../../../components/data-table';
import { ActionButton, ActionIconButton } from '../../../components/action-button';
import { RowActions, rowActionsColumn } from '../../../components/row-actions';
import { formatAbsolute, formatRelative } from '../../../lib/format-time';
import { notifySuccess } from '../../../lib/notify';
import { clearSessionEnd, markSessionEnded } from '../../../lib/session-end';
import { useListParams } from '../../../lib/use-list-params';
import { useNow } from '../../../lib/use-now';
import { useDeleteUser, useEndSessions, useUnlockUser } from '../api/mutations';
import { userQueries } from '../api/queries';
import { ROLE_INFO } from '../roles';

const SORTABLE = ['username', 'role', 'status', 'signedIn', 'created', 'lastLogin'] as const;
const column = createColumnHelper<User>();

export function RoleBadge({ role }: { role: User['role'] }) {
  return (
    <Badge size="sm" variant="light" color={ROLE_INFO[role].color} title={ROLE_INFO[role].description}>
      {ROLE_INFO[role].label}
    </Badge>
  );
}

function When({ value, empty, size = 'sm' }: { value: string | null; empty: string; size?: 'sm' | 'xs' }) {
  const now = useNow();
  if (!value) {
    return (
      <Text size={size} c="dimmed" span>
        {empty}
      </Text>
    );
  }
  const absolute = formatAbsolute(value);
  return (
    <Text size={size} span component="time" dateTime={value} title={absolute}>
      {formatRelative(value, now)}
      <VisuallyHidden> ({absolute})</VisuallyHidden>
    </Text>
  );
}

/** Until when the user's sign-ins are refused (epoch ms), or null when they are not locked out now. */
export function lockedUntil(user: User, now: number): number | null {
  const until = user.locked_until ? Date.parse(user.locked_until) : NaN;
  return until > now ? until : null;
}

/** Within this long of its end, a user's access is shown in orange: time to extend it or let it end. */
const ACCESS_ENDS_SOON_MS = 7 * 24 * 60 * 60_000;

/** The end of a user's access (`expires_at`): ended (red), within a week (orange), or when (grey). */
function AccessEnd({ user, now }: { user: User; now: number }) {
  if (!user.expires_at) return null;
  const at = Date.parse(user.expires_at);
  const when = formatAbsolute(user.expires_at);
  if (at <= now) {
    return (
      <Badge size="xs" variant="light" color="red" title={`Their access ended ${when}: sign-in is refused (Edit to extend it)`}>
        Access ended
      </Badge>
    );
  }
  const soon = at - now <= ACCESS_ENDS_SOON_MS;
  return (
    <Badge
      size="xs"
      variant="light"
      color={soon ? 'orange' : 'gray'}
      title={`Their access ends ${when}: from then on sign-in is refused and their sessions end (Edit to change it)`}
    >
      {soon ? `Access ends ${formatRelative(user.expires_at, now)}` : `Access until ${user.expires_at.slice(0, 10)}`}
    </Badge>
  );
}

function UserStatus({ user }: { user: User }) {
  const now = useNow();
  const until = lockedUntil(user, now);
  return (
    <Group gap={4}>
      {user.disabled ? (
        <Badge size="sm" variant="light" color="red">
          Disabled
        </Badge>
      ) : (
        <Badge size="sm" variant="light" color="teal">
          Enabled
        </Badge>
      )}
      {until !== null && (
        <Badge
          size="sm"
          variant="light"
          color="orange"
          title={`Sign-in refused after too many wrong passwords, until ${formatAbsolute(new Date(until).toISOString())}`}
        >
          Locked out
        </Badge>
      )}
      <AccessEnd user={user} now={now} />
      {user.sso && (
        <Badge
          size="xs"
          variant="light"
          color="indigo"
          title="Signs in by single sign-on: no password here, and the role comes from the identity provider’s groups at each sign-in"
        >
          SSO
        </Badge>
      )}
      {user.two_factor_enabled && (
        <Badge
          size="xs"
          variant="light"
          color="grape"
          title="Signs in with a code from an authenticator app after the password (Edit to reset it: a lost phone)"
        >
          Two-factor
        </Badge>
      )}
      {(user.api_tokens ?? 0) > 0 && (
        <Badge
          size="xs"
          variant="light"
          color="gray"
          title="Scripts act as this user with these tokens until they expire or are revoked (user menu → API tokens → Everyone’s tokens); disabling the user stops them too"
        >
          {user.api_tokens === 1 ? '1 API token' : `${user.api_tokens} API tokens`}
        </Badge>
      )}
      {user.must_change_password && (
        // One size down: the longest of the badges, on one line in the column.
        <Badge
          size="xs"
          variant="light"
          color="blue"
          title="An admin set their password: at their next sign-in they must choose their own before anything else"
        >
          Must change password
        </Badge>
      )}
    </Group>
  );
}

export interface UsersTableProps {
  onAdd: () => void;
  onEdit: (user: User) => void;
  currentUsername?: string;
}

/**
 * In Sign out everywhere: the user's API tokens keep working (a script is not a session) unless this is ticked — for
 * a suspected take-over, when whoever had the password may have made tokens too.
 */
function RevokeTokensChoice({ count, onChange }: { count: number; onChange: (revoke: boolean) => void }) {
  const [checked, setChecked] = useState(false);
  return (
    <Checkbox
      checked={checked}
      onChange={(event) => {
        setChecked(event.currentTarget.checked);
        onChange(event.currentTarget.checked);
      }}
      label={count === 1 ? 'Also revoke their API token' : `Also revoke their ${count} API tokens`}
      description={
        checked
          ? 'Scripts that use them are refused from now on; new tokens must be made for them.'
          : `Unticked, ${count === 1 ? 'it keeps' : 'they keep'} working: scripts are not sessions. Tick it if the password may have been taken: whoever had it could have made tokens.`
      }
    />
  );
}

export function UsersTable({ onAdd, onEdit, currentUsername }: UsersTableProps) {
  const users = useQuery(userQueries.list());
  const deleteUser = useDeleteUser(currentUsername);
  const endSessions = useEndSessions(currentUsername);
  const unlockUser = useUnlockUser();

  const confirmUnlock = useCallback(
    (user: User) => {
      const until = lockedUntil(user, Date.now());
      openConfirm({
        title: `Unlock sign-in of ${user.username}?`,
        message: (
          <Stack gap={6}>
            <Text size="sm">
              <strong>{user.username}</strong> is refused after too many wrong passwords
              {until !== null ? `, until ${formatAbsolute(new Date(until).toISOString())}` : ''}. Unlocking forgets those
              failures, from every address, so they can sign in at once.
            </Text>
            <Text size="sm">
              If the wrong passwords were not theirs, someone may be guessing it: set a new password instead (Edit), which
              unlocks too.
            </Text>
          </Stack>
        ),
        confirmLabel: 'Unlock',
        onConfirm: async () => {
          await unlockUser.mutateAsync(user.username);
          notifySuccess(`${user.username} unlocked`, 'They can sign in again.');
        },
      });
    },
    [unlockUser],
  );

  const confirmSignOut = useCallback(
    (user: User) => {
      const self = user.username === currentUsername;
      const count = user.sessions ?? 0;
      const choice = { revokeApiTokens: false };
      openConfirm({
        title: `Sign ${self ? 'yourself' : user.username} out everywhere?`,
        message: (
          <Stack gap={6}>
            <Text size="sm">
              {count === 0 ? (
                <>
                  <strong>{user.username}</strong> is not signed in anywhere now; any session started meanwhile ends.
                </>
              ) : (
                <>
                  Ends {count === 1 ? 'the session' : `all ${count} sessions`} of <strong>{user.username}</strong>, in every
                  browser, at once.
                </>
              )}{' '}
              {self ? 'You' : 'They'} can sign in again with the password: to keep someone out, disable the user or change
              the password instead (both end the sessions too).
            </Text>
            {(user.api_tokens ?? 0) > 0 && <RevokeTokensChoice count={user.api_tokens ?? 0} onChange={(revoke) => (choice.revokeApiTokens = revoke)} />}
            {self && (
              <Text size="sm" c="red" fw={600}>
                This is you: this browser is signed out too.
              </Text>
            )}
          </Stack>
        ),
        confirmLabel: 'Sign out everywhere',
        danger: true,
        onConfirm: async () => {
          if (self) markSessionEnded('expired');
          try {
            const { ended, api_tokens_revoked: revoked } = await endSessions.mutateAsync({ username: user.username, ...choice });
            notifySuccess(
              `${user.username} signed out`,
              `${ended === 1 ? '1 session' : `${ended} sessions`} ended${choice.revokeApiTokens ? `; ${revoked === 1 ? '1 API token' : `${revoked} API tokens`} revoked` : ''}.`,
            );
          } catch (error) {
            if (self) clearSessionEnd();
            throw error;
          }
        },
      });
    },
    [endSessions, currentUsername],
  );
  const list = useListParams({ sort: 'username', dir: 'asc', sortable: SORTABLE });

  const confirmDelete = useCallback(
    (user: User) => {
      const self = user.username === currentUsername;
      openConfirm({
        title: self ? `Delete your own user ${user.username}?` : `Delete user ${user.username}?`,
        message: (
          <Stack gap={6}>
            <Text size="sm">
              <strong>{user.username}</strong> can no longer sign in, and their sessions end at once. Their entries in
              the audit log stay. This cannot be undone.
            </Text>
            {self && (
              <Text size="sm" c="red" fw={600}>
                This is you: you will be signed out and cannot sign in again. The last enabled admin cannot be deleted.
              </Text>
            )}
          </Stack>
        ),
        confirmLabel: 'Delete user',
        danger: true,
        typeToConfirm: self ? user.username : undefined,
        onConfirm: async () => {
          if (self) markSessionEnded('expired');
          try {
            await deleteUser.mutateAsync(user.username);
          } catch (error) {
            if (self) clearSessionEnd();
            throw error;
          }
          notifySuccess(`User ${user.username} deleted`);
        },
      });
    },
    [deleteUser, currentUsername],
  );

  const columns = useMemo(
    () => [
      // No width of its own: what the others leave (about 140 px at 1280 px wide, beside four row actions).
      column.accessor('username', {
        id: 'username',
        header: 'Username',
        cell: (info) => (
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={500} truncate title={info.getValue()}>
              {info.getValue()}
            </Text>
            {info.getValue() === currentUsername && (
              <Badge size="xs" variant="outline" color="gray">
                You
              </Badge>
            )}
          </Group>
        ),
      }),
      column.accessor((user) => roleRank[user.role], {
        id: 'role',
        header: 'Role',
        meta: { width: 110 },
        cell: (info) => <RoleBadge role={info.row.original.role} />,
      }),
      column.accessor((user) => (user.disabled ? 1 : 0), {
        id: 'status',
        header: 'Status',
        meta: { width: 180 },
        cell: (info) => <UserStatus user={info.row.original} />,
      }),
      column.accessor((user) => user.last_active_at ?? '', {
        id: 'signedIn',
        header: 'Signed in now',
        meta: { width: '14%' },
        cell: (info) => {
          const { sessions = 0, last_active_at: active = null } = info.row.original;
          if (sessions === 0) {
            return (
              <Text size="sm" c="dimmed" span>
                No
              </Text>
            );
          }
          return (
            <Stack gap={0}>
              <Text size="sm" span>
                {sessions === 1 ? '1 session' : `${sessions} sessions`}
              </Text>
              <Text size="xs" c="dimmed" span>
                used <When value={active} empty="—" size="xs" />
              </Text>
            </Stack>
          );
        },
      }),
      column.accessor('created_at', {
        id: 'created',
        header: 'Created',
        meta: { width: '14%' },
        cell: (info) => <When value={info.getValue()} empty="—" />,
      }),
      column.accessor((user) => user.last_login_at ?? '', {
        id: 'lastLogin',
        header: 'Last sign-in',
        meta: { width: '14%' },
        cell: (info) => <When value={info.row.original.last_login_at} empty="Never" />,
      }),
      rowActionsColumn<User>(
        (user) => (
          <RowActions
            name={user.username}
            editNeed={{ role: 'admin' }}
            deleteNeed={{ role: 'admin' }}
            deleteTooltip={user.username === currentUsername ? 'Delete (this is you)' : undefined}
            onEdit={() => onEdit(user)}
            onDelete={() => confirmDelete(user)}
            extra={
              <>
                <ActionIconButton
                  role="admin"
                  label={`Unlock sign-in of ${user.username}`}
                  tooltip="Unlock sign-in"
                  icon={<IconLockOpen size={16} aria-hidden />}
                  disabledReason={lockedUntil(user, Date.now()) === null ? 'Not locked out of sign-in' : undefined}
                  onClick={() => confirmUnlock(user)}
                />
                <ActionIconButton
                  role="admin"
                  label={`Sign ${user.username} out everywhere`}
                  tooltip="Sign out everywhere"
                  icon={<IconLogout size={16} aria-hidden />}
                  // A user with API tokens and no session (a service user): the dialog revokes the tokens.
                  disabledReason={(user.sessions ?? 0) === 0 && (user.api_tokens ?? 0) === 0 ? 'Not signed in anywhere' : undefined}
                  onClick={() => confirmSignOut(user)}
                />
              </>
            }
          />
        ),
        4,
      ),
    ],
    [onEdit, confirmDelete, confirmSignOut, confirmUnlock, currentUsername],
  );

  const searchText = useCallback(
    (user: User) =>
      [
        user.username,
        user.role,
        user.disabled ? 'disabled' : 'enabled',
        lockedUntil(user, Date.now()) !== null ? 'locked' : '',
        user.must_change_password ? 'must change password' : '',
        user.two_factor_enabled ? 'two-factor 2fa' : '',
        user.expires_at ? (Date.parse(user.expires_at) <= Date.now() ? 'access ended expired' : 'access ends expires') : '',
      ].join(' '),
    [],
  );

  return (
    <DataTable
      {...queryState(users)}
      {...listState(list)}
      label="Users"
      noun={{ one: 'user', other: 'users' }}
      columns={columns}
      getRowId={(user) => user.username}
      // The Username column takes what the fixed ones leave (about 550 px): below 1000 px it would have none (on a
      // phone the users had no names); the box scrolls sideways instead.
      minWidth={1000}
      searchText={searchText}
      searchPlaceholder="Search by username or role"
      toolbarActions={
        <ActionButton role="admin" leftSection={<IconUserPlus size={16} aria-hidden />} onClick={onAdd}>
          Add user
        </ActionButton>
      }
    />
  );
}
