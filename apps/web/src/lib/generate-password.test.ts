import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, PasswordSchema } from '@secdns/api-types';
import { generatePassword } from './generate-password';

describe('generatePassword', () => {
  it('meets the password policy and differs each time', () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).toHaveLength(20);
    expect(a.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    expect(PasswordSchema.safeParse(a).success).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toMatch(/[0O1lI]/);
  });
});
