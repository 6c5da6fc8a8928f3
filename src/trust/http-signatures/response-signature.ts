// Signed answers: the provider signs status, body digest and its own id together with the signature of the request
// it answers (RFC 9421 §2.4, `"signature";req`), so an answer cannot be replayed to another request. The consumer
// verifies with the provider's key from the trust registry before using anything in the answer.
//
// Large record lists: the body carries a batch signature (src/trust/batch-signature.ts, `signBatch`) beside the
// records. The answer's Content-Digest covers the body and so the batch root; the consumer checks this signature
// first (provenance and binding), then `verifyBatch`/`verifyBatchTexts` with the same provider key, and may keep the
// signed batch root with inclusion proofs for records it stores.
import { serializeItem } from 'structured-headers';
import type { NodeSigner } from '../keys.ts';
import { signerKey, type TrustRegistry } from '../trust-registry.ts';
import type { Verification } from '../verified.ts';
import type { MessageCode, MessageParams } from '../../i18n/index.ts';
import { checkContentDigest, contentDigestOf } from './content-digest.ts';
import {
  componentId,
  federationHeaders,
  headerValue,
  isoOfSeconds,
  parseSignature,
  SIGNATURE_LABEL,
  signBase,
  verifyBase,
  type CoveredComponent,
  type HeaderSource,
  type HttpBody,
  type Item,
  type SignedHeaders,
} from './message-signature.ts';

export const RESPONSE_SIGNATURE_TAG = 'tsunagu-response-v1';

/** The request signature this answer is bound to: the `tsunagu` member of the request's Signature field. */
const requestSignatureId: Item = componentId('signature', [
  ['req', true],
  ['key', SIGNATURE_LABEL],
]);

/** What an answer's signature covers. */
export const responseComponents: readonly Item[] = [componentId('@status'), componentId('content-digest'), componentId('tsunagu-responder'), requestSignatureId];

export interface SignResponseInput {
  status: number;
  body?: HttpBody | null;
  /** The signature of the request answered (`AuthenticatedRequest.signature`, base64). */
  requestSignature: string;
  signer: NodeSigner;
  now: Date;
}

function requestSignatureValue(requestSignature: string): string | undefined {
  const bytes = Buffer.from(requestSignature, 'base64');
  // Canonical base64 of 64 bytes only; anything else was not a request signature.
  return bytes.length === 64 && bytes.toString('base64') === requestSignature ? `:${requestSignature}:` : undefined;
}

/** Sign an answer. Returns the headers to add (lower-case names). Throws on a request signature that is not one. */
export function signResponse(input: SignResponseInput): SignedHeaders {
  const bound = requestSignatureValue(input.requestSignature);
  if (bound === undefined) throw new Error('requestSignature must be the 64-byte request signature in base64');
  if (!Number.isInteger(input.status) || input.status < 100 || input.status > 999) throw new RangeError(`bad HTTP status ${input.status}`);
  const headers: SignedHeaders = {
    [federationHeaders.contentDigest]: contentDigestOf(input.body),
    [federationHeaders.responder]: input.signer.participantId,
  };
  const values = [String(input.status), headers[federationHeaders.contentDigest]!, input.signer.participantId, bound];
  const components = responseComponents.map((id, i) => ({ id, value: values[i]! }));
  const signed = signBase(components, { created: Math.floor(input.now.getTime() / 1000), keyid: input.signer.kid, tag: RESPONSE_SIGNATURE_TAG }, input.signer);
  headers[federationHeaders.signatureInput] = signed.signatureInput;
  headers[federationHeaders.signature] = signed.signature;
  return headers;
}

export interface ReceivedResponse {
  status: number;
  headers: HeaderSource;
  body?: HttpBody | null;
}

export interface VerifyResponseOptions {
  /** The signature of the request this answer is for (`requestSignatureOf(sentHeaders)`). */
  requestSignature: string;
  /** The participant the request was sent to: only its signature is accepted. */
  provider: string;
  registry: TrustRegistry;
  now: Date;
}

/** Who answered, proven. */
export interface VerifiedResponse {
  responder: string;
  kid: string;
  /** The key that signed (base64url): use it for the answer's batch signature (`verifyBatch`). */
  publicKey: string;
  /** When the provider signed, ISO 8601. */
  created: string;
}

function fail<T>(code: MessageCode, params: MessageParams, field?: string): Verification<T> {
  return { ok: false, problems: [field === undefined ? { code, params } : { code, params, field }] };
}

/**
 * Verify an answer before use: signed by `provider` with a key listed for it (valid when signed, not dated in
 * the future, provider in good standing), for this request, with this status and body.
 */
export function verifyResponse(response: ReceivedResponse, options: VerifyResponseOptions): Verification<VerifiedResponse> {
  const parsed = parseSignature(response.headers, responseComponents, RESPONSE_SIGNATURE_TAG, false);
  if (!parsed.ok) {
    return 'missing' in parsed.problem
      ? fail('FEDERATION_RESPONSE_UNSIGNED', { header: parsed.problem.missing }, parsed.problem.missing)
      : fail('FEDERATION_RESPONSE_MALFORMED', { header: parsed.problem.header, detail: parsed.problem.detail }, parsed.problem.header);
  }
  const sig = parsed.value;
  const responder = headerValue(response.headers, federationHeaders.responder);
  if (responder === undefined) return fail('FEDERATION_RESPONSE_MALFORMED', { header: 'Tsunagu-Responder', detail: 'missing' }, 'Tsunagu-Responder');
  if (responder !== options.provider) return fail('FEDERATION_RESPONDER_MISMATCH', { responder, expected: options.provider }, 'Tsunagu-Responder');
  const digestField = headerValue(response.headers, federationHeaders.contentDigest);
  if (digestField === undefined) return fail('FEDERATION_RESPONSE_MALFORMED', { header: 'Content-Digest', detail: 'missing' }, 'Content-Digest');
  const digest = checkContentDigest(digestField, response.body);
  if (!digest.ok) {
    return digest.reason === 'mismatch'
      ? fail('FEDERATION_RESPONSE_DIGEST_MISMATCH', {}, 'Content-Digest')
      : fail('FEDERATION_RESPONSE_MALFORMED', { header: 'Content-Digest', detail: digest.detail }, 'Content-Digest');
  }
  const created = isoOfSeconds(sig.params.created);
  const key = signerKey({ signer: responder, kid: sig.params.keyid, created }, options.registry, options.now);
  if (!key.ok) return key;
  const bound = requestSignatureValue(options.requestSignature);
  const byName: Record<string, string | undefined> = {
    '"@status"': String(response.status),
    '"content-digest"': digestField,
    '"tsunagu-responder"': responder,
    '"signature";req;key="tsunagu"': bound,
  };
  // parseSignature checked that exactly the expected components are covered, so every identifier is named here.
  const components = sig.components.map((id) => ({ id, value: byName[serializeItem(id)] }));
  if (bound === undefined || components.some((c) => c.value === undefined) || !verifyBase(components as CoveredComponent[], sig.signatureParams, sig.signature, key.value)) {
    return fail('FEDERATION_RESPONSE_SIGNATURE_INVALID', { responder, kid: sig.params.keyid }, 'Signature');
  }
  const value: VerifiedResponse = { responder, kid: sig.params.keyid, publicKey: key.value, created };
  return key.warnings ? { ok: true, value, warnings: key.warnings } : { ok: true, value };
}
