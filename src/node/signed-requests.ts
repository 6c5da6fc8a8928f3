// Signed requests on the node: the raw body kept for the digest, every signed request verified once before its route
// runs (a refusal answered 401 problem+json and audited as a deny), and every answer to a verified request signed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditEntryDraft, AuditLogWriter } from '../audit/index.ts';
import { message, type MessageParams } from '../i18n/index.ts';
import { federationHeaders, headerValue } from '../trust/http-signatures/message-signature.ts';
import { signResponse } from '../trust/http-signatures/response-signature.ts';
import type { ReplayGuard } from './request-verification/replay-guard.ts';
import { verifyRequest, type AuthenticatedRequest } from './request-verification/verify-request.ts';
import { requestSignatureOf } from '../trust/http-signatures/request-signature.ts';
import { createCredentialCache, type CredentialCache } from '../trust/credential-cache.ts';
import type { NodeSigner } from '../trust/keys.ts';
import type { TrustRegistry } from '../trust/trust-registry.ts';
import type { TrustProblem } from '../trust/verified.ts';
import { auditReason } from './access-audit.ts';
import { problemOf, requestLang, sendProblem } from './problem.ts';
import { publicOnly, type AuthenticationOutcome, type Authenticator } from './requester.ts';
import { OPERATOR_CONSOLE } from './operator/context.ts';
import { sendThrottled, type SignedRequestLimits } from './signed-request-limits.ts';
import { isOperatorRequest } from './operator/operator-auth.ts';

export interface FederationOptions {
  registry: TrustRegistry;
  replayGuard: ReplayGuard;
  /** The node's own signer: answers to signed requests are signed with it. */
  signer: NodeSigner;
  /** Credentials this node keeps by id, for requests that do not carry one. */
  credentialById?: (id: string) => unknown;
  /** Verified credentials reused across requests; a fresh bounded cache (src/trust/credential-cache.ts) by default. */
  credentialCache?: CredentialCache;
  maxSkewSeconds?: number;
  now?: () => Date;
}

/** Largest JSON body the node reads (a query polygon, a declaration, a delivery): well below a megabyte. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const rawBodies = new WeakMap<FastifyRequest, Buffer>();
const verifiedRequests = new WeakMap<FastifyRequest, AuthenticatedRequest>();
const outcomes = new WeakMap<FastifyRequest, AuthenticationOutcome>();
/**
 * Refused signed requests whose signature field parses: the refusal is signed too, bound to that signature, so the asker
 * can show this node's own reason (unknown participant, revoked, expired) rather than "unsigned answer". Signing a
 * refusal vouches only for "this node refused the request carrying this signature", never for the request itself.
 */
const refusedSignatures = new WeakMap<FastifyRequest, string>();

/** The body exactly as received, for digests; undefined for a request without one. */
export function rawBodyOf(request: FastifyRequest): Buffer | undefined {
  return rawBodies.get(request);
}

/** The verified signature of a request, when it carried one that verified. */
export function authenticatedRequestOf(request: FastifyRequest): AuthenticatedRequest | undefined {
  return verifiedRequests.get(request);
}

class BodyError extends Error {
  readonly statusCode = 400;
  readonly code = 'NODE_BODY_NOT_JSON';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const PROTO = Buffer.from('__proto__');
/** How a `\u` escape of any character of `__proto__` (all below U+0100) starts; JSON escapes use a lower-case `u`. */
const LATIN_ESCAPE = Buffer.from('\\u00');

function refuseProto(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new Error('a __proto__ key is not accepted');
  return value;
}

/**
 * A JSON body's value; throws on bytes that are not UTF-8, text that is not JSON, and a `__proto__` key anywhere.
 * Parsing with a reviver costs several times a plain parse, and only a key spelled `__proto__` in the text, or with
 * one of its characters written as a `\u00XX` escape (no other escape can stand for `_`, `p`, `r`, `o` or `t`), can
 * come out as `__proto__`: a body with neither is parsed plainly (escaped Japanese, `\u30XX`, does not count).
 * UTF-8 never encodes other characters with ASCII bytes, so searching the bytes finds what searching the text would.
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  const text = utf8.decode(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mayHoldProto = buffer.indexOf(PROTO) >= 0 || buffer.indexOf(LATIN_ESCAPE) >= 0;
  return mayHoldProto ? JSON.parse(text, refuseProto) : JSON.parse(text);
}

/**
 * JSON bodies are read as bytes and parsed here, so the bytes the signature's digest covers are the bytes the route
 * uses. A `__proto__` key is refused rather than risk prototype pollution further on.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_JSON_BODY_BYTES }, (request, body, done) => {
    const bytes = body as Buffer;
    rawBodies.set(request, bytes);
    if (bytes.length === 0) return done(null, undefined);
    try {
      done(null, parseJsonBody(bytes));
    } catch (e) {
      done(new BodyError(e instanceof Error ? e.message.slice(0, 200) : 'unreadable'), undefined);
    }
  });
}

/** Whether the request claims to be signed (verified or refused by the preValidation hook, never the public). */
export function isSignedAttempt(request: FastifyRequest): boolean {
  const h = request.headers;
  return h[federationHeaders.signature] !== undefined || h[federationHeaders.signatureInput] !== undefined || h[federationHeaders.requester] !== undefined;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/;
const CODE = /^[a-z][a-z0-9-]*$/;

/** What a refused request was about, for its audit entry; only well-formed identifiers are copied from the request. */
function refusalSubject(request: FastifyRequest): Pick<AuditEntryDraft, 'requester' | 'purpose' | 'action' | 'dataset'> {
  const claimed = headerValue(request.headers, federationHeaders.requester);
  const requester = claimed !== undefined && ID.test(claimed) && claimed.length <= 150 ? `unverified:${claimed}` : 'unverified:unknown';
  const q = (request.query ?? {}) as Record<string, unknown>;
  const b = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const stated = typeof q.purpose === 'string' ? q.purpose : typeof b.purpose === 'string' ? b.purpose : undefined;
  const purpose = stated !== undefined && CODE.test(stated) && stated.length <= 100 ? stated : 'unknown';
  const path = request.url.split('?')[0] ?? '';
  const fromPath = /^\/api\/v1\/datasets\/([^/]+)/.exec(path)?.[1];
  const dataset =
    fromPath !== undefined && ID.test(fromPath) && fromPath.length <= 100
      ? fromPath
      : path.startsWith('/api/v1/shelters')
        ? 'shelters'
        : path.startsWith('/api/v1/declarations')
          ? 'declarations'
          : path.startsWith('/federation/deliveries')
            ? 'deliveries'
            : 'node';
  const action = path.startsWith('/federation/deliveries') ? 'deliver' : path.startsWith('/api/v1/declarations') && request.method === 'POST' ? 'declare' : 'read';
  return { requester, purpose, action, dataset };
}

export function refusalAuditDraft(request: FastifyRequest, problems: readonly TrustProblem[]): AuditEntryDraft {
  const subject = refusalSubject(request);
  const claimed = subject.requester.slice('unverified:'.length);
  return {
    kind: 'access-decision',
    ...subject,
    fields: [],
    recordCount: 0,
    decision: 'deny',
    reasons: [
      { code: 'NODE_REQUESTER_UNVERIFIED', params: { claimed, verified: false } },
      ...problems.slice(0, 99).map((p) => auditReason({ code: p.code, params: p.field !== undefined ? { ...p.params, field: p.field } : p.params })),
    ],
    requestId: request.id,
  };
}

/** The audit entry for a request refused for its form (malformed, oversized, outside the vocabulary). */
export function clientErrorAuditDraft(request: FastifyRequest, code: TrustProblem['code'], params: MessageParams = {}): AuditEntryDraft {
  const verified = verifiedRequests.get(request);
  const subject = refusalSubject(request);
  return {
    kind: 'access-decision',
    ...subject,
    requester: verified
      ? verified.participant.id
      : isOperatorRequest(request)
        ? OPERATOR_CONSOLE
        : isSignedAttempt(request)
          ? subject.requester
          : 'public:anonymous',
    fields: [],
    recordCount: 0,
    decision: 'deny',
    reasons: [{ code, params: auditParams(params) }],
    requestId: request.id,
  };
}

/** A problem's parameters as an audit reason holds them: given values only, texts cut at 1,000 characters. */
function auditParams(params: MessageParams): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = typeof v === 'string' ? v.slice(0, 1000) : v;
  return out;
}

/**
 * Verify every signed request before its route (after the body is read, before validation) and sign every answer to
 * a verified one. Returns the Authenticator routes use: the outcome of that one verification, or `fallback` for
 * requests that carry no signature.
 */
export function installSignedRequests(
  app: FastifyInstance,
  options: FederationOptions & {
    audience: string;
    auditLog: Pick<AuditLogWriter, 'append'>;
    fallback?: Authenticator;
    /** Budgets of verified requests (per participant) and of signatures that do not verify (per address). */
    limits?: SignedRequestLimits;
  },
): Authenticator {
  const now = options.now ?? (() => new Date());
  const fallback = options.fallback ?? publicOnly;
  const credentialCache = options.credentialCache ?? createCredentialCache();

  app.addHook('preValidation', async (request, reply) => {
    if (!isSignedAttempt(request)) return;
    const verified = await verifyRequest(
      { method: request.method, url: request.url, headers: request.headers, body: rawBodyOf(request) ?? null },
      {
        registry: options.registry,
        replayGuard: options.replayGuard,
        now: now(),
        audience: options.audience,
        credentialCache,
        ...(options.maxSkewSeconds !== undefined ? { maxSkewSeconds: options.maxSkewSeconds } : {}),
        ...(options.credentialById ? { credentialById: options.credentialById } : {}),
      },
    );
    if (verified.ok) {
      verifiedRequests.set(request, verified.value);
      outcomes.set(request, { ok: true, value: { requester: verified.value.participant } });
      // Over its budget the peer gets a 429 signed like any answer to it, so its client waits rather than suspects.
      const throttle = await options.limits?.verified(request, verified.value.participant.id);
      return throttle ? sendThrottled(request, reply, throttle.code, throttle.retryAfterSeconds) : undefined;
    }
    const first = verified.problems[0]!;
    const presented = requestSignatureOf(request.headers);
    if (presented !== undefined && Buffer.from(presented, 'base64').length === 64) refusedSignatures.set(request, presented);
    const throttle = await options.limits?.unverified(request);
    if (throttle) return sendThrottled(request, reply, throttle.code, throttle.retryAfterSeconds);
    try {
      const appended = await options.auditLog.append([refusalAuditDraft(request, verified.problems)]);
      if (!appended.ok) request.log.error({ requestId: request.id, problems: appended.problems.map((p) => p.code) }, 'refusal not audited');
    } catch (e) {
      request.log.error({ requestId: request.id, err: e }, 'refusal not audited');
    }
    const lang = requestLang(request);
    const problem = problemOf(401, first.code, first.params, lang, {
      requestId: request.id,
      errors: verified.problems.map((p) => ({ path: p.field ?? '', message: p.code })),
      // Each reason in words, so the refused node's operator reads why (e.g. TRUST_PARTICIPANT_REVOKED) on its own console.
      reasons: verified.problems.slice(0, 20).map((p) => ({ code: p.code, message: message(p.code, p.params, lang) })),
    });
    reply.header('www-authenticate', 'Signature');
    return sendProblem(reply, problem);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const bound = verifiedRequests.get(request)?.signature ?? refusedSignatures.get(request);
    if (bound === undefined) return payload;
    if (payload !== null && payload !== undefined && typeof payload !== 'string' && !(payload instanceof Uint8Array)) return payload;
    const body = payload === null || payload === undefined ? null : (payload as string | Uint8Array);
    const headers = signResponse({ status: reply.statusCode, body, requestSignature: bound, signer: options.signer, now: now() });
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    return payload;
  });

  return async (request) => outcomes.get(request) ?? fallback(request);
}
