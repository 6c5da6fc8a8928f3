// The budget for unsigned requests to the node's API (/api/…): each is decided and audited by its route, so a flood
// of them would fill the audit log. Past the budget of an address (or of all addresses together) the node answers
// 429 and writes one notice per window instead of one entry per request — the operator token's refusal limiter,
// applied to the anonymous public. Signed requests are verified and audited by their own hook and not counted here —
// but a signature that does not verify is counted against a budget of its own, so a flood of forged signatures (which
// anyone can add to skip the public budget) is bounded the same way.
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

/**
 * Signed requests that fail verification (401): counted once answered, so the refusal past 20 a minute from one address
 * (600 from all) is still audited and starts the throttle — at most 21 refusals and one notice per address a minute,
 * 601 and one notice from all.
 */
export const DEFAULT_FORGED_SIGNATURE_LIMITS: RefusalLimits = { perAddress: 20, total: 600, windowMs: 60_000, maxAddresses: 10_000 };

export interface PublicReadLimitOptions {
  auditLog: Pick<AuditLogWriter, 'append'>;
  limits?: RefusalLimits;
  forgedSignatureLimits?: RefusalLimits;
  /** Whether the node verifies signed requests: only then does a signature exempt a request from the budget. */
  verifiesSignatures: boolean;
  now?: () => number;
}

function throttleNotice(request: FastifyRequest, code: 'NODE_PUBLIC_READS_THROTTLED' | 'NODE_FORGED_SIGNATURES_THROTTLED', address: string, seconds: number): AuditEntryDraft {
  return {
    kind: 'access-decision',
    requester: 'public:anonymous',
    purpose: 'unknown',
    action: 'read',
    dataset: 'node',
    fields: [],
    recordCount: 0,
    decision: 'deny',
    reasons: [{ code, params: { address, seconds } }],
    requestId: request.id,
  };
}

async function appendNotice(request: FastifyRequest, auditLog: PublicReadLimitOptions['auditLog'], draft: AuditEntryDraft): Promise<void> {
  try {
    const appended = await auditLog.append([draft]);
    if (!appended.ok) request.log.error({ requestId: request.id }, 'request throttle not audited');
  } catch (e) {
    request.log.error({ requestId: request.id, err: e }, 'request throttle not audited');
  }
}

/** Answer 429, accounted for by the window's one notice: the catch-all refusal hook must not write an entry per request. */
function throttled(request: FastifyRequest, reply: FastifyReply, code: 'NODE_TOO_MANY_PUBLIC_READS' | 'NODE_TOO_MANY_FORGED_SIGNATURES', seconds: number): FastifyReply {
  markAudited(request);
  reply.header('retry-after', String(seconds));
  return sendProblem(reply, problemOf(429, code, { seconds }, requestLang(request), { requestId: request.id }));
}

/**
 * Hooks for the whole node: `onRequest` runs before the body is read, so a throttled request costs nothing more;
 * `onResponse` counts the signed requests whose signature did not verify.
 */
export function publicReadLimitHooks({
  auditLog,
  limits = DEFAULT_PUBLIC_READ_LIMITS,
  forgedSignatureLimits = DEFAULT_FORGED_SIGNATURE_LIMITS,
  verifiesSignatures,
  now = Date.now,
}: PublicReadLimitOptions) {
  const limiter = createRefusalLimiter(limits);
  const forged = createRefusalLimiter(forgedSignatureLimits);
  // Until when signed attempts from an address ('*': from all) are answered 429 without being verified.
  const blockedUntil = new Map<string, number>();
  const blocked = (address: string, at: number) => Math.max(blockedUntil.get(address) ?? 0, blockedUntil.get('*') ?? 0) - at;

  async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!request.url.startsWith('/api/')) return undefined;
    const at = now();
    if (verifiesSignatures && isSignedAttempt(request)) {
      const left = blocked(request.ip, at);
      return left > 0 ? throttled(request, reply, 'NODE_TOO_MANY_FORGED_SIGNATURES', Math.max(1, Math.ceil(left / 1000))) : undefined;
    }
    const verdict = limiter.refuse(request.ip, at);
    if (verdict.kind === 'audit') return undefined;
    if (verdict.announce) {
      const address = verdict.scope === 'address' ? request.ip : '*';
      await appendNotice(request, auditLog, throttleNotice(request, 'NODE_PUBLIC_READS_THROTTLED', address, verdict.retryAfterSeconds));
    }
    return throttled(request, reply, 'NODE_TOO_MANY_PUBLIC_READS', verdict.retryAfterSeconds);
  }

  async function onResponse(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // A 401 to a signed attempt is its signature refused (and audited) by the verification hook.
    if (!verifiesSignatures || reply.statusCode !== 401 || !request.url.startsWith('/api/') || !isSignedAttempt(request)) return;
    const at = now();
    const verdict = forged.refuse(request.ip, at);
    if (verdict.kind === 'audit') return;
    const address = verdict.scope === 'address' ? request.ip : '*';
    blockedUntil.set(address, at + verdict.retryAfterSeconds * 1000);
    if (blockedUntil.size > forgedSignatureLimits.maxAddresses) blockedUntil.delete(blockedUntil.keys().next().value!);
    if (verdict.announce) await appendNotice(request, auditLog, throttleNotice(request, 'NODE_FORGED_SIGNATURES_THROTTLED', address, verdict.retryAfterSeconds));
  }

  return { onRequest, onResponse };
}
