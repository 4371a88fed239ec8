/**
 * One webhook: JSON bodies POSTed one at a time in the order given, each within 5 s, not retried, at most 200
 * waiting (then the oldest is dropped, with a warning). Used by the serial watch (SERIAL_WATCH_WEBHOOK_URL, ADR 014),
 * the audit log (AUDIT_WEBHOOK_URL, ADR 016) and Cloudflare's health (CLOUDFLARE_HEALTH_WEBHOOK_URL, ADR 022). The URL often holds a secret (Slack's does): it is never logged;
 * failures are logged with `describe(body)` only, and told to `onFailure` (the metric
 * `bff_webhook_failures_total{webhook, reason}`).
 */
import type { FastifyBaseLogger } from 'fastify';

const TIMEOUT_MS = 5000;
const MAX_QUEUE = 200;

/** What became of one event: taken (2xx), or not and why in words. */
export interface Delivery {
  taken: boolean;
  detail: string;
}

export interface JsonPoster<T> {
  post(body: T): void;
  /**
   * Sends `{event: "test", text, time}` now (not behind the queue) and says what became of it: an admin's "Send a
   * test message" from the Settings page. Counted like any event.
   */
  test(text: string): Promise<Delivery>;
  /** Resolves when every body queued so far has been sent (or has failed). */
  drain(): Promise<void>;
}

/** Why an event did not reach the webhook: an answer other than 2xx, no answer in time, no connection, or dropped unsent. */
export type WebhookFailure = 'refused' | 'timeout' | 'unreachable' | 'dropped';

export interface PosterOptions<T> {
  /** Who posts, in log messages and the user-agent: "serial watch", "audit log". */
  name: string;
  /** What a log line may say about a body (never its whole text, never the URL). */
  describe: (body: T) => Record<string, unknown>;
  /** Each event that did not reach the webhook (counted in the metrics). */
  onFailure?: (reason: WebhookFailure, detail: string) => void;
  /** Each event the webhook took (2xx). */
  onSent?: () => void;
  /**
   * Sandbox mode (no token): each body says so (`"sandbox": true`, its `text` led by "[sandbox]"), so a team channel
   * never takes the emulator's events for Cloudflare's.
   */
  sandbox?: boolean;
}

function sandboxed<T>(body: T): T & { sandbox: true } {
  const text = (body as { text?: unknown }).text;
  return { ...body, ...(typeof text === 'string' ? { text: `[sandbox] ${text}` } : {}), sandbox: true };
}

export function createJsonPoster<T>(url: string, log: FastifyBaseLogger, options: PosterOptions<T>): JsonPoster<T> {
  const queue: T[] = [];
  let sending: Promise<void> | null = null;

  /** One POST of `body` (`described` in log lines), reported to `onSent` / `onFailure`. */
  async function deliver(body: unknown, described: Record<string, unknown>): Promise<Delivery> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': `secondary-dns-dashboard ${options.name}` },
        body: JSON.stringify(options.sandbox ? sandboxed(body) : body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) {
        const detail = `refused with HTTP ${response.status}`;
        log.warn({ webhook: { ...described, status: response.status } }, `${options.name}: the webhook refused the event (HTTP ${response.status})`);
        options.onFailure?.('refused', detail);
        return { taken: false, detail };
      }
      options.onSent?.();
      return { taken: true, detail: `HTTP ${response.status}` };
    } catch (error) {
      const timeout = error instanceof Error && error.name === 'TimeoutError';
      const reason = timeout ? `no answer within ${TIMEOUT_MS / 1000} s` : 'could not reach it';
      log.warn({ webhook: described }, `${options.name}: the webhook did not take the event (${reason})`);
      options.onFailure?.(timeout ? 'timeout' : 'unreachable', reason);
      return { taken: false, detail: reason };
    }
  }

  const send = (body: T) => deliver(body, options.describe(body));

  function pump(): void {
    if (sending) return;
    sending = (async () => {
      for (let body = queue.shift(); body; body = queue.shift()) await send(body);
    })().finally(() => {
      sending = null;
      if (queue.length > 0) pump();
    });
  }

  return {
    post(body) {
      queue.push(body);
      if (queue.length > MAX_QUEUE) {
        const dropped = queue.shift()!;
        log.warn({ webhook: { dropped: options.describe(dropped) } }, `${options.name}: webhook events are arriving faster than they are taken; the oldest was dropped`);
        options.onFailure?.('dropped', 'dropped unsent: events arrived faster than the webhook took them');
      }
      pump();
    },
    test(text) {
      return deliver({ event: 'test', text, time: new Date().toISOString() }, { event: 'test' });
    },
    async drain() {
      while (sending) await sending;
    },
  };
}
