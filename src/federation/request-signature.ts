// Signed requests between nodes: a faithful subset of RFC 9421 (HTTP Message Signatures) with Ed25519, the body
// bound by an RFC 9530 Content-Digest, and the requester's anchor-signed credential carried beside. No shared secrets.
// The wire format is described in docs/federation-auth.md; response-signature.ts reuses the pieces exported below.
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../trust/canonical-json.ts';
import { verifyCredential, type SignedCredential } from '../trust/credential.ts';
import type { CredentialCache } from '../trust/credential-cache.ts';
import { verifyEd25519, type NodeSigner } from '../trust/keys.ts';
import { decodeBase64url } from '../trust/signed-document.ts';
import type { TrustRegistry } from '../trust/trust-registry.ts';
import type { TrustProblem, Verification, VerifiedParticipant } from '../trust/verified.ts';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import type { ReplayGuard } from './replay-guard.ts';

/** The label of Tsunagu's signature in the Signature and Signature-Input dictionaries. */
export const SIGNATURE_LABEL = 'tsunagu';
/** `tag` of a request signature; answers use another tag, so neither can stand in for the other. */
export const REQUEST_SIGNATURE_TAG = 'tsunagu-request-v1';
export const DEFAULT_MAX_SKEW_SECONDS = 300;
/** A carried credential larger than this is refused before decoding (headers are not a place for megabytes). */
const MAX_CREDENTIAL_HEADER_CHARS = 16_384;
const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;
/** Longest Signature or Signature-Input field read; ours are a few hundred characters. */
const MAX_SIGNATURE_FIELD_CHARS = 8_192;

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

/** What a request signature covers, in this order. */
export const requestComponents = ['@method', '@path', '@query', 'content-digest', 'tsunagu-requester', 'tsunagu-audience', 'tsunagu-credential-id'] as const;

export type HttpBody = string | Uint8Array;
/** Headers as fetch (`Headers`) or node:http (`IncomingHttpHeaders`) give them; names are matched ignoring case. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;
/** Headers to send, names in lower case. */
export type SignedHeaders = Record<string, string>;

// --- RFC 8941 structured fields: the subset RFC 9421 and RFC 9530 need --------------------------------------

export type BareItem =
  | { type: 'string'; value: string }
  | { type: 'token'; value: string }
  | { type: 'integer'; value: number }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'boolean'; value: boolean };
export type Parameters = [string, BareItem][];
export interface Item {
  value: BareItem;
  params: Parameters;
}
export type Member = ({ kind: 'item' } & Item) | { kind: 'inner'; items: Item[]; params: Parameters };

class SfError extends Error {}

function parseDictionary(text: string): Map<string, Member> {
  let i = 0;
  const peek = () => text[i] ?? '';
  const fail = (what: string): never => {
    throw new SfError(`${what} at position ${i}`);
  };
  const skip = (chars: string) => {
    while (i < text.length && chars.includes(text[i]!)) i++;
  };
  // Sticky patterns match at `i` without copying the rest of the text, so parsing stays linear.
  const match = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = i;
    return re.exec(text);
  };
  const key = (): string => {
    const m = match(/[a-z*][a-z0-9_.*-]*/y);
    if (!m) fail('expected a key');
    i += m![0].length;
    return m![0];
  };
  const bare = (): BareItem => {
    const c = peek();
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = match(/-?[0-9]{1,15}/y);
      if (!m) fail('expected an integer');
      i += m![0].length;
      if (peek() === '.') fail('decimals are not used');
      return { type: 'integer', value: Number(m![0]) };
    }
    if (c === '"') {
      i++;
      let out = '';
      for (;;) {
        const ch = text[i++];
        if (ch === undefined) fail('unterminated string');
        if (ch === '"') return { type: 'string', value: out };
        if (ch === '\\') {
          const next = text[i++];
          if (next !== '"' && next !== '\\') fail('bad escape in string');
          out += next;
        } else {
          const code = ch!.charCodeAt(0);
          if (code < 0x20 || code > 0x7e) fail('string must be printable ASCII');
          out += ch;
        }
      }
    }
    if (c === ':') {
      const m = match(/:([A-Za-z0-9+/=]*):/y);
      if (!m) fail('expected a byte sequence');
      i += m![0].length;
      const bytes = Buffer.from(m![1]!, 'base64');
      // Only the canonical base64 of the bytes, so one signature has one spelling.
      if (bytes.toString('base64') !== m![1]) fail('byte sequence is not canonical base64');
      return { type: 'bytes', value: new Uint8Array(bytes) };
    }
    if (c === '?') {
      const v = text[i + 1];
      if (v !== '0' && v !== '1') fail('bad boolean');
      i += 2;
      return { type: 'boolean', value: v === '1' };
    }
    const m = match(/[A-Za-z*][A-Za-z0-9!#$%&'*+.^_`|~:/-]*/y);
    if (!m) fail('expected an item');
    i += m![0].length;
    return { type: 'token', value: m![0] };
  };
  const params = (): Parameters => {
    const out: Parameters = [];
    while (peek() === ';') {
      i++;
      skip(' ');
      const k = key();
      if (out.some(([seen]) => seen === k)) fail(`parameter ${k} repeated`);
      let v: BareItem = { type: 'boolean', value: true };
      if (peek() === '=') {
        i++;
        v = bare();
      }
      out.push([k, v]);
    }
    return out;
  };
  const member = (): Member => {
    if (peek() !== '(') {
      const value = bare();
      return { kind: 'item', value, params: params() };
    }
    i++;
    const items: Item[] = [];
    for (;;) {
      skip(' ');
      if (peek() === ')') {
        i++;
        return { kind: 'inner', items, params: params() };
      }
      const value = bare();
      items.push({ value, params: params() });
      if (peek() !== ' ' && peek() !== ')') fail('expected a space or ) in an inner list');
    }
  };

  const out = new Map<string, Member>();
  skip(' ');
  while (i < text.length) {
    const k = key();
    // RFC 8941 lets a later member overwrite an earlier one; a verifier that saw the other would disagree, so refuse.
    if (out.has(k)) fail(`member ${k} repeated`);
    if (peek() === '=') {
      i++;
      out.set(k, member());
    } else {
      out.set(k, { kind: 'item', value: { type: 'boolean', value: true }, params: params() });
    }
    skip(' \t');
    if (i >= text.length) break;
    if (peek() !== ',') fail('expected a comma');
    i++;
    skip(' \t');
    if (i >= text.length) fail('trailing comma');
  }
  return out;
}

function serializeBare(item: BareItem): string {
  switch (item.type) {
    case 'string':
      if (!/^[\x20-\x7e]*$/.test(item.value)) throw new RangeError('a structured-field string must be printable ASCII');
      return `"${item.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    case 'token':
      return item.value;
    case 'integer':
      return String(item.value);
    case 'bytes':
      return `:${Buffer.from(item.value).toString('base64')}:`;
    case 'boolean':
      return item.value ? '?1' : '?0';
  }
}

function serializeParams(params: Parameters): string {
  return params.map(([k, v]) => (v.type === 'boolean' && v.value ? `;${k}` : `;${k}=${serializeBare(v)}`)).join('');
}

/** A covered component's identifier as it appears in the signature base, e.g. `"@method"` or `"signature";req;key="tsunagu"`. */
export function serializeItem(item: Item): string {
  return serializeBare(item.value) + serializeParams(item.params);
}

function serializeInnerList(items: readonly Item[], params: Parameters): string {
  return `(${items.map(serializeItem).join(' ')})${serializeParams(params)}`;
}

// --- headers, digests, targets ---------------------------------------------------------------------------------

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

function bodyBytes(body: HttpBody | null | undefined): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array(0);
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

/** The RFC 9530 Content-Digest field of a body (SHA-256), e.g. `sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:`. */
export function contentDigestOf(body: HttpBody | null | undefined): string {
  return `sha-256=${serializeBare({ type: 'bytes', value: sha256(bodyBytes(body)) })}`;
}

export type DigestCheck = { ok: true } | { ok: false; reason: 'malformed' | 'mismatch'; detail: string };

/** Whether a Content-Digest field carries the body's SHA-256. Other algorithms in the field are ignored. */
export function checkContentDigest(field: string, body: HttpBody | null | undefined): DigestCheck {
  let dict: Map<string, Member>;
  try {
    dict = parseDictionary(field);
  } catch (e) {
    return { ok: false, reason: 'malformed', detail: (e as Error).message };
  }
  const member = dict.get('sha-256');
  if (!member || member.kind !== 'item' || member.value.type !== 'bytes' || member.value.value.length !== 32) {
    return { ok: false, reason: 'malformed', detail: 'no sha-256 digest of 32 bytes' };
  }
  return Buffer.from(member.value.value).equals(Buffer.from(sha256(bodyBytes(body))))
    ? { ok: true }
    : { ok: false, reason: 'mismatch', detail: 'sha-256 differs' };
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

// --- the signature base (RFC 9421 §2.5) --------------------------------------------------------------------------

export interface SignatureParams {
  created: number;
  keyid: string;
  nonce?: string;
  tag: string;
}

function paramsList(p: SignatureParams): Parameters {
  return [
    ['created', { type: 'integer', value: p.created }],
    ['keyid', { type: 'string', value: p.keyid }],
    ...(p.nonce === undefined ? [] : ([['nonce', { type: 'string', value: p.nonce }]] as Parameters)),
    ['alg', { type: 'string', value: 'ed25519' }],
    ['tag', { type: 'string', value: p.tag }],
  ];
}

/** The signature base: one `id: value` line per covered component, then `"@signature-params"`. Throws on a line break in a value. */
export function signatureBase(components: readonly { id: Item; value: string }[], signatureParams: string): string {
  const lines = components.map(({ id, value }) => {
    if (/[\r\n]/.test(value)) throw new SfError('a component value contains a line break');
    return `${serializeItem(id)}: ${value}`;
  });
  lines.push(`"@signature-params": ${signatureParams}`);
  return lines.join('\n');
}

export function componentId(name: string, params: Parameters = []): Item {
  return { value: { type: 'string', value: name }, params };
}

/** Sign a base and build the Signature-Input and Signature fields. */
export function signBase(
  components: readonly { id: Item; value: string }[],
  params: SignatureParams,
  signer: NodeSigner,
): { signatureInput: string; signature: string; signatureB64: string } {
  const inner = serializeInnerList(
    components.map((c) => c.id),
    paramsList(params),
  );
  const base = signatureBase(components, inner);
  const sig = signer.sign(new TextEncoder().encode(base));
  const signatureB64 = Buffer.from(sig).toString('base64');
  return { signatureInput: `${SIGNATURE_LABEL}=${inner}`, signature: `${SIGNATURE_LABEL}=:${signatureB64}:`, signatureB64 };
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

  let input: Map<string, Member>;
  let sigs: Map<string, Member>;
  try {
    input = parseDictionary(inputField);
  } catch (e) {
    return bad('Signature-Input', (e as Error).message);
  }
  try {
    sigs = parseDictionary(sigField);
  } catch (e) {
    return bad('Signature', (e as Error).message);
  }
  const member = input.get(SIGNATURE_LABEL);
  if (!member || member.kind !== 'inner') return bad('Signature-Input', `no inner list labelled ${SIGNATURE_LABEL}`);
  const sig = sigs.get(SIGNATURE_LABEL);
  if (!sig || sig.kind !== 'item' || sig.value.type !== 'bytes' || sig.params.length > 0) {
    return bad('Signature', `no byte sequence labelled ${SIGNATURE_LABEL}`);
  }
  if (sig.value.value.length !== 64) return bad('Signature', 'an Ed25519 signature has 64 bytes');

  const covered = member.items.map(serializeItem);
  const wanted = new Set(expected.map(serializeItem));
  if (covered.length !== wanted.size || new Set(covered).size !== covered.length || !covered.every((c) => wanted.has(c))) {
    return bad('Signature-Input', `must cover exactly ${[...wanted].join(' ')}`);
  }

  const p = new Map(member.params);
  const allowed = new Set(['created', 'keyid', 'alg', 'tag', ...(withNonce ? ['nonce'] : [])]);
  const unknown = member.params.find(([k]) => !allowed.has(k));
  if (unknown) return bad('Signature-Input', `parameter ${unknown[0]} is not used here`);
  const created = p.get('created');
  const keyid = p.get('keyid');
  const alg = p.get('alg');
  const tagParam = p.get('tag');
  const nonce = p.get('nonce');
  if (created?.type !== 'integer' || created.value < 0) return bad('Signature-Input', 'created must be a Unix time in seconds');
  if (keyid?.type !== 'string' || keyid.value === '') return bad('Signature-Input', 'keyid must be a string');
  if (alg?.type !== 'string' || alg.value !== 'ed25519') return bad('Signature-Input', 'alg must be "ed25519"');
  if (tagParam?.type !== 'string' || tagParam.value !== tag) return bad('Signature-Input', `tag must be "${tag}"`);
  if (withNonce && (nonce?.type !== 'string' || !NONCE_PATTERN.test(nonce.value))) {
    return bad('Signature-Input', 'nonce must be 22 to 128 base64url characters');
  }
  return {
    ok: true,
    value: {
      components: member.items,
      params: {
        created: created.value,
        keyid: keyid.value,
        ...(withNonce && nonce?.type === 'string' ? { nonce: nonce.value } : {}),
        tag,
      },
      signatureParams: serializeInnerList(member.items, member.params),
      signature: sig.value.value,
      signatureB64: Buffer.from(sig.value.value).toString('base64'),
    },
  };
}

/** Verify an Ed25519 signature over a base; false (never throws) when a value cannot be put in a base. */
export function verifyBase(
  components: readonly { id: Item; value: string }[],
  signatureParams: string,
  signature: Uint8Array,
  publicKey: string,
): boolean {
  try {
    return verifyEd25519(publicKey, new TextEncoder().encode(signatureBase(components, signatureParams)), signature);
  } catch {
    return false;
  }
}

/** ISO 8601 of a Unix time; a time no Date can hold (up to 15 digits parse) stays as its digits. */
export function isoOfSeconds(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString();
}

// --- requests ------------------------------------------------------------------------------------------------

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

function requestValues(method: string, url: string | URL, h: (name: string) => string | undefined) {
  const { path, query } = targetOf(url);
  const values: Record<(typeof requestComponents)[number], string | undefined> = {
    '@method': method,
    '@path': path,
    '@query': query,
    'content-digest': h(federationHeaders.contentDigest),
    'tsunagu-requester': h(federationHeaders.requester),
    'tsunagu-audience': h(federationHeaders.audience),
    'tsunagu-credential-id': h(federationHeaders.credentialId),
  };
  return values;
}

/** The method as fetch sends it: the six standard methods in upper case, any other exactly as given (RFC 9110 §9.1). */
export function fetchMethod(method: string): string {
  const upper = method.toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(upper) ? upper : method;
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
  const values = requestValues(fetchMethod(input.method), input.url, (n) => headers[n]);
  const components = requestComponents.map((name) => ({ id: componentId(name), value: values[name]! }));
  const created = Math.floor(input.now.getTime() / 1000);
  const nonce = randomBytes(16).toString('base64url');
  const signed = signBase(components, { created, keyid: signer.kid, nonce, tag: REQUEST_SIGNATURE_TAG }, signer);
  headers[federationHeaders.signatureInput] = signed.signatureInput;
  headers[federationHeaders.signature] = signed.signature;
  if (input.includeCredential !== false) headers[federationHeaders.credential] = encodeCredentialHeader(credential);
  return headers;
}

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

function decodeCredentialHeader(text: string): unknown {
  if (text.length > MAX_CREDENTIAL_HEADER_CHARS) throw new SfError('too large');
  const bytes = decodeBase64url(text);
  if (!bytes) throw new SfError('not base64url');
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

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
  let values: ReturnType<typeof requestValues>;
  try {
    values = requestValues(request.method, request.url, h);
  } catch {
    return fail('FEDERATION_REQUEST_MALFORMED', { header: 'request-target', detail: 'neither a path nor an absolute URL' }, 'request-target');
  }
  const headerNames: Record<string, string> = {
    'content-digest': 'Content-Digest',
    'tsunagu-requester': 'Tsunagu-Requester',
    'tsunagu-audience': 'Tsunagu-Audience',
    'tsunagu-credential-id': 'Tsunagu-Credential-Id',
  };
  for (const [name, display] of Object.entries(headerNames)) {
    if (values[name as keyof typeof values] === undefined) return fail('FEDERATION_REQUEST_MALFORMED', { header: display, detail: 'missing' }, display);
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

  const components = sig.components.map((id) => {
    const name = (id.value as { value: string }).value as (typeof requestComponents)[number];
    return { id, value: values[name]! };
  });
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

/** The signature of a signed request (base64), from the headers `signRequest` returned: what its answer is bound to. */
export function requestSignatureOf(headers: HeaderSource): string | undefined {
  const field = headerValue(headers, federationHeaders.signature);
  if (field === undefined) return undefined;
  try {
    const sig = parseDictionary(field).get(SIGNATURE_LABEL);
    return sig?.kind === 'item' && sig.value.type === 'bytes' ? Buffer.from(sig.value.value).toString('base64') : undefined;
  } catch {
    return undefined;
  }
}
