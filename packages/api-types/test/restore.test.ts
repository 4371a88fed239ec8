import { describe, expect, it } from 'vitest';
import { REDACTED, REDACTED_CHANGED, TSIG_SECRET_MASK, restorePlan } from '../src/index.js';

const A = '0123456789abcdef0123456789abcdef';
const P = 'fedcba9876543210fedcba9876543210';
const Z = 'aaaabbbbccccddddeeeeffff00001111';
const base = { outcome: 'success' as const, account_id: A, zone_id: null, resource_id: P, after: null };

describe('restorePlan', () => {
  it('an edit: the same update with the values before, only the body fields (ids, times left out)', () => {
    const before = { id: P, name: 'ns1', ip: '192.0.2.10', port: 53, ixfr_enable: false, tsig_id: '' };
    expect(restorePlan({ ...base, operation: 'peers.update', before })).toEqual({
      kind: 'update',
      operation: 'peers.update',
      params: { account_id: A, peer_id: P },
      body: { name: 'ns1', ip: '192.0.2.10', port: 53, ixfr_enable: false },
    });
  });

  it("a delete: the create, in the zone's or the account's place", () => {
    const incoming = { id: Z, name: 'example.net.', peers: [P], auto_refresh_seconds: 3600, soa_serial: 5, checked_time: 'x' };
    expect(restorePlan({ ...base, operation: 'incoming.delete', zone_id: Z, resource_id: null, before: incoming })).toEqual({
      kind: 'create',
      operation: 'incoming.create',
      params: { zone_id: Z },
      body: { name: 'example.net.', peers: [P], auto_refresh_seconds: 3600 },
    });
    expect(restorePlan({ ...base, operation: 'acls.delete', before: { id: 'x', name: 'office', ip_range: '192.0.2.0/24' } })).toMatchObject({
      kind: 'create',
      operation: 'acls.create',
      params: { account_id: A },
      body: { name: 'office', ip_range: '192.0.2.0/24' },
    });
  });

  it('a TSIG key: renamed back with its secret kept; a rotated secret or a deleted key cannot be put back', () => {
    const tsig = { id: P, name: 'transfer-key.', algo: 'hmac-sha256.', secret: REDACTED };
    expect(restorePlan({ ...base, operation: 'tsigs.update', before: tsig, after: { ...tsig, name: 'renamed.' } })).toMatchObject({
      kind: 'update',
      body: { name: 'transfer-key.', algo: 'hmac-sha256.', secret: TSIG_SECRET_MASK },
    });
    expect(restorePlan({ ...base, operation: 'tsigs.update', before: tsig, after: { ...tsig, secret: REDACTED_CHANGED } })).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('secrets are never recorded'),
    });
    expect(restorePlan({ ...base, operation: 'tsigs.delete', before: tsig })).toMatchObject({ kind: 'unavailable' });
  });

  it('nothing to put back: refused changes, nothing recorded, creates and actions, what is no longer valid', () => {
    const before = { id: P, name: 'office', ip_range: '192.0.2.0/24' };
    expect(restorePlan({ ...base, operation: 'acls.update', outcome: 'failure', before }).kind).toBe('unavailable');
    expect(restorePlan({ ...base, operation: 'acls.update', before: null })).toMatchObject({ reason: expect.stringContaining('not recorded') });
    expect(restorePlan({ ...base, operation: 'acls.create', before }).kind).toBe('unavailable');
    expect(restorePlan({ ...base, operation: 'forceAxfr', before }).kind).toBe('unavailable');
    expect(restorePlan({ ...base, operation: 'users.delete', before }).kind).toBe('unavailable');
    expect(restorePlan({ ...base, operation: 'acls.update', before: { ...before, ip_range: 'not a range' } })).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('not a valid ACL'),
    });
  });
});
