/**
 * The only module that reads process.env. Everything is parsed with zod once at startup; a bad value stops the
 * server with a message naming the variable.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const BFF_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const EnvSchema = z.object({
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PORT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a port number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be between 0 and 65535' })
      .max(65535, { error: 'must be between 0 and 65535' })
      .default(8787),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  CLOUDFLARE_API_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\S+$/, { error: 'must not contain spaces or line breaks (check for a pasted newline)' })
      .optional(),
  ),
  CLOUDFLARE_API_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.cloudflare.com/client/v4' })
      .default('https://api.cloudflare.com/client/v4'),
  ),
  CLOUDFLARE_ACCOUNT_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{32}$/, { error: 'must be a Cloudflare account id: 32 lowercase hexadecimal characters' })
      .optional(),
  ),
  UPSTREAM_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int({ error: 'must be a whole number of milliseconds' })
      .min(1, { error: 'must be at least 1 ms' })
      .max(600_000, { error: 'must be at most 600000 ms (10 minutes)' })
      .default(10_000),
  ),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' ? emptyToUndefined(value.toLowerCase()) : value),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  WEB_DIST_DIR: z.preprocess(emptyToUndefined, z.string().default(resolve(BFF_ROOT, '../web/dist'))),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  host: string;
  port: number;
  /** Absolute path. */
  dataDir: string;
  /**
   * The Cloudflare API token, if any. Only `buildApp` reads it, to hand it to the upstream client; the config the
   * rest of the app sees (`fastify.config`) is a `PublicConfig` without it.
   */
  cloudflareApiToken: string | undefined;
  /** Without a trailing slash. */
  cloudflareApiBaseUrl: string;
  cloudflareAccountId: string | undefined;
  upstreamTimeoutMs: number;
  logLevel: LogLevel;
  /** Absolute path. */
  webDistDir: string;
}

export type PublicConfig = Omit<AppConfig, 'cloudflareApiToken'> & {
  /** `sandbox` when no token is configured: the BFF serves a built-in Cloudflare emulator. */
  mode: 'sandbox' | 'cloudflare';
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws a `ConfigError` listing every bad variable. Never echoes the token's value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const config: AppConfig = {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    cloudflareApiToken: e.CLOUDFLARE_API_TOKEN,
    cloudflareApiBaseUrl: e.CLOUDFLARE_API_BASE_URL.replace(/\/+$/, ''),
    cloudflareAccountId: e.CLOUDFLARE_ACCOUNT_ID,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    webDistDir: resolve(e.WEB_DIST_DIR),
  };
  return config;
}
