/**
 * Addresses and ranges as the forms and the zone page's setup check read them (ipaddr.js): whether a range holds an
 * address, whether Cloudflare can reach an address (or any of a range) at all, whether two ACL ranges overlap or are
 * the same, the network a range with host bits set names; and names compared as a person means them. Shared by
 * features (a feature never imports another).
 */
import ipaddr from 'ipaddr.js';

/**
 * An address written in full (192.0.2.53, 2001:db8::53), not one of the short or old forms ipaddr.js also reads
 * ("1" is 0.0.0.1, "10.1" is 10.0.0.1): so nothing is said about an address half typed.
 */
export function isFullAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

/** `text` as an address or CIDR range written in full, or null. */
function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const trimmed = text.trim();
  const [address = '', prefix] = trimmed.split('/');
  if (!isFullAddress(address)) return null;
  if (prefix === undefined) {
    const parsed = ipaddr.process(address);
    return [parsed, parsed.kind() === 'ipv4' ? 32 : 128];
  }
  if (!/^\d{1,3}$/.test(prefix)) return null;
  try {
    return ipaddr.parseCIDR(trimmed);
  } catch {
    return null;
  }
}

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
    if (!isFullAddress(ip.trim())) return null;
    return UNREACHABLE[ipaddr.process(ip.trim()).range()] ?? null;
  } catch {
    return null;
  }
}

/** True when the two ranges (CIDR, or bare addresses, written in full) share an address; false otherwise. */
export function rangesOverlap(a: string, b: string): boolean {
  const first = parseRange(a);
  const second = parseRange(b);
  if (!first || !second || first[0].kind() !== second[0].kind()) return false;
  // Two CIDR blocks overlap exactly when one holds the other's network address at the shorter prefix.
  const prefix = Math.min(first[1], second[1]);
  return first[0].match([second[0], prefix] as [ipaddr.IPv4 | ipaddr.IPv6, number]);
}

interface RangeBounds {
  /** The address as written, its prefix, and the range's first and last address. */
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
  first: ipaddr.IPv4 | ipaddr.IPv6;
  last: ipaddr.IPv4 | ipaddr.IPv6;
}

/** `text` (a CIDR range or a bare address, written in full) with its first and last address, or null. */
function rangeBounds(text: string): RangeBounds | null {
  const parsed = parseRange(text);
  if (!parsed) return null;
  const [address, prefix] = parsed;
  const cidr = `${address.toString()}/${prefix}`;
  const family = address.kind() === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6;
  return { address, prefix, first: family.networkAddressFromCIDR(cidr), last: family.broadcastAddressFromCIDR(cidr) };
}

/**
 * The range `text` really is when it has host bits set (`203.0.113.5/24` → `203.0.113.0/24`, `2001:db8::5/64` →
 * `2001:db8::/64`); null when it starts at its network address already or does not parse.
 */
export function networkOfRange(text: string): string | null {
  const range = rangeBounds(text);
  if (!range || range.first.toNormalizedString() === range.address.toNormalizedString()) return null;
  return `${range.first.toString()}/${range.prefix}`;
}

/** True when the two ranges cover exactly the same addresses (203.0.113.0/24 and 203.0.113.5/24 alike). */
export function sameRange(a: string, b: string): boolean {
  const first = rangeBounds(a);
  const second = rangeBounds(b);
  return (
    first !== null &&
    second !== null &&
    first.prefix === second.prefix &&
    first.first.kind() === second.first.kind() &&
    first.first.toNormalizedString() === second.first.toNormalizedString()
  );
}

/**
 * Why no address of `range` can reach Cloudflare over the internet ("a private address": its first and last address
 * are both of that kind), or null (public, documentation, mixed, or not a range).
 */
export function unreachableRangeReason(range: string): string | null {
  const bounds = rangeBounds(range);
  if (!bounds) return null;
  const reason = unreachableReason(bounds.first.toString());
  return reason !== null && reason === unreachableReason(bounds.last.toString()) ? reason : null;
}

/** True when both are the same address written in full (2001:db8::53 and 2001:DB8:0::53 alike). */
export function sameAddress(a: string, b: string): boolean {
  return isFullAddress(a.trim()) && isFullAddress(b.trim()) && ipaddr.process(a.trim()).toNormalizedString() === ipaddr.process(b.trim()).toNormalizedString();
}

/** Names as a person means them: case and a trailing dot do not make two DNS names different. */
export function sameName(a: string, b: string): boolean {
  const fold = (name: string) => name.trim().replace(/\.$/, '').toLowerCase();
  return fold(a) !== '' && fold(a) === fold(b);
}
