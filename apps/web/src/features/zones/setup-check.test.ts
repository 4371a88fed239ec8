import { describe, expect, it } from 'vitest';
import type { Acl, Peer, Tsig } from '@secdns/api-types';
import { rangeContains, unreachableReason } from '../../lib/addresses';
import { bindAlgorithm, bindSnippet, knotSnippet, nsdSnippet, setupChecks, summarize, type SetupInput } from './setup-check';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const AFTER_CUTOFF = Date.parse('2026-12-02T12:00:00Z');

const tsigs: Tsig[] = [
  { id: 't1', name: 'transfer-key.example.', algo: 'hmac-sha512.', secret: '********' },
  { id: 't2', name: 'other-key.example.', algo: 'hmac-sha256.', secret: '********' },
];
const peers: Peer[] = [
  { id: 'p1', name: 'ns1', ip: '192.0.2.10', port: 53, tsig_id: 't1' },
  { id: 'p2', name: 'ns2', ip: '2001:db8:10::53', port: 5353, tsig_id: 't1' },
  { id: 'p3', name: 'bare', port: 53 },
  { id: 'p4', name: 'plain', ip: '198.51.100.20', port: 53 },
  { id: 'p5', name: 'wrong-key', ip: '203.0.113.53', port: 53, tsig_id: 't2' },
  { id: 'p6', name: 'gone-key', ip: '203.0.113.54', port: 53, tsig_id: 'deadbeefdeadbeef' },
  { id: 'p7', name: 'inside', ip: '10.0.0.53', port: 53 },
  { id: 'p8', name: 'inside6', ip: 'fd00::53', port: 53 },
];
const acls: Acl[] = [
  { id: 'a1', name: 'office', ip_range: '192.0.2.0/24' },
  { id: 'a2', name: 'v6', ip_range: '2001:db8:10::/64' },
];

function secondary(overrides: Partial<SetupInput> = {}): SetupInput {
  return {
    side: 'secondary',
    zoneName: 'cdn.example.net.',
    peerIds: ['p1', 'p2'],
    peers,
    tsigs,
    autoRefreshSeconds: 3600,
    checkedTime: new Date(NOW - 10 * 60_000).toISOString(),
    now: NOW,
    ...overrides,
  };
}

function primary(overrides: Partial<SetupInput> = {}): SetupInput {
  return { side: 'primary', zoneName: 'example.com.', peerIds: ['p1', 'p2'], peers, tsigs, acls, enabled: true, now: NOW, ...overrides };
}

const byId = (input: SetupInput) => Object.fromEntries(setupChecks(input).map((check) => [check.id, check]));

describe('rangeContains', () => {
  it('matches IPv4 and IPv6 addresses against CIDR ranges and bare addresses', () => {
    expect(rangeContains('192.0.2.0/24', '192.0.2.10')).toBe(true);
    expect(rangeContains('192.0.2.0/28', '192.0.2.16')).toBe(false);
    expect(rangeContains('2001:db8:10::/64', '2001:db8:10::53')).toBe(true);
    expect(rangeContains('2001:db8:53::/64', '2001:db8:10::53')).toBe(false);
    expect(rangeContains('198.51.100.53/32', '198.51.100.53')).toBe(true);
    expect(rangeContains('198.51.100.53', '198.51.100.53')).toBe(true);
    expect(rangeContains('2001:db8::1', '2001:0db8:0:0::1')).toBe(true);
  });

  it('is false across families and for text that is not an address', () => {
    expect(rangeContains('192.0.2.0/24', '2001:db8::1')).toBe(false);
    expect(rangeContains('not a range', '192.0.2.1')).toBe(false);
    expect(rangeContains('192.0.2.0/24', 'ns1.example.')).toBe(false);
  });
});

describe('unreachableReason', () => {
  it('names the ranges Cloudflare cannot reach, and leaves public and documentation addresses alone', () => {
    expect(unreachableReason('10.0.0.5')).toBe('a private address');
    expect(unreachableReason('192.168.1.1')).toBe('a private address');
    expect(unreachableReason('127.0.0.1')).toBe('a loopback address');
    expect(unreachableReason('fd00::1')).toBe('a unique local (private) address');
    expect(unreachableReason('fe80::1')).toBe('a link-local address');
    expect(unreachableReason('100.64.0.1')).toBe('a carrier-grade NAT address');
    expect(unreachableReason('::ffff:10.0.0.1')).toBe('a private address');
    expect(unreachableReason('8.8.8.8')).toBeNull();
    expect(unreachableReason('2606:4700::1')).toBeNull();
    expect(unreachableReason('192.0.2.10')).toBeNull(); // documentation range: the sandbox's examples
    expect(unreachableReason('not an address')).toBeNull();
  });
});

describe('setupChecks: a secondary zone (Cloudflare pulls)', () => {
  it('passes a healthy set-up, and warns (before 1 December 2026) about the older transfer ranges', () => {
    const checks = byId(secondary());
    expect(checks.addresses?.status).toBe('ok');
    expect(checks.addresses?.detail).toBe('ns1 192.0.2.10 and ns2 2001:db8:10::53 port 5353');
    expect(checks.tsig).toMatchObject({ status: 'ok', title: 'Transfers are signed with TSIG key transfer-key.example.' });
    expect(checks.freshness).toMatchObject({ status: 'ok', title: 'Checked 10 minutes ago' });
    expect(checks['old-ranges']).toMatchObject({
      status: 'warning',
      title: "Cloudflare's older transfer ranges stop working on 1 December 2026 (in 2 days)",
    });
    expect(checks['old-ranges']?.detail).toContain('104.30.167.163, 104.30.167.173 and 2a09:bac0:1000:c47::/64');
    expect(checks.acls).toBeUndefined(); // no ACL warning: ACLs are about serving transfers, not pulling them
    expect(checks['notify-sources']).toBeUndefined(); // the ACLs were not given
    const withAcls = byId(secondary({ acls }))['notify-sources'];
    expect(withAcls).toMatchObject({ status: 'info' });
    expect(withAcls?.detail).toContain('From 192.0.2.10 (ns1), 2001:db8:10::53 (ns2), 192.0.2.0/24 (office) and 2001:db8:10::/64 (v6).');
    expect(summarize(setupChecks(secondary()))).toEqual({ text: '1 warning', worst: 'warning' });
  });

  it('says the older ranges are gone once the date has passed', () => {
    expect(byId(secondary({ now: AFTER_CUTOFF, checkedTime: new Date(AFTER_CUTOFF).toISOString() }))['old-ranges']?.status).toBe('info');
    expect(summarize(setupChecks(secondary({ now: AFTER_CUTOFF, checkedTime: new Date(AFTER_CUTOFF).toISOString() })))).toEqual({
      text: 'No problems found',
      worst: 'info',
    });
  });

  it('finds a primary without an address and peers that disagree on the TSIG key, worst first', () => {
    const checks = setupChecks(secondary({ peerIds: ['p1', 'p3', 'p4'] }));
    expect(checks[0]?.status).toBe('problem');
    const found = Object.fromEntries(checks.map((check) => [check.id, check]));
    expect(found.addresses).toMatchObject({ status: 'problem', title: 'bare has no IP address' });
    expect(found.tsig?.status).toBe('problem');
    expect(found.tsig?.detail).toContain('ns1: transfer-key.example.; bare: no key; plain: no key');
    expect(summarize(checks).text).toBe('2 problems, 1 warning');
  });

  it('finds a key that no longer exists and a linked peer that no longer exists', () => {
    const checks = byId(secondary({ peerIds: ['p6', 'zz999999'] }));
    expect(checks.tsig).toMatchObject({ status: 'problem', title: 'The peers use a TSIG key that no longer exists' });
    expect(checks['peers-missing']).toMatchObject({ status: 'problem', title: '1 linked peer no longer exists' });
  });

  it('finds a key whose secret is not Base64 (set outside the dashboard), on either side', () => {
    const broken = tsigs.map((tsig) => (tsig.id === 't1' ? { ...tsig, secret_is_base64: false } : tsig));
    expect(byId(secondary({ tsigs: broken })).tsig).toMatchObject({
      status: 'problem',
      title: 'TSIG key transfer-key.example. has a secret that is not Base64',
    });
    expect(byId(primary({ tsigs: broken })).tsig?.detail).toContain('give the secondaries the same');
    expect(byId(secondary()).tsig?.status).toBe('ok');
  });

  it('calls a primary or secondary at a private address unreachable, on either side', () => {
    const checks = byId(secondary({ peerIds: ['p7', 'p8', 'p4'] }));
    expect(checks.reachable).toMatchObject({ status: 'problem', title: 'Cloudflare cannot reach inside (10.0.0.53) and inside6 (fd00::53)' });
    expect(checks.reachable?.detail).toContain('10.0.0.53 is a private address and fd00::53 is a unique local (private) address');
    expect(byId(primary({ peerIds: ['p7'] })).reachable?.detail).toContain('sends NOTIFY to secondaries');
    expect(byId(secondary()).reachable).toBeUndefined();
  });

  it('warns when the last check is more than twice the refresh interval ago', () => {
    const checks = byId(secondary({ checkedTime: new Date(NOW - 3 * 3600_000).toISOString() }));
    expect(checks.freshness).toMatchObject({ status: 'warning', title: 'Last checked 3 hours ago: more than twice the refresh interval' });
    expect(byId(secondary({ checkedTime: undefined })).freshness?.status).toBe('info');
  });

  it('calls a zone without primaries a problem, and an unsigned set-up information', () => {
    expect(byId(secondary({ peerIds: [] })).peers?.status).toBe('problem');
    expect(byId(secondary({ peerIds: ['p4'] })).tsig).toMatchObject({ status: 'info', title: 'Transfers are not signed (no TSIG key)' });
  });

  it('leaves out what it cannot know while the peers are loading', () => {
    const checks = byId(secondary({ peers: undefined }));
    expect(checks.addresses).toBeUndefined();
    expect(checks.tsig).toBeUndefined();
    expect(checks.freshness?.status).toBe('ok');
  });
});

describe('setupChecks: a primary zone (Cloudflare serves)', () => {
  it('passes when every secondary is in an ACL and transfers are enabled', () => {
    const checks = byId(primary());
    expect(checks.acls).toMatchObject({ status: 'ok', detail: 'ns1 in office (192.0.2.0/24) and ns2 in v6 (2001:db8:10::/64)' });
    expect(checks.enabled).toBeUndefined();
    expect(checks['old-ranges']).toBeUndefined();
    expect(summarize(setupChecks(primary()))).toEqual({ text: 'No problems found', worst: 'ok' });
  });

  it('warns about a secondary outside every ACL, disabled transfers and no secondaries', () => {
    const checks = byId(primary({ peerIds: ['p1', 'p4'], enabled: false }));
    expect(checks.acls).toMatchObject({ status: 'warning', title: 'plain (198.51.100.20) is in no ACL' });
    expect(checks.enabled?.status).toBe('warning');
    expect(byId(primary({ peerIds: [] })).peers?.status).toBe('warning');
    expect(byId(primary({ acls: undefined })).acls).toBeUndefined();
  });
});

describe('bindSnippet', () => {
  it('writes the primary side with the TSIG key (never its secret) and NOTIFY to Cloudflare', () => {
    const text = bindSnippet(secondary());
    expect(text).toContain('zone "cdn.example.net" {');
    expect(text).toContain('key "transfer-key.example." {\n    algorithm hmac-sha512;');
    expect(text).toContain('allow-transfer { key "transfer-key.example."; };');
    expect(text).toContain(
      '    also-notify {\n        172.65.30.82;\n        172.65.50.145;\n        2606:4700:60:0:317:26ee:3bdf:5774;\n' +
        '        2606:4700:60:0:35a:4be3:4144:c5ee;\n    };',
    );
    expect(text).not.toContain('********');
  });

  it("allows Cloudflare's addresses when transfers are not signed", () => {
    const text = bindSnippet(secondary({ peerIds: ['p4'] }));
    expect(text).not.toContain('key "');
    expect(text).toContain('    allow-transfer {\n        104.30.167.163;\n        104.30.167.173;\n        2a09:bac0:1000:c47::/64;\n    };');
  });

  it('writes the secondary side with 172.65.64.6 as its primary', () => {
    const text = bindSnippet(primary());
    expect(text).toContain('type secondary;');
    expect(text).toContain('primaries { 172.65.64.6 key "transfer-key.example."; };');
    expect(bindSnippet(primary({ peerIds: ['p4'] }))).toContain('primaries { 172.65.64.6; };');
  });

  it('says why it has no key when the peers use different keys, or one the account does not have', () => {
    const mixed = bindSnippet(primary({ peerIds: ['p1', 'p5'] }));
    expect(mixed).toContain('// No key below: the peers of this zone use different TSIG keys (ns1: transfer-key.example.; wrong-key: other-key.example.),');
    expect(mixed).toContain('primaries { 172.65.64.6; };');
    expect(bindSnippet(secondary({ peerIds: ['p6'] }))).toContain("// No key below: the peers' TSIG key (deadbeefdeadbeef) is not among the account's keys.");
    expect(bindSnippet(secondary({ peerIds: ['p4'] }))).not.toContain('No key below');
  });

  it('names a peer on another port than 53, where the server must listen', () => {
    // ns2 is on 5353.
    expect(bindSnippet(primary())).toContain('// Cloudflare sends NOTIFY to ns2 port 5353: listen-on port … in options { } must include it.');
    expect(bindSnippet(secondary())).toContain('// Cloudflare transfers from ns2 port 5353: listen-on port … in options { } must include it.');
    expect(bindSnippet(secondary({ peerIds: ['p1'] }))).not.toContain('listen-on');
  });

  it("maps Cloudflare's algorithm names to BIND's", () => {
    expect(bindAlgorithm('hmac-md5.sig-alg.reg.int.')).toBe('hmac-md5');
    expect(bindAlgorithm('hmac-sha256.')).toBe('hmac-sha256');
  });
});

describe('knotSnippet', () => {
  it('writes the primary side: the key (never its secret), the transfer ACL, one remote per NOTIFY target', () => {
    const text = knotSnippet(secondary());
    expect(text).toContain('# Knot DNS on your primary server(s) for cdn.example.net');
    expect(text).toContain('key:\n  - id: transfer-key.example.\n    algorithm: hmac-sha512\n    secret: PASTE-THE-SECRET');
    expect(text).toContain('  - id: cloudflare-transfer\n    key: transfer-key.example.\n    action: transfer');
    expect(text).toContain('  - id: cloudflare-notify-3\n    address: 2606:4700:60:0:317:26ee:3bdf:5774');
    expect(text).toContain('    notify: [cloudflare-notify-1, cloudflare-notify-2, cloudflare-notify-3, cloudflare-notify-4]');
    expect(text).not.toContain('********');
    expect(knotSnippet(secondary({ peerIds: ['p4'] }))).toContain(
      '    address: [104.30.167.163, 104.30.167.173, 2a09:bac0:1000:c47::/64]\n    action: transfer',
    );
  });

  it('writes the secondary side with 172.65.64.6 as its primary, and the comments BIND gets', () => {
    const text = knotSnippet(primary());
    expect(text).toContain('  - id: cloudflare\n    address: 172.65.64.6\n    key: transfer-key.example.');
    expect(text).toContain('    master: cloudflare');
    expect(text).toContain('# Cloudflare sends NOTIFY to ns2 port 5353: listen (ADDRESS@PORT) in the server: section must include it.');
    expect(knotSnippet(primary({ peerIds: ['p4'] }))).not.toContain('key');
    expect(knotSnippet(primary({ peerIds: ['p1', 'p5'] }))).toContain('# No key below: the peers of this zone use different TSIG keys');
    expect(knotSnippet(secondary({ peerIds: ['p6'] }))).toContain("# No key below: the peers' TSIG key (deadbeefdeadbeef)");
  });
});

describe('nsdSnippet', () => {
  it('writes the primary side: the key (never its secret), provide-xfr and notify', () => {
    const text = nsdSnippet(secondary());
    expect(text).toContain('# NSD on your primary server(s) for cdn.example.net');
    expect(text).toContain('key:\n    name: "transfer-key.example."\n    algorithm: hmac-sha512\n    secret: "PASTE-THE-SECRET"');
    expect(text).toContain('    provide-xfr: 0.0.0.0/0 transfer-key.example.\n    provide-xfr: ::/0 transfer-key.example.');
    expect(text).toContain('    notify: 172.65.30.82 NOKEY\n    notify: 172.65.50.145 NOKEY');
    expect(text).not.toContain('********');
    expect(nsdSnippet(secondary({ peerIds: ['p4'] }))).toContain('    provide-xfr: 2a09:bac0:1000:c47::/64 NOKEY');
  });

  it('writes the secondary side with request-xfr from 172.65.64.6, and the comments BIND gets', () => {
    const text = nsdSnippet(primary());
    expect(text).toContain('    request-xfr: 172.65.64.6 transfer-key.example.');
    expect(text).toContain('# Cloudflare sends NOTIFY to ns2 port 5353: port (or ip-address: ADDRESS@PORT) in the server: section');
    expect(nsdSnippet(primary({ peerIds: ['p4'] }))).toContain('    request-xfr: 172.65.64.6 NOKEY');
    expect(nsdSnippet(primary({ peerIds: ['p1', 'p5'] }))).toContain('    request-xfr: 172.65.64.6 NOKEY');
    expect(nsdSnippet(secondary({ peerIds: ['p6'] }))).toContain("# No key below: the peers' TSIG key (deadbeefdeadbeef)");
  });
});
