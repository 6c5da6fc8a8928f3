// The budget for unsigned requests to the node's API (/api/…): each is decided and audited by its route, so a flood
// of them would fill the audit log. Past the budget of an address (or of all addresses together) the node answers
// 429 and writes one notice per window instead of one entry per request — the operator token's refusal limiter,
// applied to the anonymous public. Signed requests are verified and audited by their own hook, not counted here.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import { markAudited } from './audited-requests.ts';
import { createRefusalLimiter, type RefusalLimits } from './operator/refusal-limiter.ts';
import { problemOf, requestLang, sendProblem } from './problem.ts';
import { isSignedAttempt } from './signed-requests.ts';

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

function throttleNotice(request: FastifyRequest, address: string, seconds: number): AuditEntryDraft {
  return {
    kind: 'access-decision',
    requester: 'public:anonymous',
    purpose: 'unknown',
    action: 'read',
    dataset: 'node',
    fields: [],
    recordCount: 0,
    decision: 'deny',
    reasons: [{ code: 'NODE_PUBLIC_READS_THROTTLED', params: { address, seconds } }],
    requestId: request.id,
  };
}

/** An onRequest hook for the whole node; it runs before the body is read, so a throttled request costs nothing more. */
export function publicReadLimitHook({ auditLog, limits = DEFAULT_PUBLIC_READ_LIMITS, verifiesSignatures, now = Date.now }: PublicReadLimitOptions) {
  const limiter = createRefusalLimiter(limits);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (!request.url.startsWith('/api/')) return undefined;
    if (verifiesSignatures && isSignedAttempt(request)) return undefined;
    const verdict = limiter.refuse(request.ip, now());
    if (verdict.kind === 'audit') return undefined;
    if (verdict.announce) {
      const address = verdict.scope === 'address' ? request.ip : '*';
      try {
        const appended = await auditLog.append([throttleNotice(request, address, verdict.retryAfterSeconds)]);
        if (!appended.ok) request.log.error({ requestId: request.id }, 'public read throttle not audited');
      } catch (e) {
        request.log.error({ requestId: request.id, err: e }, 'public read throttle not audited');
      }
    }
    // Accounted for by the window's one notice: the catch-all refusal hook must not write an entry per request.
    markAudited(request);
    reply.header('retry-after', String(verdict.retryAfterSeconds));
    const lang = requestLang(request);
    return sendProblem(reply, problemOf(429, 'NODE_TOO_MANY_PUBLIC_READS', { seconds: verdict.retryAfterSeconds }, lang, { requestId: request.id }));
  };
}
