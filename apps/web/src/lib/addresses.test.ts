import { describe, expect, it } from 'vitest';
import { rangesOverlap, sameAddress, sameName, unreachableReason } from './addresses';

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
