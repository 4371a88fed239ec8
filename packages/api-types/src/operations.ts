/**
 * THE contract: one entry per operation the product supports (Cloudflare's 28 Secondary DNS operations plus the
 * account list, zone list and zone details a dashboard needs). The BFF registers its routes from this table, the web
 * client derives its types from it, the sandbox implements it, and the OpenAPI document is generated from it.
 */
import { z } from 'zod';
import { DeleteResultSchema, IdSchema } from './common.js';
import { AclBodySchema, AclParamsSchema, AclSchema } from './resources/acls.js';
import { PeerBodySchema, PeerParamsSchema, PeerSchema } from './resources/peers.js';
import { TsigBodySchema, TsigParamsSchema, TsigSchema } from './resources/tsigs.js';
import { IncomingBodySchema, IncomingSchema, ZoneParamsSchema } from './resources/incoming.js';
import {
  ActionResultSchema,
  ForceActionBodySchema,
  OutgoingBodySchema,
  OutgoingSchema,
  OutgoingStatusSchema,
} from './resources/outgoing.js';
import { AccountSchema, AccountsListQuerySchema, ZoneSchema, ZonesListQuerySchema } from './resources/zones.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** viewer reads; operator = viewer + Force AXFR + Force NOTIFY; admin does everything. */
export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];
export const roleRank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
export function roleAllows(userRole: Role, leastRole: Role): boolean {
  return roleRank[userRole] >= roleRank[leastRole];
}

export type Resource = 'accounts' | 'zones' | 'acls' | 'peers' | 'tsigs' | 'incoming' | 'outgoing';

export interface OperationDefinition {
  /** SDK-style id; also the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** Cloudflare's path under /client/v4, with `{param}` placeholders. The BFF serves it under /api. */
  path: string;
  summary: string;
  resource: Resource;
  params: z.ZodType;
  query?: z.ZodType;
  /** Query keys renamed on the way upstream (BFF name -> Cloudflare name). */
  upstreamQuery?: Record<string, string>;
  body?: z.ZodType;
  result: z.ZodType;
  /** The result is a list with `result_info`. */
  list?: boolean;
  /** The least role allowed to call it. */
  role: Role;
}

function op<const T extends OperationDefinition>(definition: T): T {
  return definition;
}

const AccountParams = z.strictObject({ account_id: IdSchema });
const NoParams = z.strictObject({});
const ACCOUNT = '/accounts/{account_id}/secondary_dns';
const ZONE = '/zones/{zone_id}/secondary_dns';

export const operations = {
  'accounts.list': op({
    id: 'accounts.list', method: 'GET', path: '/accounts', summary: 'List accounts', resource: 'accounts',
    params: NoParams, query: AccountsListQuerySchema, result: z.array(AccountSchema), list: true, role: 'viewer',
  }),
  'zones.list': op({
    id: 'zones.list', method: 'GET', path: '/zones', summary: 'List zones', resource: 'zones',
    params: NoParams, query: ZonesListQuerySchema, upstreamQuery: { account_id: 'account.id' },
    result: z.array(ZoneSchema), list: true, role: 'viewer',
  }),
  'zones.get': op({
    id: 'zones.get', method: 'GET', path: '/zones/{zone_id}', summary: 'Zone details', resource: 'zones',
    params: ZoneParamsSchema, result: ZoneSchema, role: 'viewer',
  }),

  'acls.list': op({
    id: 'acls.list', method: 'GET', path: `${ACCOUNT}/acls`, summary: 'List ACLs', resource: 'acls',
    params: AccountParams, result: z.array(AclSchema), list: true, role: 'viewer',
  }),
  'acls.get': op({
    id: 'acls.get', method: 'GET', path: `${ACCOUNT}/acls/{acl_id}`, summary: 'ACL details', resource: 'acls',
    params: AclParamsSchema, result: AclSchema, role: 'viewer',
  }),
  'acls.create': op({
    id: 'acls.create', method: 'POST', path: `${ACCOUNT}/acls`, summary: 'Create ACL', resource: 'acls',
    params: AccountParams, body: AclBodySchema, result: AclSchema, role: 'admin',
  }),
  'acls.update': op({
    id: 'acls.update', method: 'PUT', path: `${ACCOUNT}/acls/{acl_id}`, summary: 'Update ACL', resource: 'acls',
    params: AclParamsSchema, body: AclBodySchema, result: AclSchema, role: 'admin',
  }),
  'acls.delete': op({
    id: 'acls.delete', method: 'DELETE', path: `${ACCOUNT}/acls/{acl_id}`, summary: 'Delete ACL', resource: 'acls',
    params: AclParamsSchema, result: DeleteResultSchema, role: 'admin',
  }),

  'peers.list': op({
    id: 'peers.list', method: 'GET', path: `${ACCOUNT}/peers`, summary: 'List peers', resource: 'peers',
    params: AccountParams, result: z.array(PeerSchema), list: true, role: 'viewer',
  }),
  'peers.get': op({
    id: 'peers.get', method: 'GET', path: `${ACCOUNT}/peers/{peer_id}`, summary: 'Peer details', resource: 'peers',
    params: PeerParamsSchema, result: PeerSchema, role: 'viewer',
  }),
  'peers.create': op({
    id: 'peers.create', method: 'POST', path: `${ACCOUNT}/peers`, resource: 'peers',
    summary: 'Create peer (the BFF accepts the whole peer: Cloudflare creates with the name, then updates with the rest)',
    params: AccountParams, body: PeerBodySchema, result: PeerSchema, role: 'admin',
  }),
  'peers.update': op({
    id: 'peers.update', method: 'PUT', path: `${ACCOUNT}/peers/{peer_id}`, summary: 'Update peer', resource: 'peers',
    params: PeerParamsSchema, body: PeerBodySchema, result: PeerSchema, role: 'admin',
  }),
  'peers.delete': op({
    id: 'peers.delete', method: 'DELETE', path: `${ACCOUNT}/peers/{peer_id}`, summary: 'Delete peer', resource: 'peers',
    params: PeerParamsSchema, result: DeleteResultSchema, role: 'admin',
  }),

  'tsigs.list': op({
    id: 'tsigs.list', method: 'GET', path: `${ACCOUNT}/tsigs`, summary: 'List TSIGs', resource: 'tsigs',
    params: AccountParams, result: z.array(TsigSchema), list: true, role: 'viewer',
  }),
  'tsigs.get': op({
    id: 'tsigs.get', method: 'GET', path: `${ACCOUNT}/tsigs/{tsig_id}`, summary: 'TSIG details', resource: 'tsigs',
    params: TsigParamsSchema, result: TsigSchema, role: 'viewer',
  }),
  'tsigs.create': op({
    id: 'tsigs.create', method: 'POST', path: `${ACCOUNT}/tsigs`, summary: 'Create TSIG', resource: 'tsigs',
    params: AccountParams, body: TsigBodySchema, result: TsigSchema, role: 'admin',
  }),
  'tsigs.update': op({
    id: 'tsigs.update', method: 'PUT', path: `${ACCOUNT}/tsigs/{tsig_id}`, summary: 'Update TSIG', resource: 'tsigs',
    params: TsigParamsSchema, body: TsigBodySchema, result: TsigSchema, role: 'admin',
  }),
  'tsigs.delete': op({
    id: 'tsigs.delete', method: 'DELETE', path: `${ACCOUNT}/tsigs/{tsig_id}`, summary: 'Delete TSIG', resource: 'tsigs',
    params: TsigParamsSchema, result: DeleteResultSchema, role: 'admin',
  }),

  'incoming.get': op({
    id: 'incoming.get', method: 'GET', path: `${ZONE}/incoming`, summary: 'Secondary zone configuration details',
    resource: 'incoming', params: ZoneParamsSchema, result: IncomingSchema, role: 'viewer',
  }),
  'incoming.create': op({
    id: 'incoming.create', method: 'POST', path: `${ZONE}/incoming`, summary: 'Create secondary zone configuration',
    resource: 'incoming', params: ZoneParamsSchema, body: IncomingBodySchema, result: IncomingSchema, role: 'admin',
  }),
  'incoming.update': op({
    id: 'incoming.update', method: 'PUT', path: `${ZONE}/incoming`, summary: 'Update secondary zone configuration',
    resource: 'incoming', params: ZoneParamsSchema, body: IncomingBodySchema, result: IncomingSchema, role: 'admin',
  }),
  'incoming.delete': op({
    id: 'incoming.delete', method: 'DELETE', path: `${ZONE}/incoming`, summary: 'Delete secondary zone configuration',
    resource: 'incoming', params: ZoneParamsSchema, result: DeleteResultSchema, role: 'admin',
  }),

  'outgoing.get': op({
    id: 'outgoing.get', method: 'GET', path: `${ZONE}/outgoing`, summary: 'Primary zone configuration details',
    resource: 'outgoing', params: ZoneParamsSchema, result: OutgoingSchema, role: 'viewer',
  }),
  'outgoing.create': op({
    id: 'outgoing.create', method: 'POST', path: `${ZONE}/outgoing`, summary: 'Create primary zone configuration',
    resource: 'outgoing', params: ZoneParamsSchema, body: OutgoingBodySchema, result: OutgoingSchema, role: 'admin',
  }),
  'outgoing.update': op({
    id: 'outgoing.update', method: 'PUT', path: `${ZONE}/outgoing`, summary: 'Update primary zone configuration',
    resource: 'outgoing', params: ZoneParamsSchema, body: OutgoingBodySchema, result: OutgoingSchema, role: 'admin',
  }),
  'outgoing.delete': op({
    id: 'outgoing.delete', method: 'DELETE', path: `${ZONE}/outgoing`, summary: 'Delete primary zone configuration',
    resource: 'outgoing', params: ZoneParamsSchema, result: DeleteResultSchema, role: 'admin',
  }),
  'outgoing.enable': op({
    id: 'outgoing.enable', method: 'POST', path: `${ZONE}/outgoing/enable`,
    summary: 'Enable outgoing zone transfers (sends a NOTIFY)', resource: 'outgoing',
    params: ZoneParamsSchema, body: ForceActionBodySchema, result: ActionResultSchema, role: 'admin',
  }),
  'outgoing.disable': op({
    id: 'outgoing.disable', method: 'POST', path: `${ZONE}/outgoing/disable`,
    summary: 'Disable outgoing zone transfers (clears the IXFR backlog)', resource: 'outgoing',
    params: ZoneParamsSchema, body: ForceActionBodySchema, result: ActionResultSchema, role: 'admin',
  }),
  'outgoing.forceNotify': op({
    id: 'outgoing.forceNotify', method: 'POST', path: `${ZONE}/outgoing/force_notify`,
    summary: 'Force DNS NOTIFY to the secondaries (clears the IXFR backlog)', resource: 'outgoing',
    params: ZoneParamsSchema, body: ForceActionBodySchema, result: ActionResultSchema, role: 'operator',
  }),
  'outgoing.status.get': op({
    id: 'outgoing.status.get', method: 'GET', path: `${ZONE}/outgoing/status`,
    summary: 'Outgoing zone transfer status', resource: 'outgoing',
    params: ZoneParamsSchema, result: OutgoingStatusSchema, role: 'viewer',
  }),
  forceAxfr: op({
    id: 'forceAxfr', method: 'POST', path: `${ZONE}/force_axfr`,
    summary: 'Force AXFR: request a full zone transfer from the primaries', resource: 'incoming',
    params: ZoneParamsSchema, body: ForceActionBodySchema, result: ActionResultSchema, role: 'operator',
  }),
} as const satisfies Record<string, OperationDefinition>;

export type Operations = typeof operations;
export type OperationId = keyof Operations;
export const operationList: OperationDefinition[] = Object.values(operations);
export const operationIds = Object.keys(operations) as OperationId[];

type Infer<T> = T extends z.ZodType ? z.infer<T> : never;
type Input<T> = T extends z.ZodType ? z.input<T> : never;
export type ParamsOf<Id extends OperationId> = Infer<Operations[Id]['params']>;
export type BodyOf<Id extends OperationId> = Operations[Id] extends { body: infer B } ? Input<B> : undefined;
export type QueryOf<Id extends OperationId> = Operations[Id] extends { query: infer Q } ? Input<Q> : undefined;
export type ResultOf<Id extends OperationId> = Infer<Operations[Id]['result']>;

/** Fills `{param}` placeholders; values are URI-encoded. */
export function buildPath(path: string, params: Record<string, string | undefined>): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}

/** `/accounts/{account_id}/x` -> `/accounts/:account_id/x` (Fastify / router syntax). */
export function toColonPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** The account and zone operations a dashboard needs besides Secondary DNS. */
const ACCOUNT_AND_ZONE_OPERATION_IDS: readonly string[] = ['accounts.list', 'zones.list', 'zones.get'];

/** The operations of Cloudflare's Secondary DNS API proper (the 28 documented ones). */
export const SECONDARY_DNS_OPERATION_IDS = operationIds.filter((id) => !ACCOUNT_AND_ZONE_OPERATION_IDS.includes(id));
