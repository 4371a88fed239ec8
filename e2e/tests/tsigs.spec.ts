import { SEED, expect, expectAccessible, snap, test } from './fixtures';

const tsigsUrl = `/accounts/${SEED.accountId}/tsigs`;

test.describe('TSIG keys', () => {
  test('lists the seeded keys with algorithm, masked secret and the peers that use them', async ({ page }) => {
    await page.goto(tsigsUrl);
    const table = page.getByRole('table', { name: 'TSIG keys' });
    const transfer = table.getByRole('row').filter({ hasText: 'transfer-key.example.net.' });
    await expect(transfer).toContainText('hmac-sha256');
    await expect(transfer).toContainText('ns1-primary, ns2-primary');
    await expect(transfer).toContainText('••••••');
    await expect(table.getByRole('row').filter({ hasText: 'legacy-key.' })).toContainText('No peers');
    await snap(page, 'tsigs');
    await expectAccessible(page);
  });

  test('rotation: move the peers of a key to another key in one step, then back', async ({ page }) => {
    await page.goto(tsigsUrl);
    const table = page.getByRole('table', { name: 'TSIG keys' });
    const row = (name: string) => table.getByRole('row').filter({ hasText: name });
    // A key no peer uses has nothing to move.
    await expect(row('legacy-key.').getByRole('button', { name: 'Move the peers of legacy-key. to another key' })).toHaveAttribute('aria-disabled', 'true');

    const move = async (from: string, to: RegExp) => {
      await row(from).getByRole('button', { name: `Move the peers of ${from} to another key` }).click();
      const dialog = page.getByRole('dialog', { name: `Move the peers of ${from} to another key` });
      await expect(dialog).toContainText('Put the new key (the same name, algorithm and secret) on each peer');
      await dialog.getByRole('textbox', { name: 'Move to' }).click();
      await page.getByRole('option', { name: to }).click();
      return dialog;
    };
    let dialog = await move('transfer-key.example.net.', /^legacy-key\./);
    await expect(dialog.getByRole('list', { name: 'Peers to change' })).toContainText('ns1-primary');
    await snap(page, 'tsig-move-peers');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Move 2 peers' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Done: 2 changed, 0 failed, 0 not sent.');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(row('legacy-key.')).toContainText('ns1-primary, ns2-primary');
    await expect(row('transfer-key.example.net.')).toContainText('No peers');

    // And back (the seed's state for the tests after this one).
    dialog = await move('legacy-key.', /^transfer-key\.example\.net\./);
    await dialog.getByRole('button', { name: 'Move 2 peers' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Done: 2 changed, 0 failed, 0 not sent.');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(row('transfer-key.example.net.')).toContainText('ns1-primary, ns2-primary');
    await expect(row('legacy-key.')).toContainText('No peers');
  });

  test('create (generated secret), reveal, edit and delete a key', async ({ page }) => {
    await page.goto(tsigsUrl);
    await page.getByRole('button', { name: 'Add TSIG key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add TSIG key' });
    await dialog.getByLabel(/^Name/).fill('e2e-key.example.');
    await dialog.getByRole('textbox', { name: 'Algorithm' }).click();
    await page.getByRole('option', { name: 'hmac-sha512' }).click();
    await dialog.getByRole('button', { name: 'Generate secret' }).click();
    const secretInput = dialog.getByLabel(/^Secret/);
    const secret = await secretInput.inputValue();
    expect(Buffer.from(secret, 'base64')).toHaveLength(64);
    await expect(dialog.getByText('algorithm hmac-sha512;')).toBeVisible();
    await snap(page, 'tsig-form');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('TSIG key e2e-key.example. added')).toBeVisible();
    await expect(dialog).toBeHidden();

    const table = page.getByRole('table', { name: 'TSIG keys' });
    const row = table.getByRole('row').filter({ hasText: 'e2e-key.example.' });
    await expect(row).toContainText('hmac-sha512');
    await expect(row).toContainText('No peers');
    await expect(row).not.toContainText(secret);

    // Reveal reads the secret through the audited endpoint.
    await row.getByRole('button', { name: 'Reveal secret of e2e-key.example.' }).click();
    const revealed = page.getByRole('dialog', { name: 'Secret of e2e-key.example.' });
    await expect(revealed.getByTestId('revealed-secret')).toHaveText(secret);
    await snap(page, 'tsig-reveal');
    await revealed.getByRole('button', { name: 'Hide' }).click();
    await expect(revealed).toBeHidden();

    // Edit reveals nothing by itself: an empty Secret keeps the current one; "Show current secret" reads it.
    await row.getByRole('button', { name: 'Edit e2e-key.example.' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit TSIG key e2e-key.example.' });
    await expect(edit.getByLabel(/^Secret/)).toHaveValue('');
    await expect(edit).toContainText('Empty: the current secret is kept.');
    await edit.getByRole('button', { name: 'Show current secret' }).click();
    await expect(edit.getByLabel(/^Secret/)).toHaveValue(secret);
    await edit.getByLabel(/^Secret/).fill('');
    await expect(edit.getByRole('textbox', { name: 'Algorithm' })).toHaveValue('hmac-sha512');
    await edit.getByLabel(/^Name/).fill('e2e-key-renamed.example.');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('TSIG key e2e-key-renamed.example. saved')).toBeVisible();
    await expect(edit).toBeHidden();
    const renamed = table.getByRole('row').filter({ hasText: 'e2e-key-renamed.example.' });
    await expect(renamed).toContainText('hmac-sha512');
    // The secret was kept.
    await renamed.getByRole('button', { name: 'Reveal secret of e2e-key-renamed.example.' }).click();
    const kept = page.getByRole('dialog', { name: 'Secret of e2e-key-renamed.example.' });
    await expect(kept.getByTestId('revealed-secret')).toHaveText(secret);
    await kept.getByRole('button', { name: 'Hide' }).click();
    await expect(kept).toBeHidden();

    await renamed.getByRole('button', { name: 'Delete e2e-key-renamed.example.' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete TSIG key e2e-key-renamed\.example\./ });
    await expect(confirm.getByText('No peer uses this key.')).toBeVisible();
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await expect(page.getByText('TSIG key e2e-key-renamed.example. deleted')).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: 'e2e-key-renamed.example.' })).toHaveCount(0);
  });

  test('deleting a key that peers use warns with their names and shows the refusal', async ({ page }) => {
    await page.goto(tsigsUrl);
    const row = page.getByRole('table', { name: 'TSIG keys' }).getByRole('row').filter({ hasText: 'transfer-key.example.net.' });
    await row.getByRole('button', { name: 'Delete transfer-key.example.net.' }).click();
    const confirm = page.getByRole('dialog', { name: /Delete TSIG key transfer-key\.example\.net\./ });
    await expect(confirm.getByText('Peers still use this key')).toBeVisible();
    await expect(confirm.getByRole('listitem')).toHaveText(['ns1-primary', 'ns2-primary']);
    await snap(page, 'tsig-delete-in-use');
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await expect(confirm.getByRole('alert').filter({ hasText: 'Not deleted: peers ns1-primary, ns2-primary sign transfers with this key' })).toBeVisible();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toBeVisible();
  });

  test('the search and sort survive a reload through the URL', async ({ page }) => {
    await page.goto(tsigsUrl);
    await page.getByRole('textbox', { name: 'Search TSIG keys' }).fill('sha256');
    await page.getByRole('button', { name: 'Algorithm' }).click();
    await expect(page).toHaveURL(/q=sha256/);
    await expect(page).toHaveURL(/sort=algo/);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Search TSIG keys' })).toHaveValue('sha256');
    await expect(page.getByTestId('row-count')).toHaveText(/^2 of \d+ TSIG keys$/);
    await expect(page.getByRole('columnheader', { name: /Algorithm/ })).toHaveAttribute('aria-sort', 'ascending');
  });
});
