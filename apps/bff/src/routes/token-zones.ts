/**
 * `GET /api/zones` for an API token limited to zones (docs/decisions/019-api-tokens.md): the zones list, but of the
 * token's zones only — what a deploy job asks first to find its zone's id by name. Cloudflare's list cannot be asked
 * for a set of ids, so each of the token's zones (at most 20) is read by id (`zones.get`: one read of the shared budget
 * each, the read cache when fresh) and the list's own semantics are applied here: `account_id`, the `name` filter
 * (exact, `contains:`, …), sorted by name, `page` / `per_page` with `result_info`. A zone deleted since the token was
 * made is left out; any other failure to read one is the answer (a partial list would look complete). Requests
 * without such a token are forwarded as any other operation.
 */
import { nameMatches, okEnvelope, paginate, type Zone, type ZonesListQuery } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { budgetUse } from '../governor/client-key.js';
import { MessageCodes } from '../upstream/gateway.js';
import type { OperationHandler } from './operations.js';

export function tokenZonesListHandler(fastify: FastifyInstance, forward: OperationHandler): OperationHandler {
  return async (request, reply) => {
    const token = request.apiToken;
    if (!token?.zones) return forward(request, reply);
    const query = request.query as ZonesListQuery;
    const options = { log: request.log, ...budgetUse(request), deadline: Date.now() + fastify.config.upstreamTotalTimeoutMs };
    const answers = await Promise.all(
      token.zones.map((zone) => fastify.upstream.call('zones.get', { params: { zone_id: zone.id } }, options)),
    );
    const zones: Zone[] = [];
    for (const answer of answers) {
      if (answer.ok) zones.push(answer.envelope.result as Zone);
      else if (answer.status !== 404) return reply.code(answer.status).headers(answer.headers).send(answer.envelope);
    }
    const matching = zones
      .filter((zone) => query.account_id === undefined || zone.account?.id === query.account_id)
      .filter((zone) => !query.name || nameMatches(query.name, zone.name))
      .sort((a, b) => a.name.localeCompare(b.name));
    const { slice, info } = paginate(matching, query.page, query.per_page, 20);
    const envelope = okEnvelope(slice, info);
    const count = token.zones.length;
    envelope.messages.push({
      code: MessageCodes.tokenZonesOnly,
      message: `The API token "${token.name}" is limited to ${count === 1 ? 'one zone' : `${count} zones`}: this list holds ${count === 1 ? 'it' : 'them'} only.`,
    });
    return reply.header('cache-control', 'no-store').send(envelope);
  };
}
