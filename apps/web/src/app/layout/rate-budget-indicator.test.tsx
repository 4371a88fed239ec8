import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RateBudget } from '../../lib/rate-budget';
import { envelopeResponse, renderWithProviders } from '../../test/render';
import { RateBudgetIndicator } from './rate-budget-indicator';

const BUDGET: RateBudget = {
  limit: 1200, windowSeconds: 300, headroom: 100, capacity: 1100, remaining: 500, used: 600,
  nextTokenSeconds: 0, resetSeconds: 120, queueLength: 0, lockedOutUntil: null, upstream: null,
};

function answer(budget: RateBudget) {
  vi.stubGlobal('fetch', vi.fn(async () => envelopeResponse({ result: budget })));
}

afterEach(() => vi.unstubAllGlobals());

describe('RateBudgetIndicator', () => {
  it("shows the user's own reads of their share, and says so when it is used", async () => {
    answer({ ...BUDGET, yourReads: { used: 550, share: 550, nextSeconds: 42 } });
    renderWithProviders(<RateBudgetIndicator />);
    const indicator = await screen.findByRole('button', { name: /^Cloudflare API budget:/ });
    expect(indicator).toHaveAccessibleName('Cloudflare API budget: 500 of 1,100 requests left; you: 550 of 550 reads');
    await userEvent.click(indicator);
    expect(await screen.findByTestId('rate-budget-yours')).toHaveTextContent('550 / 550');
    expect(screen.getByText(/You have used your share of the budget: .* for 42 s\. Others can still read/)).toBeInTheDocument();
  });

  it('says nothing of a share when the BFF does not limit reads per user', async () => {
    answer(BUDGET);
    renderWithProviders(<RateBudgetIndicator />);
    const indicator = await screen.findByRole('button', { name: /^Cloudflare API budget:/ });
    expect(indicator).toHaveAccessibleName('Cloudflare API budget: 500 of 1,100 requests left');
    await userEvent.click(indicator);
    await screen.findByText('Changes waiting their turn');
    expect(screen.queryByTestId('rate-budget-yours')).not.toBeInTheDocument();
  });
});
