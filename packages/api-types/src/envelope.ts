import { z } from 'zod';

/** One entry of Cloudflare's `errors` / `messages` arrays. Codes are integers >= 1000. */
export const ResponseInfoSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  documentation_url: z.string().optional(),
  source: z.object({ pointer: z.string().optional() }).optional(),
});
export type ResponseInfo = z.infer<typeof ResponseInfoSchema>;

export const ResultInfoSchema = z.object({
  count: z.number().optional(),
  page: z.number().optional(),
  per_page: z.number().optional(),
  total_count: z.number().optional(),
  total_pages: z.number().optional(),
});
export type ResultInfo = z.infer<typeof ResultInfoSchema>;

/** Cloudflare's envelope around any result schema. */
export function envelopeSchema<T extends z.ZodType>(result: T) {
  return z.object({
    success: z.boolean(),
    errors: z.array(ResponseInfoSchema),
    messages: z.array(ResponseInfoSchema),
    result: result.nullable().optional(),
    result_info: ResultInfoSchema.optional(),
  });
}
export const AnyEnvelopeSchema = envelopeSchema(z.unknown());

/** A route's answers for the OpenAPI document: its envelope of `ok` on 200, any envelope on a 4xx or a 5xx. */
export const envelopeResponses = <T extends z.ZodType>(ok: T) => ({
  200: envelopeSchema(ok),
  '4xx': AnyEnvelopeSchema,
  '5xx': AnyEnvelopeSchema,
});

export interface Envelope<T> {
  success: boolean;
  errors: ResponseInfo[];
  messages: ResponseInfo[];
  result?: T | null;
  result_info?: ResultInfo;
}

/**
 * Error codes the product itself emits (the sandbox and the BFF). Cloudflare's codes pass through unchanged.
 * All are >= 1000 as Cloudflare documents.
 */
export const ErrorCodes = {
  validation: 1001,
  notFound: 1003,
  conflict: 1005,
  dependency: 1006,
  partialCreate: 1010,
  methodNotAllowed: 1020,
  authentication: 10000,
  forbidden: 10001,
  /**
   * Refused because the signed-in user must first choose their own password: an administrator (or the offline
   * reset-password command) set the one they signed in with. Only the session, password change and sign-out answer.
   */
  mustChangePassword: 10002,
  /**
   * Refused because the dashboard requires two-factor sign-in (REQUIRE_TWO_FACTOR) and the signed-in user has not set
   * it up yet: only the session, the two-factor enrolment, the password change and sign-out answer.
   */
  mustEnrolTwoFactor: 10003,
  /**
   * The second step of a sign-in (POST /auth/login/two-factor) can no longer be completed: its challenge expired, was
   * used, took too many wrong codes, or the user changed since (password, two-factor reset). Sign in again.
   */
  signInExpired: 10004,
  /** The right password of a user whose access has ended (`expires_at`): an admin may extend it. */
  accessExpired: 10005,
  /** Refused for rate: the BFF's rate governor kept the request back (the shared budget), or sign-in throttling. */
  rateLimited: 10429,
  /** The BFF's rate governor kept a read back: this user's reads used their share of the shared budget (ADR 005). */
  readShareUsed: 10430,
  /** The BFF's rate governor kept a bulk action's read back: bulk reads, everyone's together, used their share (ADR 005). */
  bulkShareUsed: 10431,
  upstreamUnreachable: 1500,
  upstreamBadResponse: 1501,
  upstreamServerError: 1502,
  /** Cloudflare did not accept the dashboard's API token (its HTTP 401): not the user's session. */
  upstreamTokenRejected: 1503,
  upstreamTimeout: 1504,
  internal: 1599,
} as const;

export function okEnvelope<T>(result: T, resultInfo?: ResultInfo): Envelope<T> {
  const envelope: Envelope<T> = { success: true, errors: [], messages: [], result };
  if (resultInfo) envelope.result_info = resultInfo;
  return envelope;
}

export function errorEnvelope(errors: ResponseInfo[] | ResponseInfo): Envelope<null> {
  return { success: false, errors: Array.isArray(errors) ? errors : [errors], messages: [], result: null };
}

/** Where a validation issue was found: the request body, the path parameters or the query string. */
export type InputLocation = 'body' | 'params' | 'query';

/** JSON pointer for an issue: `/peers/0` in the body, `/params/peer_id`, `/query/page`. */
export function pointerFor(location: InputLocation, path: ReadonlyArray<PropertyKey>): string {
  const segments = path.map((segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1'));
  const prefix = location === 'body' ? '' : `/${location}`;
  return `${prefix}/${segments.join('/')}`.replace(/\/$/, '') || '/';
}

/** Turns zod issues into Cloudflare-style errors with `source.pointer`. */
export function validationErrors(error: z.ZodError, location: InputLocation): ResponseInfo[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        code: ErrorCodes.validation,
        message: `${[...issue.path, key].join('.')}: is not a field this operation accepts`,
        source: { pointer: pointerFor(location, [...issue.path, key]) },
      }));
    }
    const pointer = pointerFor(location, issue.path);
    const field = issue.path.length ? issue.path.join('.') : location;
    return {
      code: ErrorCodes.validation,
      message: `${field}: ${issue.message}`,
      source: { pointer },
    };
  });
}
