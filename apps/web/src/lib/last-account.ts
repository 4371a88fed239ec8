/**
 * The account last shown, so pages outside an account (Users, Audit log) keep the navbar and the account picker
 * pointing at it. Kept in localStorage (an id, not a secret); storage errors (private mode, quota) are ignored.
 */
const KEY = 'secdns.lastAccountId';
let memory: string | null = null;

export function rememberAccount(accountId: string): void {
  if (!accountId || accountId === memory) return;
  memory = accountId;
  try {
    window.localStorage.setItem(KEY, accountId);
  } catch {
    // ignore
  }
}

export function lastAccount(): string | null {
  if (memory) return memory;
  try {
    memory = window.localStorage.getItem(KEY);
  } catch {
    memory = null;
  }
  return memory;
}
