import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      cloudflareApiToken: undefined,
      cloudflareApiBaseUrl: 'https://api.cloudflare.com/client/v4',
      cloudflareAccountId: undefined,
      upstreamTimeoutMs: 10000,
      logLevel: 'info',
    });
    expect(config.dataDir).toBe(join(REPOSITORY, 'data'));
    expect(config.webDistDir).toBe(join(REPOSITORY, 'apps/web/dist'));
  });

  it('takes a relative DATA_DIR and WEB_DIST_DIR from the repository root, not the working directory', () => {
    // Vitest runs in apps/bff: from the working directory, `data` would be apps/bff/data (a second database).
    expect(process.cwd()).not.toBe(REPOSITORY);
    const relative = loadConfig({ DATA_DIR: 'var/dashboard', WEB_DIST_DIR: './apps/web/dist' });
    expect(relative.dataDir).toBe(join(REPOSITORY, 'var/dashboard'));
    expect(relative.webDistDir).toBe(join(REPOSITORY, 'apps/web/dist'));
    const absolute = loadConfig({ DATA_DIR: '/srv/dashboard', WEB_DIST_DIR: '/srv/web' });
    expect(absolute.dataDir).toBe('/srv/dashboard');
    expect(absolute.webDistDir).toBe('/srv/web');
  });

  it('parses and normalizes values', () => {
    const config = loadConfig({
      PORT: '9000',
      CLOUDFLARE_API_BASE_URL: 'http://127.0.0.1:1234/client/v4/',
      UPSTREAM_TIMEOUT_MS: '300',
      LOG_LEVEL: 'DEBUG',
      CLOUDFLARE_API_TOKEN: '',
    });
    expect(config).toMatchObject({
      port: 9000,
      cloudflareApiBaseUrl: 'http://127.0.0.1:1234/client/v4',
      upstreamTimeoutMs: 300,
      logLevel: 'debug',
      cloudflareApiToken: undefined,
    });
  });

  it('fails fast naming every bad variable, without echoing the token', () => {
    const token = 'bad token with spaces';
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', CLOUDFLARE_API_BASE_URL: 'ftp://x', CLOUDFLARE_ACCOUNT_ID: 'nope', CLOUDFLARE_API_TOKEN: token });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'CLOUDFLARE_API_BASE_URL', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain(token);
  });

  it('READ_SHARE_PER_CLIENT: half by default, a ratio above 0 and at most 1 (off)', () => {
    expect(loadConfig({}).readSharePerClient).toBe(0.5);
    expect(loadConfig({ READ_SHARE_PER_CLIENT: '0.25' }).readSharePerClient).toBe(0.25);
    expect(loadConfig({ READ_SHARE_PER_CLIENT: '1' }).readSharePerClient).toBe(1);
    expect(loadConfig({ READ_SHARE_PER_CLIENT: ' ' }).readSharePerClient).toBe(0.5);
    for (const [value, problem] of [
      ['0', /READ_SHARE_PER_CLIENT: must be more than 0/],
      ['1.5', /READ_SHARE_PER_CLIENT: must be at most 1/],
      ['50%', /READ_SHARE_PER_CLIENT: must be a number between 0 and 1/],
    ] as const) {
      expect(() => loadConfig({ READ_SHARE_PER_CLIENT: value }), value).toThrow(problem);
    }
  });
});
