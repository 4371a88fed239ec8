import { describe, expect, it } from 'vitest';
import { networkOfRange, rangesOverlap, sameAddress, sameName, sameRange, unreachableRangeReason, unreachableReason } from './addresses';

describe('addresses as the forms read them', () => {
  it('says nothing about an address half typed ("1" is not 0.0.0.1, "10.1" not 10.0.0.1)', () => {
    for (const partial of ['1', '19', '192', '10.1', '10.0.0', '127.1', 'fe80', '::ffff'])
      expect(unreachableReason(partial), partial).toBeNull();
    expect(unreachableReason('10.0.0.5')).toBe('a private address');
    expect(unreachableReason('127.0.0.1')).toBe('a loopback address');
    expect(unreachableReason('fe80::1')).toBe('a link-local address');
    expect(unreachableReason('192.0.2.53')).toBeNull(); // documentation range: the sandbox's
  });

  it('overlapping ranges: one holds the other, at the shorter prefix; full addresses only', () => {
    expect(rangesOverlap('192.0.2.0/24', '192.0.2.53/28')).toBe(true);
    expect(rangesOverlap('192.0.2.53/28', '192.0.2.0/24')).toBe(true);
    expect(rangesOverlap('192.0.2.0/25', '192.0.2.128/25')).toBe(false);
    expect(rangesOverlap('192.0.2.0/24', '192.0.2.7')).toBe(true);
    expect(rangesOverlap('2001:db8::/64', '2001:db8::5/64')).toBe(true);
    expect(rangesOverlap('192.0.2.0/24', '2001:db8::/64')).toBe(false);
    expect(rangesOverlap('192.0.2.0/24', '192.0')).toBe(false);
    expect(rangesOverlap('192.0.2.0/24', '192.0.2.0/')).toBe(false);
  });

  it('the same address however written; names as a person means them', () => {
    expect(sameAddress('2001:db8::53', '2001:DB8:0:0::53')).toBe(true);
    expect(sameAddress('192.0.2.1', '192.0.2.10')).toBe(false);
    expect(sameAddress('192.0.2.1', '192.0.2.0/24')).toBe(false);
    expect(sameName('Transfer-Key.example.net', 'transfer-key.example.net.')).toBe(true);
    expect(sameName('', '')).toBe(false);
  });
});

describe('ranges as the ACL form reads them', () => {
  it('names the network of a range with host bits set, IPv4 and IPv6', () => {
    const networks: [string, string | null][] = [
      ['203.0.113.5/24', '203.0.113.0/24'],
      [' 192.0.2.53/28 ', '192.0.2.48/28'],
      ['2001:db8::5/64', '2001:db8::/64'],
      ['2001:db8:0:1:2:3:4:5/48', '2001:db8::/48'],
      // No host bits set, or a bare address: nothing to say.
      ...['203.0.113.0/24', '192.0.2.48/28', '198.51.100.7/32', '2001:db8::/64', '2001:db8::53/128', '192.0.2.7'].map(
        (clean): [string, null] => [clean, null],
      ),
      // Half typed or not a range.
      ...['203.0.113.5/', '203.0.113/24', '203.0.113.5/33', 'abc'].map((partial): [string, null] => [partial, null]),
    ];
    for (const [typed, network] of networks) expect(networkOfRange(typed), typed).toBe(network);
  });

  it('the same range: the same addresses, however written', () => {
    const pairs: [string, string, boolean][] = [
      ['203.0.113.0/24', '203.0.113.0/24', true],
      ['203.0.113.5/24', '203.0.113.0/24', true],
      ['2001:DB8:0::/64', '2001:db8::/64', true],
      ['203.0.113.0/24', '203.0.113.0/25', false],
      ['203.0.113.0/24', '203.0.114.0/24', false],
      ['0.0.0.0/32', '::/32', false],
      ['203.0.113.0/24', '203.0.113', false],
    ];
    for (const [a, b, same] of pairs) expect(sameRange(a, b), `${a} ${b}`).toBe(same);
  });

  it('a range every address of which Cloudflare cannot reach', () => {
    const reasons: [string, string | null][] = [
      ['10.0.0.0/24', 'a private address'],
      ['127.0.0.0/24', 'a loopback address'],
      ['192.168.1.5/32', 'a private address'],
      ['fd00::/64', 'a unique local (private) address'],
      ['fe80::/64', 'a link-local address'],
      ['203.0.113.0/24', null],
      ['2001:db8::/64', null],
      ['10.0.0', null],
    ];
    for (const [range, reason] of reasons) expect(unreachableRangeReason(range), range).toBe(reason);
  });
});
