/** GET /api/meta (in the envelope) and sandbox mode: without a token the BFF starts its own sandbox and says so. */
import { SEED } from '@secdns/sandbox';
import { describe, expect, it } from 'vitest';
import { SANDBOX_BANNER } from '../../src/plugins/upstream.js';
import { appFor, buildTestApp, startTestSandbox } from '../helper.js';

describe('sandbox mode (no CLOUDFLARE_API_TOKEN)', () => {
  it('boots its own sandbox, serves it, warns loudly, and /api/meta says sandbox', async () => {
    const { app, logs } = await buildTestApp({ CLOUDFLARE_API_TOKEN: undefined });
    try {
      const meta = await app.inject({ method: 'GET', url: '/api/meta' });
      expect(meta.statusCode).toBe(200);
      expect(meta.json()).toEqual({
        success: true,
        errors: [],
        messages: [],
        result: {
          mode: 'sandbox',
          defaultAccountId: SEED.accountId,
          upstream: 'sandbox',
          version: expect.any(String),
          // No single sign-on configured.
          sso: null,
        },
      });
      expect(app.config.mode).toBe('sandbox');

      const warn = logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === SANDBOX_BANNER);
      expect(warn?.level).toBe(40);

      // The built-in sandbox answers through the BFF.
      const peers = await app.inject({ method: 'GET', url: `/api/accounts/${SEED.accountId}/secondary_dns/peers` });
      expect(peers.statusCode).toBe(200);
      expect(peers.json().result.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('CLOUDFLARE_ACCOUNT_ID wins over the seeded account', async () => {
    const accountId = 'abcdefabcdefabcdefabcdefabcdef12';
    const { app } = await buildTestApp({ CLOUDFLARE_API_TOKEN: undefined, CLOUDFLARE_ACCOUNT_ID: accountId });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/meta' })).json().result).toMatchObject({
        mode: 'sandbox',
        defaultAccountId: accountId,
      });
    } finally {
      await app.close();
    }
  });
});

describe('cloudflare mode (a token is set)', () => {
  it('/api/meta names the upstream host and has no default account unless configured', async () => {
    const sandbox = await startTestSandbox();
    const { app } = await appFor(sandbox);
    try {
      const json = (await app.inject({ method: 'GET', url: '/api/meta' })).json().result;
      expect(json).toMatchObject({ mode: 'cloudflare', defaultAccountId: null, upstream: new URL(sandbox.url).host });
      expect(app.config).not.toHaveProperty('cloudflareApiToken');
    } finally {
      await app.close();
      await sandbox.close();
    }
  });
});
