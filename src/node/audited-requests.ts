// Requests whose refusal the audit log already accounts for — by an entry of their own, or under a flood by one
// bounded notice for many — so the server's catch-all refusal hook does not write an entry for each of them again.
import type { FastifyRequest } from 'fastify';

const accounted = new WeakSet<FastifyRequest>();

/** Note that this request's refusal is accounted for in the audit log (its own entry or a throttle notice). */
export function markAudited(request: FastifyRequest): void {
  accounted.add(request);
}

export function isAudited(request: FastifyRequest): boolean {
  return accounted.has(request);
}
