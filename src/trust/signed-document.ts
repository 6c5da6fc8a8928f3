// Signed documents: a payload and an Ed25519 proof over the canonical JSON (RFC 8785) of the payload together
// with the proof's own fields, so the signer, key, kind and time of signing cannot be changed either.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ParticipantIdSchema, DateTimeSchema } from '../model/common.ts';
import { canonicalBytes } from './canonical-json.ts';
import { verifyEd25519, type NodeSigner } from './keys.ts';

/**
 * What a signed document is, inside the signed bytes. Verifiers of trust documents require the matching kind,
 * so a signature made for one purpose (say, a request) can never be replayed as another (a declaration).
 */
export const documentTypes = {
  trustList: 'tsunagu:trust-list',
  credential: 'tsunagu:credential',
  declaration: 'tsunagu:declaration',
  delegation: 'tsunagu:delegation',
  batchRoot: 'tsunagu:batch-root',
  joinRequest: 'tsunagu:join-request',
} as const;
export type DocumentType = (typeof documentTypes)[keyof typeof documentTypes];

const BASE64URL_SIGNATURE = '^[A-Za-z0-9_-]{86}$';

export const ProofSchema = Type.Object(
  {
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9]+:[a-z0-9-]+$', description: 'kind of document' })),
    signer: ParticipantIdSchema,
    kid: Type.String({ minLength: 1, maxLength: 100 }),
    alg: Type.Literal('Ed25519'),
    created: DateTimeSchema,
    signature: Type.String({ pattern: BASE64URL_SIGNATURE, description: '64-byte Ed25519 signature, base64url without padding' }),
  },
  { additionalProperties: false },
);
export type Proof = Static<typeof ProofSchema>;
export type UnsignedProof = Omit<Proof, 'signature'>;

const PROOF_FIELDS = new Set(['type', 'signer', 'kid', 'alg', 'created', 'signature']);

export interface Signed<T> {
  payload: T;
  proof: Proof;
}

/** JSON Schema of a signed document whose payload follows `payload`. Build once per payload schema (it is compiled). */
export function SignedSchema<P extends TSchema>(payload: P) {
  return Type.Object({ payload, proof: ProofSchema }, { additionalProperties: false });
}

/**
 * Decode base64url (no padding) strictly: Node's decoder ignores stray characters and unused trailing bits,
 * which would let two different strings carry the same signature. Only the canonical encoding is accepted.
 */
export function decodeBase64url(text: string, expectedBytes?: number): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return undefined;
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The exact bytes an Ed25519 signature covers: canonical JSON of `{ payload, proof-without-signature }`. */
export function signingBytes(payload: unknown, proof: UnsignedProof): Uint8Array {
  const { signer, kid, alg, created, type } = proof;
  const unsigned = type === undefined ? { signer, kid, alg, created } : { type, signer, kid, alg, created };
  return canonicalBytes({ payload, proof: unsigned });
}

/**
 * Sign a payload as `signer` at `now`. `type` names the kind of document; trust documents always carry one
 * (see `documentTypes`), other signed messages may leave it out.
 */
export function signDocument<T>(payload: T, signer: NodeSigner, now: Date, type?: DocumentType | string): Signed<T> {
  const unsigned: UnsignedProof = {
    ...(type === undefined ? {} : { type }),
    signer: signer.participantId,
    kid: signer.kid,
    alg: 'Ed25519',
    created: now.toISOString(),
  };
  const signature = Buffer.from(signer.sign(signingBytes(payload, unsigned))).toString('base64url');
  return { payload, proof: { ...unsigned, signature } };
}

/**
 * Whether `doc` carries a valid Ed25519 signature by `publicKey` (raw, base64url). Checks the signature only:
 * who may sign what, and when, is for the verifier of each kind of document. Never throws.
 */
export function verifyDocumentSignature(doc: Signed<unknown>, publicKey: string): boolean {
  try {
    const proof = doc?.proof;
    if (proof === null || typeof proof !== 'object' || proof.alg !== 'Ed25519') return false;
    // Fields the signature does not cover must not ride along unnoticed.
    if (!Object.keys(doc).every((k) => k === 'payload' || k === 'proof')) return false;
    if (!Object.keys(proof).every((k) => PROOF_FIELDS.has(k))) return false;
    if (typeof proof.signature !== 'string') return false;
    const signature = decodeBase64url(proof.signature, 64);
    if (!signature) return false;
    return verifyEd25519(publicKey, signingBytes(doc.payload, proof), signature);
  } catch {
    // A payload with no JSON form (a function, NaN, a lone surrogate) was never signed by anyone.
    return false;
  }
}
