import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client';
import { shouldRetry } from './query-client';

const error = (status: number) => new ApiError({ status, errors: [{ code: 1, message: 'x' }] });

describe('shouldRetry', () => {
  it("retries no answer and the server's own 5xx, at most twice", () => {
    expect(shouldRetry(0, error(0))).toBe(true);
    expect(shouldRetry(1, error(500))).toBe(true);
    expect(shouldRetry(0, error(503))).toBe(true);
    expect(shouldRetry(2, error(0))).toBe(false);
  });

  it("never retries Cloudflare's failures (the BFF retried them already) nor refusals", () => {
    expect(shouldRetry(0, error(502))).toBe(false);
    expect(shouldRetry(0, error(504))).toBe(false);
    expect(shouldRetry(0, error(429))).toBe(false);
    expect(shouldRetry(0, error(404))).toBe(false);
    expect(shouldRetry(0, new Error('not an API error'))).toBe(false);
  });
});
