/**
 * The serial watch's webhook (SERIAL_WATCH_WEBHOOK_URL; docs/decisions/014-serial-watch.md): one POST per change of
 * a zone — it fell behind, is no longer behind, is no longer watched while behind, Cloudflare's refresh of it from its
 * primaries became overdue or resumed — with a JSON body that chat tools take as it is (`text`, as Slack's and
 * Mattermost's incoming webhooks read it) and the facts for anything else. Sent one at a time in the order they
 * happened, each within 5 s, not retried (webhook/poster.ts; the next round says it again only when the zone changes
 * again: the metrics are the durable signal). The URL often holds a secret (Slack's does): it is never logged.
 */
import type { FastifyBaseLogger } from 'fastify';
import { behindDuration, formatInterval, type SerialWatchEvent } from '@secdns/api-types';
import { createJsonPoster, type JsonPoster, type PosterOptions } from '../webhook/poster.js';

/** What the watch tells: one event of its history (before it has an id). */
export type WatchEvent = Omit<SerialWatchEvent, 'id'>;

/** The POST's body: the event's facts, its kind as `zone.<event>`, and one line for a chat channel. */
export interface WebhookBody {
  event: `zone.${SerialWatchEvent['event']}`;
  /** One line for a chat channel. */
  text: string;
  account_id: string;
  zone_id: string;
  zone: string;
  direction: SerialWatchEvent['direction'];
  verdict: string;
  cloudflare_serial: number | null;
  peers: SerialWatchEvent['peers'];
  behind_since: string | null;
  /** zone.refresh_overdue: since when (= checked_at); zone.refresh_resumed: since when it had been overdue; else null. */
  refresh_overdue_since: string | null;
  /** The refresh events: when Cloudflare last reached the zone's primaries, and how often it should (seconds). */
  last_refresh: string | null;
  auto_refresh_seconds: number | null;
  /** When the watch found it: the check's time (for zone.not_watched, when the zone was dropped from the watch). */
  checked_at: string;
}

export type Notify = (event: WatchEvent) => void;

export function webhookBody(event: WatchEvent): WebhookBody {
  const name = event.zone_name.replace(/\.$/, '');
  const who = event.direction === 'incoming' ? 'primaries' : 'secondaries';
  const serials = event.peers
    .filter((peer) => peer.serial !== null)
    .map((peer) => `${peer.name ?? peer.address ?? 'peer'} ${peer.serial}`)
    .join(', ');
  const facts = `Cloudflare ${event.cloudflare_serial ?? 'none'}${serials ? `; ${who}: ${serials}` : ''}`;
  const duration = behindDuration(event);
  const interval = event.auto_refresh_seconds ? formatInterval(event.auto_refresh_seconds) : null;
  const lastRefresh = event.last_refresh ? `Cloudflare last reached its primaries at ${event.last_refresh}` : 'Cloudflare has not reached its primaries';
  const texts: Record<SerialWatchEvent['event'], () => string> = {
    behind: () => `${name} is behind: ${event.label} (${facts}).`,
    not_behind: () => `${name} is no longer behind${duration ? ` (after ${duration})` : ''}: ${event.label} (${facts}).`,
    not_watched: () =>
      `${name} is no longer watched (deleted, its transfers removed, or its account no longer listed); ` +
      `it had been behind${duration ? ` for ${duration}` : ''}: ${event.label} (${facts}).`,
    refresh_overdue: () =>
      `${name}: Cloudflare's refresh from its primaries is overdue — ${lastRefresh}` +
      `${interval ? `, refresh interval ${interval}` : ''}. Changes on the primaries do not reach Cloudflare: ` +
      `check that the primaries answer Cloudflare's SOA queries and transfers (ACL, TSIG, firewall) (${facts}).`,
    refresh_resumed: () =>
      `${name}: Cloudflare refreshes it from its primaries again${duration ? ` (overdue for ${duration})` : ''}: ` +
      `${event.label} (${facts}).`,
  };
  const text = texts[event.event]();
  return {
    event: `zone.${event.event}`,
    text,
    account_id: event.account_id,
    zone_id: event.zone_id,
    zone: event.zone_name,
    direction: event.direction,
    verdict: event.label,
    cloudflare_serial: event.cloudflare_serial,
    peers: event.peers,
    behind_since: event.behind_since,
    refresh_overdue_since: event.refresh_overdue_since ?? null,
    last_refresh: event.last_refresh ?? null,
    auto_refresh_seconds: event.auto_refresh_seconds ?? null,
    checked_at: event.time,
  };
}

export interface WebhookNotifier {
  notify: Notify;
  /** Resolves when every event queued so far has been sent (or has failed). */
  drain(): Promise<void>;
  /** A test message, sent now (the Settings page). */
  test: JsonPoster<WebhookBody>['test'];
}

export function createWebhookNotifier(
  url: string,
  log: FastifyBaseLogger,
  report?: Pick<PosterOptions<WebhookBody>, 'onFailure' | 'onSent'>,
  sandbox = false,
): WebhookNotifier {
  const poster = createJsonPoster<WebhookBody>(url, log, {
    name: 'serial watch',
    describe: (body) => ({ event: body.event, zone: body.zone }),
    ...report,
    sandbox,
  });
  return { notify: (event) => poster.post(webhookBody(event)), drain: () => poster.drain(), test: (text) => poster.test(text) };
}
