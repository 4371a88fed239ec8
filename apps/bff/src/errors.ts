/** The BFF's own errors, always answered in Cloudflare's envelope. */
import { ErrorCodes, errorEnvelope, validationErrors, type InputLocation, type ResponseInfo } from '@secdns/api-types';
import type { FastifyError } from 'fastify';
import type { z } from 'zod';

/** A request part (params, query, body) refused by the contract's zod schema. Fastify answers it with 400. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  constructor(
    readonly zodError: z.ZodError,
    readonly location: InputLocation,
  ) {
    super(`Invalid request ${location}`);
    this.name = 'RequestValidationError';
  }
  get errors(): ResponseInfo[] {
    return validationErrors(this.zodError, this.location);
  }
}

export interface ErrorAnswer {
  status: number;
  envelope: ReturnType<typeof errorEnvelope>;
}

/** Maps any error that reaches Fastify's error handler to a status and an envelope a person can act on. */
export function answerForError(error: FastifyError | Error, requestId: string): ErrorAnswer {
  if (error instanceof RequestValidationError) {
    return { status: 400, envelope: errorEnvelope(error.errors) };
  }
  const fastifyError = error as FastifyError;
  const one = (status: number, code: number, message: string, pointer?: string): ErrorAnswer => ({
    status,
    envelope: errorEnvelope({ code, message, ...(pointer ? { source: { pointer } } : {}) }),
  });
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return one(400, ErrorCodes.validation, 'The request body is not valid JSON.', '/');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return one(400, ErrorCodes.validation, 'The request body is empty; send a JSON object.', '/');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return one(
        415,
        ErrorCodes.validation,
        'Unsupported content type: send the body as JSON with the header Content-Type: application/json.',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return one(413, ErrorCodes.validation, 'The request body is too large.');
    case 'FST_ERR_VALIDATION':
      return one(400, ErrorCodes.validation, fastifyError.message);
    default:
      break;
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code =
      status === 404
        ? ErrorCodes.notFound
        : status === 405
          ? ErrorCodes.methodNotAllowed
          : status === 429
            ? ErrorCodes.rateLimited
            : ErrorCodes.validation;
    return one(status, code, fastifyError.message || 'The request was refused.');
  }
  return one(
    500,
    ErrorCodes.internal,
    `The dashboard server failed while handling this request (request id ${requestId}). ` +
      'Nothing more is known here; the server log has the details under that id.',
  );
}
