/**
 * Addresses and ranges as the forms and the zone page's setup check read them (ipaddr.js): whether a range holds an
 * address, whether Cloudflare can reach an address at all, whether two ACL ranges overlap; and names compared as a
 * person means them. Shared by features (a feature never imports another).
 */
import ipaddr from 'ipaddr.js';

/** True when `ip` is inside `range` (CIDR) or equal to it (a bare address); false when either does not parse. */
export function rangeContains(range: string, ip: string): boolean {
  try {
    const address = ipaddr.process(ip.trim());
    const text = range.trim();
    if (!text.includes('/')) return ipaddr.process(text).toNormalizedString() === address.toNormalizedString();
    const [network, prefix] = ipaddr.parseCIDR(text);
    const candidate =
      address.kind() === network.kind()
        ? address
        : address.kind() === 'ipv4' && network.kind() === 'ipv6'
          ? (address as ipaddr.IPv4).toIPv4MappedAddress()
          : null;
    return candidate !== null && candidate.match([network, prefix] as [ipaddr.IPv4 | ipaddr.IPv6, number]);
  } catch {
    return false;
  }
}

/** Address ranges Cloudflare cannot reach over the internet, by ipaddr.js's name for them, in words. */
const UNREACHABLE: Record<string, string> = {
  private: 'a private address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique local (private) address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

/** Why Cloudflare cannot reach `ip` ("a private address"), or null (public, documentation, or not an address). */
export function unreachableReason(ip: string): string | null {
  try {
    return UNREACHABLE[ipaddr.process(ip.trim()).range()] ?? null;
  } catch {
    return null;
  }
}

/** True when the two ranges (CIDR, or bare addresses) share an address; false when either does not parse. */
export function rangesOverlap(a: string, b: string): boolean {
  try {
    const parse = (text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] => {
      const trimmed = text.trim();
      if (trimmed.includes('/')) return ipaddr.parseCIDR(trimmed);
      const address = ipaddr.process(trimmed);
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    };
    const [first, firstPrefix] = parse(a);
    const [second, secondPrefix] = parse(b);
    if (first.kind() !== second.kind()) return false;
    // Two CIDR blocks overlap exactly when one holds the other's network address at the shorter prefix.
    const prefix = Math.min(firstPrefix, secondPrefix);
    return first.match([second, prefix] as [ipaddr.IPv4 | ipaddr.IPv6, number]);
  } catch {
    return false;
  }
}

/** Names as a person means them: case and a trailing dot do not make two DNS names different. */
export function sameName(a: string, b: string): boolean {
  const fold = (name: string) => name.trim().replace(/\.$/, '').toLowerCase();
  return fold(a) !== '' && fold(a) === fold(b);
}
