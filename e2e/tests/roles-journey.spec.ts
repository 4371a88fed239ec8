/**
 * The access-control journey: an admin creates an operator (Users page); the operator signs in (sign-in page),
 * cannot edit a peer (the button is off and says why; the BFF refuses too: 403), forces an AXFR with a reason; the
 * admin sees both on the Audit page.
 */
import { SEED, expect, expectAccessible, snap, test, csrfHeaders } from './fixtures';

const OPERATOR = 'e2e-operator';
const PASSWORD = 'operator-password-0123';
const REASON = 'INC-4242: secondary behind the primary';

test('an admin creates an operator, who can force AXFR but not edit peers, and the admin audits both', async ({
  browser,
  page,
}) => {
  // A retry starts without the operator the first attempt may have created.
  const leftover = await page.request.delete(`/api/users/${OPERATOR}`, { headers: await csrfHeaders(page) });
  expect([200, 404]).toContain(leftover.status());

  // 1. The admin creates the operator through the Users page.
  await page.goto('/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Username').fill(OPERATOR);
  await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await dialog.getByRole('textbox', { name: 'Role' }).click();
  await page.getByRole('option', { name: /^Operator/ }).click();
  // They chose it beside the admin: no "Choose your password" at their first sign-in (must-change-password.spec.ts).
  await dialog.getByRole('checkbox', { name: 'Must choose their own password at the next sign-in' }).uncheck();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`User ${OPERATOR} added`)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: OPERATOR })).toContainText('Operator');

  // 2. The operator signs in through the sign-in page, in a browser of their own.
  const context = await browser.newContext();
  const operator = await context.newPage();
  const peersUrl = `/accounts/${SEED.accountId}/peers`;
  await operator.goto(peersUrl);
  await expect(operator).toHaveURL(/\/sign-in\?next=/);
  await operator.getByLabel('Username').fill(OPERATOR);
  await operator.getByLabel('Password').fill(PASSWORD);
  await operator.getByRole('button', { name: 'Sign in' }).click();
  await expect(operator).toHaveURL(new RegExp(`${peersUrl}$`));
  await expect(operator.getByRole('button', { name: new RegExp(`^${OPERATOR}`) })).toContainText('operator');
  // No Users in the navigation for an operator.
  await expect(operator.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Users' })).toHaveCount(0);

  // 3. They cannot edit a peer: the buttons are there, turned off, with the reason.
  const row = operator.getByRole('table', { name: 'Peers' }).getByRole('row').filter({ hasText: 'ns1-primary' });
  const edit = row.getByRole('button', { name: 'Edit ns1-primary' });
  await expect(edit).toHaveAttribute('aria-disabled', 'true');
  await expect(row.getByRole('button', { name: 'Delete ns1-primary' })).toHaveAttribute('aria-disabled', 'true');
  await expect(operator.getByRole('button', { name: 'Add peer' })).toHaveAttribute('aria-disabled', 'true');
  await edit.hover();
  await expect(operator.getByRole('tooltip')).toHaveText('Needs an admin role; you are an operator.');
  await edit.click({ force: true });
  await expect(operator.getByRole('dialog')).toHaveCount(0);
  await snap(operator, 'roles-operator-peers');
  // … and the BFF refuses the edit itself (this attempt is audited as a 403).
  const refused = await operator.request.put(
    `/api/accounts/${SEED.accountId}/secondary_dns/peers/${SEED.peers.ns1Primary}`,
    { data: { name: 'ns1-primary', ip: '192.0.2.99' }, headers: await csrfHeaders(operator) },
  );
  expect(refused.status()).toBe(403);

  // 4. They force an AXFR on shop.example.org, with a reason (example.net is zone-transfers.spec's).
  await operator.goto(`/accounts/${SEED.accountId}/zones/${SEED.zones.shopExampleOrg}`);
  await operator.getByRole('button', { name: 'Force AXFR' }).click();
  const confirm = operator.getByRole('dialog', { name: /Force AXFR/ });
  await confirm.getByRole('textbox', { name: /Reason/ }).fill(REASON);
  await confirm.getByRole('button', { name: 'Force AXFR' }).click();
  await expect(confirm).toBeHidden();
  await expect(operator.getByText('Force AXFR requested for shop.example.org')).toBeVisible();
  await context.close();

  // 5. The admin sees both on the Audit page.
  await page.goto(`/audit?user=${OPERATOR}`);
  const log = page.getByRole('table', { name: 'Audit log' });
  const axfr = log.getByRole('row').filter({ hasText: 'forceAxfr' });
  await expect(axfr).toContainText('Force AXFR');
  await expect(axfr).toContainText(REASON);
  await expect(axfr).toContainText('Success');
  await expect(axfr).toContainText('Zone shop.example.org');
  const update = log.getByRole('row').filter({ hasText: 'peers.update' });
  await expect(update).toContainText('Update peer');
  await expect(update).toContainText('Failure');
  await expect(update).toContainText('403');
  await expect(update).toContainText('operator');
  await snap(page, 'roles-audit');

  // The refused edit in full: refusal, no body (refusals are decided before the body is read).
  await update.getByRole('button', { name: /Details of entry/ }).click();
  const drawer = page.getByRole('dialog', { name: /Audit entry/ });
  await expect(drawer).toContainText('Role too low for this operation');
  await expect(drawer).toContainText(`PUT /api/accounts/${SEED.accountId}/secondary_dns/peers/${SEED.peers.ns1Primary}`);
  await snap(page, 'roles-audit-entry');
  await expectAccessible(page);
});
