/**
 * Who is asking, as the rate governor tells clients apart (the write queue's round-robin, the reads' share per
 * client, the report of who spends the budget): the signed-in user when there is one, else the address. And what
 * for (`budgetUse`): the bulk action the web app names in `x-budget-purpose`, checked by the governor plugin before
 * any handler runs.
 */
import { BUDGET_PURPOSE_HEADER, ClientBudgetPurposeSchema, type ClientBudgetPurpose } from '@secdns/api-types';
import type { FastifyRequest } from 'fastify';

export function clientKey(request: FastifyRequest): string {
  const user = (request as { user?: { username?: string } | null }).user;
  return user?.username ? `user:${user.username}` : `ip:${request.ip}`;
}

/** The username in a client key (`user:<name>`); null for any other key (an address) or none (the dashboard's own). */
export function usernameOfKey(key: string | undefined): string | null {
  return key?.startsWith('user:') ? key.slice('user:'.length) : null;
}

/** The purpose the request names, if it names a known one (an unknown one never reaches a handler: see plugins/governor.ts). */
export function requestPurpose(request: FastifyRequest): ClientBudgetPurpose | undefined {
  const parsed = ClientBudgetPurposeSchema.safeParse(request.headers[BUDGET_PURPOSE_HEADER]);
  return parsed.success ? parsed.data : undefined;
}

/** The gateway's options saying who is asking and what for. */
export function budgetUse(request: FastifyRequest): { clientKey: string; purpose?: ClientBudgetPurpose } {
  const purpose = requestPurpose(request);
  return { clientKey: clientKey(request), ...(purpose ? { purpose } : {}) };
}
