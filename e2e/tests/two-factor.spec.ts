/**
 * Two-factor sign-in, end to end in Chromium: a user (new, not admin: the other specs sign in as admin with the
 * password alone) sets it up from the user menu — password, the key shown under "Can't scan it?", a code computed
 * here from that key with the same library the BFF uses (otpauth), the recovery codes — then signs out and signs in
 * again: the password, then the second step, where a wrong code is refused and the right one lands on the page asked
 * for. The admin's Users page marks them "Two-factor".
 */
import type { Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { SEED, createUser, csrfHeaders, expect, expectAccessible, snap, test } from './fixtures';

const PASSWORD = 'two-factor-user-password-0123';

/** The code an authenticator app holding `key` shows at `time` (RFC 6238: SHA-1, 6 digits, 30 s). */
function codeAt(key: string, time: number): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(key.replace(/\s+/g, '')) });
  return totp.generate({ timestamp: time });
}

async function signInWithPassword(page: Page, username: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a user sets up two-factor sign-in with an authenticator app, then signs in with a code', async ({ browser, page }) => {
  // Fresh each run (the test server's state is shared by the specs, and kept across a retry).
  const username = `e2e-2fa-${Date.now()}`;
  await createUser(page, username, PASSWORD, 'operator');

  // Their own browser.
  const context = await browser.newContext();
  const own = await context.newPage();
  const zonesUrl = `/accounts/${SEED.accountId}/zones`;
  await own.goto(zonesUrl);
  await signInWithPassword(own, username);
  await expect(own.getByRole('heading', { name: 'Zones', level: 1 })).toBeVisible();

  // 1. User menu → Two-factor sign-in → Set up: the password first.
  await own.getByRole('button', { name: new RegExp(`^${username}`) }).click();
  await own.getByRole('menuitem', { name: 'Two-factor sign-in' }).click();
  const dialog = own.getByRole('dialog', { name: 'Two-factor sign-in' });
  await expect(dialog.getByText('Off', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await dialog.getByLabel('Your password', { exact: true }).fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Continue' }).click();

  // 2. The QR code (an SVG from the BFF), and the key to type by hand.
  const qr = dialog.getByRole('img', { name: /^QR code to add .+ to your authenticator app$/ });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((image: HTMLImageElement) => image.naturalWidth > 0 && image.complete)).toBe(true);
  await dialog.getByRole('button', { name: /Can’t scan it\?/ }).click();
  const key = (await dialog.getByLabel('Setup key').textContent()) ?? '';
  expect(key.replace(/\s+/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  await snap(own, 'two-factor-scan');
  await expectAccessible(own);

  await dialog.getByLabel('Code from the app').fill(codeAt(key, Date.now()));
  await dialog.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();

  // 3. The recovery codes, shown once.
  const codes = dialog.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await snap(own, 'two-factor-recovery-codes');
  await dialog.getByLabel('I have saved these recovery codes').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog.getByText('On', { exact: true })).toBeVisible();
  await expect(dialog.getByText('10 recovery codes left.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).first().click();

  // Sign out, and in again: the password alone is not enough.
  await own.getByRole('button', { name: new RegExp(`^${username}`) }).click();
  await own.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(own).toHaveURL(/\/sign-in$/);
  await own.goto(zonesUrl);
  await signInWithPassword(own, username);
  await expect(own.getByRole('heading', { name: 'Two-factor sign-in', level: 1 })).toBeVisible();
  await expect(own.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible();
  expect((await own.request.get('/auth/me')).status()).toBe(401);
  await snap(own, 'two-factor-sign-in');
  await expectAccessible(own);

  // A wrong code: said on the field, what was typed stays.
  await own.getByLabel('Code').fill('000000');
  await own.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(own.getByText(/^Wrong code: enter the code your authenticator app shows now/)).toBeVisible();
  await expect(own.getByLabel('Code')).toHaveValue('000000');

  // The app's next code (the one used to turn it on may not be used again; the next step's is accepted).
  await own.getByLabel('Code').fill(codeAt(key, Date.now() + 30_000));
  await own.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(own.getByRole('heading', { name: 'Zones', level: 1 })).toBeVisible();
  await expect(own).toHaveURL(new RegExp(`${zonesUrl}$`));
  expect((await own.request.get('/auth/me')).status()).toBe(200);
  await context.close();

  // The admin's Users page says they have it; the audit log has the set-up and both steps of the sign-in.
  await page.goto(`/users?q=${username}`);
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: username });
  await expect(row).toContainText('Two-factor');
  const audit = await page.request.get(`/api/audit?user=${username}&operation=auth.*`, { headers: await csrfHeaders(page) });
  const operations = ((await audit.json()).result as { operation: string; status: number }[]).map((entry) => `${entry.operation} ${entry.status}`);
  expect(operations).toEqual(
    expect.arrayContaining(['auth.twoFactor.enable 200', 'auth.login.password 200', 'auth.login.twoFactor 401', 'auth.login.twoFactor 200']),
  );
});
