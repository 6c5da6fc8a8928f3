// One signature for a large result: a Merkle tree (RFC 6962/9162 hashing, SHA-256) over the canonical JSON of
// each record, and one Ed25519 signature over its root, the record count and a digest of the leaf hashes.
//
// Why three values are signed: the root lets a consumer keep a single record with a short inclusion proof; the
// leaf hashes (sent beside the signature) let a consumer of the whole result name exactly which records were
// changed; and the signed digest of those leaf hashes lets it check all n records with n leaf hashes and one
// hash of the list, instead of rebuilding the n-1 inner nodes of the tree.
//
// Hashes are handled as 32-character latin1 ('binary') strings inside this module: Node returns a digest as a string
// much faster than as a Buffer, and at 100,000 records per batch that is a large part of the verification time.
import { createHash, hash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { validate } from '../model/validate.ts';
import { canonicalJson, isWellFormed } from './canonical-json.ts';
import type { NodeSigner } from './keys.ts';
import { decodeBase64url, documentTypes, ProofSchema, signDocument, verifyDocumentSignature, type Proof } from './signed-document.ts';
import { problem, schemaProblems } from './problems.ts';
import type { TrustProblem } from './verified.ts';

const HASH_BYTES = 32;
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
/** Prefix of the digest over all leaf hashes, distinct from leaves and inner nodes of the tree. */
const LEAF_LIST_PREFIX = Buffer.from([0x02]);
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

/** Leaf hash of a canonical text, as latin1: SHA-256(0x00 || UTF-8 of `text`), encoded into a reused buffer. */
function leafOfText(text: string): string {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (scratch.length < 1 + 3 * text.length) scratch = newScratch(1 + 3 * text.length);
  const { written } = utf8.encodeInto(text, scratch.subarray(1));
  return hash('sha256', scratch.subarray(0, 1 + written), 'binary');
}

const utf8 = new TextEncoder();

function newScratch(size: number): Buffer {
  const b = Buffer.alloc(Math.max(size, 1 << 16));
  b[0] = LEAF_PREFIX;
  return b;
}

/** 0x00 followed by the UTF-8 of the text being hashed; grown when a text does not fit. */
let scratch = newScratch(0);

/** SHA-256(0x00 || canonical JSON of the record): RFC 6962's leaf hash. */
export function leafHash(record: unknown): Uint8Array {
  return latin1Bytes(leafOfText(canonicalJson(record)));
}

function latin1Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** Leaf hashes of all records, concatenated (32 bytes each). */
export function leafHashes(records: readonly unknown[]): Uint8Array {
  const leaves = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) leaves[i] = leafOfText(canonicalJson(records[i]));
  return latin1Bytes(leaves.join(''));
}

/** SHA-256(0x02 || leaf hashes), base64url; the leaf hashes as bytes or as one latin1 string. */
function leavesDigest(leaves: Uint8Array | string): string {
  const h = createHash('sha256').update(LEAF_LIST_PREFIX);
  if (typeof leaves === 'string') h.update(leaves, 'latin1');
  else h.update(leaves);
  return h.digest('base64url');
}

/**
 * The levels of the tree, leaves first. A node without a right sibling is carried up unchanged, which yields
 * exactly RFC 6962's tree (split at the largest power of two below n).
 */
function treeLevels(leaves: Uint8Array): Uint8Array[] {
  const levels: Uint8Array[] = [leaves];
  const node = Buffer.alloc(1 + 2 * HASH_BYTES);
  node[0] = NODE_PREFIX;
  let level = Buffer.from(leaves.buffer, leaves.byteOffset, leaves.length);
  let width = leaves.length / HASH_BYTES;
  while (width > 1) {
    const nextWidth = Math.ceil(width / 2);
    const next = Buffer.alloc(nextWidth * HASH_BYTES);
    for (let i = 0; i + 1 < width; i += 2) {
      level.copy(node, 1, i * HASH_BYTES, (i + 2) * HASH_BYTES);
      next.write(hash('sha256', node, 'binary'), (i / 2) * HASH_BYTES, 'latin1');
    }
    if (width % 2 === 1) level.copy(next, (nextWidth - 1) * HASH_BYTES, (width - 1) * HASH_BYTES, width * HASH_BYTES);
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
    leavesDigest: leavesDigest(leaves),
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

/** A leaf hash no received record can have: SHA-256 output of all zeros is not expected to occur. */
const NO_LEAF = '\u0000'.repeat(HASH_BYTES);

/** Like `leafHashes`, but a record with no JSON form gets `NO_LEAF` instead of throwing. */
function receivedLeafHashes(records: readonly unknown[]): string[] {
  const out = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    try {
      out[i] = leafOfText(canonicalJson(records[i]));
    } catch {
      out[i] = NO_LEAF;
    }
  }
  return out;
}

function recordId(record: unknown): string | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const id = (record as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/**
 * Verify a whole result against its batch signature. On failure, names every record that does not match
 * (index and id) when the batch carries its leaf hashes; records not named are proven unchanged.
 */
export function verifyBatch(records: readonly unknown[], signed: SignedBatch, publicKey: string): BatchVerification {
  return verifyReceived(records.length, () => receivedLeafHashes(records), (i) => recordId(records[i]), signed, publicKey);
}

/**
 * Verify a result received as canonical JSON texts, one per record (e.g. the lines of a JSON Lines answer), before
 * parsing them: the received text is hashed as it is, with no canonicalisation, which makes this several times
 * faster than `verifyBatch` on the parsed records. A text that is not exactly the canonical text that was signed
 * (reformatted, keys reordered, a lone surrogate) does not match and is named like a changed record; the id of a
 * named record is read from its text when that parses.
 */
export function verifyBatchTexts(texts: readonly string[], signed: SignedBatch, publicKey: string): BatchVerification {
  return verifyReceived(texts.length, () => receivedTextHashes(texts), (i) => textId(texts[i]), signed, publicKey);
}

/**
 * Verify a result received as JSON Lines bytes — one canonical JSON text per line, each ending in a newline (the
 * last one may lack it) — straight from the bytes received, before decoding or parsing anything: the fastest
 * check of a large answer. Lines are matched byte for byte with what was signed, so a line in any other form
 * than the canonical one (reformatted, keys reordered, a carriage return before the newline) is named like a
 * changed record, and a result that verifies decodes to exactly the signed texts.
 */
export function verifyBatchLines(body: Uint8Array, signed: SignedBatch, publicKey: string): BatchVerification {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    starts.push(start);
    ends.push(end);
    start = end + 1;
  }
  const lineText = (i: number) => bytes.toString('utf8', starts[i], ends[i]);
  return verifyReceived(starts.length, () => receivedLineHashes(bytes, starts, ends), (i) => textId(lineText(i)), signed, publicKey);
}

const NEWLINE = 0x0a;

function receivedLineHashes(bytes: Buffer, starts: readonly number[], ends: readonly number[]): string[] {
  const out = new Array<string>(starts.length);
  for (let i = 0; i < starts.length; i++) {
    const length = ends[i]! - starts[i]!;
    if (scratch.length < 1 + length) scratch = newScratch(1 + length);
    bytes.copy(scratch, 1, starts[i], ends[i]);
    out[i] = hash('sha256', scratch.subarray(0, 1 + length), 'binary');
  }
  return out;
}

function receivedTextHashes(texts: readonly string[]): string[] {
  const out = new Array<string>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    out[i] = typeof text === 'string' ? receivedLeafOfText(text) : NO_LEAF;
  }
  return out;
}

/** UTF-8 of U+FFFD, which is what the encoder writes for a lone surrogate. */
const REPLACEMENT_CHARACTER = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * `leafOfText` for a text received from elsewhere. UTF-8 would turn a lone surrogate into U+FFFD and so hash it like
 * a different, possibly signed, text; such a text gets `NO_LEAF`. Only a text whose bytes hold U+FFFD can have one,
 * so the costlier check runs only then.
 */
function receivedLeafOfText(text: string): string {
  if (scratch.length < 1 + 3 * text.length) scratch = newScratch(1 + 3 * text.length);
  const { written } = utf8.encodeInto(text, scratch.subarray(1));
  const bytes = scratch.subarray(0, 1 + written);
  if (bytes.indexOf(REPLACEMENT_CHARACTER) >= 0 && !isWellFormed(text)) return NO_LEAF;
  return hash('sha256', bytes, 'binary');
}

function textId(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return recordId(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function verifyReceived(
  count: number,
  hashReceived: () => readonly string[],
  idOf: (index: number) => string | undefined,
  signed: SignedBatch,
  publicKey: string,
): BatchVerification {
  const shape = validate(SignedBatchSchema, signed);
  if (!shape.ok) return { ok: false, problems: schemaProblems(shape.problems, 'BATCH_MALFORMED'), mismatched: [] };
  if (!verifyBatchRoot(signed, publicKey)) {
    return { ok: false, problems: [problem('BATCH_SIGNATURE_INVALID', { signer: signed.proof.signer }, 'proof.signature')], mismatched: [] };
  }
  const received = hashReceived();
  if (count === signed.count && leavesDigest(received.join('')) === signed.leavesDigest) return { ok: true, count };

  const problems: TrustProblem[] = [];
  if (count !== signed.count) {
    problems.push(problem('BATCH_COUNT_MISMATCH', { expected: signed.count, actual: count }, 'count'));
  }
  const carried = signed.leaves === undefined ? undefined : decodeBase64url(signed.leaves, signed.count * HASH_BYTES);
  if (signed.leaves === undefined) return { ok: false, problems: [...problems, problem('BATCH_RECORDS_NOT_NAMED')], mismatched: [] };
  if (!carried || leavesDigest(carried) !== signed.leavesDigest) {
    return { ok: false, problems: [...problems, problem('BATCH_LEAVES_INVALID', {}, 'leaves')], mismatched: [] };
  }
  const carriedText = Buffer.from(carried.buffer, carried.byteOffset, carried.length).toString('latin1');
  const mismatched: BatchMismatch[] = [];
  for (let i = 0; i < Math.max(count, signed.count); i++) {
    if (i < count && i < signed.count && received[i] === carriedText.substr(i * HASH_BYTES, HASH_BYTES)) continue;
    const id = i < count ? idOf(i) : undefined;
    mismatched.push(id === undefined ? { index: i } : { index: i, id });
  }
  for (const m of mismatched.slice(0, MAX_RECORD_PROBLEMS)) {
    problems.push(problem('BATCH_RECORD_MISMATCH', { index: m.index, id: m.id ?? '-' }, `records[${m.index}]`));
  }
  return { ok: false, problems, mismatched };
}
