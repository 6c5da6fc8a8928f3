// The budget for unsigned requests to the node's API (/api/…): each is decided and audited by its route, so a flood
// of them would fill the audit log. Past the budget of an address (or of all addresses together) the node answers
// 429 and writes one notice per window instead of one entry per request — the operator token's refusal limiter,
// applied to the anonymous public. Signed requests are verified and counted by their own budgets
// (src/node/signed-request-limits.ts): by participant once verified, by address when the signature does not verify, so
// a flood of forged signatures (which anyone can add to skip the public budget) is bounded the same way.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLogWriter } from '../audit/index.ts';
import { createRefusalLimiter, type RefusalLimits } from './operator/refusal-limiter.ts';
import { isSignedAttempt } from './signed-requests.ts';
import { appendNotice, sendThrottled, throttleNotice } from './signed-request-limits.ts';

/**
 * Unsigned requests to /api/… per window: 300 a minute from one address, 3,000 a minute from all together. So the
 * audit log gains at most 3,001 entries a minute from the anonymous public (3,000 decided requests, one notice).
 */
export const DEFAULT_PUBLIC_READ_LIMITS: RefusalLimits = { perAddress: 300, total: 3000, windowMs: 60_000, maxAddresses: 10_000 };

export interface PublicReadLimitOptions {
  auditLog: Pick<AuditLogWriter, 'append'>;
  limits?: RefusalLimits;
  /** Whether the node verifies signed requests: only then does a signature exempt a request from the budget. */
  verifiesSignatures: boolean;
  now?: () => number;
}

/** A hook for the whole node: `onRequest` runs before the body is read, so a throttled request costs nothing more. */
export function publicReadLimitHook({ auditLog, limits = DEFAULT_PUBLIC_READ_LIMITS, verifiesSignatures, now = Date.now }: PublicReadLimitOptions) {
  const limiter = createRefusalLimiter(limits);
  return async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!request.url.startsWith('/api/')) return undefined;
    if (verifiesSignatures && isSignedAttempt(request)) return undefined;
    const verdict = limiter.refuse(request.ip, now());
    if (verdict.kind === 'audit') return undefined;
    if (verdict.announce) {
      const address = verdict.scope === 'address' ? request.ip : '*';
      const reason = { code: 'NODE_PUBLIC_READS_THROTTLED', params: { address, seconds: verdict.retryAfterSeconds } };
      await appendNotice(request, auditLog, throttleNotice(request, 'public:anonymous', reason));
    }
    return sendThrottled(request, reply, 'NODE_TOO_MANY_PUBLIC_READS', verdict.retryAfterSeconds);
  };
}
