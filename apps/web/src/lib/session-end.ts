/**
 * Why the last session ended, so the sign-in page can say it ("Your session ended…", "Your password was changed…").
 * In memory only: a reload of the sign-in page forgets it, which is what a fresh visit should look like.
 *
 *   expired          any API call answered 401 while the app believed it was signed in (idle or absolute expiry,
 *                    revoked by an admin, password changed elsewhere)
 *   password-changed the user changed their own password (the BFF ends every session of theirs)
 */
export type SessionEndReason = 'expired' | 'password-changed';

let reason: SessionEndReason | null = null;

/** Records why the session ended. An explicit reason (password change) wins over a later "expired". */
export function markSessionEnded(next: SessionEndReason): void {
  if (next === 'expired' && reason !== null) return;
  reason = next;
}

export function sessionEndReason(): SessionEndReason | null {
  return reason;
}

/** After a sign-in (or sign-out) the notice no longer applies. */
export function clearSessionEnd(): void {
  reason = null;
}

export const SESSION_END_MESSAGES: Record<SessionEndReason, string> = {
  expired: 'Your session ended. Sign in again to continue.',
  'password-changed': 'Your password was changed and all your sessions ended. Sign in with your new password.',
};

/** `?ended=expired|password-changed` on the sign-in URL, or the in-memory reason. */
export function parseSessionEndReason(value: string | null): SessionEndReason | null {
  return value === 'expired' || value === 'password-changed' ? value : null;
}

