import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RateBudget } from '../../lib/rate-budget';
import { envelopeResponse, renderWithProviders } from '../../test/render';
import { RateBudgetIndicator, budgetPollMs } from './rate-budget-indicator';

const BUDGET: RateBudget = {
  limit: 1200, windowSeconds: 300, headroom: 100, capacity: 1100, remaining: 500, used: 600,
  nextTokenSeconds: 0, resetSeconds: 120, queueLength: 0, lockedOutUntil: null, upstream: null,
  spending: [], otherSpenders: { spenders: 0, requests: 0 }, bulkReads: { used: 0, share: 1100, nextSeconds: 0 },
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
    // No spending yet, and no share for bulk actions (it is the whole capacity): neither is shown.
    expect(screen.queryByTestId('rate-budget-spending')).not.toBeInTheDocument();
    expect(screen.queryByTestId('rate-budget-bulk')).not.toBeInTheDocument();
  });

  it('says who spent the window on what, and when the bulk actions have used their share', async () => {
    answer({
      ...BUDGET,
      spending: [
        { username: 'alice', reads: 412, writes: 0, spends: [{ purpose: 'check-serials', reads: 400, writes: 0 }, { purpose: null, reads: 12, writes: 0 }] },
        { username: null, reads: 38, writes: 0, spends: [{ purpose: 'serial-watch', reads: 38, writes: 0 }] },
        { username: 'bob', reads: 6, writes: 3, spends: [{ purpose: null, reads: 6, writes: 3 }] },
      ],
      otherSpenders: { spenders: 2, requests: 5 },
      bulkReads: { used: 550, share: 550, nextSeconds: 75 },
    });
    renderWithProviders(<RateBudgetIndicator />);
    await userEvent.click(await screen.findByRole('button', { name: /^Cloudflare API budget:/ }));
    const spending = await screen.findByTestId('rate-budget-spending');
    expect(screen.getByText('Spent in the last 5 min')).toBeInTheDocument();
    expect(spending).toHaveTextContent(
      'alice412Check serials 400 · 12 other reads' +
        'The dashboard itself38Serial watch 38' +
        'bob96 reads · 3 changes' +
        '2 more users5',
    );
    expect(screen.getByTestId('rate-budget-bulk')).toHaveTextContent('550 / 550');
    expect(screen.getByText(/setting up many zones stop here for 1 min 15 s, so that single looks and changes still go/)).toBeInTheDocument();
  });

  describe("Cloudflare's health", () => {
    const HEALTH: NonNullable<RateBudget['cloudflare']> = {
      state: 'ok', windowSeconds: 300, calls: 42, failed: 0, failures: { server: 0, timeout: 0, network: 0, malformed: 0 },
      retried: 0, rateLimited: 0, consecutiveFailures: 0, failingSince: null, lastFailure: null,
      lastAnswerAt: new Date().toISOString(), answerMs: { p50: 120, p95: 480 }, slowMs: 2000,
    };

    it('shows no badge while Cloudflare answers, and says so in the popover', async () => {
      answer({ ...BUDGET, cloudflare: HEALTH });
      renderWithProviders(<RateBudgetIndicator />);
      const indicator = await screen.findByRole('button', { name: /^Cloudflare API budget:/ });
      expect(indicator).toHaveAccessibleName('Cloudflare API budget: 500 of 1,100 requests left');
      expect(screen.queryByTestId('cloudflare-health-badge')).not.toBeInTheDocument();
      await userEvent.click(indicator);
      const section = await screen.findByTestId('cloudflare-health');
      expect(section).toHaveAttribute('data-state', 'ok');
      expect(section).toHaveTextContent('Cloudflare is answering: 42 calls in the last 5 minutes, none failed.');
      expect(section).toHaveTextContent('120 ms median, 480 ms slowest 5 %');
      expect(screen.queryByRole('link', { name: /status page/ })).not.toBeInTheDocument();
      expect(screen.getByText('Cloudflare, last 5 minutes')).toBeInTheDocument();
    });

    it('while Cloudflare fails: a red badge in the header, since when, by kind, and what the user who met it was told', async () => {
      const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
      answer({
        ...BUDGET,
        cloudflare: {
          ...HEALTH,
          state: 'failing',
          calls: 50,
          failed: 6,
          failures: { server: 4, timeout: 2, network: 0, malformed: 0 },
          retried: 3,
          consecutiveFailures: 6,
          failingSince: minutesAgo(3),
          lastAnswerAt: minutesAgo(4),
          lastFailure: {
            at: minutesAgo(0.5),
            operation: 'forceAxfr',
            kind: 'server',
            status: 502,
            message: 'Cloudflare answered HTTP 502 to POST /zones/…/force_axfr: a temporary failure on its side.',
          },
        },
      });
      renderWithProviders(<RateBudgetIndicator />);
      const indicator = await screen.findByRole('button', { name: /^Cloudflare API budget:/ });
      expect(indicator).toHaveAccessibleName('Cloudflare API budget: 500 of 1,100 requests left; Cloudflare failing');
      expect(screen.getByTestId('cloudflare-health-badge')).toHaveTextContent('Cloudflare failing');
      await userEvent.click(indicator);
      const section = await screen.findByTestId('cloudflare-health');
      expect(section).toHaveAttribute('data-state', 'failing');
      expect(section).toHaveTextContent(
        'Cloudflare is failing: the last 6 calls from this dashboard failed, the first 3 minutes ago. ' +
          'Pages and actions that need Cloudflare fail until it answers again; this is not about your request.',
      );
      expect(section).toHaveTextContent('Last answer4 minutes ago');
      expect(screen.getByRole('link', { name: "Cloudflare's status page (API incidents)" })).toHaveAttribute('href', 'https://www.cloudflarestatus.com/');
      expect(screen.getByTestId('cloudflare-health-failed')).toHaveTextContent('4 × server error (HTTP 5xx), 2 × no answer in time');
      expect(section).toHaveTextContent('50 (3 retried)');
      const last = screen.getByTestId('cloudflare-health-last-failure');
      expect(last).toHaveTextContent(/Last failure30 seconds ago: Force AXFR/);
      expect(last).toHaveTextContent('Cloudflare answered HTTP 502 to POST /zones/…/force_axfr');
    });

    it('is asked for every 5 s while Cloudflare fails (the badge goes soon after), else every 20 s, never while idle', () => {
      expect(budgetPollMs(true, { ...BUDGET, cloudflare: { ...HEALTH, state: 'failing' } })).toBe(5_000);
      expect(budgetPollMs(true, { ...BUDGET, cloudflare: { ...HEALTH, state: 'errors' } })).toBe(20_000);
      expect(budgetPollMs(true, BUDGET)).toBe(20_000);
      expect(budgetPollMs(true, undefined)).toBe(20_000);
      expect(budgetPollMs(false, { ...BUDGET, cloudflare: { ...HEALTH, state: 'failing' } })).toBe(false);
    });

    it('after errors that ended, and when slow: a yellow badge with its own word', async () => {
      answer({ ...BUDGET, cloudflare: { ...HEALTH, state: 'errors', failed: 2, failures: { ...HEALTH.failures, network: 2 } } });
      const { unmount } = renderWithProviders(<RateBudgetIndicator />);
      expect(await screen.findByTestId('cloudflare-health-badge')).toHaveTextContent('Cloudflare errors');
      await userEvent.click(screen.getByRole('button', { name: /Cloudflare errors$/ }));
      expect(await screen.findByTestId('cloudflare-health')).toHaveTextContent(
        '2 of 42 calls in the last 5 minutes failed; Cloudflare is answering again.',
      );
      unmount();
      answer({ ...BUDGET, cloudflare: { ...HEALTH, state: 'slow', answerMs: { p50: 900, p95: 2400 } } });
      renderWithProviders(<RateBudgetIndicator />);
      expect(await screen.findByTestId('cloudflare-health-badge')).toHaveTextContent('Cloudflare slow');
    });
  });
});
