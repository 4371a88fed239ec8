import { z } from 'zod';
import { IdSchema, NameSchema } from '../common.js';

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Cloudflare limits ACL ranges to at most a /24 (IPv4) or a /64 (IPv6). */
export const ACL_MIN_PREFIX = { v4: 24, v6: 64 } as const;

export const CidrSchema = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .superRefine((value, ctx) => {
    const v4 = z.cidrv4().safeParse(value).success && IPV4_CIDR.test(value);
    const v6 = z.cidrv6().safeParse(value).success;
    if (!v4 && !v6) {
      // A lone address: say which range means just that one address.
      const lone = z.ipv4().safeParse(value).success ? `${value}/32` : z.ipv6().safeParse(value).success ? `${value}/128` : null;
      ctx.addIssue({
        code: 'custom',
        message: lone
          ? `must be a range with its prefix length: ${lone} for this one address`
          : 'must be an IPv4 or IPv6 range in CIDR notation, e.g. 192.0.2.48/28 or 2001:db8::/64',
      });
      return;
    }
    const prefix = Number(value.split('/')[1]);
    if (v4 && prefix < ACL_MIN_PREFIX.v4) {
      ctx.addIssue({
        code: 'custom',
        message: `is larger than Cloudflare allows: IPv4 ranges can be at most /${ACL_MIN_PREFIX.v4} (256 addresses); /${prefix} is too wide`,
      });
    }
    if (v6 && prefix < ACL_MIN_PREFIX.v6) {
      ctx.addIssue({
        code: 'custom',
        message: `is larger than Cloudflare allows: IPv6 ranges can be at most /${ACL_MIN_PREFIX.v6}; /${prefix} is too wide`,
      });
    }
  });

export const AclSchema = z.object({
  id: z.string(),
  name: z.string(),
  ip_range: z.string(),
});
export type Acl = z.infer<typeof AclSchema>;

export const AclBodySchema = z.strictObject({
  name: NameSchema,
  ip_range: CidrSchema,
});
export const AclCreateBodySchema = AclBodySchema;
export const AclUpdateBodySchema = AclBodySchema;
export type AclBody = z.infer<typeof AclBodySchema>;

export const AclParamsSchema = z.strictObject({ account_id: IdSchema, acl_id: IdSchema });
