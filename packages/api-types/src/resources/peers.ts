import { z } from 'zod';
import { IdSchema, NameSchema } from '../common.js';

export const IpAddressSchema = z
  .string()
  .trim()
  .refine((value) => z.ipv4().safeParse(value).success || z.ipv6().safeParse(value).success, {
    error: 'must be an IPv4 or IPv6 address, e.g. 192.0.2.53 or 2001:db8::53',
  });

/**
 * Why no nameserver can ever be at `ip` (the unspecified address, IPv4 broadcast, multicast), or null. Cloudflare may
 * take them; the dashboard refuses them (ADR 017: refused what can never work). Private and loopback addresses are only
 * warned about in the form (tests and local nameservers use them). `ip` is a valid IPv4 or IPv6 address.
 */
export function unusablePeerAddress(ip: string): string | null {
  const value = ip.trim().toLowerCase();
  if (value.includes('.') && !value.includes(':')) {
    const octets = value.split('.').map(Number);
    if (octets.every((octet) => octet === 0)) return 'is the unspecified address 0.0.0.0: no nameserver can be there';
    if (octets.every((octet) => octet === 255)) return 'is the broadcast address: no nameserver can be there';
    if (octets[0]! >= 224 && octets[0]! <= 239) return 'is a multicast address (224.0.0.0/4): no nameserver can be there';
    return null;
  }
  if (/^[0:]+$/.test(value)) return 'is the unspecified address :: — no nameserver can be there';
  if (/^ff[0-9a-f]{2}:/.test(value)) return 'is a multicast address (ff00::/8): no nameserver can be there';
  return null;
}

/** A peer's address: an IPv4 or IPv6 address a nameserver can have. */
export const PeerIpSchema = IpAddressSchema.superRefine((value, ctx) => {
  const problem = unusablePeerAddress(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const PORT_RANGE = 'must be a whole number from 1 to 65535';
export const PortSchema = z
  .number({ error: PORT_RANGE })
  .int({ error: PORT_RANGE })
  .min(1, { error: PORT_RANGE })
  .max(65535, { error: PORT_RANGE });

export const PeerSchema = z.object({
  id: z.string(),
  name: z.string(),
  ip: z.string().optional(),
  port: z.number().optional(),
  ixfr_enable: z.boolean().optional(),
  tsig_id: z.string().optional(),
});
export type Peer = z.infer<typeof PeerSchema>;

/**
 * The whole peer as a user describes it. Cloudflare's update takes this body; Cloudflare's create takes only
 * `{name}` (see PeerUpstreamCreateBodySchema), so the BFF creates and then updates.
 * A PUT replaces the peer: an omitted optional field is cleared (e.g. no `tsig_id` = no TSIG).
 */
export const PeerBodySchema = z.strictObject({
  name: NameSchema,
  ip: PeerIpSchema.optional(),
  port: PortSchema.optional(),
  ixfr_enable: z.boolean({ error: 'must be true or false' }).optional(),
  tsig_id: IdSchema.optional(),
});
export const PeerCreateBodySchema = PeerBodySchema;
export const PeerUpdateBodySchema = PeerBodySchema;
export type PeerBody = z.infer<typeof PeerBodySchema>;

/** What Cloudflare's `POST …/peers` accepts. */
export const PeerUpstreamCreateBodySchema = z.strictObject({ name: NameSchema });

export const PeerParamsSchema = z.strictObject({ account_id: IdSchema, peer_id: IdSchema });
