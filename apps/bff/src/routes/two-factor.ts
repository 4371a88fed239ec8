/**
 * Two-factor sign-in (BFF-owned; schemas in @secdns/api-types resources/two-factor.ts; ADR 006):
 *   POST /auth/login/two-factor {challenge, code}   (public) the second step of a sign-in -> {user, csrfToken, …}
 *        + cookie | 401 wrong or used code (`/code`) | 401 code 10004 sign in again | 429 (the sign-in throttle)
 *   GET  /auth/two-factor                           your own: on or off, recovery codes left
 *   POST /auth/two-factor/enrolment {password}      a new secret, shown once (otpauth:// URI, QR code, base32)
 *   POST /auth/two-factor/enrolment/confirm {code}  switched on with the first code -> the recovery codes, shown once;
 *        your other sessions end (they were signed in with the password alone)
 *   POST /auth/two-factor/recovery-codes {password, code} -> new recovery codes (the old ones stop working)
 *   POST /auth/two-factor/disable {password, code}  -> off
 * A code is the app's 6 digits (the step before and after now too, for clock drift; each step's code once) or an
 * unused recovery code (once). Wrong codes and wrong passwords count in the sign-in throttle like wrong passwords at
 * sign-in (auth/throttle.ts), for the user at that address: a session left open is not a way to guess either.
 * The secret, the codes and the challenge are never logged nor recorded: the audit log's bodies redact `password`,
 * `code` and `challenge` (auth/redact.ts), and only the enrolment's answer carries the secret.
 */
import {
  ErrorCodes,
  TWO_FACTOR_ENROLMENT_MINUTES,
  TwoFactorConfirmBodySchema,
  TwoFactorDisableBodySchema,
  TwoFactorEnrolmentBodySchema,
  TwoFactorEnrolmentSchema,
  TwoFactorLoginBodySchema,
  TwoFactorRecoveryCodesBodySchema,
  TwoFactorRecoveryCodesSchema,
  TwoFactorStatusSchema,
  SessionSchema,
  accessEnded,
  errorEnvelope,
  okEnvelope,
  type TwoFactorStatus,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { verifyPasswordOrDummy } from '../auth/passwords.js';
import {
  TOTP_ISSUER,
  hashRecoveryCode,
  matchingStep,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  qrCodeDataUrl,
  useCode,
  type CodeCheck,
} from '../auth/two-factor.js';
import { accessExpired, completeSignIn, fieldError, throttled } from './auth.js';

const tags = ['auth'];

const WRONG_CODE = 'Wrong code: enter the code your authenticator app shows now, or one of your recovery codes.';
const USED_CODE = 'This code was used already: wait for the next one (your authenticator app shows a new code every 30 seconds).';
const SIGN_IN_AGAIN = 'This sign-in can no longer be completed: enter your username and password again.';


function codeRefusal(check: Exclude<CodeCheck, { ok: true }>): string {
  return check.reason === 'replayed' ? USED_CODE : WRONG_CODE;
}

export default async function twoFactorRoutes(fastify: FastifyInstance) {
  const { storage, auth } = fastify;

  const status = async (username: string): Promise<TwoFactorStatus> => {
    const record = await storage.twoFactor.get(username);
    const enabled = Boolean(record?.enabledAt);
    return {
      enabled,
      enabledAt: record?.enabledAt ?? null,
      recoveryCodesLeft: enabled ? await storage.twoFactor.recoveryCodesLeft(username) : 0,
      required: auth.requireTwoFactor,
    };
  };

  /**
   * The signed-in user's password (and code, when given) for a change to their two-factor sign-in, counted in the
   * throttle like a sign-in. Answers the refusal itself and returns false; true when both are right (the user's
   * failed sign-ins are then forgotten, as after a sign-in).
   */
  const confirmIdentity = async (
    request: FastifyRequest,
    reply: FastifyReply,
    password: string,
    code?: string,
  ): Promise<boolean> => {
    const username = request.user!.username;
    const wait = auth.throttle.retryAfterSeconds(request.ip, username);
    if (wait > 0) {
      await throttled(request, reply, wait, 'Too many wrong passwords or codes.');
      return false;
    }
    const attempt = auth.throttle.begin(request.ip, username);
    const user = await storage.users.get(username);
    if (!user || !(await verifyPasswordOrDummy(user.passwordHash, password))) {
      await attempt.failed();
      await fieldError(reply, 400, 'password', 'is not your current password');
      return false;
    }
    if (code !== undefined) {
      const record = await storage.twoFactor.get(username);
      const check = record ? await useCode(storage, record, code, auth.now()) : ({ ok: false, reason: 'wrong' } as const);
      if (!check.ok) {
        await attempt.failed();
        request.auditContext.refusal = 'invalid_two_factor_code';
        await fieldError(reply, 400, 'code', codeRefusal(check));
        return false;
      }
      if (check.kind === 'recovery') request.auditContext.reason = 'A recovery code was used in place of the app’s code';
    }
    await attempt.succeeded();
    return true;
  };

  fastify.post(
    '/auth/login/two-factor',
    {
      config: { access: 'public', audit: { operation: 'auth.login.twoFactor' } },
      schema: {
        operationId: 'auth.login.twoFactor',
        summary:
          'Sign in, second step: the code from the authenticator app (or a recovery code) for the challenge POST /auth/login gave; sets the session cookie',
        tags,
        body: TwoFactorLoginBodySchema,
        response: envelopeResponses(SessionSchema),
      },
    },
    async (request, reply) => {
      const { challenge, code } = request.body as z.output<typeof TwoFactorLoginBodySchema>;
      const pending = auth.pendingSignIns.get(challenge);
      const again = () => {
        request.auditContext.refusal = 'two_factor_challenge_expired';
        return reply.code(401).send(errorEnvelope({ code: ErrorCodes.signInExpired, message: SIGN_IN_AGAIN }));
      };
      if (!pending) return again();
      const username = pending.username;
      request.auditContext.username = username;

      const wait = auth.throttle.retryAfterSeconds(request.ip, username);
      if (wait > 0) return throttled(request, reply, wait, 'Too many failed sign-ins.');
      const attempt = auth.throttle.begin(request.ip, username);

      // Bound to the password check that started it: the same user, still enabled, the same password, two-factor on.
      const user = await storage.users.get(username);
      const record = user?.twoFactorEnabled ? await storage.twoFactor.get(username) : null;
      if (!user || user.disabled || user.passwordHash !== pending.passwordHash || !record?.enabledAt) {
        attempt.passed();
        auth.pendingSignIns.end(challenge);
        return again();
      }
      request.auditContext.role = user.role;
      if (accessEnded(user.expiresAt, auth.now())) {
        attempt.passed();
        auth.pendingSignIns.end(challenge);
        return accessExpired(request, reply, user);
      }

      const check = await useCode(storage, record, code, auth.now());
      if (!check.ok) {
        await attempt.failed();
        request.auditContext.refusal = 'invalid_two_factor_code';
        if (!auth.pendingSignIns.fail(challenge)) {
          return reply.code(401).send(
            errorEnvelope({ code: ErrorCodes.signInExpired, message: `Too many wrong codes. ${SIGN_IN_AGAIN}` }),
          );
        }
        return fieldError(reply, 401, 'code', codeRefusal(check), ErrorCodes.authentication);
      }

      auth.pendingSignIns.end(challenge);
      await attempt.succeeded();
      if (check.kind === 'recovery') {
        request.auditContext.operation = 'auth.login.recoveryCode';
        request.auditContext.after = { recovery_codes_left: check.recoveryCodesLeft };
        request.auditContext.reason = `Signed in with a recovery code; ${check.recoveryCodesLeft} left`;
      }
      return completeSignIn(fastify, request, reply, user);
    },
  );

  fastify.get(
    '/auth/two-factor',
    {
      config: { access: 'viewer' },
      schema: {
        operationId: 'auth.twoFactor.get',
        summary: 'Your own two-factor sign-in: on or off, and how many recovery codes are left (never the secret)',
        tags,
        response: envelopeResponses(TwoFactorStatusSchema),
      },
    },
    async (request) => okEnvelope(await status(request.user!.username)),
  );

  fastify.post(
    '/auth/two-factor/enrolment',
    {
      config: { access: 'viewer', audit: { operation: 'auth.twoFactor.enrolment' } },
      schema: {
        operationId: 'auth.twoFactor.enrolment',
        summary:
          'Set up two-factor sign-in, first step (needs your password): a new authenticator secret, shown this once as an otpauth:// URI, a QR code and base32 text; on once confirmed with a code',
        tags,
        body: TwoFactorEnrolmentBodySchema,
        response: envelopeResponses(TwoFactorEnrolmentSchema),
      },
    },
    async (request, reply) => {
      const { password } = request.body as z.output<typeof TwoFactorEnrolmentBodySchema>;
      const username = request.user!.username;
      const current = await storage.twoFactor.get(username);
      if (current?.enabledAt) {
        return reply.code(409).send(
          errorEnvelope({
            code: ErrorCodes.conflict,
            message: 'Two-factor sign-in is on already. To move it to another app or phone, turn it off (your password and a code), then set it up again.',
          }),
        );
      }
      if (!(await confirmIdentity(request, reply, password))) return reply;
      const secret = newTotpSecret();
      const now = auth.now();
      await storage.twoFactor.startEnrolment(username, secret, now);
      // The app lists it as "Secondary DNS dashboard (olivia@dns.example.net)": which dashboard, which account.
      const accountName = `${username}@${request.hostname}`;
      const uri = otpauthUri(secret, accountName);
      return okEnvelope({
        secret,
        otpauthUri: uri,
        qrCode: await qrCodeDataUrl(uri),
        issuer: TOTP_ISSUER,
        accountName,
        expiresAt: new Date(now + TWO_FACTOR_ENROLMENT_MINUTES * 60_000).toISOString(),
      });
    },
  );

  fastify.post(
    '/auth/two-factor/enrolment/confirm',
    {
      config: { access: 'viewer', audit: { operation: 'auth.twoFactor.enable' } },
      schema: {
        operationId: 'auth.twoFactor.enable',
        summary:
          'Set up two-factor sign-in, second step: a code from the app switches it on; answers the recovery codes, shown this once. Your other sessions end.',
        tags,
        body: TwoFactorConfirmBodySchema,
        response: envelopeResponses(TwoFactorRecoveryCodesSchema),
      },
    },
    async (request, reply) => {
      const { code } = request.body as z.output<typeof TwoFactorConfirmBodySchema>;
      const username = request.user!.username;
      const now = auth.now();
      const record = await storage.twoFactor.get(username);
      if (record?.enabledAt) {
        return reply.code(409).send(errorEnvelope({ code: ErrorCodes.conflict, message: 'Two-factor sign-in is on already.' }));
      }
      const started = record?.pendingSecret && record.pendingSince !== null ? record : null;
      if (!started || now - started.pendingSince! > TWO_FACTOR_ENROLMENT_MINUTES * 60_000) {
        return reply.code(409).send(
          errorEnvelope({
            code: ErrorCodes.conflict,
            message: `No set-up is waiting for a code (it is good for ${TWO_FACTOR_ENROLMENT_MINUTES} minutes): start again.`,
          }),
        );
      }
      // The code proves the app holds the secret. Its step counts as used: it cannot sign anyone in afterwards.
      const step = matchingStep(started.pendingSecret!, code, now);
      if (step === null) {
        request.auditContext.refusal = 'invalid_two_factor_code';
        return fieldError(
          reply,
          400,
          'code',
          'is not the code the app shows for this secret: check that you scanned this QR code (or typed this key) and that the phone’s clock is right',
        );
      }
      const recoveryCodes = newRecoveryCodes();
      const hashes = recoveryCodes.map((recoveryCode) => hashRecoveryCode(username, recoveryCode));
      if (!(await storage.twoFactor.enable(username, started.pendingSecret!, step, hashes, new Date(now)))) {
        return reply.code(409).send(
          errorEnvelope({ code: ErrorCodes.conflict, message: 'Another set-up was started meanwhile: use its QR code, or start again.' }),
        );
      }
      // Sessions signed in with the password alone (another browser, someone else) do not outlive the change.
      const ended = await storage.sessions.deleteForUserExcept(username, request.authSession!.idHash);
      request.auditContext.before = { two_factor_enabled: false };
      request.auditContext.after = { two_factor_enabled: true, recovery_codes_left: recoveryCodes.length, other_sessions_ended: ended };
      return okEnvelope({ recoveryCodes });
    },
  );

  fastify.post(
    '/auth/two-factor/recovery-codes',
    {
      config: { access: 'viewer', audit: { operation: 'auth.twoFactor.recoveryCodes' } },
      schema: {
        operationId: 'auth.twoFactor.recoveryCodes',
        summary: 'New recovery codes (needs your password and a code), shown this once; the old ones stop working',
        tags,
        body: TwoFactorRecoveryCodesBodySchema,
        response: envelopeResponses(TwoFactorRecoveryCodesSchema),
      },
    },
    async (request, reply) => {
      const { password, code } = request.body as z.output<typeof TwoFactorRecoveryCodesBodySchema>;
      const username = request.user!.username;
      if (!(await storage.twoFactor.get(username))?.enabledAt) {
        return reply.code(409).send(errorEnvelope({ code: ErrorCodes.conflict, message: 'Two-factor sign-in is off: there are no recovery codes to replace.' }));
      }
      const left = await storage.twoFactor.recoveryCodesLeft(username);
      if (!(await confirmIdentity(request, reply, password, code))) return reply;
      const recoveryCodes = newRecoveryCodes();
      await storage.twoFactor.replaceRecoveryCodes(username, recoveryCodes.map((recoveryCode) => hashRecoveryCode(username, recoveryCode)));
      request.auditContext.before = { recovery_codes_left: left };
      request.auditContext.after = { recovery_codes_left: recoveryCodes.length };
      return okEnvelope({ recoveryCodes });
    },
  );

  fastify.post(
    '/auth/two-factor/disable',
    {
      config: { access: 'viewer', audit: { operation: 'auth.twoFactor.disable' } },
      schema: {
        operationId: 'auth.twoFactor.disable',
        summary: 'Turn your two-factor sign-in off (needs your password and a code from the app, or a recovery code)',
        tags,
        body: TwoFactorDisableBodySchema,
        response: envelopeResponses(TwoFactorStatusSchema),
      },
    },
    async (request, reply) => {
      const { password, code } = request.body as z.output<typeof TwoFactorDisableBodySchema>;
      const username = request.user!.username;
      if (!(await storage.twoFactor.get(username))?.enabledAt) {
        return reply.code(409).send(errorEnvelope({ code: ErrorCodes.conflict, message: 'Two-factor sign-in is off already.' }));
      }
      const left = await storage.twoFactor.recoveryCodesLeft(username);
      if (!(await confirmIdentity(request, reply, password, code))) return reply;
      await storage.twoFactor.disable(username);
      auth.pendingSignIns.endFor(username);
      request.auditContext.before = { two_factor_enabled: true, recovery_codes_left: left };
      request.auditContext.after = { two_factor_enabled: false, recovery_codes_left: 0 };
      return okEnvelope(await status(username));
    },
  );
}
