/**
 * GET a BFF-owned route that is not a Cloudflare operation (so not in the contract's `operations` table and not
 * callable through `apiCall`), e.g. the audited TSIG secret reveal. Same envelope and the same `ApiError` as
 * `apiCall`, so error states, request ids and retries behave alike.
 */
import type { ClientBudgetPurpose, ResultInfo } from '@secdns/api-types';
import { ApiError, BUDGET_PURPOSE_HEADER, parseRetryAfter, rateLimitMessage } from './api-client';

/** `purpose`: the bulk action the read is part of (`x-budget-purpose`, ADR 005). */
type GetOptions = { signal?: AbortSignal; operationId?: string; purpose?: ClientBudgetPurpose };

interface Envelope<T> {
  success?: boolean;
  errors?: { code: number; message: string; source?: { pointer?: string } }[];
  result?: T;
  result_info?: ResultInfo;
}

export async function bffGet<T>(path: string, options: GetOptions = {}): Promise<T> {
  return (await bffGetPage<T>(path, options)).result;
}

/** The same, with the envelope's `result_info` (a paged route). */
export async function bffGetPage<T>(
  path: string,
  options: GetOptions = {},
): Promise<{ result: T; result_info?: ResultInfo }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'GET',
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(options.purpose ? { [BUDGET_PURPOSE_HEADER]: options.purpose } : {}) },
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, errors: [], operationId: options.operationId });
  }
  const requestId = response.headers.get('x-request-id');
  let envelope: Envelope<T> = {};
  try {
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (parsed && typeof parsed === 'object') envelope = parsed as Envelope<T>;
  } catch {
    // Not JSON (e.g. an HTML page): handled below as a failure without errors.
  }
  if (!response.ok || envelope.success !== true) {
    const errors = Array.isArray(envelope.errors) ? envelope.errors : [];
    const retryAfterSeconds = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : null;
    throw new ApiError({
      status: response.status,
      errors,
      requestId,
      operationId: options.operationId,
      retryAfterSeconds,
      message:
        (response.status === 429 ? rateLimitMessage({ url: path, errors, retryAfterSeconds }) : null) ??
        (errors.length === 0
          ? response.ok
            ? 'The server did not answer in the expected format.'
            : `The server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`
          : undefined),
    });
  }
  return { result: envelope.result as T, ...(envelope.result_info ? { result_info: envelope.result_info } : {}) };
}
