import { describe, expect, it } from 'vitest';
import examples from './fixtures/cloudflare-examples.json' with { type: 'json' };
import {
  SECONDARY_DNS_OPERATION_IDS,
  PeerUpstreamCreateBodySchema,
  buildPath,
  envelopeSchema,
  operationList,
  operations,
  roleAllows,
  toColonPath,
} from '../src/index.js';

describe('the operations table', () => {
  it('has the 28 documented Secondary DNS operations plus accounts.list, zones.list and zones.get', () => {
    expect(operationList).toHaveLength(31);
    expect(SECONDARY_DNS_OPERATION_IDS).toHaveLength(28);
    const documented = new Set(examples.examples.map((e) => `${e.method} ${e.path}`));
    const ours = new Set(SECONDARY_DNS_OPERATION_IDS.map((id) => `${operations[id].method} ${operations[id].path}`));
    expect(ours).toEqual(documented);
  });

  it('keys each entry by its own id, uniquely by method and path', () => {
    for (const [key, op] of Object.entries(operations)) expect(op.id).toBe(key);
    const routes = operationList.map((op) => `${op.method} ${op.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('gives every write a body schema and lets only operators force transfers', () => {
    for (const op of operationList) {
      if (op.method === 'POST' || op.method === 'PUT') expect(op.body, op.id).toBeDefined();
      if (op.method === 'GET') expect(op.role, op.id).toBe('viewer');
    }
    expect(operations.forceAxfr.role).toBe('operator');
    expect(operations['outgoing.forceNotify'].role).toBe('operator');
    expect(operations['outgoing.enable'].role).toBe('admin');
    expect(roleAllows('operator', 'viewer')).toBe(true);
    expect(roleAllows('operator', 'admin')).toBe(false);
  });

  it('builds paths and router paths', () => {
    const path = operations['peers.update'].path;
    expect(buildPath(path, { account_id: 'a'.repeat(32), peer_id: 'b'.repeat(32) })).toBe(
      `/accounts/${'a'.repeat(32)}/secondary_dns/peers/${'b'.repeat(32)}`,
    );
    expect(toColonPath(path)).toBe('/accounts/:account_id/secondary_dns/peers/:peer_id');
    expect(buildPath(operations['zones.get'].path, { zone_id: 'c'.repeat(32) })).toBe(`/zones/${'c'.repeat(32)}`);
    expect(() => buildPath(path, { account_id: 'x' })).toThrow(/peer_id/);
  });
});

describe("Cloudflare's own examples", () => {
  for (const example of examples.examples) {
    const op = operationList.find((o) => o.method === example.method && o.path === example.path)!;
    it(`${op.id}: accepts the documented response`, () => {
      const parsed = envelopeSchema(op.result).safeParse(example.response);
      expect(parsed.error?.issues ?? []).toEqual([]);
    });
    if (example.requestBody) {
      it(`${op.id}: accepts the documented request body`, () => {
        const schema = op.id === 'peers.create' ? PeerUpstreamCreateBodySchema : op.body!;
        const parsed = schema.safeParse(example.requestBody);
        expect(parsed.error?.issues ?? []).toEqual([]);
      });
    }
  }
});
