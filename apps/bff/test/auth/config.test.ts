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
      loginWindowMinutes: 15,
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
        LOGIN_WINDOW_MINUTES: '1',
      }),
    ).toMatchObject({
      dashboardAdminPassword: 'a-long-enough-password',
      sessionIdleMinutes: 5,
      sessionMaxHours: 2,
      cookieSecure: true,
      loginMaxFailures: 3,
      loginWindowMinutes: 1,
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
});
