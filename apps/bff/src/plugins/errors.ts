/**
 * Capability: every error leaves the BFF in Cloudflare's envelope. User mistakes are 4xx with a message;
 * only real bugs are 500, logged with the request id.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { answerForError } from '../errors.js';

export default fp(
  async (fastify: FastifyInstance) => {
    fastify.setErrorHandler((error, request, reply) => {
      const answer = answerForError(error as Error, String(request.id));
      if (answer.status >= 500) request.log.error({ err: error }, 'unhandled error');
      else request.log.info({ status: answer.status, code: (error as { code?: string }).code }, 'request refused');
      return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.envelope);
    });
  },
  { name: 'errors', fastify: '5.x' },
);
