/**
 * Setting up, renewing and turning off the signed-in user's two-factor sign-in (`/auth/two-factor/*`). The answers
 * that carry a secret (the enrolment's QR code and key, the recovery codes) are handed to the caller once and never
 * cached. A success refreshes the status; the session is left alone here (the "Set up two-factor sign-in" screen
 * refreshes it only once the recovery codes were seen).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  TwoFactorConfirmBody,
  TwoFactorDisableBody,
  TwoFactorEnrolment,
  TwoFactorEnrolmentBody,
  TwoFactorRecoveryCodesBody,
  TwoFactorStatus,
} from '@secdns/api-types';
import { request } from '../../../lib/api-client';
import { TWO_FACTOR_URL, twoFactorKeys } from './queries';

async function post<T>(path: string, body: unknown, operationId: string): Promise<T> {
  const { envelope } = await request(`${TWO_FACTOR_URL}${path}`, { method: 'POST', body: JSON.stringify(body) }, operationId);
  return envelope.result as T;
}

function useRefreshStatus() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: twoFactorKeys.all });
}

/** Step 1: the password → a new secret (QR code, key), shown once. Two-factor stays off until step 2. */
export function useStartEnrolment() {
  return useMutation({
    mutationFn: (body: TwoFactorEnrolmentBody) => post<TwoFactorEnrolment>('/enrolment', body, 'auth.twoFactor.enrolment'),
  });
}

/** Step 2: a code from the app → on; the recovery codes, shown once. */
export function useConfirmEnrolment() {
  const refresh = useRefreshStatus();
  return useMutation({
    mutationFn: (body: TwoFactorConfirmBody) =>
      post<{ recoveryCodes: string[] }>('/enrolment/confirm', body, 'auth.twoFactor.enable'),
    onSuccess: () => refresh(),
  });
}

/** New recovery codes (the password and a code); the old ones stop working. */
export function useNewRecoveryCodes() {
  const refresh = useRefreshStatus();
  return useMutation({
    mutationFn: (body: TwoFactorRecoveryCodesBody) =>
      post<{ recoveryCodes: string[] }>('/recovery-codes', body, 'auth.twoFactor.recoveryCodes'),
    onSuccess: () => refresh(),
  });
}

/** Off (the password and a code). */
export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TwoFactorDisableBody) => post<TwoFactorStatus>('/disable', body, 'auth.twoFactor.disable'),
    onSuccess: (status) => queryClient.setQueryData(twoFactorKeys.status(), status),
  });
}
