import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '@secdns/api-types';
import { SEED, type RunningSandbox } from '../src/index.js';
import { api, pointers, start } from './helpers.js';

let sandbox: RunningSandbox;
const base = `/accounts/${SEED.accountId}/secondary_dns`;
const HEX32 = /^[0-9a-f]{32}$/;

beforeAll(async () => {
  sandbox = await start();
});
beforeEach(() => {
  sandbox.state.reset();
});
afterAll(async () => {
  await sandbox.close();
});

describe('ACLs', () => {
  it('round-trips create, get, list, update, delete', async () => {
    const created = await api(sandbox, 'POST', `${base}/acls`, { name: 'new-acl', ip_range: '192.0.2.64/28' });
    expect(created.status).toBe(200);
    const id = created.body.result.id as string;
    expect(id).toMatch(HEX32);
    expect(created.body.result).toEqual({ id, name: 'new-acl', ip_range: '192.0.2.64/28' });

    expect((await api(sandbox, 'GET', `${base}/acls/${id}`)).body.result).toEqual(created.body.result);
    const list = await api(sandbox, 'GET', `${base}/acls`);
    expect(list.body.result).toHaveLength(4);
    expect(list.body.result_info).toEqual({ page: 1, per_page: 20, count: 4, total_count: 4, total_pages: 1 });

    const updated = await api(sandbox, 'PUT', `${base}/acls/${id}`, { name: 'renamed', ip_range: '2001:db8:1::/64' });
    expect(updated.body.result).toEqual({ id, name: 'renamed', ip_range: '2001:db8:1::/64' });

    const deleted = await api(sandbox, 'DELETE', `${base}/acls/${id}`);
    expect(deleted.body).toMatchObject({ success: true, result: { id } });
    expect((await api(sandbox, 'GET', `${base}/acls/${id}`)).status).toBe(404);
  });

  it('rejects ranges wider than Cloudflare allows, with a pointer', async () => {
    const response = await api(sandbox, 'POST', `${base}/acls`, { name: 'too-wide', ip_range: '192.0.2.0/16' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ code: ErrorCodes.validation, source: { pointer: '/ip_range' } });
  });

  it('lists secondary DNS resources on one page, with no page/per_page (Cloudflare documents none)', async () => {
    const all = await api(sandbox, 'GET', `${base}/peers`);
    expect(all.body.result_info).toEqual({ page: 1, per_page: 20, count: 6, total_count: 6, total_pages: 1 });
    const response = await api(sandbox, 'GET', `${base}/peers?page=2&per_page=4`);
    expect(response.status).toBe(400);
    expect(pointers(response)).toEqual(['/query/page', '/query/per_page']);
  });
});

describe('TSIGs', () => {
  it('round-trips create, get, update, delete', async () => {
    const body = { name: 'new-key.example.com.', algo: 'hmac-sha256.', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ=' };
    const created = await api(sandbox, 'POST', `${base}/tsigs`, body);
    expect(created.status).toBe(200);
    const id = created.body.result.id as string;
    expect(created.body.result).toEqual({ id, ...body });
    expect((await api(sandbox, 'GET', `${base}/tsigs/${id}`)).body.result).toEqual({ id, ...body });
    const updated = await api(sandbox, 'PUT', `${base}/tsigs/${id}`, { ...body, algo: 'hmac-sha512.' });
    expect(updated.body.result.algo).toBe('hmac-sha512.');
    expect((await api(sandbox, 'DELETE', `${base}/tsigs/${id}`)).body.result).toEqual({ id });
    expect((await api(sandbox, 'GET', `${base}/tsigs`)).body.result).toHaveLength(3);
  });

  it('takes any text as a secret, as Cloudflare does (the dashboard asks for Base64), but not an empty one', async () => {
    const created = await api(sandbox, 'POST', `${base}/tsigs`, { name: 'pasted.', algo: 'hmac-sha256.', secret: 'not base64!' });
    expect(created.status).toBe(200);
    expect(created.body.result.secret).toBe('not base64!');
    expect((await api(sandbox, 'DELETE', `${base}/tsigs/${created.body.result.id}`)).status).toBe(200);
    const empty = await api(sandbox, 'POST', `${base}/tsigs`, { name: 'empty.', algo: 'hmac-sha256.', secret: '' });
    expect(empty.status).toBe(400);
    expect(pointers(empty)).toEqual(['/secret']);
  });

  it('rejects an unknown algorithm with a pointer', async () => {
    const response = await api(sandbox, 'POST', `${base}/tsigs`, { name: 'k.', algo: 'hmac-sha3', secret: 'c2VjcmV0' });
    expect(response.status).toBe(400);
    expect(pointers(response)).toEqual(['/algo']);
  });

  it('refuses to delete a TSIG still used by a peer, naming the peers', async () => {
    const response = await api(sandbox, 'DELETE', `${base}/tsigs/${SEED.tsigs.transferKey}`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0]?.code).toBe(ErrorCodes.dependency);
    expect(response.body.errors[0]?.message).toContain('ns1-primary');
    expect(response.body.errors[0]?.message).toContain('ns2-primary');
    expect((await api(sandbox, 'DELETE', `${base}/tsigs/${SEED.tsigs.legacyKey}`)).status).toBe(200);
  });
});

describe('peers', () => {
  it('creates with only a name, then updates the rest (PUT replaces)', async () => {
    const created = await api(sandbox, 'POST', `${base}/peers`, { name: 'new-primary' });
    expect(created.status).toBe(200);
    const id = created.body.result.id as string;
    expect(created.body.result).toEqual({ id, name: 'new-primary' });

    const full = { name: 'new-primary', ip: '2001:db8::53', port: 5353, ixfr_enable: true, tsig_id: SEED.tsigs.legacyKey };
    const updated = await api(sandbox, 'PUT', `${base}/peers/${id}`, full);
    expect(updated.body.result).toEqual({ id, ...full });

    const replaced = await api(sandbox, 'PUT', `${base}/peers/${id}`, { name: 'renamed', ip: '192.0.2.1' });
    expect(replaced.body.result).toEqual({ id, name: 'renamed', ip: '192.0.2.1' });
    expect((await api(sandbox, 'GET', `${base}/peers/${id}`)).body.result).toEqual({ id, name: 'renamed', ip: '192.0.2.1' });

    expect((await api(sandbox, 'DELETE', `${base}/peers/${id}`)).body.result).toEqual({ id });
    expect((await api(sandbox, 'GET', `${base}/peers/${id}`)).status).toBe(404);
  });

  it('rejects anything but name on create, with pointers', async () => {
    const response = await api(sandbox, 'POST', `${base}/peers`, { name: 'x', ip: '192.0.2.1', port: 53 });
    expect(response.status).toBe(400);
    expect(pointers(response).sort()).toEqual(['/ip', '/port']);
    const missing = await api(sandbox, 'POST', `${base}/peers`, {});
    expect(pointers(missing)).toEqual(['/name']);
  });

  it('validates update bodies with pointers', async () => {
    const response = await api(sandbox, 'PUT', `${base}/peers/${SEED.peers.decommissioned}`, {
      name: 'x',
      ip: 'not-an-ip',
      port: 70000,
    });
    expect(response.status).toBe(400);
    expect(pointers(response).sort()).toEqual(['/ip', '/port']);
  });

  it('requires tsig_id to reference a TSIG of the same account', async () => {
    const unknown = await api(sandbox, 'PUT', `${base}/peers/${SEED.peers.decommissioned}`, { name: 'x', tsig_id: 'e'.repeat(32) });
    expect(unknown.status).toBe(400);
    expect(pointers(unknown)).toEqual(['/tsig_id']);
    const other = await api(sandbox, 'PUT', `/accounts/${SEED.secondAccountId}/secondary_dns/peers/${SEED.peers.stagingPrimary}`, {
      name: 'staging-primary',
      tsig_id: SEED.tsigs.legacyKey,
    });
    expect(other.status).toBe(400);
    expect(pointers(other)).toEqual(['/tsig_id']);
  });

  it('refuses to delete a peer linked to a zone, naming the zones', async () => {
    const response = await api(sandbox, 'DELETE', `${base}/peers/${SEED.peers.ns1Primary}`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0]?.code).toBe(ErrorCodes.dependency);
    expect(response.body.errors[0]?.message).toContain('example.net (incoming)');
    const outgoingPeer = await api(sandbox, 'DELETE', `${base}/peers/${SEED.peers.secondaryA}`);
    expect(outgoingPeer.body.errors[0]?.message).toContain('example.com (outgoing)');
    expect((await api(sandbox, 'DELETE', `${base}/peers/${SEED.peers.decommissioned}`)).status).toBe(200);
  });
});
