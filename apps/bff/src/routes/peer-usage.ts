/**
 * Which zones use each peer (BFF-owned; docs/decisions/012-peer-usage.md):
 *   GET /api/accounts/:account_id/secondary_dns/peers/usage
 * Cloudflare has no "used by" for peers and deletes or changes a peer that zones name without a word. This route
 * lists the account's zones and reads each zone's transfer configuration through the gateway (the shared budget, the
 * read cache and coalescing, like any read): a secondary zone's incoming configuration (its primaries), any other
 * zone's outgoing configuration (its secondaries).
 * Bounds: the scan sends at most half of what is left of the budget when it starts (cached reads cost nothing), a few
 * reads at a time, within SCAN_TIME_MS; it stops at the first read the budget refuses. What was not read is named,
 * with why, so "used by no zone" is only said when every zone was read.
 */
import {
  AnyEnvelopeSchema,
  PeerUsageParamsSchema,
  PeerUsageSchema,
  envelopeSchema,
  okEnvelope,
  type Envelope,
  type Incoming,
  type Outgoing,
  type PeerUsage,
  type PeerUse,
  type UnreadZone,
  type Zone,
} from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import type { GatewayResponse } from '../upstream/gateway.js';
import { plural } from '../text.js';

const PER_PAGE = 50;
const CONCURRENCY = 4;

function firstError(envelope: Envelope<unknown>, status: number): string {
  return envelope.errors?.[0]?.message ?? `Cloudflare answered ${status}.`;
}

export default async function peerUsageRoutes(fastify: FastifyInstance, options: { scanTimeMs: number }) {
  fastify.get(
    '/api/accounts/:account_id/secondary_dns/peers/usage',
    {
      schema: {
        operationId: 'peers.usage',
        summary: "Which zones use each peer: reads every zone's transfer configuration (at most half the remaining budget)",
        tags: ['peers'],
        params: PeerUsageParamsSchema,
        response: { 200: envelopeSchema(PeerUsageSchema), '4xx': AnyEnvelopeSchema, '5xx': AnyEnvelopeSchema },
      },
    },
    async (request, reply) => {
      const { account_id } = request.params as { account_id: string };
      const deadline = Date.now() + options.scanTimeMs;
      const allowance = Math.floor(fastify.governor.snapshot().remaining / 2);
      const callOptions = { log: request.log, deadline };
      let calls = 0;
      /** Reads sent and not answered yet: counted against the allowance until they turn out to be cache hits. */
      let pending = 0;
      let stale = false;
      /** Set when the budget refused a read: nothing more is asked. */
      let refusal: string | null = null;
      const account = <T>(response: GatewayResponse<T>): GatewayResponse<T> => {
        if (response.cache === 'miss' || response.cache === 'bypass') calls += 1;
        if (response.cache === 'stale') stale = true;
        return response;
      };

      // 1. The zones, a page of 50 at a time. The first page always goes (the gateway guards the budget itself).
      const first = account(
        await fastify.upstream.call('zones.list', { params: {}, query: { account_id, page: 1, per_page: PER_PAGE } }, callOptions),
      );
      if (!first.ok) return reply.code(first.status).headers(first.headers).send(first.envelope);
      const zones: Zone[] = [...(first.envelope.result ?? [])];
      const totalPages = first.envelope.result_info?.total_pages ?? 1;
      let zonesTotal = first.envelope.result_info?.total_count ?? zones.length;
      let listStop: UnreadZone['reason'] | null = null;
      for (let page = 2; page <= totalPages; page++) {
        if (Date.now() >= deadline) listStop = 'time';
        else if (calls >= allowance) listStop = 'budget';
        if (listStop) break;
        const next = account(
          await fastify.upstream.call('zones.list', { params: {}, query: { account_id, page, per_page: PER_PAGE } }, callOptions),
        );
        if (!next.ok) {
          listStop = next.status === 429 ? 'budget' : 'error';
          if (next.status === 429) refusal = firstError(next.envelope, next.status);
          break;
        }
        zones.push(...(next.envelope.result ?? []));
      }
      zonesTotal = Math.max(zonesTotal, zones.length);

      // 2. Each zone's transfer configuration, a few at a time.
      const uses: PeerUse[] = [];
      const unread: UnreadZone[] = [];
      let read = 0;
      const queue = [...zones];
      const readOne = async (zone: Zone): Promise<void> => {
        const direction = zone.type === 'secondary' ? 'incoming' : 'outgoing';
        const skip = (reason: UnreadZone['reason'], message: string): void => {
          unread.push({ zone_id: zone.id, zone_name: zone.name, reason, message });
        };
        if (refusal) return skip('budget', refusal);
        if (Date.now() >= deadline) {
          return skip('time', `Not read: the look-up stops after ${options.scanTimeMs / 1000} s.`);
        }
        if (calls + pending >= allowance) {
          return skip('budget', 'Not read: the look-up never takes more than half of what is left of the Cloudflare budget.');
        }
        pending += 1;
        const response = account(
          await fastify.upstream
            .call(`${direction}.get`, { params: { zone_id: zone.id } }, callOptions)
            .finally(() => (pending -= 1)),
        );
        if (response.ok) {
          read += 1;
          const config = response.envelope.result as Incoming | Outgoing;
          for (const peer_id of config.peers ?? []) uses.push({ peer_id, zone_id: zone.id, zone_name: zone.name, direction });
          return;
        }
        // 404: the zone has no such configuration, so it names no peer.
        if (response.status === 404) {
          read += 1;
          return;
        }
        if (response.status === 429) {
          refusal = firstError(response.envelope, response.status);
          return skip('budget', refusal);
        }
        return skip(response.status === 504 ? 'time' : 'error', firstError(response.envelope, response.status));
      };
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
          for (let zone = queue.shift(); zone; zone = queue.shift()) await readOne(zone);
        }),
      );

      const byName = (a: { zone_name: string }, b: { zone_name: string }) => a.zone_name.localeCompare(b.zone_name);
      uses.sort(byName);
      unread.sort(byName);
      const unlisted = zonesTotal - zones.length;
      const complete = unread.length === 0 && unlisted === 0;
      const sent = `${plural(calls, 'call')} to Cloudflare`;
      let message: string;
      if (complete) {
        message = `Read the transfer configuration of ${zonesTotal === 1 ? 'the only zone' : `all ${plural(zonesTotal, 'zone')}`} (${sent}).`;
      } else {
        const count = (reason: UnreadZone['reason']) =>
          unread.filter((u) => u.reason === reason).length + (listStop === reason ? unlisted : 0);
        const left = [
          count('budget') && `${count('budget')} to spare the shared Cloudflare budget (the look-up takes at most half of what is left)`,
          count('time') && `${count('time')} for lack of time (the look-up stops after ${options.scanTimeMs / 1000} s)`,
          count('error') && `${count('error')} because Cloudflare answered an error`,
        ].filter(Boolean);
        message =
          `Read ${read} of ${plural(zonesTotal, 'zone')} (${sent}). Not read: ${left.join('; ')}. ` +
          'Those zones may use a peer too: try again later to read them.';
      }
      if (stale) message += ' Some configurations came from the cache because the budget was spent: they may be a few minutes old.';
      request.log.info(
        { peerUsage: { account_id, zones_total: zonesTotal, zones_read: read, upstream_calls: calls, complete } },
        `peer usage: read ${read} of ${plural(zonesTotal, 'zone')}`,
      );
      const usage: PeerUsage = {
        account_id,
        checked_at: new Date().toISOString(),
        zones_total: zonesTotal,
        zones_read: read,
        upstream_calls: calls,
        stale,
        complete,
        uses,
        unread,
        message,
      };
      return reply.header('cache-control', 'no-store').send(okEnvelope(usage));
    },
  );
}
