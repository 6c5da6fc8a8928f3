import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  batchRootOf,
  leafHash,
  leafHashes,
  merkleTree,
  proofFor,
  signBatch,
  verifyBatch,
  verifyBatchRoot,
  verifyInclusion,
  verifyRecordInBatch,
} from './batch-signature.ts';
import { createSigner } from './keys.ts';
import { testKeys } from './test-fixtures.ts';

const keys = testKeys('batch-test');
const signer = createSigner('jp-172022-nanao-city', keys);
const now = new Date('2024-01-05T09:00:00+09:00');

/** RFC 6962 §2.1 MTH, written from the RFC's recursive definition, to check the iterative tree against. */
function rfc6962Root(leaves: Buffer[]): Buffer {
  const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([1]), rfc6962Root(leaves.slice(0, k)), rfc6962Root(leaves.slice(k)));
}

function records(n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `person-${i}`, area: '172022', careNeeds: ['dialysis'], seq: i }));
}

describe('Merkle tree', () => {
  it('hashes leaves as SHA-256(0x00 || canonical JSON), as RFC 6962 does', () => {
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from('{"a":1,"b":"x"}')])).digest();
    expect(Buffer.from(leafHash({ b: 'x', a: 1 })).equals(expected)).toBe(true);
  });

  it('computes the same root as the RFC 6962 recursive definition for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const leaves = leafHashes(records(n));
      const split = Array.from({ length: n }, (_, i) => Buffer.from(leaves.subarray(i * 32, (i + 1) * 32)));
      expect(merkleTree(leaves).root, `n=${n}`).toBe(rfc6962Root(split).toString('base64url'));
    }
  });

  it('proves every record of trees of many sizes, and not the neighbouring record with the same proof', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33]) {
      const rs = records(n);
      const tree = merkleTree(leafHashes(rs));
      for (let i = 0; i < n; i++) {
        const proof = tree.proofFor(i);
        expect(verifyInclusion(rs[i], proof, tree.root), `n=${n} i=${i}`).toBe(true);
        if (n > 1) expect(verifyInclusion(rs[(i + 1) % n], proof, tree.root)).toBe(false);
      }
    }
  });

  it('rejects inclusion proofs that are malformed instead of throwing', () => {
    const rs = records(5);
    const tree = merkleTree(leafHashes(rs));
    const proof = tree.proofFor(2);
    expect(verifyInclusion(rs[2], { ...proof, index: 5 }, tree.root)).toBe(false);
    expect(verifyInclusion(rs[2], { ...proof, path: [...proof.path, proof.path[0]!] }, tree.root)).toBe(false);
    expect(verifyInclusion(rs[2], { ...proof, path: ['not base64'] }, tree.root)).toBe(false);
    expect(verifyInclusion(rs[2], proof, 'short')).toBe(false);
    expect(() => tree.proofFor(5)).toThrow(RangeError);
  });
});

describe('batch signatures', () => {
  it('signs a batch with one signature over root, count and leaf digest, and verifies it', () => {
    const rs = records(10);
    const batch = signBatch(rs, signer, now);
    expect(batch).toMatchObject({ tree: 'rfc6962-sha256', count: 10, proof: { type: 'tsunagu:batch-root', signer: signer.participantId } });
    expect(Buffer.from(batch.leaves, 'base64url').length).toBe(320);
    expect(verifyBatch(rs, batch, keys.publicKey)).toEqual({ ok: true, count: 10 });
    expect(verifyBatch(JSON.parse(JSON.stringify(rs)), JSON.parse(JSON.stringify(batch)), keys.publicKey).ok).toBe(true);
  });

  it('signs and verifies an empty batch', () => {
    const batch = signBatch([], signer, now);
    expect(verifyBatch([], batch, keys.publicKey)).toEqual({ ok: true, count: 0 });
  });

  it('refuses a batch whose root, count or digest was changed, or that another key signed', () => {
    const rs = records(4);
    const batch = signBatch(rs, signer, now);
    const other = signBatch(records(5), signer, now);
    for (const forged of [{ ...batch, root: other.root }, { ...batch, count: 5 }, { ...batch, leavesDigest: other.leavesDigest }]) {
      const v = verifyBatch(rs, forged, keys.publicKey);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.problems.map((p) => p.code)).toEqual(['BATCH_SIGNATURE_INVALID']);
    }
    expect(verifyBatch(rs, batch, testKeys('other').publicKey).ok).toBe(false);
    expect(verifyBatchRoot({ ...batchRootOf(batch), proof: { ...batch.proof, type: 'tsunagu:declaration' } }, keys.publicKey)).toBe(false);
  });

  it('names a single changed record among 100,000 by index and id', () => {
    const rs = records(100_000);
    const batch = signBatch(rs, signer, now);
    const tampered = rs.slice();
    tampered[73_021] = { ...rs[73_021]!, careNeeds: [] };
    const v = verifyBatch(tampered, batch, keys.publicKey);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.mismatched).toEqual([{ index: 73_021, id: 'person-73021' }]);
    expect(v.problems).toEqual([{ code: 'BATCH_RECORD_MISMATCH', params: { index: 73_021, id: 'person-73021' }, field: 'records[73021]' }]);
  });

  it('detects and names any single changed record in a batch of random records (property)', () => {
    const record = fc.record({ id: fc.uuid(), value: fc.jsonValue({ maxDepth: 2 }) });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 40 }), fc.nat(), fc.jsonValue({ maxDepth: 1 }), (rs, pick, replacement) => {
        const i = pick % rs.length;
        fc.pre(JSON.stringify(rs[i]!.value) !== JSON.stringify(replacement) && !(Object.is(rs[i]!.value, -0) && replacement === 0));
        const batch = signBatch(rs, signer, now);
        const changed = rs.slice();
        changed[i] = { ...rs[i]!, value: replacement };
        const v = verifyBatch(changed, batch, keys.publicKey);
        expect(v.ok).toBe(false);
        if (!v.ok) expect(v.mismatched).toEqual([{ index: i, id: rs[i]!.id }]);
      }),
      { numRuns: 200 },
    );
  });

  it('names swapped records, and reports dropped or added records with the count', () => {
    const rs = records(6);
    const batch = signBatch(rs, signer, now);
    const swapped = [rs[0], rs[2], rs[1], rs[3], rs[4], rs[5]];
    const s = verifyBatch(swapped, batch, keys.publicKey);
    expect(!s.ok && s.mismatched.map((m) => m.index)).toEqual([1, 2]);
    const dropped = verifyBatch(rs.slice(0, 5), batch, keys.publicKey);
    expect(!dropped.ok && dropped.problems[0]).toMatchObject({ code: 'BATCH_COUNT_MISMATCH', params: { expected: 6, actual: 5 } });
    expect(!dropped.ok && dropped.mismatched).toEqual([{ index: 5 }]);
    const added = verifyBatch([...rs, { id: 'intruder' }], batch, keys.publicKey);
    expect(!added.ok && added.mismatched).toEqual([{ index: 6, id: 'intruder' }]);
  });

  it('detects a change without naming it when the leaf hashes are absent or forged', () => {
    const rs = records(5);
    const batch = signBatch(rs, signer, now);
    const changed = [...rs.slice(0, 4), { ...rs[4]!, seq: 99 }];
    const { leaves: _leaves, ...withoutLeaves } = batch;
    const bare = verifyBatch(changed, withoutLeaves, keys.publicKey);
    expect(!bare.ok && bare.problems.map((p) => p.code)).toEqual(['BATCH_RECORDS_NOT_NAMED']);
    // Leaf hashes recomputed from the changed records would hide the change if they were trusted.
    const forged = { ...batch, leaves: Buffer.from(leafHashes(changed)).toString('base64url') };
    const f = verifyBatch(changed, forged, keys.publicKey);
    expect(!f.ok && f.problems.map((p) => p.code)).toEqual(['BATCH_LEAVES_INVALID']);
  });

  it('names a received record that has no JSON form instead of throwing', () => {
    const rs = records(3);
    const batch = signBatch(rs, signer, now);
    const v = verifyBatch([rs[0], { id: 'person-1', seq: Number.NaN }, rs[2]], batch, keys.publicKey);
    expect(!v.ok && v.mismatched).toEqual([{ index: 1, id: 'person-1' }]);
  });

  it('refuses a malformed batch naming the field', () => {
    const batch = signBatch(records(2), signer, now);
    const v = verifyBatch(records(2), { ...batch, count: -1 }, keys.publicKey);
    expect(!v.ok && v.problems[0]).toMatchObject({ code: 'BATCH_MALFORMED', field: 'count' });
  });

  it('lets a consumer keep one record with its proof and the signed root, and verify it later', () => {
    const rs = records(1000);
    const batch = signBatch(rs, signer, now);
    const root = batchRootOf(batch);
    const proof = proofFor(batch, 777);
    expect(proof.path.length).toBe(10);
    expect(verifyRecordInBatch(rs[777], proof, root, keys.publicKey)).toBe(true);
    expect(verifyRecordInBatch({ ...rs[777]!, seq: 0 }, proof, root, keys.publicKey)).toBe(false);
    expect(verifyRecordInBatch(rs[777], proof, { ...root, count: 999 }, keys.publicKey)).toBe(false);
    expect(verifyRecordInBatch(rs[777], proof, root, testKeys('other').publicKey)).toBe(false);
  });
});
