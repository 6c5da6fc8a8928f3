// One signature for a large result: a Merkle tree (RFC 6962/9162 hashing, SHA-256) over the canonical JSON of
// each record, and one Ed25519 signature over its root, the record count and a digest of the leaf hashes.
//
// Why three values are signed: the root lets a consumer keep a single record with a short inclusion proof; the
// leaf hashes (sent beside the signature) let a consumer of the whole result name exactly which records were
// changed; and the signed digest of those leaf hashes lets it check all n records with n leaf hashes and one
// hash of the list, instead of rebuilding the n-1 inner nodes of the tree.
import { hash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { validate } from '../model/validate.ts';
import { canonicalBytes } from './canonical-json.ts';
import type { NodeSigner } from './keys.ts';
import { decodeBase64url, documentTypes, ProofSchema, signDocument, verifyDocumentSignature, type Proof } from './signed-document.ts';
import { problem, schemaProblems } from './problems.ts';
import type { TrustProblem } from './verified.ts';

const HASH_BYTES = 32;
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
/** Prefix of the digest over all leaf hashes, distinct from leaves and inner nodes of the tree. */
const LEAF_LIST_PREFIX = 0x02;
/** More record problems than this are summarised by `mismatched`; a person cannot read 100,000 lines. */
const MAX_RECORD_PROBLEMS = 100;

const Hash = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'SHA-256 hash, base64url' });

export const BatchRootSchema = Type.Object(
  {
    tree: Type.Literal('rfc6962-sha256'),
    root: Hash,
    count: Type.Integer({ minimum: 0 }),
    leavesDigest: Hash,
  },
  { additionalProperties: false },
);
export type BatchRoot = Static<typeof BatchRootSchema>;

/** What a consumer keeps to prove single records later: the signed root without the leaf hashes. */
export const SignedBatchRootSchema = Type.Composite([BatchRootSchema, Type.Object({ proof: ProofSchema })], { additionalProperties: false });
export type SignedBatchRoot = BatchRoot & { proof: Proof };

/** The signed root plus every leaf hash (concatenated, base64url), sent beside a large result. */
export const SignedBatchSchema = Type.Composite(
  [BatchRootSchema, Type.Object({ proof: ProofSchema, leaves: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]*$' })) })],
  { additionalProperties: false },
);
export type SignedBatch = SignedBatchRoot & { leaves?: string };

export interface InclusionProof {
  index: number;
  count: number;
  /** Sibling hashes from the leaf up (RFC 9162 §2.1.3), base64url. */
  path: string[];
}

export interface BatchMismatch {
  index: number;
  /** The record's `id`, when it has one. */
  id?: string;
}

export type BatchVerification =
  | { ok: true; count: number }
  | { ok: false; problems: TrustProblem[]; mismatched: BatchMismatch[] };

function sha256(bytes: Uint8Array): Uint8Array {
  const out = hash('sha256', bytes, 'buffer');
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url');
}

/** SHA-256(0x00 || canonical JSON of the record): RFC 6962's leaf hash. */
export function leafHash(record: unknown): Uint8Array {
  const bytes = canonicalBytes(record);
  const input = new Uint8Array(bytes.length + 1);
  input[0] = LEAF_PREFIX;
  input.set(bytes, 1);
  return sha256(input);
}

/** Leaf hashes of all records, concatenated (32 bytes each). */
export function leafHashes(records: readonly unknown[]): Uint8Array {
  const out = new Uint8Array(records.length * HASH_BYTES);
  for (let i = 0; i < records.length; i++) out.set(leafHash(records[i]), i * HASH_BYTES);
  return out;
}

function leavesDigest(leaves: Uint8Array): Uint8Array {
  const input = new Uint8Array(leaves.length + 1);
  input[0] = LEAF_LIST_PREFIX;
  input.set(leaves, 1);
  return sha256(input);
}

/**
 * The levels of the tree, leaves first. A node without a right sibling is carried up unchanged, which yields
 * exactly RFC 6962's tree (split at the largest power of two below n).
 */
function treeLevels(leaves: Uint8Array): Uint8Array[] {
  const levels: Uint8Array[] = [leaves];
  const node = new Uint8Array(1 + 2 * HASH_BYTES);
  node[0] = NODE_PREFIX;
  let level = leaves;
  let width = leaves.length / HASH_BYTES;
  while (width > 1) {
    const nextWidth = Math.ceil(width / 2);
    const next = new Uint8Array(nextWidth * HASH_BYTES);
    for (let i = 0; i + 1 < width; i += 2) {
      node.set(level.subarray(i * HASH_BYTES, (i + 2) * HASH_BYTES), 1);
      next.set(sha256(node), (i / 2) * HASH_BYTES);
    }
    if (width % 2 === 1) next.set(level.subarray((width - 1) * HASH_BYTES, width * HASH_BYTES), (nextWidth - 1) * HASH_BYTES);
    levels.push(next);
    level = next;
    width = nextWidth;
  }
  return levels;
}

export interface MerkleTree {
  readonly count: number;
  /** Root hash, base64url. The empty tree's root is SHA-256 of nothing, as in RFC 6962. */
  readonly root: string;
  proofFor(index: number): InclusionProof;
}

/** A tree over concatenated leaf hashes; keep it to hand out inclusion proofs for many records. */
export function merkleTree(leaves: Uint8Array): MerkleTree {
  if (leaves.length % HASH_BYTES !== 0) throw new RangeError('leaf hashes must be 32 bytes each');
  const count = leaves.length / HASH_BYTES;
  const levels = treeLevels(leaves);
  const top = levels[levels.length - 1]!;
  const root = count === 0 ? b64(sha256(new Uint8Array(0))) : b64(top.subarray(0, HASH_BYTES));
  return {
    count,
    root,
    proofFor(index: number): InclusionProof {
      if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`no record ${index} in a batch of ${count}`);
      const path: string[] = [];
      let i = index;
      for (const level of levels.slice(0, -1)) {
        const width = level.length / HASH_BYTES;
        const sibling = i ^ 1;
        if (sibling < width) path.push(b64(level.subarray(sibling * HASH_BYTES, (sibling + 1) * HASH_BYTES)));
        i >>= 1;
      }
      return { index, count, path };
    },
  };
}

function rootPayload(leaves: Uint8Array): BatchRoot {
  return {
    tree: 'rfc6962-sha256',
    root: merkleTree(leaves).root,
    count: leaves.length / HASH_BYTES,
    leavesDigest: b64(leavesDigest(leaves)),
  };
}

/** Sign a result of many records with one signature. The returned `leaves` travel with the result. */
export function signBatch(records: readonly unknown[], signer: NodeSigner, now: Date): Required<SignedBatch> {
  const leaves = leafHashes(records);
  const signed = signDocument(rootPayload(leaves), signer, now, documentTypes.batchRoot);
  return { ...signed.payload, proof: signed.proof, leaves: b64(leaves) };
}

/** The signed root alone, for a consumer that keeps single records with their inclusion proofs. */
export function batchRootOf(batch: SignedBatch): SignedBatchRoot {
  const { tree, root, count, leavesDigest: digest, proof } = batch;
  return { tree, root, count, leavesDigest: digest, proof };
}

/** Whether the root, count and leaf digest were signed by `publicKey`, as a batch root. */
export function verifyBatchRoot(signed: SignedBatchRoot, publicKey: string): boolean {
  if (signed?.proof?.type !== documentTypes.batchRoot) return false;
  const { tree, root, count, leavesDigest: digest, proof } = signed;
  return verifyDocumentSignature({ payload: { tree, root, count, leavesDigest: digest }, proof }, publicKey);
}

/** The inclusion proof of record `index`, computed from the batch's leaf hashes. */
export function proofFor(batch: SignedBatch, index: number): InclusionProof {
  const leaves = batch.leaves === undefined ? undefined : decodeBase64url(batch.leaves, batch.count * HASH_BYTES);
  if (!leaves) throw new RangeError('the batch carries no valid leaf hashes to prove records with');
  return merkleTree(leaves).proofFor(index);
}

/** RFC 9162 §2.1.3.2: whether `record` is leaf `proof.index` of a tree of `proof.count` leaves with this root. */
export function verifyInclusion(record: unknown, proof: InclusionProof, root: string): boolean {
  try {
    const { index, count, path } = proof;
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 0 || index >= count || !Array.isArray(path)) return false;
    const expected = decodeBase64url(root, HASH_BYTES);
    if (!expected) return false;
    let fn = index;
    let sn = count - 1;
    let r = leafHash(record);
    const node = new Uint8Array(1 + 2 * HASH_BYTES);
    node[0] = NODE_PREFIX;
    for (const p of path) {
      const sibling = typeof p === 'string' ? decodeBase64url(p, HASH_BYTES) : undefined;
      if (!sibling || sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        node.set(sibling, 1);
        node.set(r, 1 + HASH_BYTES);
        r = sha256(node);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) {
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
          }
        }
      } else {
        node.set(r, 1);
        node.set(sibling, 1 + HASH_BYTES);
        r = sha256(node);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && Buffer.from(r).equals(Buffer.from(expected));
  } catch {
    return false;
  }
}

/** A single kept record: its inclusion proof leads to a root that `publicKey` signed for a batch of that size. */
export function verifyRecordInBatch(record: unknown, proof: InclusionProof, signed: SignedBatchRoot, publicKey: string): boolean {
  return proof.count === signed.count && verifyBatchRoot(signed, publicKey) && verifyInclusion(record, proof, signed.root);
}

/** Like `leafHashes`, but a record with no JSON form gets a hash no signed record can have, instead of throwing. */
function receivedLeafHashes(records: readonly unknown[]): Uint8Array {
  const out = new Uint8Array(records.length * HASH_BYTES);
  for (let i = 0; i < records.length; i++) {
    try {
      out.set(leafHash(records[i]), i * HASH_BYTES);
    } catch {
      // Left as zeros: SHA-256 output of all zeros is not expected to occur.
    }
  }
  return out;
}

function recordId(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const id = (record as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function sameHash(a: Uint8Array, i: number, b: Uint8Array, j: number): boolean {
  for (let k = 0; k < HASH_BYTES; k++) if (a[i * HASH_BYTES + k] !== b[j * HASH_BYTES + k]) return false;
  return true;
}

/**
 * Verify a whole result against its batch signature. On failure, names every record that does not match
 * (index and id) when the batch carries its leaf hashes; records not named are proven unchanged.
 */
export function verifyBatch(records: readonly unknown[], signed: SignedBatch, publicKey: string): BatchVerification {
  const shape = validate(SignedBatchSchema, signed);
  if (!shape.ok) return { ok: false, problems: schemaProblems(shape.problems, 'BATCH_MALFORMED'), mismatched: [] };
  if (!verifyBatchRoot(signed, publicKey)) {
    return { ok: false, problems: [problem('BATCH_SIGNATURE_INVALID', { signer: signed.proof.signer }, 'proof.signature')], mismatched: [] };
  }
  const received = receivedLeafHashes(records);
  if (records.length === signed.count && b64(leavesDigest(received)) === signed.leavesDigest) return { ok: true, count: records.length };

  const problems: TrustProblem[] = [];
  if (records.length !== signed.count) {
    problems.push(problem('BATCH_COUNT_MISMATCH', { expected: signed.count, actual: records.length }, 'count'));
  }
  const carried = signed.leaves === undefined ? undefined : decodeBase64url(signed.leaves, signed.count * HASH_BYTES);
  if (signed.leaves === undefined) return { ok: false, problems: [...problems, problem('BATCH_RECORDS_NOT_NAMED')], mismatched: [] };
  if (!carried || b64(leavesDigest(carried)) !== signed.leavesDigest) {
    return { ok: false, problems: [...problems, problem('BATCH_LEAVES_INVALID', {}, 'leaves')], mismatched: [] };
  }
  const mismatched: BatchMismatch[] = [];
  for (let i = 0; i < Math.max(records.length, signed.count); i++) {
    if (i < records.length && i < signed.count && sameHash(received, i, carried, i)) continue;
    const id = i < records.length ? recordId(records[i]) : undefined;
    mismatched.push(id === undefined ? { index: i } : { index: i, id });
  }
  for (const m of mismatched.slice(0, MAX_RECORD_PROBLEMS)) {
    problems.push(problem('BATCH_RECORD_MISMATCH', { index: m.index, id: m.id ?? '-' }, `records[${m.index}]`));
  }
  return { ok: false, problems, mismatched };
}
