import { z } from 'zod';
import { DomainNameSchema, IdSchema } from '../common.js';

/** The algorithms Cloudflare accepts, spelled as Cloudflare spells them (trailing dot). */
export const TSIG_ALGORITHMS = [
  'hmac-md5.sig-alg.reg.int.',
  'hmac-sha1.',
  'hmac-sha224.',
  'hmac-sha256.',
  'hmac-sha384.',
  'hmac-sha512.',
] as const;
export const TsigAlgorithmSchema = z.enum(TSIG_ALGORITHMS, {
  error: `must be one of ${TSIG_ALGORITHMS.join(', ')}`,
});
export type TsigAlgorithm = z.infer<typeof TsigAlgorithmSchema>;

/**
 * What the BFF shows instead of a TSIG secret in every list and detail answer (tsigs.list/get/create/update).
 * Admins read the secret through `GET /api/accounts/{account_id}/secondary_dns/tsigs/{tsig_id}/secret` (audited).
 * Sending the mask back as `secret` in a TSIG update keeps the current secret.
 */
export const TSIG_SECRET_MASK = '••••••••';

/** Base64 as nameservers read a TSIG secret (BIND, NSD, Knot, PowerDNS): the standard alphabet, padded to 4. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether a TSIG secret is Base64 as every nameserver reads it (so a key with it can sign a transfer). */
export function isBase64Secret(value: string): boolean {
  return BASE64.test(value);
}

/**
 * The shared secret, in Base64: the other side's nameserver must be configured with the same text, and every one of
 * them refuses a key whose secret is not Base64 ("bad base64" in named-checkconf), so such a key can never sign a
 * transfer. (Cloudflare's own example, a hex string of 128 characters, is Base64 too.) The mask keeps the secret.
 */
export const TsigSecretSchema = z
  .string()
  .min(1, { error: 'is required' })
  .max(4096, { error: 'must be at most 4096 characters' })
  .regex(/^\S+$/, { error: 'must not contain spaces or line breaks' })
  .refine((value) => value === TSIG_SECRET_MASK || isBase64Secret(value), {
    error:
      'must be Base64, as tsig-keygen prints it: letters, digits, + and /, padded with = to a multiple of 4 characters',
  });

export const TsigSchema = z.object({
  id: z.string(),
  name: z.string(),
  algo: z.string(),
  secret: z.string(),
  /**
   * Added by the BFF where it masks the secret: false when the secret Cloudflare holds is not Base64 (Cloudflare
   * accepts any text, e.g. from another client of the API). No nameserver can load such a key, so it can never
   * sign a transfer: it needs a new secret, on both sides. Absent in Cloudflare's own answers.
   */
  secret_is_base64: z.boolean().optional(),
});
export type Tsig = z.infer<typeof TsigSchema>;

export const TsigBodySchema = z.strictObject({
  name: DomainNameSchema,
  algo: TsigAlgorithmSchema,
  secret: TsigSecretSchema,
});
export const TsigCreateBodySchema = TsigBodySchema;
export const TsigUpdateBodySchema = TsigBodySchema;
export type TsigBody = z.infer<typeof TsigBodySchema>;

export const TsigParamsSchema = z.strictObject({ account_id: IdSchema, tsig_id: IdSchema });
