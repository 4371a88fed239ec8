/**
 * Create, change, unlock, reset the two-factor sign-in of and delete dashboard users (admin only). Every success refreshes the list; a change to the
 * signed-in user's own account also reloads the session (a new role applies at once; disabling or deleting
 * yourself ends your session).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User, UserCreateBody, UserSessionsEnded, UserTwoFactorReset, UserUnlocked, UserUpdateBody } from '@secdns/api-types';
import { request } from '../../../lib/api-client';
import { sessionKey } from '../../../lib/session';
import { USERS_URL, userKeys } from './queries';

const userUrl = (username: string) => `${USERS_URL}/${encodeURIComponent(username)}`;

function useRefresh() {
  const queryClient = useQueryClient();
  return async (username: string, self: boolean) => {
    await queryClient.invalidateQueries({ queryKey: userKeys.all });
    if (self) await queryClient.invalidateQueries({ queryKey: sessionKey });
    return username;
  };
}

export function useCreateUser() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (body: UserCreateBody): Promise<User> => {
      const { envelope } = await request(USERS_URL, { method: 'POST', body: JSON.stringify(body) }, 'users.create');
      return envelope.result as User;
    },
    onSuccess: (user) => refresh(user.username, false),
  });
}

export function useUpdateUser(currentUsername: string | undefined) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ username, body }: { username: string; body: UserUpdateBody }): Promise<User> => {
      const { envelope } = await request(
        userUrl(username),
        { method: 'PATCH', body: JSON.stringify(body) },
        'users.update',
      );
      return envelope.result as User;
    },
    onSuccess: (user) => refresh(user.username, user.username === currentUsername),
  });
}

export function useDeleteUser(currentUsername: string | undefined) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (username: string): Promise<string> => {
      await request(userUrl(username), { method: 'DELETE' }, 'users.delete');
      return username;
    },
    onSuccess: (username) => refresh(username, username === currentUsername),
  });
}

/**
 * Ends every session of a user ("sign out everywhere"), and with `revokeApiTokens` their API tokens too (a suspected
 * take-over); signing yourself out ends this session too.
 */
export function useEndSessions(currentUsername: string | undefined) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ username, revokeApiTokens }: { username: string; revokeApiTokens: boolean }): Promise<UserSessionsEnded> => {
      const url = `${userUrl(username)}/sessions${revokeApiTokens ? '?api_tokens=revoke' : ''}`;
      const { envelope } = await request(url, { method: 'DELETE' }, 'users.sessions.delete');
      return envelope.result as UserSessionsEnded;
    },
    onSuccess: (result) => refresh(result.username, result.username === currentUsername),
  });
}

/** Forgets a user's failed sign-ins (they were locked out with "Too many failed sign-ins"): they can sign in at once. */
export function useUnlockUser() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (username: string): Promise<UserUnlocked> => {
      const { envelope } = await request(`${userUrl(username)}/unlock`, { method: 'POST' }, 'users.unlock');
      return envelope.result as UserUnlocked;
    },
    onSuccess: (result) => refresh(result.username, false),
  });
}

/** Turns a user's two-factor sign-in off (a lost phone): they sign in with the password alone until they set it up again. */
export function useResetTwoFactor(currentUsername: string | undefined) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (username: string): Promise<UserTwoFactorReset> => {
      const { envelope } = await request(`${userUrl(username)}/two-factor`, { method: 'DELETE' }, 'users.twoFactor.reset');
      return envelope.result as UserTwoFactorReset;
    },
    onSuccess: (result) => refresh(result.username, result.username === currentUsername),
  });
}
