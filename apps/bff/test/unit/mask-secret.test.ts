/** maskSecret: a TSIG secret quoted back in an upstream error, however the answer's JSON escapes it. */
import { TSIG_SECRET_MASK } from '@secdns/api-types';
import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/upstream/client.js';

describe('maskSecret', () => {
  it('as sent, and escaped the way Go writes JSON (& < > as \\u00XX)', () => {
    const secret = 'a&b<c>d';
    const plain = JSON.stringify({ errors: [{ code: 1004, message: `bad secret ${secret}` }] });
    const goEscaped = plain.replace(/&/g, '\\u0026').replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
    for (const text of [plain, goEscaped]) {
      const masked = maskSecret(text, secret);
      expect(JSON.parse(masked).errors[0].message).toBe(`bad secret ${TSIG_SECRET_MASK}`);
    }
  });

  it('leaves a text that is not JSON masked as sent, and one without the secret as it is', () => {
    expect(maskSecret('gateway error: s3cr3t', 's3cr3t')).toBe(`gateway error: ${TSIG_SECRET_MASK}`);
    const text = '{"errors":[{"code":1,"message":"no"}]}';
    expect(maskSecret(text, 's3cr3t')).toBe(text);
  });
});
