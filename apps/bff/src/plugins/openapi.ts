/**
 * Capability: the OpenAPI document, generated from the routes (which come from the contract table) with
 * fastify-type-provider-zod's `jsonSchemaTransform`. Served at GET /api/openapi.json and browsable at /api/docs.
 * Must be registered before the routes (swagger collects them with an onRoute hook).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';

export interface OpenApiPluginOptions {
  version: string;
}

export default fp<OpenApiPluginOptions>(
  async (fastify: FastifyInstance, options) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Secondary DNS dashboard BFF',
          description:
            "Cloudflare's Secondary DNS API (zone transfers) proxied under /api with the token held server-side. " +
            "Every answer is Cloudflare's envelope {success, errors, messages, result}. " +
            'A script authenticates with an API token of the dashboard (user menu → API tokens): ' +
            '`Authorization: Bearer sdt_…`, on /api routes only, no CSRF header (docs/decisions/019-api-tokens.md); ' +
            'a browser uses its signed-in session and the x-csrf-token header.',
          version: options.version,
        },
        components: {
          securitySchemes: {
            apiToken: { type: 'http', scheme: 'bearer', description: 'An API token of the dashboard (sdt_…), /api routes only.' },
          },
        },
        security: [{ apiToken: [] }],
        tags: [
          { name: 'accounts' },
          { name: 'zones' },
          { name: 'acls' },
          { name: 'peers' },
          { name: 'tsigs' },
          { name: 'incoming' },
          { name: 'outgoing' },
          { name: 'meta' },
        ],
      },
      transform: createJsonSchemaTransform({
        skipList: ['/api/docs', '/api/docs/', '/api/docs/json', '/api/docs/yaml', '/api/docs/static/*', '/api/docs/*'],
      }),
    });
    await fastify.register(swaggerUi, { routePrefix: '/api/docs' });
    fastify.get('/api/openapi.json', { schema: { hide: true } }, async () => fastify.swagger());
  },
  { name: 'openapi', fastify: '5.x' },
);
