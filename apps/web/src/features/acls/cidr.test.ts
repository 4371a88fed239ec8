import { describe, expect, it } from 'vitest';
import { describeCidr } from './cidr';

describe('describeCidr', () => {
  it('describes IPv4 ranges with their first and last address', () => {
    expect(describeCidr('192.0.2.53/28')).toMatchObject({
      family: 'IPv4',
      prefix: 28,
      size: '16 addresses',
      first: '192.0.2.48',
      last: '192.0.2.63',
      tooWide: false,
    });
    expect(describeCidr('198.51.100.53/32')).toMatchObject({ size: '1 address', tooWide: false });
    expect(describeCidr('192.0.2.0/23')).toMatchObject({ size: '512 addresses', tooWide: true, last: '192.0.3.255' });
  });

  it('describes IPv6 ranges', () => {
    expect(describeCidr('2001:db8:53::/64')).toMatchObject({ family: 'IPv6', size: '/64 (2^64 addresses)', tooWide: false });
    expect(describeCidr('2001:db8::/48')).toMatchObject({ tooWide: true });
    expect(describeCidr('2001:db8::/120')).toMatchObject({ size: '256 addresses' });
  });

  it('returns null for what is not CIDR notation', () => {
    expect(describeCidr('192.0.2.1')).toBeNull();
    expect(describeCidr('300.0.0.0/24')).toBeNull();
    expect(describeCidr('192.0.2.0/33')).toBeNull();
    expect(describeCidr('nonsense/24')).toBeNull();
  });
});
