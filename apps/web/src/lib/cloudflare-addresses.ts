/**
 * Cloudflare's zone-transfer addresses, from Cloudflare's documentation ("Cloudflare IP addresses" for zone
 * transfers; see ../shared/api-docs/README.md). Shared by the ACLs page and the zone page's setup check.
 */

/** Where Cloudflare, as secondary, sends AXFR/IXFR requests from: what a primary must allow. */
export const CLOUDFLARE_TRANSFER_SOURCES = ['104.30.167.163', '104.30.167.173', '2a09:bac0:1000:c47::/64'] as const;

/** Older transfer sources that stop working on `OLD_SOURCES_END`. */
export const CLOUDFLARE_OLD_TRANSFER_SOURCES = [
  '198.41.144.240/28',
  '198.41.150.240/28',
  '2a06:98c0:3601::/48',
  '2a06:98c0:1401::/48',
] as const;
export const OLD_SOURCES_END = '1 December 2026';
/** The first moment the older ranges no longer work. */
export const OLD_SOURCES_END_AT = Date.parse('2026-12-01T00:00:00Z');

/** Where Cloudflare, as secondary, takes NOTIFY: what a primary sends NOTIFY to. */
export const CLOUDFLARE_NOTIFY_TARGETS = [
  '172.65.30.82',
  '172.65.50.145',
  '2606:4700:60:0:317:26ee:3bdf:5774',
  '2606:4700:60:0:35a:4be3:4144:c5ee',
] as const;

/** Where Cloudflare, as primary, answers AXFR/IXFR and SOA queries: a secondary's primary address. */
export const CLOUDFLARE_PRIMARY_ADDRESS = '172.65.64.6';

/** Cloudflare's page listing these addresses (and the ranges its NOTIFY as a primary comes from). */
export const CLOUDFLARE_ADDRESSES_DOC =
  'https://developers.cloudflare.com/dns/zone-setups/zone-transfers/access-control-lists/cloudflare-ip-addresses/';
