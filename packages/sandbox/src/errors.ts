import { ErrorCodes, type ResponseInfo } from '@secdns/api-types';

/** An error answered as Cloudflare's envelope with the given HTTP status. */
export class ApiError extends Error {
  readonly errors: ResponseInfo[];
  readonly headers: Record<string, string>;

  constructor(
    readonly statusCode: number,
    errors: ResponseInfo[] | ResponseInfo,
    headers: Record<string, string> = {},
  ) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((error) => error.message).join('; '));
    this.name = 'ApiError';
    this.errors = list;
    this.headers = headers;
  }
}

/** Cloudflare's codes the sandbox answers with (Cloudflare's own numbers where known, else the product's). */
export const SandboxCodes = {
  /** Missing / unusable credentials (Cloudflare: 10000 "Authentication error"). */
  authentication: 10000,
  /** Token not recognised (Cloudflare: 9109 "Invalid access token"). */
  invalidToken: 9109,
  /** Unknown account / zone in the path (Cloudflare: 7003 "Could not route to …"). */
  couldNotRoute: 7003,
  /** Unknown URI (Cloudflare: 7000 "No route for that URI"). */
  noRoute: 7000,
  /** Malformed JSON body (Cloudflare: 6007 "Malformed JSON in request body"). */
  malformedJson: 6007,
  /** Unsupported request headers / content type (Cloudflare: 6003 "Invalid request headers"). */
  invalidHeaders: 6003,
  validation: ErrorCodes.validation,
  notFound: ErrorCodes.notFound,
  conflict: ErrorCodes.conflict,
  dependency: ErrorCodes.dependency,
  methodNotAllowed: ErrorCodes.methodNotAllowed,
  rateLimited: ErrorCodes.rateLimited,
  internal: ErrorCodes.internal,
} as const;

export function notFound(message: string): ApiError {
  return new ApiError(404, { code: SandboxCodes.notFound, message });
}

export function badRequest(code: number, message: string, pointer?: string): ApiError {
  return new ApiError(400, pointer ? { code, message, source: { pointer } } : { code, message });
}
