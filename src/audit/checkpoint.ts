// Signed checkpoints: the node's Ed25519 signature over the chain head. One signature vouches for every entry up to
// its seq (each hash covers the one before), so the log signs per batch or per interval, never per entry.
import { Type, type Static } from '@sinclair/typebox';
import { ParticipantIdSchema } from '../model/index.ts';
import { canonicalBytes } from '../trust/canonical-json.ts';
import { verifyEd25519, type NodeSigner } from '../trust/keys.ts';
import type { ChainHead } from './chain.ts';
import { AuditTimeSchema, HashSchema } from './entry.ts';

/**
 * Signed alongside the checkpoint's fields and never stored: it keeps a checkpoint signature from being taken for
 * the node's signature on anything else (a request, a payload) that happened to have the same fields.
 */
export const CHECKPOINT_SIGNING_CONTEXT = 'tsunagu/audit-checkpoint/v1';

export const AuditCheckpointSchema = Type.Object(
  {
    /** The last entry the checkpoint covers. */
    seq: Type.Integer({ minimum: 1 }),
    /** That entry's hash: the chain head at signing. */
    hash: HashSchema,
    time: AuditTimeSchema,
    node: ParticipantIdSchema,
    kid: Type.String({ minLength: 1, maxLength: 100 }),
    /** Ed25519 over the canonical JSON of the other fields plus the signing context, base64url. */
    signature: Type.String({ pattern: '^[A-Za-z0-9_-]{86}$' }),
  },
  { additionalProperties: false, $id: 'AuditCheckpoint' },
);
export type AuditCheckpoint = Static<typeof AuditCheckpointSchema>;

/** A key the node may sign checkpoints with, as listed for it in the trust list. */
export interface AuditPublicKey {
  kid: string;
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: string;
  validFrom?: string;
  validUntil?: string;
}

export function checkpointSigningBytes(cp: Omit<AuditCheckpoint, 'signature'>): Uint8Array {
  return canonicalBytes({ context: CHECKPOINT_SIGNING_CONTEXT, seq: cp.seq, hash: cp.hash, time: cp.time, node: cp.node, kid: cp.kid });
}

export function signCheckpoint(signer: NodeSigner, head: ChainHead, time: string): AuditCheckpoint {
  const unsigned = { seq: head.seq, hash: head.hash, time, node: signer.participantId, kid: signer.kid };
  const signature = Buffer.from(signer.sign(checkpointSigningBytes(unsigned))).toString('base64url');
  return { ...unsigned, signature };
}

/** Why a checkpoint's signature does not vouch for anything; absent when it does. */
export type CheckpointSignatureProblem =
  | { kind: 'checkpoint-node-mismatch'; params: { node: string; expected: string } }
  | { kind: 'checkpoint-key-unknown'; params: { kid: string } }
  | { kind: 'checkpoint-key-not-valid'; params: { kid: string; time: string } }
  | { kind: 'checkpoint-signature-invalid'; params: { kid: string } };

export function checkpointSignatureProblem(
  cp: AuditCheckpoint,
  keys: readonly AuditPublicKey[],
  node?: string,
): CheckpointSignatureProblem | undefined {
  if (node !== undefined && cp.node !== node) return { kind: 'checkpoint-node-mismatch', params: { node: cp.node, expected: node } };
  const key = keys.find((k) => k.kid === cp.kid);
  if (!key) return { kind: 'checkpoint-key-unknown', params: { kid: cp.kid } };
  const t = Date.parse(cp.time);
  if ((key.validFrom && t < Date.parse(key.validFrom)) || (key.validUntil && t > Date.parse(key.validUntil))) {
    return { kind: 'checkpoint-key-not-valid', params: { kid: cp.kid, time: cp.time } };
  }
  const signature = Buffer.from(cp.signature, 'base64url');
  // base64url of 64 bytes leaves 4 spare bits in the last character; a decoder ignores them, so only the one
  // canonical spelling counts — otherwise a changed character could still verify.
  if (signature.toString('base64url') !== cp.signature || !verifyEd25519(key.publicKey, checkpointSigningBytes(cp), signature)) {
    return { kind: 'checkpoint-signature-invalid', params: { kid: cp.kid } };
  }
  return undefined;
}
