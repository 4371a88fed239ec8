/** The access-control settings in config.ts: defaults, parsing, and the admin password kept out of fastify.config. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('access-control configuration', () => {
  it('has defaults', () => {
    expect(loadConfig({})).toMatchObject({
      dashboardAdminPassword: undefined,
      sessionIdleMinutes: 60,
      sessionMaxHours: 12,
      cookieSecure: false,
      loginMaxFailures: 5,
      loginMaxFailuresPerAddress: 50,
      loginMaxFailuresPerUsername: 20,
      loginWindowMinutes: 15,
      requireTwoFactor: false,
      trustProxy: false,
    });
  });

  it('parses values', () => {
    expect(
      loadConfig({
        DASHBOARD_ADMIN_PASSWORD: 'a-long-enough-password',
        SESSION_IDLE_MINUTES: '5',
        SESSION_MAX_HOURS: '2',
        COOKIE_SECURE: 'TRUE',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '30',
        LOGIN_MAX_FAILURES_PER_USERNAME: '0',
        LOGIN_WINDOW_MINUTES: '1',
        TRUST_PROXY: 'true',
        REQUIRE_TWO_FACTOR: 'TRUE',
      }),
    ).toMatchObject({
      dashboardAdminPassword: 'a-long-enough-password',
      sessionIdleMinutes: 5,
      sessionMaxHours: 2,
      cookieSecure: true,
      loginMaxFailures: 3,
      loginMaxFailuresPerAddress: 30,
      loginMaxFailuresPerUsername: 0,
      loginWindowMinutes: 1,
      requireTwoFactor: true,
      trustProxy: true,
    });
  });

  it('refuses bad values naming them, without echoing the password', () => {
    let error: unknown;
    try {
      loadConfig({ DASHBOARD_ADMIN_PASSWORD: 'short-pw', SESSION_IDLE_MINUTES: '0', COOKIE_SECURE: 'maybe', LOGIN_MAX_FAILURES: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['DASHBOARD_ADMIN_PASSWORD', 'SESSION_IDLE_MINUTES', 'COOKIE_SECURE', 'LOGIN_MAX_FAILURES']) expect(message).toContain(name);
    expect(message).not.toContain('short-pw');
  });

  it('TRUST_PROXY: off by default; true / false; a list of addresses, CIDRs and range names', () => {
    const trustProxy = (TRUST_PROXY: string) => loadConfig({ TRUST_PROXY }).trustProxy;
    expect(trustProxy('')).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('TRUE')).toBe(true);
    expect(trustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(trustProxy(' 10.0.0.0/8, 192.168.1.1 ,::1,fd00::/8,loopback')).toEqual(['10.0.0.0/8', '192.168.1.1', '::1', 'fd00::/8', 'loopback']);
  });

  it('TRUST_PROXY refuses what is not an address, and a hop count (Fastify ignores it: a client could claim any address)', () => {
    for (const value of ['proxy.example.com', '10.0.0.0/33', '127.0.0.1,', '2']) {
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY/);
    }
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/hop count/);
  });

  it('the per-address and per-username limits may not be below the per-pair one (0 turns the per-username count off)', () => {
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: '10', LOGIN_MAX_FAILURES_PER_ADDRESS: '9' })).toThrow(/LOGIN_MAX_FAILURES_PER_ADDRESS/);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: '10', LOGIN_MAX_FAILURES_PER_USERNAME: '9' })).toThrow(/LOGIN_MAX_FAILURES_PER_USERNAME/);
    expect(loadConfig({ LOGIN_MAX_FAILURES: '10', LOGIN_MAX_FAILURES_PER_USERNAME: '0' }).loginMaxFailuresPerUsername).toBe(0);
  });
});
