/**
 * What each webhook did since the server started — events taken, events not taken and why, when — for the Settings
 * page ("is the audit webhook working?") beside the counters in /metrics. One reporter per webhook, given to its
 * poster (`onSent`, `onFailure`); each webhook that is set registers its test message (the page's "Send a test
 * message").
 */
import type { Counter } from 'prom-client';
import { utcTime } from '../text.js';
import type { Delivery, PosterOptions } from './poster.js';

/** The webhooks by the name the metrics label them with. */
export type WebhookName = 'audit log' | 'serial watch' | 'cloudflare health';

export interface WebhookDelivery {
  sent: number;
  failed: number;
  lastSentAt: number | null;
  lastFailure: { at: number; detail: string } | null;
}

export class WebhookDeliveries {
  private readonly byName = new Map<WebhookName, WebhookDelivery>();
  private readonly testers = new Map<WebhookName, (text: string) => Promise<Delivery>>();

  constructor(
    private readonly counters: { sent: Counter<'webhook'>; failures: Counter<'webhook' | 'reason'> },
    private readonly now: () => number = Date.now,
  ) {}

  /** A webhook that is set: its "Send a test message" (JsonPoster.test). */
  register(name: WebhookName, test: (text: string) => Promise<Delivery>): void {
    this.testers.set(name, test);
  }

  /** Sends a test message to the webhook and says what became of it; null when that webhook is not set. */
  test(name: WebhookName, text: string): Promise<Delivery> | null {
    return this.testers.get(name)?.(text) ?? null;
  }

  /** The callbacks a poster reports each event's outcome to. */
  reporter(name: WebhookName): Required<Pick<PosterOptions<unknown>, 'onSent' | 'onFailure'>> {
    const delivery = this.entry(name);
    return {
      onSent: () => {
        delivery.sent += 1;
        delivery.lastSentAt = this.now();
        this.counters.sent.inc({ webhook: name });
      },
      onFailure: (reason, detail) => {
        delivery.failed += 1;
        delivery.lastFailure = { at: this.now(), detail };
        this.counters.failures.inc({ webhook: name, reason });
      },
    };
  }

  get(name: WebhookName): WebhookDelivery {
    return { ...this.entry(name) };
  }

  private entry(name: WebhookName): WebhookDelivery {
    let delivery = this.byName.get(name);
    if (!delivery) {
      delivery = { sent: 0, failed: 0, lastSentAt: null, lastFailure: null };
      this.byName.set(name, delivery);
    }
    return delivery;
  }
}

/** In words, for the Settings page; not ok when the latest event was not taken. */
export function deliveryStatus(delivery: WebhookDelivery): { text: string; ok: boolean } {
  const ok = delivery.lastFailure === null || (delivery.lastSentAt !== null && delivery.lastSentAt > delivery.lastFailure.at);
  return { text: deliveryWords(delivery), ok };
}

function deliveryWords(delivery: WebhookDelivery): string {
  if (delivery.sent === 0 && delivery.failed === 0) return 'Nothing to tell since the server started.';
  const sent = delivery.sent === 0 ? 'none taken' : `${delivery.sent} taken, the last at ${utcTime(delivery.lastSentAt!, { date: true })}`;
  const failed = delivery.lastFailure
    ? `; ${delivery.failed} not taken, the last at ${utcTime(delivery.lastFailure.at, { date: true })} (${delivery.lastFailure.detail})`
    : '';
  return `Since the server started: ${sent}${failed}.`;
}
