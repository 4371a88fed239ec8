/**
 * Capability: requests are checked against the contract's zod schemas before any handler runs.
 * A refusal becomes a `RequestValidationError` (400, Cloudflare-style errors with `source.pointer`).
 * Bodies are JSON only; an empty body counts as `{}` (the action POSTs take an empty body or `{}`).
 * Responses are serialized as they are: upstream results pass through unchanged (schemas are for the docs).
 */
import type { InputLocation } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { z } from 'zod';
import { RequestValidationError } from '../errors.js';

const LOCATIONS: Record<string, InputLocation> = { body: 'body', params: 'params', querystring: 'query' };

export default fp(
  async (fastify: FastifyInstance) => {
    fastify.setValidatorCompiler(({ schema, httpPart }) => {
      const location = LOCATIONS[httpPart ?? ''] ?? 'params';
      const zodSchema = schema as unknown as z.ZodType;
      return (data: unknown) => {
        const input = location === 'body' && (data === null || data === undefined) ? {} : data;
        const result = zodSchema.safeParse(input);
        return result.success ? { value: result.data } : { error: new RequestValidationError(result.error, location) };
      };
    });
    fastify.setSerializerCompiler(() => (data) => JSON.stringify(data));

    // JSON only (no text/plain); an empty JSON body is allowed and read as "no body".
    const defaultJson = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (typeof body === 'string' && body.trim() === '') {
        done(null, undefined);
        return;
      }
      defaultJson(request, body as string, done);
    });
  },
  { name: 'validation', fastify: '5.x' },
);
