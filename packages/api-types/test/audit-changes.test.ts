import { describe, expect, it } from 'vitest';
import { REDACTED, REDACTED_CHANGED, auditChanges, changesText, formatChangeValue } from '../src/index.js';

describe('auditChanges', () => {
  const peer = { id: 'p1', name: 'ns1', ip: '192.0.2.1', port: 53, tsig_id: 't1', ixfr_enable: false };

  it('an update: the fields whose value differs, not those Cloudflare sets, a list of ids in any order the same', () => {
    const before = { id: 'z', name: 'example.net.', peers: ['a', 'b'], auto_refresh_seconds: 86400, soa_serial: 1, checked_time: 'x' };
    const after = { id: 'z', name: 'example.net', peers: ['b', 'a'], auto_refresh_seconds: 3600, soa_serial: 2, checked_time: 'y' };
    expect(auditChanges({ method: 'PUT', operation: 'incoming.update', body: {}, before, after })).toEqual([
      { field: 'auto_refresh_seconds', before: 86400, after: 3600 },
    ]);
  });

  it("a peer's or an ACL's name is free text: a change of case or of a final dot is a change", () => {
    expect(auditChanges({ method: 'PUT', operation: 'peers.update', body: {}, before: peer, after: { ...peer, name: 'NS1.' } })).toEqual([
      { field: 'name', before: 'ns1', after: 'NS1.' },
    ]);
    const key = { id: 'k', name: 'transfer-key.', algo: 'hmac-sha256.' };
    expect(auditChanges({ method: 'PUT', operation: 'tsigs.update', body: {}, before: key, after: { ...key, name: 'Transfer-Key' } })).toEqual([]);
  });

  it('a PUT without an answer (refused): compared with what was asked; a field left out is cleared', () => {
    const body = { name: 'ns1', ip: '192.0.2.9', port: 53, ixfr_enable: false };
    expect(auditChanges({ method: 'PUT', body, before: peer, after: null })).toEqual([
      { field: 'ip', before: '192.0.2.1', after: '192.0.2.9' },
      { field: 'tsig_id', before: 't1', after: null },
    ]);
  });

  it('an option off before and left out after (Cloudflare omits it) is no change; off → on is', () => {
    const after = { id: 'p1', name: 'ns1', ip: '192.0.2.1', port: 53, tsig_id: 't1' };
    expect(auditChanges({ method: 'PUT', operation: 'peers.update', body: {}, before: peer, after })).toEqual([]);
    expect(auditChanges({ method: 'PUT', operation: 'peers.update', body: {}, before: peer, after: { ...after, ixfr_enable: true } })).toEqual([
      { field: 'ixfr_enable', before: false, after: true },
    ]);
  });

  it('a PATCH: only the fields it names', () => {
    const before = { role: 'viewer', disabled: false, password: REDACTED };
    const after = { role: 'viewer', disabled: true, password: REDACTED_CHANGED };
    expect(auditChanges({ method: 'PATCH', body: { disabled: true, password: REDACTED }, before, after })).toEqual([
      { field: 'disabled', before: false, after: true },
      { field: 'password', before: REDACTED, after: REDACTED_CHANGED },
    ]);
  });

  it('a delete: every field the resource had but its id and the empty ones', () => {
    expect(auditChanges({ method: 'DELETE', body: null, before: { ...peer, tsig_id: '' }, after: null }).map((c) => c.field)).toEqual([
      'name', 'ip', 'port', 'ixfr_enable',
    ]);
  });

  it('nothing without a before, nor for creates and actions', () => {
    expect(auditChanges({ method: 'PUT', body: peer, before: null, after: peer })).toEqual([]);
    expect(auditChanges({ method: 'POST', body: peer, before: peer, after: null })).toEqual([]);
  });
});

describe('changesText', () => {
  it('reads as a person writes it', () => {
    const changes = [
      { field: 'ip', before: '192.0.2.1', after: '192.0.2.9' },
      { field: 'ixfr_enable', before: false, after: true },
      { field: 'secret', before: REDACTED, after: REDACTED_CHANGED },
      { field: 'peers', before: ['a', 'b'], after: [] },
    ];
    const resolve = (value: string) => ({ a: 'ns1', b: 'ns2' })[value] ?? value;
    expect(changesText(changes, { resolve })).toBe('IP 192.0.2.1 → 192.0.2.9; IXFR off → on; Secret changed; Peers ns1, ns2 → none');
    expect(changesText([{ field: 'name', before: 'office', after: null }, { field: 'ip_range', before: '192.0.2.0/24', after: null }], { deleted: true })).toBe(
      'was: Name office; IP range 192.0.2.0/24',
    );
    expect(changesText([])).toBe('');
    expect(changesText([{ field: 'auto_refresh_seconds', before: 86400, after: 5400 }])).toBe('Refresh 1 day → 1 hour 30 minutes');
    expect(formatChangeValue(null)).toBe('—');
    expect(formatChangeValue(REDACTED)).toBe('hidden');
  });
});
