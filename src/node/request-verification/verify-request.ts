// The provider's check of a signed request from another node: form, clock, body digest, the anchor-signed
// credential, the key, the signature, the audience, and last the nonce — so only authenticated requests take room in
// the replay guard. Wire format: src/trust/http-signatures/.
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { verifyCredential, type SignedCredential } from '../../trust/credential.ts';
import type { CredentialCache } from '../../trust/credential-cache.ts';
import { checkContentDigest } from '../../trust/http-signatures/content-digest.ts';
import {
  componentId,
  federationHeaders,
  headerValue,
  isoOfSeconds,
  parseSignature,
  verifyBase,
  type HeaderSource,
  type HttpBody,
} from '../../trust/http-signatures/message-signature.ts';
import {
  decodeCredentialHeader,
  REQUEST_SIGNATURE_TAG,
  requestComponents,
  requestComponentValues,
  type RequestComponent,
} from '../../trust/http-signatures/request-signature.ts';
import type { TrustRegistry } from '../../trust/trust-registry.ts';
import type { TrustProblem, Verification, VerifiedParticipant } from '../../trust/verified.ts';
import type { ReplayGuard } from './replay-guard.ts';

export const DEFAULT_MAX_SKEW_SECONDS = 300;

export interface ReceivedRequest {
  method: string;
  /** The request target as received (`req.url` of node:http, `request.url` of Fastify) or an absolute URL. */
  url: string | URL;
  headers: HeaderSource;
  body?: HttpBody | null;
}

export interface VerifyRequestOptions {
  registry: TrustRegistry;
  replayGuard: ReplayGuard;
  now: Date;
  /** This node's participant id: requests signed for another node are refused. */
  audience: string;
  /** Largest accepted difference between `created` and now, both directions (default 300). Also the replay window. */
  maxSkewSeconds?: number;
  /** A credential this node keeps, by id, for requests that do not carry one. */
  credentialById?: (id: string) => unknown;
  /** Verified credentials to reuse (src/trust/credential-cache.ts); without it every request verifies its credential. */
  credentialCache?: CredentialCache;
}

/** A request whose signature, credential, freshness and uniqueness were verified. */
export interface AuthenticatedRequest {
  participant: VerifiedParticipant;
  credentialId: string;
  kid: string;
  nonce: string;
  /** When the requester signed, ISO 8601. */
  created: string;
  /** The request's signature (base64, as in its Signature field): give it to `signResponse` to bind the answer. */
  signature: string;
}

function fail<T>(code: MessageCode, params: MessageParams, field?: string, ...more: TrustProblem[]): Verification<T> {
  return { ok: false, problems: [field === undefined ? { code, params } : { code, params, field }, ...more] };
}

const headerNames: Readonly<Record<string, string>> = {
  'content-digest': 'Content-Digest',
  'tsunagu-requester': 'Tsunagu-Requester',
  'tsunagu-audience': 'Tsunagu-Audience',
  'tsunagu-credential-id': 'Tsunagu-Credential-Id',
};

/**
 * Verify a request from another node. Cheap checks first (shape, clock, digest), then the credential and the
 * signature; the nonce is remembered last, so only authenticated requests take room in the replay guard.
 */
export async function verifyRequest(request: ReceivedRequest, options: VerifyRequestOptions): Promise<Verification<AuthenticatedRequest>> {
  const maxSkew = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  const parsed = parseSignature(request.headers, requestComponents.map((n) => componentId(n)), REQUEST_SIGNATURE_TAG, true);
  if (!parsed.ok) {
    return 'missing' in parsed.problem
      ? fail('FEDERATION_REQUEST_UNSIGNED', { header: parsed.problem.missing }, parsed.problem.missing)
      : fail('FEDERATION_REQUEST_MALFORMED', { header: parsed.problem.header, detail: parsed.problem.detail }, parsed.problem.header);
  }
  const sig = parsed.value;
  const h = (name: string) => headerValue(request.headers, name);
  let values: Record<RequestComponent, string | undefined>;
  try {
    values = requestComponentValues(request.method, request.url, h);
  } catch {
    return fail('FEDERATION_REQUEST_MALFORMED', { header: 'request-target', detail: 'neither a path nor an absolute URL' }, 'request-target');
  }
  for (const [name, display] of Object.entries(headerNames)) {
    if (values[name as RequestComponent] === undefined) return fail('FEDERATION_REQUEST_MALFORMED', { header: display, detail: 'missing' }, display);
  }
  const requester = values['tsunagu-requester']!;
  const credentialId = values['tsunagu-credential-id']!;
  const nonce = sig.params.nonce!;

  const skew = Math.abs(options.now.getTime() / 1000 - sig.params.created);
  if (!(skew <= maxSkew)) {
    return fail(
      'FEDERATION_CLOCK_SKEW',
      { created: isoOfSeconds(sig.params.created), now: options.now.toISOString(), skew: Math.round(skew), maxSkew },
      'Signature-Input',
    );
  }
  const digest = checkContentDigest(values['content-digest']!, request.body);
  if (!digest.ok) {
    return digest.reason === 'mismatch'
      ? fail('FEDERATION_DIGEST_MISMATCH', {}, 'Content-Digest')
      : fail('FEDERATION_REQUEST_MALFORMED', { header: 'Content-Digest', detail: digest.detail }, 'Content-Digest');
  }

  const carried = h(federationHeaders.credential);
  let doc: unknown;
  if (carried !== undefined) {
    try {
      doc = decodeCredentialHeader(carried);
    } catch (e) {
      return fail('FEDERATION_REQUEST_MALFORMED', { header: 'Tsunagu-Credential', detail: (e as Error).message }, 'Tsunagu-Credential');
    }
  } else {
    doc = options.credentialById?.(credentialId);
    if (doc === undefined) return fail('FEDERATION_CREDENTIAL_MISSING', { credential: credentialId }, 'Tsunagu-Credential');
  }
  const credential = options.credentialCache ? options.credentialCache.verify(doc, options.registry, options.now) : verifyCredential(doc, options.registry, options.now);
  if (!credential.ok) {
    return fail('FEDERATION_CREDENTIAL_INVALID', { participant: requester, credential: credentialId }, 'Tsunagu-Credential', ...credential.problems);
  }
  const presentedId = (doc as SignedCredential).payload.id;
  if (presentedId !== credentialId) {
    return fail('FEDERATION_CREDENTIAL_MISMATCH', { field: 'id', expected: credentialId, actual: presentedId }, 'Tsunagu-Credential');
  }
  const participant = credential.value;
  if (participant.id !== requester) {
    return fail('FEDERATION_CREDENTIAL_MISMATCH', { field: 'subject.id', expected: requester, actual: participant.id }, 'Tsunagu-Credential');
  }
  // Keys claimed by the credential, listed for the participant in the trust list, and valid now.
  const key = participant.publicKeys.find((k) => k.kid === sig.params.keyid);
  if (!key) return fail('FEDERATION_KEY_NOT_ALLOWED', { participant: requester, kid: sig.params.keyid }, 'Signature-Input');

  // parseSignature checked that exactly the request components are covered, each a string item.
  const components = sig.components.map((id) => ({ id, value: values[id[0] as RequestComponent]! }));
  if (!verifyBase(components, sig.signatureParams, sig.signature, key.publicKey)) {
    return fail('FEDERATION_SIGNATURE_INVALID', { participant: requester, kid: sig.params.keyid }, 'Signature');
  }
  const audience = values['tsunagu-audience']!;
  if (audience !== options.audience) {
    return fail('FEDERATION_AUDIENCE_MISMATCH', { audience, expected: options.audience }, 'Tsunagu-Audience');
  }
  // Refused once |now - created| > maxSkew, so the nonce need be kept only until created + maxSkew (inclusive).
  const replay = await options.replayGuard.remember({ requester, nonce, expiresAt: (sig.params.created + maxSkew) * 1000 + 1 }, options.now);
  if (!replay.fresh) {
    return replay.reason === 'replayed'
      ? fail('FEDERATION_REPLAYED', { participant: requester, nonce }, 'Signature-Input')
      : fail('FEDERATION_REPLAY_GUARD_FULL', { participant: requester });
  }
  const value: AuthenticatedRequest = {
    participant,
    credentialId,
    kid: sig.params.keyid,
    nonce,
    created: isoOfSeconds(sig.params.created),
    signature: sig.signatureB64,
  };
  return credential.warnings ? { ok: true, value, warnings: credential.warnings } : { ok: true, value };
}
