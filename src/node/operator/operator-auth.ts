// Operator authentication: every /operator/… request carries `Authorization: Bearer <token>`, compared in constant
// time with the node's operator token; a missing or wrong one is refused with 401 problem+json and audited — until a
// sender (or all senders) pass the refusal budget, after which they get 429 and one audit entry says so.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntryDraft, AuditLogWriter } from '../../audit/index.ts';
import type { MessageCode } from '../../i18n/index.ts';
import { markAudited } from '../audited-requests.ts';
import { problemOf, requestLang, sendProblem } from '../problem.ts';
import { createRefusalLimiter, type RefusalLimiter } from './refusal-limiter.ts';

/** The requester of a refused operator request: nothing about it is proven. */
export const UNAUTHENTICATED_OPERATOR = 'operator:unauthenticated';
/** Shortest operator token a node accepts (the generated ones have 32 characters). */
export const MIN_OPERATOR_TOKEN_LENGTH = 16;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `presented` is the token. Both are hashed first, so the comparison takes the same time whatever their
 * lengths and wherever they differ.
 */
export function operatorTokenMatches(expected: string, presented: string): boolean {
  return timingSafeEqual(digest(expected), digest(presented));
}

/** The bearer token of an Authorization header; undefined when there is none or it is not a bearer token. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m?.[1];
}

function refusalDraft(request: FastifyRequest, code: MessageCode, params?: Record<string, string | number>): AuditEntryDraft {
  return {
    kind: 'admin',
    requester: UNAUTHENTICATED_OPERATOR,
    purpose: 'operator-console',
    action: 'authenticate',
    dataset: 'operator',
    fields: [],
    recordCount: 0,
    decision: 'deny',
    reasons: [{ code, params: params ?? { method: request.method, path: (request.url.split('?')[0] ?? '').slice(0, 200) } }],
    requestId: request.id,
  };
}

/** Requests that presented the operator token: what the node's refusals of them name as the requester. */
const operatorRequests = new WeakSet<FastifyRequest>();

/** Whether this request came with the node's operator token (its console). */
export function isOperatorRequest(request: FastifyRequest): boolean {
  return operatorRequests.has(request);
}

export interface OperatorAuthOptions {
  token: string;
  auditLog: Pick<AuditLogWriter, 'append'>;
  /** How many refusals are audited one by one (default: DEFAULT_REFUSAL_LIMITS, one limiter per hook). */
  limiter?: RefusalLimiter;
  now?: () => number;
}

async function auditRefusal(request: FastifyRequest, auditLog: OperatorAuthOptions['auditLog'], draft: AuditEntryDraft): Promise<void> {
  try {
    const appended = await auditLog.append([draft]);
    if (!appended.ok) request.log.error({ requestId: request.id }, 'operator refusal not audited');
  } catch (e) {
    request.log.error({ requestId: request.id, err: e }, 'operator refusal not audited');
  }
}

/**
 * An onRequest hook for the operator routes. It runs before the body is read, so a refused request costs nothing
 * more; the token itself is never logged or audited (only that it was missing or wrong).
 */
export function operatorAuthHook({ token, auditLog, limiter = createRefusalLimiter(), now = Date.now }: OperatorAuthOptions) {
  if (token.length < MIN_OPERATOR_TOKEN_LENGTH) throw new Error(`the operator token must have at least ${MIN_OPERATOR_TOKEN_LENGTH} characters`);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const presented = bearerTokenOf(request.headers.authorization);
    if (presented !== undefined && operatorTokenMatches(token, presented)) {
      operatorRequests.add(request);
      return undefined;
    }
    const lang = requestLang(request);
    const verdict = limiter.refuse(request.ip, now());
    if (verdict.kind === 'throttle') {
      if (verdict.announce) {
        const address = verdict.scope === 'address' ? request.ip : '*';
        await auditRefusal(request, auditLog, refusalDraft(request, 'OPERATOR_REFUSALS_THROTTLED', { address, seconds: verdict.retryAfterSeconds }));
      }
      // Accounted for by the window's one notice: the catch-all refusal hook must not write an entry per request.
      markAudited(request);
      reply.header('retry-after', String(verdict.retryAfterSeconds));
      return sendProblem(reply, problemOf(429, 'OPERATOR_TOO_MANY_REFUSALS', { seconds: verdict.retryAfterSeconds }, lang, { requestId: request.id }));
    }
    const code: MessageCode = presented === undefined ? 'OPERATOR_TOKEN_REQUIRED' : 'OPERATOR_TOKEN_INVALID';
    await auditRefusal(request, auditLog, refusalDraft(request, code));
    reply.header('www-authenticate', 'Bearer realm="tsunagu-operator"');
    return sendProblem(reply, problemOf(401, code, {}, lang, { requestId: request.id }));
  };
}
