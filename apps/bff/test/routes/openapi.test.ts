/** The OpenAPI document is generated from the contract: every operation id appears, tagged by resource. */
import { operationIds, operationLabel, operations, toColonPath } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor, startTestSandbox, type Sandbox } from '../helper.js';

let sandbox: Sandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ({ app } = await appFor(sandbox));
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
});

describe('GET /api/openapi.json', () => {
  it('lists every operation of the contract with its id, method, path and tag', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);

    const found = new Map<string, { method: string; path: string; tags: string[] }>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId?: string; tags?: string[] }>>)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation.operationId) found.set(operation.operationId, { method: method.toUpperCase(), path, tags: operation.tags ?? [] });
      }
    }
    for (const id of operationIds) {
      const op = operations[id];
      expect(found.get(id), id).toEqual({ method: op.method, path: `/api${op.path}`, tags: [op.resource] });
    }
    expect(found.has('meta.get')).toBe(true);
    // BFF-owned routes answer in the envelope too, and the document says so.
    const meta = doc.paths['/api/meta'].get.responses['200'].content['application/json'].schema;
    expect(meta.required).toEqual(expect.arrayContaining(['success', 'errors', 'messages']));
    expect(meta.properties.result.properties).toHaveProperty('defaultAccountId');
    // Docs routes are not in the document.
    expect(Object.keys(doc.paths).some((path) => path.startsWith('/api/docs'))).toBe(false);
    // Sanity: the converted schemas carry the contract's constraints.
    const peerUpdate = doc.paths[`/api${operations['peers.update'].path}`].put;
    expect(JSON.stringify(peerUpdate.requestBody)).toContain('"port"');
    expect(toColonPath(operations['peers.update'].path)).toContain(':peer_id');
  });

  it('every operation the BFF serves has a readable name for the audit log', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((item) => Object.values(item).map((operation) => operation.operationId))
      .filter((id): id is string => typeof id === 'string');
    expect(ids).toContain('zones.activity');
    // The budget poll is registered before the document is (plugins/governor.ts): named here.
    ids.push('meta.ratelimit');
    expect(ids.filter((id) => operationLabel(id) === id)).toEqual([]);
  });

  it('serves the browsable docs at /api/docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });
});
