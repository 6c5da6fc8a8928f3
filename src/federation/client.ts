// The consumer side of the federation API: every request signed with this node's key and credential, every answer
// verified (signed by the node asked, bound to this request, body intact) before anything in it is used.
import type { OutboxMessage } from '../store/outbox-store.ts';
import type { SignedCredential } from '../trust/credential.ts';
import type { SignedDeclaration } from '../trust/declaration.ts';
import type { SignedDelegation } from '../trust/delegation.ts';
import type { NodeSigner } from '../trust/keys.ts';
import type { TrustRegistry } from '../trust/trust-registry.ts';
import type { TrustProblem } from '../trust/verified.ts';
import { OUTBOX_DELIVERY_PATH } from './outbox.ts';
import { requestSignatureOf, signRequest } from '../trust/http-signatures/request-signature.ts';
import { verifyResponse, type VerifiedResponse } from '../trust/http-signatures/response-signature.ts';

/** A node to ask: its participant id (the only signer accepted for its answers) and where its API answers. */
export interface FederationTarget {
  participantId: string;
  url: string;
}

export interface FederationClientOptions {
  signer: NodeSigner;
  credential: SignedCredential;
  registry: TrustRegistry;
  fetch?: typeof fetch;
  now?: () => Date;
  /**
   * How often a signed 429 (the provider's own word that this participant is over its budget) is waited out for its
   * `Retry-After` and asked again, re-signed (default 2). An unsigned 429 is never taken for one (docs/federation-auth.md).
   */
  rateLimitRetries?: number;
  /** The longest `Retry-After` waited for (default 15 s); a longer one, or one past the caller's deadline, is answered as is. */
  maxRetryAfterSeconds?: number;
}

/** What a query may say; the provider decides it by its policies for `purpose`. */
export interface QueryParams {
  purpose: string;
  fields?: readonly string[];
  area?: readonly string[];
  /** [west, south, east, north] */
  bbox?: readonly [number, number, number, number];
  /** GeoJSON Polygon or MultiPolygon. */
  within?: unknown;
  limit?: number;
  after?: string;
  /** To act for its owner. */
  delegation?: SignedDelegation;
  /** `aggregate`: counts per group as the provider's aggregate-only permit defines them, never records. */
  answer?: 'records' | 'aggregate';
  lang?: 'ja' | 'en';
}

/**
 * A verified answer (whatever its status: a signed 403 is the provider's word too), or why there is none to use:
 * `unverified` when the answer's signature did not verify — nothing in it may be used —, `network` when none came.
 */
export type FederationResult =
  | { ok: true; status: number; body: unknown; headers: Headers; verified: VerifiedResponse }
  | { ok: false; reason: 'unverified'; status: number; problems: TrustProblem[] }
  | { ok: false; reason: 'network'; detail: string };

export interface FederationClient {
  /** `signal` cancels the exchange (a deadline): the socket is closed, not left to the peer. */
  request(target: FederationTarget, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<FederationResult>;
  query(target: FederationTarget, dataset: string, params: QueryParams, signal?: AbortSignal): Promise<FederationResult>;
  sendDeclaration(target: FederationTarget, declaration: SignedDeclaration): Promise<FederationResult>;
  /** For `createHttpTransport({ headers })`: signs each outbox delivery for the peer it goes to. */
  deliveryHeaders(message: OutboxMessage, body: string): Record<string, string>;
}

/** Seconds to wait from a `Retry-After` header (delta-seconds; the node never sends a date), or undefined. */
export function retryAfterSecondsOf(headers: Headers): number | undefined {
  const v = headers.get('retry-after')?.trim();
  return v !== undefined && /^\d{1,6}$/.test(v) ? Number(v) : undefined;
}

/** Wait `ms`, or less if `signal` aborts first: whether the whole wait passed. */
function waitFor(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (passed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', aborted);
      resolve(passed);
    };
    const aborted = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

function urlOf(base: string, path: string): URL {
  return new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
}

export function createFederationClient(options: FederationClientOptions): FederationClient {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());

  function sign(method: string, url: URL, body: string | null, audience: string): Record<string, string> {
    return signRequest({ method, url, body, credential: options.credential, signer: options.signer, audience, now: now() });
  }

  const retries = options.rateLimitRetries ?? 2;
  const maxWaitSeconds = options.maxRetryAfterSeconds ?? 15;

  /**
   * One exchange; a verified 429 with `Retry-After` is waited out and asked again (a fresh signature: the node refuses
   * a replayed one) while retries are left and the caller's signal allows — otherwise the 429 itself is the answer.
   */
  async function request(target: FederationTarget, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<FederationResult> {
    for (let attempt = 0; ; attempt++) {
      const r = await exchange(target, method, path, body, signal);
      if (!r.ok || r.status !== 429 || attempt >= retries) return r;
      const seconds = retryAfterSecondsOf(r.headers);
      if (seconds === undefined || seconds > maxWaitSeconds) return r;
      if (!(await waitFor(seconds * 1000, signal))) return r;
    }
  }

  async function exchange(target: FederationTarget, method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<FederationResult> {
    const url = urlOf(target.url, path);
    const text = body === undefined ? null : JSON.stringify(body);
    const headers = sign(method, url, text, target.participantId);
    let response: Response;
    let bytes: Uint8Array;
    try {
      response = await doFetch(url, {
        method,
        headers: { ...headers, accept: 'application/json', ...(text !== null ? { 'content-type': 'application/json' } : {}) },
        ...(text !== null ? { body: text } : {}),
        ...(signal !== undefined ? { signal } : {}),
      });
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      return { ok: false, reason: 'network', detail: e instanceof Error ? e.message : String(e) };
    }
    const verified = verifyResponse(
      { status: response.status, headers: response.headers, body: bytes },
      { requestSignature: requestSignatureOf(headers) ?? '', provider: target.participantId, registry: options.registry, now: now() },
    );
    if (!verified.ok) return { ok: false, reason: 'unverified', status: response.status, problems: verified.problems };
    let parsed: unknown = undefined;
    if (bytes.length > 0) {
      try {
        parsed = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        parsed = new TextDecoder().decode(bytes);
      }
    }
    return { ok: true, status: response.status, body: parsed, headers: response.headers, verified: verified.value };
  }

  return {
    request,
    query: (target, dataset, params, signal) => {
      const body: Record<string, unknown> = { purpose: params.purpose };
      if (params.fields) body.fields = params.fields.join(',');
      if (params.area) body.area = [...params.area];
      if (params.bbox) body.bbox = [...params.bbox];
      if (params.within !== undefined) body.within = params.within;
      if (params.limit !== undefined) body.limit = params.limit;
      if (params.after !== undefined) body.after = params.after;
      if (params.delegation) body.delegation = params.delegation;
      if (params.lang) body.lang = params.lang;
      if (params.answer) body.answer = params.answer;
      return request(target, 'POST', `/api/v1/datasets/${encodeURIComponent(dataset)}/query`, body, signal);
    },
    sendDeclaration: (target, declaration) => request(target, 'POST', '/api/v1/declarations', declaration),
    deliveryHeaders: (message, body) => sign('POST', urlOf(message.peerUrl, OUTBOX_DELIVERY_PATH), body, message.peer),
  };
}
