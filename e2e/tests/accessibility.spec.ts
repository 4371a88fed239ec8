/**
 * The dark colour scheme under axe, and the two keyboard-only paths the dashboard is used most by: a support engineer
 * forcing an AXFR from a ticket, an admin adding and deleting a peer. (The light scheme is checked page by page in the
 * other specs.)
 */
import type { Locator, Page } from '@playwright/test';
import { LANDMARK_RULES, SEED, expect, expectAccessible, snap, test } from './fixtures';

const accountUrl = `/accounts/${SEED.accountId}`;
/** The dark scheme's focus ring: Mantine's blue-4 (focus.css), not the filled blue-8 that is 3:1 on the dark body. */
const DARK_FOCUS_RING = 'rgb(77, 171, 247)';

test.use({ colorScheme: 'dark' });

/** Presses Tab (or Shift+Tab) until `target` has focus; fails when focus falls to the page body on the way. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 40 } = {}) {
  for (let step = 0; step < max; step++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
    expect(await page.evaluate(() => document.activeElement === document.body), 'focus lost to <body>').toBe(false);
  }
  throw new Error(`${String(target)} not reached in ${max} presses of Tab`);
}

async function focusRing(target: Locator) {
  return target.evaluate((element) => {
    const style = getComputedStyle(element);
    return `${style.outlineStyle} ${style.outlineColor}`;
  });
}

test.describe('Accessibility', () => {
  test('the dark scheme: no serious axe violations on the main pages and dialogs, no second banner in a dialog', async ({ page }) => {
    await page.goto(`${accountUrl}/zones`);
    await expect(page.getByRole('table', { name: 'Zones' }).getByRole('link', { name: 'example.net', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await expectAccessible(page);

    // Buttons are off until the session's role is known: each page is waited for before a click.
    await page.goto(`${accountUrl}/zones/${SEED.zones.exampleNet}`);
    const force = page.getByRole('region', { name: 'Secondary (incoming)' }).getByRole('button', { name: 'Force AXFR', exact: true });
    await expect(force).toBeEnabled();
    await force.click();
    await expect(page.getByRole('dialog', { name: 'Force AXFR for example.net?' })).toBeVisible();
    // A dialog's header is no second banner beside the page's (theme.ts: ModalHeader).
    await expectAccessible(page, { alsoRules: LANDMARK_RULES });
    await snap(page, 'dark-force-axfr');
    await page.keyboard.press('Escape');

    await page.goto(`${accountUrl}/peers`);
    await expect(page.getByRole('table', { name: 'Peers' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add peer' })).toBeEnabled();
    await page.getByRole('button', { name: 'Add peer' }).click();
    await expect(page.getByRole('dialog', { name: 'Add peer' })).toBeVisible();
    await expectAccessible(page, { alsoRules: LANDMARK_RULES });
    await page.keyboard.press('Escape');

    // The user menu open (a menu of items only), on the Users page.
    await page.goto('/users');
    await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
    await page.getByRole('button', { name: /^admin/ }).click();
    await expect(page.getByRole('menuitem', { name: 'Change password' })).toBeVisible();
    await expectAccessible(page);
    await snap(page, 'dark-users-menu');
  });

  test('keyboard only: Go to zone, Force AXFR with a reason, the result, back to the list', async ({ page }) => {
    await page.goto(`${accountUrl}/zones`);
    await expect(page.getByRole('table', { name: 'Zones' })).toBeVisible();
    // The box arrives just after the first paint (its code is loaded alongside).
    const box = page.getByRole('textbox', { name: 'Go to zone' });
    await expect(box).toBeVisible();

    // "/" puts the cursor in Go to zone; Enter takes the top match (the zone of exactly that name).
    await page.keyboard.press('/');
    await expect(box).toBeFocused();
    await page.keyboard.type('cdn.example.net');
    await expect(page.getByRole('option', { name: 'cdn.example.net', exact: true })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'cdn.example.net' })).toBeVisible();

    const panel = page.getByRole('region', { name: 'Secondary (incoming)' });
    const force = panel.getByRole('button', { name: 'Force AXFR', exact: true });
    await expect(force).toBeEnabled();
    await tabTo(page, force);
    // The focus ring is there, and readable on the dark body.
    expect(await focusRing(force)).toBe(`solid ${DARK_FOCUS_RING}`);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Force AXFR for cdn.example.net?' });
    await expect(dialog.getByLabel('Reason (ticket or note)')).toBeFocused();
    await page.keyboard.type('A11Y-1 keyboard only');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    // The result is announced (a status), and focus is back on the button that asked.
    await expect(panel.getByRole('status').filter({ hasText: 'Force AXFR' })).toBeVisible();
    await expect(force).toBeFocused();

    // Back to the list by the breadcrumb.
    await tabTo(page, page.getByRole('link', { name: 'Zones', exact: true }).first(), { backwards: true });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Zones' })).toBeVisible();

    // A sort header is a button; Enter sorts, and the column says how.
    const name = page.getByRole('table', { name: 'Zones' }).getByRole('columnheader', { name: 'Name' });
    await tabTo(page, name.getByRole('button'));
    const before = await name.getAttribute('aria-sort');
    await page.keyboard.press('Enter');
    await expect(name).toHaveAttribute('aria-sort', before === 'descending' ? 'ascending' : 'descending');
    await expect(name.getByRole('button')).toBeFocused();
  });

  test('keyboard only: an admin adds and deletes a peer; dialogs opened from a menu or another dialog keep and give back focus', async ({ page }) => {
    await page.goto(`${accountUrl}/peers`);
    const table = page.getByRole('table', { name: 'Peers' });
    await expect(table).toBeVisible();

    const add = page.getByRole('button', { name: 'Add peer' });
    await expect(add).toBeEnabled();
    await tabTo(page, add);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add peer' });
    await expect(dialog.getByLabel('Name')).toBeFocused();
    await page.keyboard.type('a11y-peer');
    await page.keyboard.press('Tab');
    await expect(dialog.getByLabel('IP address')).toBeFocused();
    await page.keyboard.type('192.0.2.231');
    await page.keyboard.press('Enter');
    await expect(page.getByText('Peer a11y-peer added')).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(add).toBeFocused();

    // The row's actions are reachable; deleted, its row is gone and focus is on the table, not the page body.
    const remove = table.getByRole('button', { name: 'Delete a11y-peer' });
    await tabTo(page, remove);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: /Delete peer a11y-peer/ });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(confirm.getByRole('button', { name: 'Delete peer' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    await expect(table.getByRole('row').filter({ hasText: 'a11y-peer' })).toHaveCount(0);
    await expect(table).toBeFocused();

    // A peer zones use: its delete dialog offers "Replace it in these zones…", which closes it and opens the Replace
    // dialog. Focus stays in that dialog (the delete dialog, closing, does not pull it back to the row behind) and,
    // closed, goes back to the row's Delete button, not to the page body.
    const used = table.getByRole('button', { name: 'Delete hidden-primary' });
    await tabTo(page, used);
    await page.keyboard.press('Enter');
    const usedConfirm = page.getByRole('dialog', { name: /Delete peer hidden-primary/ });
    const offer = usedConfirm.getByRole('button', { name: 'Replace it in these zones…' });
    await expect(offer).toBeVisible();
    await tabTo(page, offer, { backwards: true });
    await page.keyboard.press('Enter');
    const replace = page.getByRole('dialog', { name: 'Replace hidden-primary in its zones' });
    const inReplace = () => replace.evaluate((dialog) => dialog.contains(document.activeElement));
    await expect.poll(inReplace).toBe(true);
    // On the choice it asks for, not on its Close button.
    await expect(replace.getByRole('textbox', { name: 'Replace with' })).toBeFocused();
    // Still there once the delete dialog's return of focus would have come (10 ms after its close).
    await page.waitForTimeout(200);
    expect(await inReplace()).toBe(true);
    await page.keyboard.press('Escape');
    await expect(replace).toBeHidden();
    await expect(used).toBeFocused();

    // The user menu's Change password: focus in the dialog (not pulled back to the menu), Escape gives it back to the
    // menu's button — the second time too, when the dialog is already loaded.
    const menu = page.getByRole('button', { name: /^admin/ });
    await tabTo(page, menu, { backwards: true });
    for (let time = 0; time < 2; time++) {
      await page.keyboard.press('Enter');
      await expect(page.getByRole('menuitem', { name: 'Change password' })).toBeFocused();
      await page.keyboard.press('Enter');
      const change = page.getByRole('dialog', { name: 'Change password' });
      await expect(change.getByLabel('Current password')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(change).toBeHidden();
      await expect(menu).toBeFocused();
    }
  });
});
