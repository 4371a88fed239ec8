/**
 * The signed-in user's own two-factor sign-in (BFF-owned: `GET /auth/two-factor`; never the secret). Keys:
 *   ['two-factor']            everything about it
 *   ['two-factor', 'status']  on or off, recovery codes left, required by the dashboard
 */
import { queryOptions } from '@tanstack/react-query';
import type { TwoFactorStatus } from '@secdns/api-types';
import { request } from '../../../lib/api-client';

export const TWO_FACTOR_URL = '/auth/two-factor';

export const twoFactorKeys = {
  all: ['two-factor'] as const,
  status: () => [...twoFactorKeys.all, 'status'] as const,
};

export const twoFactorQueries = {
  status: () =>
    queryOptions({
      queryKey: twoFactorKeys.status(),
      queryFn: async ({ signal }): Promise<TwoFactorStatus> => {
        const { envelope } = await request(TWO_FACTOR_URL, { method: 'GET', signal }, 'auth.twoFactor.get');
        return envelope.result as TwoFactorStatus;
      },
    }),
};
