/**
 * `POST /api/accounts/:account_id/secondary_dns/peers` takes the whole peer. Cloudflare's create accepts only
 * `{name}`, so the BFF creates with the name, then (if anything else was given) PUTs the full body to the new id.
 * If that update fails the peer exists without its details: the answer keeps the update's failing status, says so
 * first (ErrorCodes.partialCreate, naming the id), then lists the upstream errors, with `result` = the created peer.
 */
import { ErrorCodes, type Peer, type PeerBody } from '@secdns/api-types';
import type { FastifyInstance } from 'fastify';
import { clientKey } from '../governor/client-key.js';
import type { OperationHandler } from './operations.js';

const DETAIL_FIELDS = ['ip', 'port', 'ixfr_enable', 'tsig_id'] as const;

export function createPeerHandler(fastify: FastifyInstance): OperationHandler {
  return async (request, reply) => {
    const params = request.params as { account_id: string };
    const body = request.body as PeerBody;
    const log = request.log;
    // Create and update share one time bound, so the whole request is bounded like any other.
    const options = { log, clientKey: clientKey(request), deadline: Date.now() + fastify.config.upstreamTotalTimeoutMs };

    const created = await fastify.upstream.call(
      'peers.create',
      { params, body: { name: body.name } },
      options,
    );
    const peer = created.envelope.result as Peer | null | undefined;
    const hasDetails = DETAIL_FIELDS.some((field) => body[field] !== undefined);
    if (!created.ok || !hasDetails || !peer?.id) {
      return reply.code(created.status).headers(created.headers).send(created.envelope);
    }

    const updated = await fastify.upstream.call(
      'peers.update',
      { params: { account_id: params.account_id, peer_id: peer.id }, body },
      options,
    );
    if (updated.ok) {
      return reply.code(created.status).headers(updated.headers).send(updated.envelope);
    }

    const missing = DETAIL_FIELDS.filter((field) => body[field] !== undefined)
      .map((field) => ({ ip: 'ip', port: 'port', ixfr_enable: 'IXFR', tsig_id: 'TSIG' })[field])
      .join(', ');
    const reason = updated.reason ?? `HTTP ${updated.status}`;
    const message =
      `Peer "${peer.name ?? body.name}" was created (id ${peer.id}) but its details (${missing}) were not saved: ` +
      `${reason}. Edit the peer to finish.`;
    log.warn({ peerId: peer.id, status: updated.status }, 'peer created without its details');
    const upstreamErrors = updated.envelope.errors ?? [];
    return reply
      .code(updated.status)
      .headers(updated.headers)
      .send({
        success: false,
        errors: [{ code: ErrorCodes.partialCreate, message }, ...upstreamErrors],
        messages: updated.envelope.messages ?? [],
        result: peer,
      });
  };
}
