// Signed requests between nodes: what a request signature covers, how a consumer signs one (Ed25519, the body bound
// by its Content-Digest, the anchor-signed credential carried beside) and how its parts are read back. No shared
// secrets. The provider's verification is src/node/request-verification/verify-request.ts.
import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import type { SignedCredential } from '../credential.ts';
import type { NodeSigner } from '../keys.ts';
import { decodeBase64url } from '../signed-document.ts';
import { contentDigestOf } from './content-digest.ts';
import {
  bytesOf,
  componentId,
  federationHeaders,
  fetchMethod,
  headerValue,
  readDictionary,
  SIGNATURE_LABEL,
  signBase,
  targetOf,
  type HeaderSource,
  type HttpBody,
  type SignedHeaders,
} from './message-signature.ts';

export type { HeaderSource, HttpBody, SignedHeaders } from './message-signature.ts';

/** `tag` of a request signature; answers use another tag, so neither can stand in for the other. */
export const REQUEST_SIGNATURE_TAG = 'tsunagu-request-v1';
/** A carried credential larger than this is refused before decoding (headers are not a place for megabytes). */
const MAX_CREDENTIAL_HEADER_CHARS = 16_384;

/** What a request signature covers, in this order. */
export const requestComponents = ['@method', '@path', '@query', 'content-digest', 'tsunagu-requester', 'tsunagu-audience', 'tsunagu-credential-id'] as const;
export type RequestComponent = (typeof requestComponents)[number];

export interface SignRequestInput {
  method: string;
  /** Absolute URL (as given to fetch) or the request target (`/path?query`). */
  url: string | URL;
  body?: HttpBody | null;
  /** The requester's credential, signed by its trust anchor. */
  credential: SignedCredential;
  signer: NodeSigner;
  /** The participant id of the node asked: a request signed for one node is refused by every other. */
  audience: string;
  now: Date;
  /** Send the credential in `Tsunagu-Credential` (default true); false when the provider is known to cache it by id. */
  includeCredential?: boolean;
}

/** The base64url form of a signed credential for the `Tsunagu-Credential` header: canonical JSON, UTF-8. */
export function encodeCredentialHeader(credential: SignedCredential): string {
  return Buffer.from(canonicalJson(credential), 'utf8').toString('base64url');
}

/** The document a `Tsunagu-Credential` header carries, still to be verified; throws on one too large or not base64url JSON. */
export function decodeCredentialHeader(text: string): unknown {
  if (text.length > MAX_CREDENTIAL_HEADER_CHARS) throw new Error('too large');
  const bytes = decodeBase64url(text);
  if (!bytes) throw new Error('not base64url');
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

/** The value of each covered component of a request; undefined where a header is absent. Throws on a target that is not a URL. */
export function requestComponentValues(method: string, url: string | URL, h: (name: string) => string | undefined): Record<RequestComponent, string | undefined> {
  const { path, query } = targetOf(url);
  return {
    '@method': method,
    '@path': path,
    '@query': query,
    'content-digest': h(federationHeaders.contentDigest),
    'tsunagu-requester': h(federationHeaders.requester),
    'tsunagu-audience': h(federationHeaders.audience),
    'tsunagu-credential-id': h(federationHeaders.credentialId),
  };
}

/**
 * Sign a request as `signer`, holder of `credential`. Returns the headers to add (lower-case names). Throws when the
 * signer is not the credential's subject, its key is not in the credential, or its key id is not printable ASCII:
 * configuration errors.
 */
export function signRequest(input: SignRequestInput): SignedHeaders {
  const { credential, signer } = input;
  const subject = credential.payload.subject;
  if (subject.id !== signer.participantId) {
    throw new Error(`credential ${credential.payload.id} is for ${subject.id}, not for the signer ${signer.participantId}`);
  }
  if (!subject.keys.some((k) => k.kid === signer.kid && k.publicKey === signer.publicKey)) {
    throw new Error(`key ${signer.kid} is not among the keys of credential ${credential.payload.id}`);
  }
  const headers: SignedHeaders = {
    [federationHeaders.contentDigest]: contentDigestOf(input.body),
    [federationHeaders.requester]: signer.participantId,
    [federationHeaders.audience]: input.audience,
    [federationHeaders.credentialId]: credential.payload.id,
  };
  const values = requestComponentValues(fetchMethod(input.method), input.url, (n) => headers[n]);
  const components = requestComponents.map((name) => ({ id: componentId(name), value: values[name]! }));
  const created = Math.floor(input.now.getTime() / 1000);
  const nonce = randomBytes(16).toString('base64url');
  const signed = signBase(components, { created, keyid: signer.kid, nonce, tag: REQUEST_SIGNATURE_TAG }, signer);
  headers[federationHeaders.signatureInput] = signed.signatureInput;
  headers[federationHeaders.signature] = signed.signature;
  if (input.includeCredential !== false) headers[federationHeaders.credential] = encodeCredentialHeader(credential);
  return headers;
}

/** The signature of a signed request (base64), from the headers `signRequest` returned: what its answer is bound to. */
export function requestSignatureOf(headers: HeaderSource): string | undefined {
  const field = headerValue(headers, federationHeaders.signature);
  if (field === undefined) return undefined;
  try {
    const bytes = bytesOf(readDictionary(field).get(SIGNATURE_LABEL));
    return bytes === undefined ? undefined : Buffer.from(bytes).toString('base64');
  } catch {
    return undefined;
  }
}
