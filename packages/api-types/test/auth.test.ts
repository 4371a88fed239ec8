import { describe, expect, it } from 'vitest';
import {
  AuditQuerySchema,
  TwoFactorConfirmBodySchema,
  TwoFactorDisableBodySchema,
  TwoFactorLoginBodySchema,
  isRecoveryCode,
  isTwoFactorChallenge,
  ForceActionBodySchema,
  LoginBodySchema,
  UserCreateBodySchema,
  UserUpdateBodySchema,
  operations,
} from '../src/index.js';

describe('access-control schemas', () => {
  it('usernames and passwords follow the policy', () => {
    expect(UserCreateBodySchema.safeParse({ username: 'ops.team_1-a', password: 'x'.repeat(12), role: 'operator' }).success).toBe(true);
    expect(UserCreateBodySchema.safeParse({ username: 'Ops', password: 'x'.repeat(12), role: 'operator' }).success).toBe(false);
    expect(UserCreateBodySchema.safeParse({ username: 'a'.repeat(65), password: 'x'.repeat(12), role: 'viewer' }).success).toBe(false);
    expect(UserCreateBodySchema.safeParse({ username: 'ok', password: 'x'.repeat(11), role: 'viewer' }).success).toBe(false);
    expect(UserCreateBodySchema.safeParse({ username: 'ok', password: 'x'.repeat(257), role: 'viewer' }).success).toBe(false);
    expect(UserCreateBodySchema.safeParse({ username: 'ok', password: 'x'.repeat(12), role: 'root' }).success).toBe(false);
    // A passphrase may hold spaces; spaces alone (or padding a short word) are not a password.
    expect(UserCreateBodySchema.safeParse({ username: 'ok', password: 'correct horse battery staple', role: 'viewer' }).success).toBe(true);
    const blank = UserCreateBodySchema.safeParse({ username: 'ok', password: ' '.repeat(12), role: 'viewer' });
    expect(blank.success).toBe(false);
    expect(blank.error?.issues[0]?.message).toBe('must have at least 12 characters besides spaces');
    expect(UserCreateBodySchema.safeParse({ username: 'ok', password: ` ${'x'.repeat(10)}  `, role: 'viewer' }).success).toBe(false);
  });

  it('an update changes at least one of role, password, disabled', () => {
    expect(UserUpdateBodySchema.safeParse({}).success).toBe(false);
    expect(UserUpdateBodySchema.safeParse({ disabled: true }).success).toBe(true);
    expect(UserUpdateBodySchema.safeParse({ username: 'x' }).success).toBe(false);
  });

  it('sign-in takes any non-empty strings', () => {
    expect(LoginBodySchema.safeParse({ username: 'admin', password: 'x' }).success).toBe(true);
    expect(LoginBodySchema.safeParse({ username: 'admin' }).success).toBe(false);
  });

  it('force actions take {} or {reason ≤ 500}', () => {
    expect(ForceActionBodySchema.safeParse({}).success).toBe(true);
    expect(ForceActionBodySchema.parse({ reason: '  TICKET-1 ' })).toEqual({ reason: 'TICKET-1' });
    expect(ForceActionBodySchema.safeParse({ reason: 'x'.repeat(501) }).success).toBe(false);
    expect(ForceActionBodySchema.safeParse({ other: 1 }).success).toBe(false);
    for (const id of ['forceAxfr', 'outgoing.forceNotify', 'outgoing.enable', 'outgoing.disable'] as const) {
      expect(operations[id].body).toBe(ForceActionBodySchema);
    }
  });

  it('audit filters have defaults and limits', () => {
    expect(AuditQuerySchema.parse({})).toEqual({ page: 1, per_page: 50 });
    expect(AuditQuerySchema.parse({ outcome: 'failure', since: '2025-01-01T00:00:00Z', page: '2' })).toMatchObject({ outcome: 'failure', page: 2 });
    expect(AuditQuerySchema.safeParse({ outcome: 'maybe' }).success).toBe(false);
    expect(AuditQuerySchema.safeParse({ per_page: '501' }).success).toBe(false);
  });

  it('two-factor codes: 6 digits (spaces as apps show them taken out) or a recovery code', () => {
    expect(TwoFactorConfirmBodySchema.parse({ code: '123 456' })).toEqual({ code: '123456' });
    for (const code of ['12345', '1234567', 'abcdef', '']) expect(TwoFactorConfirmBodySchema.safeParse({ code }).success).toBe(false);
    // A recovery code is no confirmation: that is the app's code of the new secret.
    expect(TwoFactorConfirmBodySchema.safeParse({ code: 'k7m2-xq9d-4hwp' }).success).toBe(false);
    expect(TwoFactorLoginBodySchema.parse({ challenge: 'c', code: ' K7M2 XQ9D 4HWP ' })).toEqual({ challenge: 'c', code: 'K7M2XQ9D4HWP' });
    expect(TwoFactorLoginBodySchema.safeParse({ challenge: 'c', code: 'k7m2-xq9d' }).success).toBe(false);
    expect(TwoFactorLoginBodySchema.safeParse({ code: '123456' }).success).toBe(false);
    expect(TwoFactorDisableBodySchema.safeParse({ password: 'x', code: '123456' }).success).toBe(true);
    expect(TwoFactorDisableBodySchema.safeParse({ code: '123456' }).success).toBe(false);
    expect(isRecoveryCode('k7m2-xq9d-4hwp')).toBe(true);
    expect(isRecoveryCode('123456')).toBe(false);
    expect(isTwoFactorChallenge({ twoFactorRequired: true, challenge: 'c', expiresAt: '' })).toBe(true);
    expect(isTwoFactorChallenge(null)).toBe(false);
  });
});
