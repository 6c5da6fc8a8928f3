// RFC 9421 HTTP Message Signatures as Tsunagu profiles them: component identifiers, the signature base, the
// Signature-Input and Signature fields (structured fields through the `structured-headers` package) and Ed25519.
// Shared by the signer (federation) and the verifier (node); deviations from the RFC are listed in docs/federation-auth.md.
import {
  parseDictionary,
  serializeDictionary,
  serializeInnerList,
  serializeItem,
  type Dictionary,
  type InnerList,
  type Item,
  type Parameters,
} from 'structured-headers';
import { verifyEd25519, type NodeSigner } from '../keys.ts';

export type { Item, Parameters } from 'structured-headers';

/** The label of Tsunagu's signature in the Signature and Signature-Input dictionaries. */
export const SIGNATURE_LABEL = 'tsunagu';
/** Longest Signature or Signature-Input field read; ours are a few hundred characters. */
const MAX_SIGNATURE_FIELD_CHARS = 8_192;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

/** Header names (lower case, as HTTP/2 and node:http give them). */
export const federationHeaders = {
  signature: 'signature',
  signatureInput: 'signature-input',
  contentDigest: 'content-digest',
  requester: 'tsunagu-requester',
  audience: 'tsunagu-audience',
  credentialId: 'tsunagu-credential-id',
  credential: 'tsunagu-credential',
  responder: 'tsunagu-responder',
} as const;

export type HttpBody = string | Uint8Array;
/** Headers as fetch (`Headers`) or node:http (`IncomingHttpHeaders`) give them; names are matched ignoring case. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;
/** Headers to send, names in lower case. */
export type SignedHeaders = Record<string, string>;

/** A header's value, or undefined. Several fields of one name are combined with ", " as HTTP allows. */
export function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const found: string[] = [];
  for (const [k, v] of Object.entries(headers as Record<string, string | readonly string[] | number | undefined>)) {
    if (k.toLowerCase() !== name || v === undefined) continue;
    if (Array.isArray(v)) found.push(...(v as readonly string[]));
    else found.push(String(v));
  }
  return found.length === 0 ? undefined : found.map((v) => v.trim()).join(', ');
}

/**
 * A dictionary field, accepted only in its canonical serialisation (RFC 8941 §4.1). RFC 8941 lets a repeated member
 * overwrite an earlier one; a verifier that kept the other would disagree, so a field that does not serialise back
 * to itself (a repeated member, a non-canonical byte sequence, `1.0` for `1`) is refused. Throws with the reason.
 */
export function readDictionary(field: string): Dictionary {
  const parsed = parseDictionary(field);
  if (serializeDictionary(parsed) !== field) throw new Error('not in canonical form (a member repeated, or spelt otherwise than it serialises)');
  return parsed;
}

export function isInnerList(member: Item | InnerList): member is InnerList {
  return Array.isArray(member[0]);
}

/** The bytes of a byte-sequence item, or undefined for any other item. */
export function bytesOf(member: Item | InnerList | undefined): Uint8Array | undefined {
  if (member === undefined || isInnerList(member)) return undefined;
  const value = member[0];
  return value instanceof ArrayBuffer ? new Uint8Array(value) : undefined;
}

/**
 * `@path` and `@query` (RFC 9421 §2.2.6–2.2.7). A request target as a server receives it (`/p?q`, node:http's
 * `req.url`) is taken byte for byte; an absolute URL is read as fetch will send it (WHATWG serialisation). An
 * absent or empty query is `?`.
 */
export function targetOf(url: string | URL): { path: string; query: string } {
  if (typeof url === 'string' && url.startsWith('/')) {
    const noFragment = url.split('#', 1)[0]!;
    const q = noFragment.indexOf('?');
    return q < 0 ? { path: noFragment, query: '?' } : { path: noFragment.slice(0, q), query: `?${noFragment.slice(q + 1)}` };
  }
  const u = typeof url === 'string' ? new URL(url) : url;
  return { path: u.pathname === '' ? '/' : u.pathname, query: `?${u.search.slice(1)}` };
}

/** The method as fetch sends it: the six standard methods in upper case, any other exactly as given (RFC 9110 §9.1). */
export function fetchMethod(method: string): string {
  const upper = method.toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(upper) ? upper : method;
}

/** A covered component's identifier (RFC 9421 §2): its name as a string item, with parameters such as `req`. */
export function componentId(name: string, params: ReadonlyArray<readonly [string, string | boolean]> = []): Item {
  return [name, new Map(params)];
}

export interface CoveredComponent {
  id: Item;
  value: string;
}

/** The signature base (RFC 9421 §2.5): one `id: value` line per covered component, then `"@signature-params"`. Throws on a line break in a value. */
export function signatureBase(components: readonly CoveredComponent[], signatureParams: string): string {
  const lines = components.map(({ id, value }) => {
    if (/[\r\n]/.test(value)) throw new Error('a component value contains a line break');
    return `${serializeItem(id)}: ${value}`;
  });
  lines.push(`"@signature-params": ${signatureParams}`);
  return lines.join('\n');
}

/** Tsunagu's signature parameters; `alg` is always ed25519. */
export interface SignatureParams {
  created: number;
  keyid: string;
  nonce?: string;
  tag: string;
}

/** The `@signature-params` value: the covered identifiers as an inner list with the parameters, in Tsunagu's order. */
export function signatureParamsOf(components: readonly CoveredComponent[], p: SignatureParams): string {
  const params: Parameters = new Map<string, string | number>([
    ['created', p.created],
    ['keyid', p.keyid],
    ...(p.nonce === undefined ? [] : ([['nonce', p.nonce]] as [string, string][])),
    ['alg', 'ed25519'],
    ['tag', p.tag],
  ]);
  return serializeInnerList([components.map((c) => c.id), params]);
}

/** Sign a base and build the Signature-Input and Signature fields. Throws on a parameter structured fields cannot carry. */
export function signBase(
  components: readonly CoveredComponent[],
  params: SignatureParams,
  signer: NodeSigner,
): { signatureInput: string; signature: string; signatureB64: string } {
  const inner = signatureParamsOf(components, params);
  const sig = signer.sign(new TextEncoder().encode(signatureBase(components, inner)));
  const signatureB64 = Buffer.from(sig).toString('base64');
  return {
    signatureInput: `${SIGNATURE_LABEL}=${inner}`,
    signature: serializeDictionary({ [SIGNATURE_LABEL]: [Uint8Array.from(sig), new Map()] }),
    signatureB64,
  };
}

/** Verify an Ed25519 signature over a base; false (never throws) when a value cannot be put in a base. */
export function verifyBase(components: readonly CoveredComponent[], signatureParams: string, signature: Uint8Array, publicKey: string): boolean {
  try {
    return verifyEd25519(publicKey, new TextEncoder().encode(signatureBase(components, signatureParams)), signature);
  } catch {
    return false;
  }
}

/** A parsed Tsunagu signature: covered components, parameters, and the exact base they imply. */
export interface ParsedSignature {
  components: Item[];
  params: SignatureParams;
  /** The `@signature-params` value, re-serialised from what was parsed. */
  signatureParams: string;
  signature: Uint8Array;
  /** The signature in base64, as in the Signature field. */
  signatureB64: string;
}

export type ParseProblem = { missing: string } | { header: string; detail: string };

function reasonOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 200);
}

/**
 * Read the `tsunagu` signature of a message. `expected` lists the component identifiers that must be covered
 * (exactly these, any order); `withNonce` whether a nonce is required (requests) or forbidden (answers).
 */
export function parseSignature(
  headers: HeaderSource,
  expected: readonly Item[],
  tag: string,
  withNonce: boolean,
): { ok: true; value: ParsedSignature } | { ok: false; problem: ParseProblem } {
  const inputField = headerValue(headers, federationHeaders.signatureInput);
  if (inputField === undefined) return { ok: false, problem: { missing: 'Signature-Input' } };
  const sigField = headerValue(headers, federationHeaders.signature);
  if (sigField === undefined) return { ok: false, problem: { missing: 'Signature' } };
  const bad = (header: string, detail: string) => ({ ok: false as const, problem: { header, detail } });
  if (inputField.length > MAX_SIGNATURE_FIELD_CHARS) return bad('Signature-Input', 'too long');
  if (sigField.length > MAX_SIGNATURE_FIELD_CHARS) return bad('Signature', 'too long');

  let input: Dictionary;
  let sigs: Dictionary;
  try {
    input = readDictionary(inputField);
  } catch (e) {
    return bad('Signature-Input', reasonOf(e));
  }
  try {
    sigs = readDictionary(sigField);
  } catch (e) {
    return bad('Signature', reasonOf(e));
  }
  const member = input.get(SIGNATURE_LABEL);
  if (!member || !isInnerList(member)) return bad('Signature-Input', `no inner list labelled ${SIGNATURE_LABEL}`);
  const sigMember = sigs.get(SIGNATURE_LABEL);
  const signature = bytesOf(sigMember);
  if (signature === undefined || sigMember![1].size > 0) return bad('Signature', `no byte sequence labelled ${SIGNATURE_LABEL}`);
  if (signature.length !== 64) return bad('Signature', 'an Ed25519 signature has 64 bytes');

  const [items, params] = member;
  const covered = items.map((item) => serializeItem(item));
  const wanted = new Set(expected.map((item) => serializeItem(item)));
  if (covered.length !== wanted.size || new Set(covered).size !== covered.length || !covered.every((c) => wanted.has(c))) {
    return bad('Signature-Input', `must cover exactly ${[...wanted].join(' ')}`);
  }

  const allowed = new Set(['created', 'keyid', 'alg', 'tag', ...(withNonce ? ['nonce'] : [])]);
  const unknown = [...params.keys()].find((k) => !allowed.has(k));
  if (unknown !== undefined) return bad('Signature-Input', `parameter ${unknown} is not used here`);
  const created = params.get('created');
  const keyid = params.get('keyid');
  const nonce = params.get('nonce');
  if (typeof created !== 'number' || !Number.isInteger(created) || created < 0) return bad('Signature-Input', 'created must be a Unix time in seconds');
  if (typeof keyid !== 'string' || keyid === '') return bad('Signature-Input', 'keyid must be a string');
  if (params.get('alg') !== 'ed25519') return bad('Signature-Input', 'alg must be "ed25519"');
  if (params.get('tag') !== tag) return bad('Signature-Input', `tag must be "${tag}"`);
  if (withNonce && (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce))) return bad('Signature-Input', 'nonce must be 22 to 128 base64url characters');
  return {
    ok: true,
    value: {
      components: items,
      params: { created, keyid, ...(withNonce && typeof nonce === 'string' ? { nonce } : {}), tag },
      signatureParams: serializeInnerList(member),
      signature,
      signatureB64: Buffer.from(signature).toString('base64'),
    },
  };
}

/** ISO 8601 of a Unix time; a time no Date can hold (up to 15 digits parse) stays as its digits. */
export function isoOfSeconds(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString();
}
