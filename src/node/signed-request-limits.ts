// The budgets of signed requests, counted once each signature is verified: a participant's verified requests to the
// node's API against that participant's own budget, and signatures that do not verify against their sender address's.
// So peers behind one address (a NAT, a proxy, loopback) are never refused for another's forged signatures, and a
// throttle notice replaces one audit entry per refusal under a flood. Every 429 here answers a signed request and is
// itself signed (src/node/signed-requests.ts), so the asker can tell a limit from a forged answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import { markAudited } from './audited-requests.ts';
import { createRefusalLimiter, type RefusalLimits } from './operator/refusal-limiter.ts';
import { problemOf, requestLang, sendProblem } from './problem.ts';

/**
 * Verified requests to /api/… per participant: 300 in any 10-second window (1,800 a minute), 3,000 from all peers
 * together. A federated query asks each node for a page at a time (at most 1,000 records a page), so a peer paging
 * through a node at 30 pages a second stays within it; the short window keeps `Retry-After` under 10 s.
 */
export const DEFAULT_PEER_REQUEST_LIMITS: RefusalLimits = { perAddress: 300, total: 3000, windowMs: 10_000, maxAddresses: 10_000 };

/**
 * Signed requests that fail verification (401), per sender address: past 20 a minute from one address (600 from all)
 * each further one is refused 429 without an entry of its own, and one notice is written — at most 20 audited refusals
 * and one notice per address a minute, 600 and one from all.
 */
export const DEFAULT_FORGED_SIGNATURE_LIMITS: RefusalLimits = { perAddress: 20, total: 600, windowMs: 60_000, maxAddresses: 10_000 };

/** A refusal for being over a budget: the code to answer with and when to try again. */
export interface Throttle {
  code: 'NODE_TOO_MANY_PEER_REQUESTS' | 'NODE_TOO_MANY_FORGED_SIGNATURES';
  retryAfterSeconds: number;
}

/**
 * Answer 429 problem+json with `Retry-After`, accounted for by the window's one notice: the catch-all refusal hook must
 * not write an entry per request.
 */
export function sendThrottled(request: FastifyRequest, reply: FastifyReply, code: Throttle['code'] | 'NODE_TOO_MANY_PUBLIC_READS', seconds: number): FastifyReply {
  markAudited(request);
  reply.header('retry-after', String(seconds));
  return sendProblem(reply, problemOf(429, code, { seconds }, requestLang(request), { requestId: request.id }));
}

export interface SignedRequestLimits {
  /** Count a verified request of `participant`; a throttle when it is over the participant's (or all peers') budget. */
  verified(request: FastifyRequest, participant: string): Promise<Throttle | undefined>;
  /** Count a signature that did not verify; a throttle when its address is over budget (then it is not audited alone). */
  unverified(request: FastifyRequest): Promise<Throttle | undefined>;
}

export interface SignedRequestLimitOptions {
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** Budget of verified requests per participant (DEFAULT_PEER_REQUEST_LIMITS); false for none. */
  peers?: RefusalLimits | false;
  forged?: RefusalLimits;
  now?: () => number;
}

/** The one audit entry a throttle writes per window, in place of an entry per refused request. */
export function throttleNotice(request: FastifyRequest, requester: string, reason: AuditEntryDraft['reasons'][number]): AuditEntryDraft {
  return {
    kind: 'access-decision',
    requester,
    purpose: 'unknown',
    action: 'read',
    dataset: 'node',
    fields: [],
    recordCount: 0,
    decision: 'deny',
    reasons: [reason],
    requestId: request.id,
  };
}

/** Append a throttle notice; a log that refuses it is logged, never a reason to answer otherwise. */
export async function appendNotice(request: FastifyRequest, auditLog: Pick<AuditLogWriter, 'append'>, draft: AuditEntryDraft): Promise<void> {
  try {
    const appended = await auditLog.append([draft]);
    if (!appended.ok) request.log.error({ requestId: request.id }, 'request throttle not audited');
  } catch (e) {
    request.log.error({ requestId: request.id, err: e }, 'request throttle not audited');
  }
}

export function signedRequestLimits({ auditLog, peers = DEFAULT_PEER_REQUEST_LIMITS, forged = DEFAULT_FORGED_SIGNATURE_LIMITS, now = Date.now }: SignedRequestLimitOptions): SignedRequestLimits {
  const byParticipant = peers === false ? undefined : createRefusalLimiter(peers);
  const byAddress = createRefusalLimiter(forged);
  return {
    async verified(request, participant) {
      // Deliveries (/federation/…) are paced by the sender's outbox, one message at a time per peer, and applied once.
      if (byParticipant === undefined || !request.url.startsWith('/api/')) return undefined;
      const verdict = byParticipant.refuse(participant, now());
      if (verdict.kind === 'audit') return undefined;
      if (verdict.announce) {
        const who = verdict.scope === 'address' ? participant : '*';
        const reason = { code: 'NODE_PEER_REQUESTS_THROTTLED', params: { participant: who, seconds: verdict.retryAfterSeconds } };
        await appendNotice(request, auditLog, throttleNotice(request, participant, reason));
      }
      return { code: 'NODE_TOO_MANY_PEER_REQUESTS', retryAfterSeconds: verdict.retryAfterSeconds };
    },
    async unverified(request) {
      const verdict = byAddress.refuse(request.ip, now());
      if (verdict.kind === 'audit') return undefined;
      if (verdict.announce) {
        const address = verdict.scope === 'address' ? request.ip : '*';
        const reason = { code: 'NODE_FORGED_SIGNATURES_THROTTLED', params: { address, seconds: verdict.retryAfterSeconds } };
        await appendNotice(request, auditLog, throttleNotice(request, 'public:anonymous', reason));
      }
      return { code: 'NODE_TOO_MANY_FORGED_SIGNATURES', retryAfterSeconds: verdict.retryAfterSeconds };
    },
  };
}

export const PEER_REQUESTS_VARIABLE = 'TSUNAGU_PEER_REQUESTS_PER_10S';

/**
 * The per-participant budget from TSUNAGU_PEER_REQUESTS_PER_10S: a whole number of requests per 10-second window
 * (all peers together: ten times that), 0 for no limit; the default when unset.
 */
export function peerRequestLimitsFromEnv(
  env: NodeJS.ProcessEnv,
): { ok: true; value: RefusalLimits | false } | { ok: false; problem: { code: 'NODE_PEER_LIMIT_INVALID'; params: { variable: string; value: string } } } {
  const raw = env[PEER_REQUESTS_VARIABLE]?.trim();
  if (raw === undefined || raw === '') return { ok: true, value: DEFAULT_PEER_REQUEST_LIMITS };
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n)) return { ok: false, problem: { code: 'NODE_PEER_LIMIT_INVALID', params: { variable: PEER_REQUESTS_VARIABLE, value: raw.slice(0, 200) } } };
  return { ok: true, value: n === 0 ? false : { ...DEFAULT_PEER_REQUEST_LIMITS, perAddress: n, total: n * 10 } };
}
