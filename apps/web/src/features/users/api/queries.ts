/**
 * Dashboard users (BFF-owned, admin only: `GET /api/users`). Keys:
 *   ['users']          everything about users
 *   ['users', 'list']  the list
 */
import { queryOptions } from '@tanstack/react-query';
import type { User } from '@secdns/api-types';
import { request } from '../../../lib/api-client';

export const USERS_URL = '/api/users';

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export const userQueries = {
  list: () =>
    queryOptions({
      queryKey: userKeys.list(),
      queryFn: async ({ signal }): Promise<User[]> => {
        const { envelope } = await request(USERS_URL, { method: 'GET', signal }, 'users.list');
        return (envelope.result as User[] | null) ?? [];
      },
    }),
};
