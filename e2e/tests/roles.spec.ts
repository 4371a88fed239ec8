/**
 * Role gating in the UI: an admin creates a viewer and an operator (through the API); each signs in in a browser of
 * their own and visits Zones (the list, a secondary zone, a primary zone, an unconfigured zone), Peers, TSIG keys and
 * ACLs. A viewer finds every mutation and action turned off (`aria-disabled`, with the reason as its description),
 * including Reveal / Copy secret, and no Users in the navigation; an operator finds Force AXFR and Force NOTIFY on and
 * everything else off. The buttons keep their names for every role.
 */
import type { Browser, Locator, Page } from '@playwright/test';
import type { Role } from '@secdns/api-types';
import { SEED, createUser as createAnyUser, expect, expectAccessible, signIn, snap, test, csrfHeaders } from './fixtures';

const PASSWORD = 'roles-spec-password-0123';
const ACCOUNT = `/accounts/${SEED.accountId}`;
const zoneUrl = (zoneId: string) => `${ACCOUNT}/zones/${zoneId}`;

/** The reason a disabled button gives a user of `role` for an action that needs `least`. */
const reason = (least: 'operator' | 'admin', role: 'viewer' | 'operator') =>
  `Needs an ${least} role; you are ${role === 'viewer' ? 'a' : 'an'} ${role}.`;

/** Creates a user through the API as the signed-in admin; unique per run (the test server's state is shared). */
async function createUser(page: Page, role: Role): Promise<string> {
  const username = `e2e-${role}-${Date.now()}`;
  await createAnyUser(page, username, PASSWORD, role);
  return username;
}

async function signedInPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username, PASSWORD);
  return page;
}

async function expectOff(button: Locator, why: string) {
  await expect(button).toBeVisible();
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(button).toHaveAccessibleDescription(why);
}

async function expectOn(button: Locator) {
  await expect(button).toBeVisible();
  await expect(button).toBeEnabled();
  await expect(button).not.toHaveAttribute('aria-disabled');
}

/** Checks every page as `role`: an operator has Force AXFR / Force NOTIFY on; all else is off for both. */
async function checkPages(page: Page, role: 'viewer' | 'operator') {
  const admin = reason('admin', role);
  const forceOn = role === 'operator';

  // Zones list: "Not configured" without a Set up link.
  await page.goto(`${ACCOUNT}/zones?q=internal`);
  await expect(page.getByTestId('outgoing-internal.example')).toContainText('Not configured');
  await expect(page.getByRole('link', { name: /^Set up/ })).toHaveCount(0);
  // No Users in the navigation below admin.
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Zones' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);

  // A secondary zone: Force AXFR (operator), edit / delete (admin).
  await page.goto(zoneUrl(SEED.zones.cdnExampleNet));
  const incoming = page.getByRole('region', { name: 'Secondary (incoming)' });
  await expect(incoming).toContainText('Configured');
  const forceAxfr = incoming.getByRole('button', { name: 'Force AXFR' });
  if (forceOn) await expectOn(forceAxfr);
  else await expectOff(forceAxfr, reason('operator', role));
  await expectOff(incoming.getByRole('button', { name: 'Edit secondary' }), admin);
  await expectOff(incoming.getByRole('button', { name: 'Delete secondary' }), admin);
  if (forceOn) {
    // On for real: it opens its confirmation (cancelled here).
    await forceAxfr.click();
    const confirm = page.getByRole('dialog', { name: /Force AXFR/ });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
  } else {
    await forceAxfr.hover();
    await expect(page.getByRole('tooltip')).toHaveText(reason('operator', role));
    await forceAxfr.click({ force: true });
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
  await snap(page, `roles-${role}-secondary-zone`);

  // A primary zone with transfers enabled: Force NOTIFY (operator), disable / edit / delete (admin).
  await page.goto(zoneUrl(SEED.zones.statusExampleOrg));
  const outgoing = page.getByRole('region', { name: 'Primary (outgoing)' });
  await expect(outgoing.getByText('Enabled', { exact: true })).toBeVisible();
  const forceNotify = outgoing.getByRole('button', { name: 'Force NOTIFY' });
  if (forceOn) await expectOn(forceNotify);
  else await expectOff(forceNotify, reason('operator', role));
  await expectOff(outgoing.getByRole('button', { name: 'Disable transfers' }), admin);
  await expectOff(outgoing.getByRole('button', { name: 'Edit primary' }), admin);
  await expectOff(outgoing.getByRole('button', { name: 'Delete primary' }), admin);
  await snap(page, `roles-${role}-primary-zone`);

  // A zone with nothing configured: Set up (admin).
  await page.goto(zoneUrl(SEED.zones.internalExample));
  await expectOff(page.getByRole('region', { name: 'Primary (outgoing)' }).getByRole('button', { name: 'Set up primary' }), admin);

  // Peers.
  await page.goto(`${ACCOUNT}/peers`);
  const peer = page.getByRole('table', { name: 'Peers' }).getByRole('row').filter({ hasText: 'secondary-a' });
  await expectOff(page.getByRole('button', { name: 'Add peer' }), admin);
  await expectOff(peer.getByRole('button', { name: 'Edit secondary-a' }), admin);
  await expectOff(peer.getByRole('button', { name: 'Delete secondary-a' }), admin);

  // TSIG keys: add / edit / delete, and the secret's Reveal / Copy (admin).
  await page.goto(`${ACCOUNT}/tsigs`);
  const key = 'notify-key.example.com.';
  const tsig = page.getByRole('table', { name: 'TSIG keys' }).getByRole('row').filter({ hasText: key });
  await expectOff(page.getByRole('button', { name: 'Add TSIG key' }), admin);
  await expectOff(tsig.getByRole('button', { name: `Edit ${key}` }), admin);
  await expectOff(tsig.getByRole('button', { name: `Delete ${key}` }), admin);
  const reveal = tsig.getByRole('button', { name: `Reveal secret of ${key}` });
  await expectOff(reveal, admin);
  await expectOff(tsig.getByRole('button', { name: `Copy secret of ${key}` }), admin);
  await reveal.click({ force: true });
  await expect(page.getByTestId('revealed-secret')).toHaveCount(0);

  // ACLs.
  await page.goto(`${ACCOUNT}/acls`);
  const acl = page.getByRole('table', { name: 'ACLs' }).getByRole('row').filter({ hasText: 'monitoring' });
  await expectOff(page.getByRole('button', { name: 'Add ACL' }), admin);
  await expectOff(acl.getByRole('button', { name: 'Edit monitoring' }), admin);
  await expectOff(acl.getByRole('button', { name: 'Delete monitoring' }), admin);

  // Users: not in the navigation, and the page says who may.
  await page.goto('/users');
  await expect(page.getByText('Only admins can manage users')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add user' })).toHaveCount(0);
}

test.describe('Roles in the UI', () => {
  test('a viewer sees every mutation and action turned off, with the reason', async ({ browser, page }) => {
    const viewer = await signedInPage(browser, await createUser(page, 'viewer'));
    await checkPages(viewer, 'viewer');

    // The zone page as a viewer, with its turned-off buttons, passes axe.
    await viewer.goto(zoneUrl(SEED.zones.statusExampleOrg));
    await expect(viewer.getByRole('button', { name: 'Force NOTIFY' })).toHaveAttribute('aria-disabled', 'true');
    await expectAccessible(viewer);
    await viewer.goto(`${ACCOUNT}/tsigs`);
    await expect(viewer.getByRole('button', { name: 'Add TSIG key' })).toHaveAttribute('aria-disabled', 'true');
    await expectAccessible(viewer);
    await viewer.context().close();
  });

  test('after an admin signs out, a viewer signing in on the same page gets the viewer’s buttons', async ({ page }) => {
    const username = await createUser(page, 'viewer');
    await page.goto(`${ACCOUNT}/peers`);
    const edit = page.getByRole('button', { name: 'Edit ns1-primary' });
    await expectOn(edit);
    await page.getByRole('button', { name: /^admin/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Peers' }).click();
    await expectOff(page.getByRole('button', { name: 'Edit ns1-primary' }), reason('admin', 'viewer'));
    await expectOff(page.getByRole('button', { name: 'Add peer' }), reason('admin', 'viewer'));
  });

  test('an operator may force AXFR and NOTIFY, and nothing else', async ({ browser, page }) => {
    const operator = await signedInPage(browser, await createUser(page, 'operator'));
    await checkPages(operator, 'operator');
    await operator.context().close();
  });
});
