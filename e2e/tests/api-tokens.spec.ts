/**
 * API tokens, end to end in Chromium: an operator makes a token from the user menu (at most their own role), copies
 * it from the dialog that shows it once, and a script — a request with no cookie, only `Authorization: Bearer` —
 * forces a NOTIFY with a reason; the audit log names the token beside the user. Revoked, the token is refused.
 */
import { request as playwrightRequest } from '@playwright/test';
import { SEED, createUser, expect, expectAccessible, snap, test } from './fixtures';

const PASSWORD = 'api-token-user-password-0123';

test('an operator makes an API token, a script forces a NOTIFY with it, the audit log names it; revoked, it stops', async ({ browser, page, baseURL }) => {
  const username = `e2e-token-${Date.now()}`;
  await createUser(page, username, PASSWORD, 'operator');

  const context = await browser.newContext();
  const own = await context.newPage();
  await own.goto(`/accounts/${SEED.accountId}/zones`);
  await own.getByLabel('Username').fill(username);
  await own.getByLabel('Password').fill(PASSWORD);
  await own.getByRole('button', { name: 'Sign in' }).click();
  await expect(own.getByRole('heading', { name: 'Zones', level: 1 })).toBeVisible();

  await own.getByRole('button', { name: new RegExp(username) }).click();
  await own.getByRole('menuitem', { name: 'API tokens' }).click();
  const dialog = own.getByRole('dialog', { name: 'API tokens' });
  await expect(dialog.getByText('You have no API tokens.')).toBeVisible();
  await dialog.getByRole('button', { name: 'New token' }).click();
  await dialog.getByLabel(/^Name/).fill('deploy pipeline');
  await dialog.getByRole('textbox', { name: 'Role' }).click();
  // An operator is offered viewer and operator, not admin.
  await expect(own.getByRole('option')).toHaveCount(2);
  await own.getByRole('option', { name: /^operator/ }).click();
  await dialog.getByRole('button', { name: 'Create token' }).click();
  await expect(dialog.getByText('Copy your token now')).toBeVisible();
  await expectAccessible(own);
  await snap(own, 'api-token-created');
  const token = (await dialog.getByLabel('Your new API token').textContent())!.trim();
  expect(token).toMatch(/^sdt_[0-9a-f]{12}_/);
  await dialog.getByLabel('I have copied the token').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog.getByText('deploy pipeline')).toBeVisible();

  // The script: no cookie, no CSRF header. On eu.example.com (transfers off, no secondaries: Cloudflare answers OK and
  // nothing moves), so the zones other specs find behind stay behind (the test server's state is shared).
  const script = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const reason = `pipeline run ${Date.now()}`;
  const force = await script.post(`/api/zones/${SEED.zones.euExampleCom}/secondary_dns/outgoing/force_notify`, { data: { reason } });
  expect(force.status(), await force.text()).toBe(200);

  // The admin's audit log: the user, and the token beside them.
  await page.goto(`/audit?user=${username}`);
  const row = page.getByRole('row').filter({ hasText: reason });
  await expect(row).toBeVisible();
  await expect(row.getByText('API token deploy pipeline')).toBeVisible();

  // Revoked from the list, the token stops at once.
  await dialog.getByRole('button', { name: 'Revoke deploy pipeline' }).click();
  await own.getByRole('dialog', { name: /Revoke the API token/ }).getByRole('button', { name: 'Revoke token' }).click();
  await expect(dialog.getByText('You have no API tokens.')).toBeVisible();
  expect((await script.get('/api/zones')).status()).toBe(401);
  await script.dispose();
  await context.close();
});

test('an admin makes a service user’s token limited to one zone; it reaches that zone only; Sign out everywhere can revoke it', async ({ page, baseURL }) => {
  const service = `e2e-svc-${Date.now()}`;
  await createUser(page, service, PASSWORD, 'operator');

  await page.goto(`/accounts/${SEED.accountId}/zones`);
  await page.getByRole('button', { name: /admin/ }).first().click();
  await page.getByRole('menuitem', { name: 'API tokens' }).click();
  const dialog = page.getByRole('dialog', { name: 'API tokens' });
  await dialog.getByRole('button', { name: 'New token' }).click();
  await dialog.getByLabel(/^Name/).fill('eu deploy');
  await dialog.getByRole('textbox', { name: 'For' }).click();
  await page.getByRole('option', { name: `${service} (operator)` }).click();
  await dialog.getByRole('textbox', { name: 'Role' }).click();
  await page.getByRole('option', { name: /^operator/ }).click();
  await dialog.getByText('Only some zones').click();
  await dialog.getByRole('textbox', { name: 'Zones' }).fill('eu.example');
  await page.getByRole('option', { name: 'eu.example.com' }).click();
  // The list stays open for another pick: a click elsewhere closes it.
  await dialog.getByRole('heading', { name: 'API tokens' }).click();
  await expect(page.getByRole('option', { name: 'docs.example.com' })).toHaveCount(0);
  await snap(page, 'api-token-zones');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Create token' }).click();
  await expect(dialog.getByText('Copy your token now')).toBeVisible();
  await expect(dialog).toContainText(`eu.example.com only; acting as ${service}`);
  const token = (await dialog.getByLabel('Your new API token').textContent())!.trim();
  await dialog.getByLabel('I have copied the token').check();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.getByLabel('Everyone’s tokens').check();
  const listed = dialog.getByRole('row').filter({ hasText: 'eu deploy' });
  await expect(listed).toContainText('made by admin');
  await expect(listed).toContainText('eu.example.com');
  await page.keyboard.press('Escape');

  const script = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  // Its zone (eu.example.com: transfers off, nothing moves for the other specs).
  const force = await script.post(`/api/zones/${SEED.zones.euExampleCom}/secondary_dns/outgoing/force_notify`, { data: { reason: 'eu deploy' } });
  expect(force.status(), await force.text()).toBe(200);
  const other = await script.post(`/api/zones/${SEED.zones.docsExampleCom}/secondary_dns/outgoing/force_notify`, { data: { reason: 'not its zone' } });
  expect(other.status()).toBe(403);
  expect(((await other.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('is limited to the zone eu.example.com');
  expect((await script.get(`/api/accounts/${SEED.accountId}/secondary_dns/peers`)).status()).toBe(403);
  // The zones list holds its zone only: a job finds the id by name.
  const found = (await (await script.get('/api/zones?name=eu.example.com')).json()) as { result: { id: string }[] };
  expect(found.result.map((zone) => zone.id)).toEqual([SEED.zones.euExampleCom]);
  const listedZones = (await (await script.get(`/api/zones?account_id=${SEED.accountId}&per_page=50`)).json()) as { result: { name: string }[] };
  expect(listedZones.result.map((zone) => zone.name)).toEqual(['eu.example.com']);

  // A suspected take-over of the service user: signed out everywhere, its tokens revoked with it.
  await page.goto('/users');
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: service });
  await expect(row).toContainText('1 API token');
  await row.getByRole('button', { name: `Sign ${service} out everywhere` }).click();
  const confirm = page.getByRole('dialog', { name: `Sign ${service} out everywhere?` });
  await confirm.getByRole('checkbox', { name: 'Also revoke their API token' }).check();
  await confirm.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page.getByText('0 sessions ended; 1 API token revoked.')).toBeVisible();
  expect((await script.get(`/api/zones/${SEED.zones.euExampleCom}`)).status()).toBe(401);
  await script.dispose();
});
