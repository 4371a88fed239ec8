/**
 * What an ACL's IP range covers, for the table's Family/Size columns and the form's live hint.
 * Validation itself is the contract's `CidrSchema`; this only describes a range that parses.
 */
import { ACL_MIN_PREFIX } from '@secdns/api-types';

export interface CidrInfo {
  family: 'IPv4' | 'IPv6';
  prefix: number;
  /** Human size: "16 addresses", "1 address", "/64 (2^64 addresses)". */
  size: string;
  /** Number of addresses as a bigint, for sorting. */
  count: bigint;
  /** IPv4 only: first and last address covered ("192.0.2.48", "192.0.2.63"). */
  first?: string;
  last?: string;
  /** Wider than Cloudflare allows (/24 for IPv4, /64 for IPv6). */
  tooWide: boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4ToNumber(address: string): number | null {
  const match = IPV4.exec(address);
  if (!match) return null;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function looksLikeIpv6(address: string): boolean {
  return /^[0-9a-fA-F:.]+$/.test(address) && address.includes(':');
}

function formatCount(count: bigint): string {
  return `${count.toLocaleString('en-US')} ${count === 1n ? 'address' : 'addresses'}`;
}

/** Describes `192.0.2.48/28` or `2001:db8::/64`; null when it is not CIDR notation. */
export function describeCidr(value: string): CidrInfo | null {
  const text = value.trim();
  const slash = text.lastIndexOf('/');
  if (slash <= 0) return null;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);

  const v4 = ipv4ToNumber(address);
  if (v4 !== null) {
    if (prefix > 32) return null;
    const size = 2 ** (32 - prefix);
    const first = Math.floor(v4 / size) * size;
    const count = BigInt(size);
    return {
      family: 'IPv4',
      prefix,
      size: formatCount(count),
      count,
      first: numberToIpv4(first),
      last: numberToIpv4(first + size - 1),
      tooWide: prefix < ACL_MIN_PREFIX.v4,
    };
  }
  if (looksLikeIpv6(address)) {
    if (prefix > 128) return null;
    const bits = 128 - prefix;
    const count = 1n << BigInt(bits);
    return {
      family: 'IPv6',
      prefix,
      size: bits <= 20 ? formatCount(count) : `/${prefix} (2^${bits} addresses)`,
      count,
      tooWide: prefix < ACL_MIN_PREFIX.v6,
    };
  }
  return null;
}

export const ACL_LIMIT_TEXT = `IPv4 ranges can be at most /${ACL_MIN_PREFIX.v4} (256 addresses); IPv6 at most /${ACL_MIN_PREFIX.v6}.`;
