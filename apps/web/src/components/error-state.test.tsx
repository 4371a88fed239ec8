import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client';
import { rateBudgetKey, type RateBudget } from '../lib/rate-budget';
import { createTestQueryClient, renderWithProviders } from '../test/render';
import { ErrorState } from './error-state';

const failing = {
  cloudflare: {
    state: 'failing', windowSeconds: 300, calls: 9, failed: 9, failures: { server: 9, timeout: 0, network: 0, malformed: 0 },
    retried: 6, rateLimited: 0, consecutiveFailures: 9, failingSince: new Date(Date.now() - 120_000).toISOString(),
    lastFailure: null, lastAnswerAt: null, answerMs: null, slowMs: 2000,
  },
} as Partial<RateBudget>;

describe('ErrorState', () => {
  it("under Cloudflare's 502 while Cloudflare fails for everyone: not only this request", async () => {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(rateBudgetKey, failing);
    renderWithProviders(<ErrorState title="Could not load" error={new ApiError({ status: 502, errors: [{ code: 10502, message: 'Cloudflare answered 502' }] })} />, { queryClient });
    expect(screen.getByRole('alert')).toHaveTextContent('Cloudflare answered 502');
    expect(await screen.findByTestId('cloudflare-failing-note')).toHaveTextContent(
      /^Not only this request: Cloudflare is failing for everyone using this dashboard \(the last 9 calls failed, the first 2 minutes ago\)/,
    );
  });

  it('says nothing of it under other errors, or without a report', async () => {
    await import('./cloudflare-failing-note'); // loaded (outside the first chunk), so that an absence means something
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(rateBudgetKey, failing);
    const { unmount } = renderWithProviders(<ErrorState error={new ApiError({ status: 404, errors: [{ code: 1000, message: 'Not found' }] })} />, { queryClient });
    expect(screen.queryByTestId('cloudflare-failing-note')).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<ErrorState error={new ApiError({ status: 504, errors: [{ code: 10504, message: 'Timed out' }] })} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Timed out');
    expect(screen.queryByTestId('cloudflare-failing-note')).not.toBeInTheDocument();
  });
});
