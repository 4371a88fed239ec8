/**
 * Who is asking, as the rate governor tells clients apart (the write queue's round-robin, the reads' share per
 * client): the signed-in user when there is one, else the address.
 */
import type { FastifyRequest } from 'fastify';

export function clientKey(request: FastifyRequest): string {
  const user = (request as { user?: { username?: string } | null }).user;
  return user?.username ? `user:${user.username}` : `ip:${request.ip}`;
}
