import { Alert, Badge, Button, Menu, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconClockHour4, IconCode, IconKey, IconLogout, IconShieldLock, IconUser } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { useFocusBackToMenu } from '../../lib/keep-focus';
import { sessionQuery, signOutAndLeave } from '../../lib/session';

// The form (react-hook-form, zod) loads when first asked for, not with the first page.
const ChangePasswordModal = lazy(() =>
  import('./change-password-modal').then((module) => ({ default: module.ChangePasswordModal })),
);
// Two-factor sign-in (its forms, the QR code step): loaded when first asked for too.
const TwoFactorModal = lazy(() => import('./two-factor-modal'));
// API tokens for scripts: loaded when first asked for.
const ApiTokensModal = lazy(() => import('./api-tokens-modal'));

/** The user menu's dialogs, each loaded at its first opening and kept mounted after (closed) so it reopens at once. */
const MENU_DIALOGS = { password: ChangePasswordModal, twoFactor: TwoFactorModal, tokens: ApiTokensModal } as const;
type MenuDialog = keyof typeof MENU_DIALOGS;

/** Within this long of the end of a user's own access, every page says so (time to ask an admin). */
const ACCESS_END_NOTICE_MS = 3 * 24 * 60 * 60_000;

/** "2026-12-31 23:59 UTC": the end of access as the admin set it (a day, UTC). */
function accessEnd(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
}

/** Above every page when the signed-in user's own access ends within three days (`access_ends_at`). */
export function AccessEndNotice() {
  const session = useQuery(sessionQuery());
  const at = session.data?.user.access_ends_at;
  if (!at) return null;
  const left = Date.parse(at) - Date.now();
  if (left > ACCESS_END_NOTICE_MS) return null;
  const days = Math.floor(left / (24 * 60 * 60_000));
  const when = days >= 1 ? `in ${days} day${days === 1 ? '' : 's'}` : 'today';
  return (
    <Alert color="orange" variant="light" icon={<IconClockHour4 aria-hidden />} mb="md" role="status">
      Your access to this dashboard ends {when} ({accessEnd(at)}). Ask an admin to extend it if you still need it.
    </Alert>
  );
}

/** Who is signed in, with which role, their password, their two-factor sign-in, and the way out. */
export function UserMenu() {
  const session = useQuery(sessionQuery());
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState<MenuDialog | null>(null);
  const [loaded, setLoaded] = useState<ReadonlySet<MenuDialog>>(new Set());
  // Below Mantine's "sm" (48em), as the navbar's burger.
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  // The dialogs are opened from menu items, gone when they close: focus goes back to the menu's button.
  const menuFocus = useFocusBackToMenu();
  const user = session.data?.user;
  if (!user) return null;
  const openDialog = (dialog: MenuDialog) => {
    menuFocus.opening();
    setLoaded((before) => new Set(before).add(dialog));
    setOpen(dialog);
  };
  return (
    <>
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        {phone ? (
          // On a phone only the icon: the account picker beside it needs the room. Named for screen readers.
          <Button ref={menuFocus.ref} variant="default" px="xs" aria-label={`${user.username} ${user.role}`}>
            <IconUser size={16} aria-hidden />
          </Button>
        ) : (
          <Button ref={menuFocus.ref} variant="default" leftSection={<IconUser size={16} aria-hidden />}>
            <Text span size="sm" mr={6}>
              {user.username}
            </Text>
            <Badge size="xs" variant="light">
              {user.role}
            </Badge>
          </Button>
        )}
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as {user.username}
          {user.access_ends_at && <Text size="xs">Access until {accessEnd(user.access_ends_at)}</Text>}
        </Menu.Label>
        {/* Single sign-on: the password and the second factor are the identity provider's (ADR 021). */}
        {user.sso ? (
          <Menu.Label>Signed in by single sign-on</Menu.Label>
        ) : (
          <>
            <Menu.Item leftSection={<IconKey size={14} aria-hidden />} onClick={() => openDialog('password')}>
              Change password
            </Menu.Item>
            <Menu.Item leftSection={<IconShieldLock size={14} aria-hidden />} onClick={() => openDialog('twoFactor')}>
              Two-factor sign-in
            </Menu.Item>
          </>
        )}
        <Menu.Item
          leftSection={<IconCode size={14} aria-hidden />}
          onClick={() => openDialog('tokens')}
        >
          API tokens
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={14} aria-hidden />}
          onClick={() => {
            void signOutAndLeave(queryClient, () => navigate('/sign-in', { replace: true }));
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
    {[...loaded].map((dialog) => {
      const Dialog = MENU_DIALOGS[dialog];
      return (
        <Suspense key={dialog} fallback={null}>
          <Dialog
            opened={open === dialog}
            onClose={() => {
              setOpen(null);
              menuFocus.closed();
            }}
          />
        </Suspense>
      );
    })}
    </>
  );
}
