import { z } from 'zod';

/** Cloudflare identifiers (accounts, zones, peers, TSIGs, ACLs) are 32 lowercase hex characters. */
export const IdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/, { error: 'must be a Cloudflare identifier: 32 lowercase hexadecimal characters' });
export type Id = z.infer<typeof IdSchema>;

/** A human-readable name (peer, ACL). */
export const NameSchema = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(255, { error: 'must be at most 255 characters' });

const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

/** A DNS domain name, with or without the trailing dot (zone names, TSIG key names). */
export const DomainNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(254, { error: 'must be at most 253 characters' })
  .refine(
    (value) => {
      const name = value.endsWith('.') ? value.slice(0, -1) : value;
      if (!name || name.length > 253) return false;
      return name.split('.').every((label) => LABEL.test(label));
    },
    { error: 'must be a domain name such as example.com. (letters, digits, hyphens; labels of 1-63 characters)' },
  );

/** Timestamps as Cloudflare sends them (RFC 3339 with offset). Kept as strings. */
export const TimeSchema = z.string();

/** The result of a DELETE: the id of what was deleted. */
export const DeleteResultSchema = z.object({ id: z.string().optional() });

/** Unique list of ids. */
export function uniqueIds(min: number, max: number) {
  return z
    .array(IdSchema)
    .min(min, { error: min === 1 ? 'must list at least one peer' : `must list at least ${min} peers` })
    .max(max, { error: `must list at most ${max} peers` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'must not list the same peer twice' });
}
