/**
 * The serial watch's webhook (SERIAL_WATCH_WEBHOOK_URL; docs/decisions/014-serial-watch.md): one POST per change of
 * a zone — it fell behind, or is no longer behind — with a JSON body that chat tools take as it is (`text`, as Slack's and
 * Mattermost's incoming webhooks read it) and the facts for anything else. Sent one at a time in the order they
 * happened, each within 5 s, not retried (the next round says it again only when the zone changes again: the
 * metrics are the durable signal). The URL often holds a secret (Slack's does): it is never logged.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SerialWatchZone } from '@secdns/api-types';

export interface SerialWatchEvent {
  event: 'zone.behind' | 'zone.not_behind';
  /** One line for a chat channel. */
  text: string;
  account_id: string;
  zone_id: string;
  zone: string;
  direction: SerialWatchZone['direction'];
  verdict: string;
  cloudflare_serial: number | null;
  peers: { name: string | null; address: string | null; serial: number | null; status: string }[];
  behind_since: string | null;
  checked_at: string;
}

export type Notify = (event: SerialWatchEvent) => void;

const TIMEOUT_MS = 5000;
/** Events waiting to be sent; more are dropped (oldest first) with a warning. */
const MAX_QUEUE = 200;

export function eventFor(zone: SerialWatchZone, kind: SerialWatchEvent['event']): SerialWatchEvent {
  const name = zone.zone_name.replace(/\.$/, '');
  const who = zone.direction === 'incoming' ? 'primaries' : 'secondaries';
  const serials = zone.check.peers
    .filter((peer) => peer.serial !== null)
    .map((peer) => `${peer.peer_name ?? peer.peer_id} ${peer.serial}`)
    .join(', ');
  const facts = `Cloudflare ${zone.check.cloudflare_serial ?? 'none'}${serials ? `; ${who}: ${serials}` : ''}`;
  return {
    event: kind,
    text:
      kind === 'zone.behind'
        ? `${name} is behind: ${zone.label} (${facts}).`
        : `${name} is no longer behind: ${zone.label} (${facts}).`,
    account_id: zone.account_id,
    zone_id: zone.zone_id,
    zone: zone.zone_name,
    direction: zone.direction,
    verdict: zone.label,
    cloudflare_serial: zone.check.cloudflare_serial,
    peers: zone.check.peers.map((peer) => ({ name: peer.peer_name, address: peer.address, serial: peer.serial, status: peer.status })),
    behind_since: zone.behind_since,
    checked_at: zone.check.checked_at,
  };
}

export interface WebhookNotifier {
  notify: Notify;
  /** Resolves when every event queued so far has been sent (or has failed). */
  drain(): Promise<void>;
}

export function createWebhookNotifier(url: string, log: FastifyBaseLogger): WebhookNotifier {
  const queue: SerialWatchEvent[] = [];
  let sending: Promise<void> | null = null;

  async function send(event: SerialWatchEvent): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'secondary-dns-dashboard serial watch' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) {
        log.warn({ webhook: { event: event.event, zone: event.zone, status: response.status } }, `serial watch: the webhook refused the event (HTTP ${response.status})`);
      }
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : 'could not reach it';
      log.warn({ webhook: { event: event.event, zone: event.zone } }, `serial watch: the webhook did not take the event (${reason})`);
    }
  }

  function pump(): void {
    if (sending) return;
    sending = (async () => {
      for (let event = queue.shift(); event; event = queue.shift()) await send(event);
    })().finally(() => {
      sending = null;
      if (queue.length > 0) pump();
    });
  }

  return {
    notify(event) {
      queue.push(event);
      if (queue.length > MAX_QUEUE) {
        const dropped = queue.shift()!;
        log.warn({ webhook: { dropped: dropped.zone } }, 'serial watch: webhook events are arriving faster than they are taken; the oldest was dropped');
      }
      pump();
    },
    async drain() {
      while (sending) await sending;
    },
  };
}
