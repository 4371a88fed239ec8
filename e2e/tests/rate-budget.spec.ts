import { SEED, expect, expectAccessible, test } from './fixtures';

test.describe('Cloudflare API budget in the header', () => {
  test('shows what is left of the shared budget, with the figures on click', async ({ page }) => {
    await page.goto(`/accounts/${SEED.accountId}/zones`);
    const indicator = page.getByRole('button', { name: /^Cloudflare API budget:/ });
    await expect(indicator).toBeVisible();
    await expect(indicator).toHaveAccessibleName(/^Cloudflare API budget: [\d,]+ of [\d,]+ requests left/);
    await expect(indicator).toHaveAttribute('data-level', /^(ok|low|spent)$/);

    await indicator.click();
    const remaining = page.getByTestId('rate-budget-remaining');
    await expect(remaining).toHaveText(/^[\d,]+ \/ [\d,]+$/);
    await expect(page.getByText('Changes waiting their turn')).toBeVisible();
    await expectAccessible(page);
  });
});
