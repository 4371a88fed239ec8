/**
 * The 31 operations: what each does to the state and what it returns. Input has been validated by the route
 * (params, query, body) and the account / zone in the path resolved, so handlers deal with business rules only.
 */
import { z } from 'zod';
import {
  AccountsListQuerySchema,
  EmptyBodySchema,
  ForceActionBodySchema,
  type AclBodySchema,
  IdSchema,
  IpAddressSchema,
  nameMatches,
  normaliseName,
  paginate,
  type IncomingBodySchema,
  type OperationId,
  type OutgoingBodySchema,
  OUTGOING_STATUS,
  type PeerBodySchema,
  type PeerUpstreamCreateBodySchema,
  type ResponseInfo,
  type ResultInfo,
  type TsigBodySchema,
} from '@secdns/api-types';
import { ApiError, badRequest, notFound, SandboxCodes } from './errors.js';
import {
  newId,
  nowIso,
  type AccountRecord,
  type AclRecord,
  type IncomingRecord,
  type OutgoingRecord,
  type PeerRecord,
  type SandboxState,
  type TsigRecord,
  type ZoneRecord,
} from './state.js';

// ---------------------------------------------------------------------------------------------------------------
// Query schemas (Cloudflare's names; the contract's zones.list query is the BFF's)

const pageNumber = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be 1 or more' });

/** Cloudflare's `GET /zones` query (the subset the sandbox implements; unknown keys are rejected). */
export const ZonesUpstreamQuerySchema = z.strictObject({
  'account.id': IdSchema.optional(),
  'account.name': z.string().max(255).optional(),
  name: z.string().trim().max(300, { error: 'must be at most 300 characters' }).optional(),
  status: z.enum(['initializing', 'pending', 'active', 'moved']).optional(),
  /** Comma-separated zone types, e.g. `full,secondary`. */
  type: z
    .string()
    .regex(/^(full|partial|secondary|internal)(,(full|partial|secondary|internal))*$/, {
      error: 'must be a comma-separated list of full, partial, secondary, internal',
    })
    .optional(),
  order: z.enum(['name', 'status', 'account.id', 'account.name']).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
  match: z.enum(['any', 'all']).optional(),
  page: pageNumber.optional(),
  per_page: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(5, { error: 'must be between 5 and 1000' })
    .max(1000, { error: 'must be between 5 and 1000' })
    .optional(),
});

/** Cloudflare's `GET /accounts` query: the contract's page/per_page plus `name` and `direction`. */
export const AccountsUpstreamQuerySchema = AccountsListQuerySchema.extend({
  name: z.string().max(255).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
});

/**
 * Operations without a documented query accept none. That includes the Secondary DNS lists (ACLs, peers, TSIGs):
 * Cloudflare documents `result_info` on them but no page/per_page, and its SDK reads them as one single page.
 */
export const NoQuerySchema = z.strictObject({});

// ---------------------------------------------------------------------------------------------------------------
// Context

export interface HandlerContext {
  state: SandboxState;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  /** Set when the path has `{account_id}`. */
  account?: AccountRecord;
  /** Set when the path has `{zone_id}`. */
  zone?: ZoneRecord;
}

export interface HandlerResult {
  result: unknown;
  resultInfo?: ResultInfo;
  status?: number;
}

type Handler = (ctx: HandlerContext) => HandlerResult;

// ---------------------------------------------------------------------------------------------------------------
// Presenters: what Cloudflare returns (internal fields stripped, absent optionals omitted)

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const CLOUDFLARE_NAME_SERVERS = ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'];

export function presentAccount(account: AccountRecord) {
  return { id: account.id, name: account.name, type: account.type, created_on: account.created_on };
}

export function presentZone(zone: ZoneRecord, state: SandboxState) {
  const account = state.accounts.find((candidate) => candidate.id === zone.account_id);
  return compact({
    id: zone.id,
    name: zone.name,
    status: zone.status,
    paused: false,
    type: zone.type,
    name_servers: CLOUDFLARE_NAME_SERVERS,
    account: { id: zone.account_id, name: account?.name },
    created_on: zone.created_on,
    modified_on: zone.modified_on,
    activated_on: zone.status === 'active' ? zone.created_on : undefined,
  });
}

const presentAcl = (acl: AclRecord) => ({ id: acl.id, name: acl.name, ip_range: acl.ip_range });
const presentTsig = (tsig: TsigRecord) => ({ id: tsig.id, name: tsig.name, algo: tsig.algo, secret: tsig.secret });
const presentPeer = (peer: PeerRecord) =>
  compact({ id: peer.id, name: peer.name, ip: peer.ip, port: peer.port, ixfr_enable: peer.ixfr_enable, tsig_id: peer.tsig_id });
const presentIncoming = (config: IncomingRecord) => ({
  id: config.id,
  auto_refresh_seconds: config.auto_refresh_seconds,
  checked_time: config.checked_time,
  created_time: config.created_time,
  modified_time: config.modified_time,
  name: config.name,
  peers: [...config.peers],
  soa_serial: config.soa_serial,
});
const presentOutgoing = (config: OutgoingRecord) =>
  compact({
    id: config.id,
    checked_time: config.checked_time,
    created_time: config.created_time,
    last_transferred_time: config.last_transferred_time,
    name: config.name,
    peers: [...config.peers],
    soa_serial: config.soa_serial,
  });

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** Secondary DNS lists: everything on one page (no page/per_page is documented). */
function listAll<T>(items: T[]) {
  return paginate(items, 1, Math.max(20, items.length), 20);
}

/** `YYYYMMDDnn` for today: a plausible SOA serial. */
export function dateSerial(now = new Date(), revision = 1): number {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, '0');
  const d = String(now.getUTCDate()).padStart(2, '0');
  return Number(`${y}${m}${d}${String(revision).padStart(2, '0')}`);
}

function requireAccount(ctx: HandlerContext): AccountRecord {
  if (!ctx.account) throw new Error('route without account');
  return ctx.account;
}
function requireZone(ctx: HandlerContext): ZoneRecord {
  if (!ctx.zone) throw new Error('route without zone');
  return ctx.zone;
}

function findIn<T extends { id: string; account_id: string }>(
  items: T[],
  ctx: HandlerContext,
  param: string,
  what: string,
): T {
  const account = requireAccount(ctx);
  const id = ctx.params[param] ?? '';
  const item = items.find((candidate) => candidate.id === id && candidate.account_id === account.id);
  if (!item) throw notFound(`${what} ${id} not found in account ${account.id}`);
  return item;
}

function incomingOf(ctx: HandlerContext): IncomingRecord {
  const zone = requireZone(ctx);
  const config = ctx.state.incoming.find((candidate) => candidate.zone_id === zone.id);
  if (!config) {
    throw notFound(`zone ${zone.name} (${zone.id}) has no secondary zone configuration (incoming zone transfers)`);
  }
  return config;
}

function outgoingOf(ctx: HandlerContext): OutgoingRecord {
  const zone = requireZone(ctx);
  const config = ctx.state.outgoing.find((candidate) => candidate.zone_id === zone.id);
  if (!config) {
    throw notFound(`zone ${zone.name} (${zone.id}) has no primary zone configuration (outgoing zone transfers)`);
  }
  return config;
}

/** Checks a transfer configuration body: name = zone name, peers exist in the account, one TSIG key for all. */
function checkTransferBody(ctx: HandlerContext, body: { name: string; peers: string[] }): void {
  const zone = requireZone(ctx);
  const errors: ResponseInfo[] = [];
  if (normaliseName(body.name) !== normaliseName(zone.name)) {
    errors.push({
      code: SandboxCodes.validation,
      message: `name: must be the zone's name, ${zone.name}. (got ${body.name})`,
      source: { pointer: '/name' },
    });
  }
  const peers: (PeerRecord | undefined)[] = body.peers.map((id) =>
    ctx.state.peers.find((peer) => peer.id === id && peer.account_id === zone.account_id),
  );
  peers.forEach((peer, index) => {
    if (!peer) {
      errors.push({
        code: SandboxCodes.validation,
        message: `peers.${index}: peer ${body.peers[index]} does not exist in account ${zone.account_id}`,
        source: { pointer: `/peers/${index}` },
      });
    }
  });
  const found = peers.filter((peer): peer is PeerRecord => peer !== undefined);
  const first = found[0];
  if (errors.length === 0 && first) {
    peers.forEach((peer, index) => {
      if (peer && peer.tsig_id !== first.tsig_id) {
        const describe = (p: PeerRecord) => (p.tsig_id ? `TSIG key ${p.tsig_id}` : 'no TSIG key');
        errors.push({
          code: SandboxCodes.validation,
          message:
            `peers.${index}: peer ${peer.name} uses ${describe(peer)} but peer ${first.name} uses ${describe(first)}; ` +
            'every peer linked to a zone must use the same TSIG key (or none)',
          source: { pointer: `/peers/${index}` },
        });
      }
    });
  }
  if (errors.length) throw new ApiError(400, errors);
}

function zonesReferencing(state: SandboxState, peerId: string): string[] {
  const names = (zoneId: string) => state.zones.find((zone) => zone.id === zoneId)?.name ?? zoneId;
  return [
    ...state.incoming.filter((c) => c.peers.includes(peerId)).map((c) => `${names(c.zone_id)} (incoming)`),
    ...state.outgoing.filter((c) => c.peers.includes(peerId)).map((c) => `${names(c.zone_id)} (outgoing)`),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers

type AclBody = z.infer<typeof AclBodySchema>;
type PeerBody = z.infer<typeof PeerBodySchema>;
type PeerCreateBody = z.infer<typeof PeerUpstreamCreateBodySchema>;
type TsigBody = z.infer<typeof TsigBodySchema>;
type IncomingBody = z.infer<typeof IncomingBodySchema>;
type OutgoingBody = z.infer<typeof OutgoingBodySchema>;

function removeById<T extends { id: string }>(items: T[], id: string): void {
  const index = items.findIndex((item) => item.id === id);
  if (index >= 0) items.splice(index, 1);
}

function applyPeerBody(peer: PeerRecord, body: PeerBody, ctx: HandlerContext): void {
  if (body.tsig_id !== undefined) {
    const tsig = ctx.state.tsigs.find((candidate) => candidate.id === body.tsig_id && candidate.account_id === peer.account_id);
    if (!tsig) {
      throw badRequest(
        SandboxCodes.validation,
        `tsig_id: TSIG ${body.tsig_id} does not exist in account ${peer.account_id}`,
        '/tsig_id',
      );
    }
  }
  // PUT replaces: omitted optional fields are cleared.
  peer.name = body.name;
  peer.ip = body.ip;
  peer.port = body.port;
  peer.ixfr_enable = body.ixfr_enable;
  peer.tsig_id = body.tsig_id;
  for (const key of ['ip', 'port', 'ixfr_enable', 'tsig_id'] as const) {
    if (peer[key] === undefined) delete peer[key];
  }
}

export const handlers: Record<OperationId, Handler> = {
  'accounts.list': ({ state, query }) => {
    let accounts = [...state.accounts];
    if (typeof query.name === 'string') accounts = accounts.filter((a) => nameMatches(query.name as string, a.name));
    accounts.sort((a, b) => a.name.localeCompare(b.name));
    if (query.direction === 'desc') accounts.reverse();
    const { slice, info } = paginate(accounts, query.page as number | undefined, query.per_page as number | undefined, 20);
    return { result: slice.map(presentAccount), resultInfo: info };
  },

  'zones.list': ({ state, query }) => {
    const filters: ((zone: ZoneRecord) => boolean)[] = [];
    const accountId = query['account.id'] as string | undefined;
    const accountName = query['account.name'] as string | undefined;
    const name = query.name as string | undefined;
    const status = query.status as string | undefined;
    const accountNameOf = (zone: ZoneRecord) => state.accounts.find((a) => a.id === zone.account_id)?.name ?? '';
    if (accountId !== undefined) filters.push((zone) => zone.account_id === accountId);
    if (accountName !== undefined) filters.push((zone) => nameMatches(accountName, accountNameOf(zone)));
    if (name !== undefined && name !== '') filters.push((zone) => nameMatches(name, zone.name));
    if (status !== undefined) filters.push((zone) => zone.status === status);
    const types = typeof query.type === 'string' ? query.type.split(',') : undefined;
    if (types) filters.push((zone) => types.includes(zone.type));
    const any = query.match === 'any';
    let zones = state.zones.filter((zone) =>
      filters.length === 0 ? true : any ? filters.some((f) => f(zone)) : filters.every((f) => f(zone)),
    );
    const order = (query.order as string | undefined) ?? 'name';
    const key = (zone: ZoneRecord): string =>
      order === 'status' ? zone.status : order === 'account.id' ? zone.account_id : order === 'account.name' ? accountNameOf(zone) : zone.name;
    zones = zones.sort((a, b) => key(a).localeCompare(key(b)) || a.name.localeCompare(b.name));
    if (query.direction === 'desc') zones.reverse();
    const { slice, info } = paginate(zones, query.page as number | undefined, query.per_page as number | undefined, 20);
    return { result: slice.map((zone) => presentZone(zone, state)), resultInfo: info };
  },
  // The route resolved the zone (Cloudflare's 7003 "Could not route to /zones/…" for an unknown one).
  'zones.get': (ctx) => ({ result: presentZone(requireZone(ctx), ctx.state) }),

  // ACLs ------------------------------------------------------------------------------------------------------
  'acls.list': (ctx) => {
    const account = requireAccount(ctx);
    const { slice, info } = listAll(ctx.state.acls.filter((acl) => acl.account_id === account.id));
    return { result: slice.map(presentAcl), resultInfo: info };
  },
  'acls.get': (ctx) => ({ result: presentAcl(findIn(ctx.state.acls, ctx, 'acl_id', 'ACL')) }),
  'acls.create': (ctx) => {
    const account = requireAccount(ctx);
    const body = ctx.body as AclBody;
    const acl: AclRecord = { id: newId(), account_id: account.id, name: body.name, ip_range: body.ip_range };
    ctx.state.acls.push(acl);
    return { result: presentAcl(acl) };
  },
  'acls.update': (ctx) => {
    const acl = findIn(ctx.state.acls, ctx, 'acl_id', 'ACL');
    const body = ctx.body as AclBody;
    acl.name = body.name;
    acl.ip_range = body.ip_range;
    return { result: presentAcl(acl) };
  },
  'acls.delete': (ctx) => {
    const acl = findIn(ctx.state.acls, ctx, 'acl_id', 'ACL');
    removeById(ctx.state.acls, acl.id);
    return { result: { id: acl.id } };
  },

  // Peers -----------------------------------------------------------------------------------------------------
  'peers.list': (ctx) => {
    const account = requireAccount(ctx);
    const { slice, info } = listAll(ctx.state.peers.filter((peer) => peer.account_id === account.id));
    return { result: slice.map(presentPeer), resultInfo: info };
  },
  'peers.get': (ctx) => ({ result: presentPeer(findIn(ctx.state.peers, ctx, 'peer_id', 'peer')) }),
  'peers.create': (ctx) => {
    const account = requireAccount(ctx);
    const body = ctx.body as PeerCreateBody;
    const peer: PeerRecord = { id: newId(), account_id: account.id, name: body.name };
    ctx.state.peers.push(peer);
    return { result: presentPeer(peer) };
  },
  'peers.update': (ctx) => {
    const peer = findIn(ctx.state.peers, ctx, 'peer_id', 'peer');
    applyPeerBody(peer, ctx.body as PeerBody, ctx);
    return { result: presentPeer(peer) };
  },
  'peers.delete': (ctx) => {
    const peer = findIn(ctx.state.peers, ctx, 'peer_id', 'peer');
    const users = zonesReferencing(ctx.state, peer.id);
    if (users.length) {
      throw badRequest(
        SandboxCodes.dependency,
        `peer ${peer.name} (${peer.id}) is still linked to ${users.join(', ')}; unlink it from these zone transfer configurations first`,
      );
    }
    removeById(ctx.state.peers, peer.id);
    return { result: { id: peer.id } };
  },

  // TSIGs -----------------------------------------------------------------------------------------------------
  'tsigs.list': (ctx) => {
    const account = requireAccount(ctx);
    const { slice, info } = listAll(ctx.state.tsigs.filter((tsig) => tsig.account_id === account.id));
    return { result: slice.map(presentTsig), resultInfo: info };
  },
  'tsigs.get': (ctx) => ({ result: presentTsig(findIn(ctx.state.tsigs, ctx, 'tsig_id', 'TSIG')) }),
  'tsigs.create': (ctx) => {
    const account = requireAccount(ctx);
    const body = ctx.body as TsigBody;
    const tsig: TsigRecord = { id: newId(), account_id: account.id, name: body.name, algo: body.algo, secret: body.secret };
    ctx.state.tsigs.push(tsig);
    return { result: presentTsig(tsig) };
  },
  'tsigs.update': (ctx) => {
    const tsig = findIn(ctx.state.tsigs, ctx, 'tsig_id', 'TSIG');
    const body = ctx.body as TsigBody;
    tsig.name = body.name;
    tsig.algo = body.algo;
    tsig.secret = body.secret;
    return { result: presentTsig(tsig) };
  },
  'tsigs.delete': (ctx) => {
    const tsig = findIn(ctx.state.tsigs, ctx, 'tsig_id', 'TSIG');
    const users = ctx.state.peers.filter((peer) => peer.tsig_id === tsig.id);
    if (users.length) {
      throw badRequest(
        SandboxCodes.dependency,
        `TSIG ${tsig.name} (${tsig.id}) is still used by peer${users.length > 1 ? 's' : ''} ` +
          `${users.map((peer) => `${peer.name} (${peer.id})`).join(', ')}; remove it from these peers first`,
      );
    }
    removeById(ctx.state.tsigs, tsig.id);
    return { result: { id: tsig.id } };
  },

  // Incoming (Cloudflare as secondary) --------------------------------------------------------------------------
  'incoming.get': (ctx) => ({ result: presentIncoming(incomingOf(ctx)) }),
  'incoming.create': (ctx) => {
    const zone = requireZone(ctx);
    if (zone.type !== 'secondary') {
      throw badRequest(
        SandboxCodes.conflict,
        `zone ${zone.name} is a ${zone.type} zone: incoming zone transfers (Cloudflare as secondary) need a zone of type secondary`,
      );
    }
    if (ctx.state.incoming.some((config) => config.zone_id === zone.id)) {
      throw badRequest(
        SandboxCodes.conflict,
        `zone ${zone.name} already has a secondary zone configuration; update it (PUT) or delete it first`,
      );
    }
    const body = ctx.body as IncomingBody;
    checkTransferBody(ctx, body);
    const now = nowIso();
    zone.primary_serial ??= dateSerial();
    const config: IncomingRecord = {
      id: zone.id,
      zone_id: zone.id,
      name: body.name,
      peers: [...body.peers],
      auto_refresh_seconds: body.auto_refresh_seconds,
      // The first transfer happens at once: the zone takes the primary's serial.
      soa_serial: zone.primary_serial,
      created_time: now,
      modified_time: now,
      checked_time: now,
    };
    ctx.state.incoming.push(config);
    return { result: presentIncoming(config) };
  },
  'incoming.update': (ctx) => {
    const config = incomingOf(ctx);
    const body = ctx.body as IncomingBody;
    checkTransferBody(ctx, body);
    config.name = body.name;
    config.peers = [...body.peers];
    config.auto_refresh_seconds = body.auto_refresh_seconds;
    config.modified_time = nowIso();
    return { result: presentIncoming(config) };
  },
  'incoming.delete': (ctx) => {
    const config = incomingOf(ctx);
    removeById(ctx.state.incoming, config.id);
    return { result: { id: config.id } };
  },
  forceAxfr: (ctx) => {
    const zone = requireZone(ctx);
    const config = incomingOf(ctx);
    const now = nowIso();
    config.checked_time = now;
    if (zone.primary_serial !== undefined && zone.primary_serial > config.soa_serial) {
      config.soa_serial = zone.primary_serial;
      config.modified_time = now;
    }
    return { result: 'OK' };
  },

  // Outgoing (Cloudflare as primary) ----------------------------------------------------------------------------
  'outgoing.get': (ctx) => ({ result: presentOutgoing(outgoingOf(ctx)) }),
  'outgoing.create': (ctx) => {
    const zone = requireZone(ctx);
    if (zone.type === 'secondary') {
      throw badRequest(
        SandboxCodes.conflict,
        `zone ${zone.name} is a secondary zone: outgoing zone transfers (Cloudflare as primary) need a full zone`,
      );
    }
    if (ctx.state.outgoing.some((config) => config.zone_id === zone.id)) {
      throw badRequest(
        SandboxCodes.conflict,
        `zone ${zone.name} already has a primary zone configuration; update it (PUT) or delete it first`,
      );
    }
    const body = ctx.body as OutgoingBody;
    checkTransferBody(ctx, body);
    const now = nowIso();
    const serial = zone.primary_serial ?? dateSerial();
    const config: OutgoingRecord = {
      id: zone.id,
      zone_id: zone.id,
      name: body.name,
      peers: [...body.peers],
      soa_serial: serial,
      created_time: now,
      modified_time: now,
      checked_time: now,
      enabled: false,
      ixfr_backlog: 0,
      // The secondaries start from the zone as it is now (the DNS emulator's serial check sees them in sync).
      secondary_serial: serial,
    };
    ctx.state.outgoing.push(config);
    return { result: presentOutgoing(config) };
  },
  'outgoing.update': (ctx) => {
    const config = outgoingOf(ctx);
    const body = ctx.body as OutgoingBody;
    checkTransferBody(ctx, body);
    config.name = body.name;
    config.peers = [...body.peers];
    config.modified_time = nowIso();
    return { result: presentOutgoing(config) };
  },
  'outgoing.delete': (ctx) => {
    const config = outgoingOf(ctx);
    removeById(ctx.state.outgoing, config.id);
    return { result: { id: config.id } };
  },
  'outgoing.enable': (ctx) => {
    const config = outgoingOf(ctx);
    const now = nowIso();
    config.enabled = true;
    // Enabling sends a NOTIFY: the secondaries transfer the zone.
    config.checked_time = now;
    config.last_transferred_time = now;
    config.ixfr_backlog = 0;
    config.secondary_serial = config.soa_serial;
    return { result: OUTGOING_STATUS.enabled };
  },
  'outgoing.disable': (ctx) => {
    const config = outgoingOf(ctx);
    config.enabled = false;
    config.ixfr_backlog = 0;
    return { result: OUTGOING_STATUS.disabled };
  },
  'outgoing.forceNotify': (ctx) => {
    const config = outgoingOf(ctx);
    // Cloudflare documents "OK" and a cleared IXFR backlog, and no refusal while transfers are disabled.
    config.ixfr_backlog = 0;
    // Disabled transfers are not served: the NOTIFY gets the secondaries nothing, nothing is transferred.
    if (!config.enabled) return { result: 'OK' };
    const now = nowIso();
    config.checked_time = now;
    config.last_transferred_time = now;
    // The NOTIFY makes the secondaries transfer: they hold Cloudflare's serial again.
    config.secondary_serial = config.soa_serial;
    return { result: 'OK' };
  },
  'outgoing.status.get': (ctx) => ({
    result: outgoingOf(ctx).enabled ? OUTGOING_STATUS.enabled : OUTGOING_STATUS.disabled,
  }),
};

/** The body schema the sandbox validates with (Cloudflare's: peer create takes only `{name}`). */
export function bodySchemaFor(id: OperationId, contractBody: z.ZodType | undefined, peerCreate: z.ZodType): z.ZodType | undefined {
  if (id === 'peers.create') return peerCreate;
  // Enable / disable / Force: Cloudflare's body is `{}`; the dashboard's `reason` is never Cloudflare's to see.
  if (contractBody === ForceActionBodySchema) return EmptyBodySchema;
  // Cloudflare takes any text as a TSIG secret; the dashboard's contract asks for Base64 (what nameservers load).
  // Nor does it refuse an address no nameserver can have (0.0.0.0, multicast…); the dashboard does.
  if (id === 'peers.update' && contractBody instanceof z.ZodObject) return contractBody.extend({ ip: IpAddressSchema.optional() });
  if ((id === 'tsigs.create' || id === 'tsigs.update') && contractBody instanceof z.ZodObject) {
    return contractBody.extend({ secret: z.string().min(1, { error: 'is required' }) });
  }
  return contractBody;
}

/** The query schema the sandbox validates with (Cloudflare's names). */
export function querySchemaFor(id: OperationId): z.ZodType {
  if (id === 'zones.list') return ZonesUpstreamQuerySchema;
  if (id === 'accounts.list') return AccountsUpstreamQuerySchema;
  return NoQuerySchema;
}
