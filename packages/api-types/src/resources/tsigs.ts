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

export const TsigSecretSchema = z
  .string()
  .min(1, { error: 'is required' })
  .max(4096, { error: 'must be at most 4096 characters' })
  .regex(/^\S+$/, { error: 'must not contain spaces or line breaks' });

/**
 * What the BFF shows instead of a TSIG secret in every list and detail answer (tsigs.list/get/create/update).
 * Admins read the secret through `GET /api/accounts/{account_id}/secondary_dns/tsigs/{tsig_id}/secret` (audited).
 * Sending the mask back as `secret` in a TSIG update keeps the current secret.
 */
export const TSIG_SECRET_MASK = '••••••••';

export const TsigSchema = z.object({
  id: z.string(),
  name: z.string(),
  algo: z.string(),
  secret: z.string(),
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
