/**
 * Which zones use each peer (BFF-owned; docs/decisions/012-peer-usage.md):
 *   GET /api/accounts/:account_id/secondary_dns/peers/usage
 * Cloudflare has no "used by" for peers and deletes or changes a peer that zones name without a word. This route
 * lists the account's zones and reads each zone's transfer configuration through the gateway (the shared budget, the
 * read cache and coalescing, like any read): a secondary zone's incoming configuration (its primaries), any other
 * zone's outgoing configuration (its secondaries).
 * Bounds: the scan sends at most half of what is left of the budget when it starts (of the user's share of reads,
 * when that is less; cached reads cost nothing), a few reads at a time, within PEER_USAGE_TIME_MS; it stops at the
 * first read the budget refuses. Zones are read in name
 * order: what was not reached is counted and `resume_from` says where the next look-up (`?from=`) continues, so a
 * large account is read in turns; zones Cloudflare answered an error for are named. "Used by no zone" is only said
 * when every zone was read.
 */
import {
  PeerUsageParamsSchema,
  PeerUsageQuerySchema,
  PeerUsageSchema,
  okEnvelope,
  type Envelope,
  type Incoming,
  type Outgoing,
  type PeerUsage,
  type PeerUse,
  type UnreadZone,
  type Zone,
  envelopeResponses,
} from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { clientKey } from '../governor/client-key.js';
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
        querystring: PeerUsageQuerySchema,
        response: envelopeResponses(PeerUsageSchema),
      },
    },
    async (request, reply) => {
      const { account_id } = request.params as { account_id: string };
      const { from } = request.query as { from?: string };
      const deadline = Date.now() + options.scanTimeMs;
      const key = clientKey(request);
      const remaining = fastify.governor.remaining();
      const shareLeft = fastify.governor.readShareLeft(key);
      const allowance = Math.floor(Math.min(remaining, shareLeft) / 2);
      const callOptions = { log: request.log, deadline, clientKey: key, purpose: 'find-zones-using-peers' as const };
      let calls = 0;
      /** Reads sent and not answered yet: counted against the allowance until they turn out to be cache hits. */
      let pending = 0;
      let stale = false;
      /** Set once a zone is not reached (budget or time, or the budget refused a read): every zone after it is not reached either. */
      let stoppedBy: 'budget' | 'time' | null = null;
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
      const listed: Zone[] = [...(first.envelope.result ?? [])];
      const totalPages = first.envelope.result_info?.total_pages ?? 1;
      let listStop: 'budget' | 'time' | 'error' | null = null;
      for (let page = 2; page <= totalPages; page++) {
        if (Date.now() >= deadline) listStop = 'time';
        else if (calls >= allowance) listStop = 'budget';
        if (listStop) break;
        const next = account(
          await fastify.upstream.call('zones.list', { params: {}, query: { account_id, page, per_page: PER_PAGE } }, callOptions),
        );
        if (!next.ok) {
          listStop = next.status === 429 ? 'budget' : 'error';
          break;
        }
        listed.push(...(next.envelope.result ?? []));
      }
      const zonesTotal = Math.max(first.envelope.result_info?.total_count ?? listed.length, listed.length);
      const unlisted = zonesTotal - listed.length;

      // 2. Each zone's transfer configuration, in name order from `from`, a few at a time.
      const byName = (a: { zone_name: string }, b: { zone_name: string }) => a.zone_name.localeCompare(b.zone_name);
      const sorted = [...listed].sort((a, b) => a.name.localeCompare(b.name));
      const queue = from ? sorted.filter((zone) => zone.name.localeCompare(from) >= 0) : sorted;
      const zonesBefore = sorted.length - queue.length;
      const uses: PeerUse[] = [];
      const unread: UnreadZone[] = [];
      const notReached: Zone[] = [];
      let read = 0;
      const readOne = async (zone: Zone): Promise<void> => {
        const direction = zone.type === 'secondary' ? 'incoming' : 'outgoing';
        if (!stoppedBy && Date.now() >= deadline) stoppedBy = 'time';
        if (!stoppedBy && calls + pending >= allowance) stoppedBy = 'budget';
        if (stoppedBy) {
          notReached.push(zone);
          return;
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
          // Not reached rather than failed: the next look-up reads it.
          stoppedBy = 'budget';
          notReached.push(zone);
          return;
        }
        unread.push({
          zone_id: zone.id,
          zone_name: zone.name,
          reason: response.status === 504 ? 'time' : 'error',
          message: firstError(response.envelope, response.status),
        });
      };
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
          for (let zone = queue.shift(); zone; zone = queue.shift()) await readOne(zone);
        }),
      );

      uses.sort(byName);
      unread.sort(byName);
      notReached.sort((a, b) => a.name.localeCompare(b.name));
      const resumeFrom = notReached[0]?.name ?? null;
      const complete = unread.length === 0 && notReached.length === 0 && unlisted === 0;
      const sent = `${plural(calls, 'call')} to Cloudflare`;
      const range = from ? `${plural(zonesTotal - zonesBefore, 'zone')} from ${from} on` : plural(zonesTotal, 'zone');
      let message: string;
      if (complete && zonesTotal === 0) {
        message = `This account has no zones, so no zone uses a peer (${sent}).`;
      } else if (complete) {
        message = from
          ? `Read the transfer configuration of the ${range} (${sent}).`
          : `Read the transfer configuration of ${zonesTotal === 1 ? 'the only zone' : `all ${plural(zonesTotal, 'zone')}`} (${sent}).`;
      } else {
        const left = [
          notReached.length > 0 &&
            (stoppedBy === 'time'
              ? `${notReached.length} for lack of time (the look-up stops after ${options.scanTimeMs / 1000} s)`
              : shareLeft < remaining
                ? `${notReached.length} to spare your share of the shared Cloudflare budget (the look-up takes at most half of what is left of it)`
                : `${notReached.length} to spare the shared Cloudflare budget (the look-up takes at most half of what is left)`),
          unread.length > 0 && `${unread.length} because Cloudflare answered an error`,
          unlisted > 0 &&
            `${unlisted} not even listed (${listStop === 'time' ? 'no time left' : listStop === 'budget' ? 'no budget left' : 'Cloudflare answered an error'})`,
        ].filter(Boolean);
        message =
          `Read ${read} of ${range} (${sent}). Not read: ${left.join('; ')}. ` +
          (resumeFrom ? `Read the rest later to continue from ${resumeFrom}.` : 'Those zones may use a peer too: try again later.');
      }
      if (stale) message += ' Some configurations came from the cache because the budget was spent: they may be a few minutes old.';
      request.log.info(
        { peerUsage: { account_id, from, zones_total: zonesTotal, zones_read: read, not_read: notReached.length, upstream_calls: calls, complete } },
        `peer usage: read ${read} of ${plural(zonesTotal, 'zone')}`,
      );
      const usage: PeerUsage = {
        account_id,
        checked_at: new Date().toISOString(),
        zones_total: zonesTotal,
        zones_read: read,
        zones_before: zonesBefore,
        not_read: notReached.length,
        stopped_by: notReached.length > 0 ? stoppedBy : null,
        resume_from: resumeFrom,
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
