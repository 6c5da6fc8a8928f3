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
  verifyBatchLines,
  verifyBatchTexts,
  verifyInclusion,
  verifyRecordInBatch,
} from './batch-signature.ts';
import { canonicalJson } from './canonical-json.ts';
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

describe('batch signatures over received canonical texts', () => {
  const texts = (rs: readonly unknown[]) => rs.map((r) => canonicalJson(r));
  const jsonLines = (lines: readonly string[], finalNewline = true) => Buffer.from(lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : ''));

  it('verifies the canonical texts of the signed records without parsing them', () => {
    const rs = records(50);
    const batch = signBatch(rs, signer, now);
    expect(verifyBatchTexts(texts(rs), batch, keys.publicKey)).toEqual({ ok: true, count: 50 });
    expect(verifyBatchTexts([], signBatch([], signer, now), keys.publicKey)).toEqual({ ok: true, count: 0 });
  });

  it('verifies JSON Lines bytes as received, with or without a final newline', () => {
    const rs = [...records(20), { id: 'jp-1', note: '七尾市 😀 "quoted" \\ \u2028' }];
    const batch = signBatch(rs, signer, now);
    expect(verifyBatchLines(jsonLines(texts(rs)), batch, keys.publicKey)).toEqual({ ok: true, count: 21 });
    expect(verifyBatchLines(jsonLines(texts(rs), false), batch, keys.publicKey)).toEqual({ ok: true, count: 21 });
    // A view into a larger buffer is read only within its bounds.
    const framed = Buffer.concat([Buffer.from('xx\n'), jsonLines(texts(rs)), Buffer.from('yy')]);
    const view = new Uint8Array(framed.buffer, framed.byteOffset + 3, framed.length - 5);
    expect(verifyBatchLines(view, batch, keys.publicKey)).toEqual({ ok: true, count: 21 });
    expect(verifyBatchLines(new Uint8Array(0), signBatch([], signer, now), keys.publicKey)).toEqual({ ok: true, count: 0 });
  });

  it('names a line in another form than the canonical one, and counts blank lines as records', () => {
    const rs = records(3);
    const batch = signBatch(rs, signer, now);
    const [a, b, c] = texts(rs) as [string, string, string];
    const crlf = verifyBatchLines(Buffer.from(`${a}\n${b}\r\n${c}\n`), batch, keys.publicKey);
    expect(!crlf.ok && crlf.mismatched).toEqual([{ index: 1, id: 'person-1' }]);
    const pretty = verifyBatchLines(jsonLines([a, JSON.stringify(JSON.parse(b), null, 0).replace(':', ': '), c]), batch, keys.publicKey);
    expect(!pretty.ok && pretty.mismatched).toEqual([{ index: 1, id: 'person-1' }]);
    const blank = verifyBatchLines(Buffer.from(`${a}\n\n${b}\n${c}\n`), batch, keys.publicKey);
    expect(!blank.ok && blank.problems[0]).toMatchObject({ code: 'BATCH_COUNT_MISMATCH', params: { expected: 3, actual: 4 } });
    expect(!blank.ok && blank.mismatched).toEqual([{ index: 1 }, { index: 2, id: 'person-1' }, { index: 3, id: 'person-2' }]);
  });

  it('names a tampered text or line among 100,000 by index and the id read from it', () => {
    const rs = records(100_000);
    const batch = signBatch(rs, signer, now);
    const received = texts(rs);
    received[42_424] = received[42_424]!.replace('"dialysis"', '"wheelchair"');
    const expected = {
      ok: false,
      mismatched: [{ index: 42_424, id: 'person-42424' }],
      problems: [{ code: 'BATCH_RECORD_MISMATCH', params: { index: 42_424, id: 'person-42424' }, field: 'records[42424]' }],
    };
    expect(verifyBatchTexts(received, batch, keys.publicKey)).toEqual(expected);
    expect(verifyBatchLines(jsonLines(received), batch, keys.publicKey)).toEqual(expected);
  });

  it('refuses a text that carries the same record in a non-canonical form', () => {
    const record = { seq: 1, id: 'person-1', area: '172022' };
    const rs = [records(1)[0]!, record, records(3)[2]!];
    const batch = signBatch(rs, signer, now);
    const variants = [
      JSON.stringify(record), // keys in insertion order
      JSON.stringify(record, null, 1), // whitespace
      canonicalJson(record).replace('"seq":1', '"seq":1.0'), // same number, other spelling
      canonicalJson(record).replace('person-1', 'person\\u002d1'), // same string, escaped
    ];
    for (const variant of variants) {
      expect(JSON.parse(variant)).toEqual(JSON.parse(canonicalJson(record)));
      const v = verifyBatchTexts([texts(rs)[0]!, variant, texts(rs)[2]!], batch, keys.publicKey);
      expect(!v.ok && v.mismatched, variant).toEqual([{ index: 1, id: 'person-1' }]);
    }
  });

  it('refuses a lone surrogate even where its UTF-8 form would equal signed bytes', () => {
    const rs = [{ id: 'a', note: '\ufffd' }];
    const batch = signBatch(rs, signer, now);
    // TextEncoder writes a lone surrogate as U+FFFD: the bytes would match what was signed.
    expect(Buffer.from(new TextEncoder().encode('{"id":"a","note":"\ud800"}')).equals(Buffer.from(canonicalJson(rs[0])))).toBe(true);
    const v = verifyBatchTexts(['{"id":"a","note":"\ud800"}'], batch, keys.publicKey);
    expect(!v.ok && v.mismatched).toEqual([{ index: 0, id: 'a' }]);
  });

  it('names texts that are not JSON, and counts dropped or added texts, as the record path does', () => {
    const rs = records(4);
    const batch = signBatch(rs, signer, now);
    const garbled = verifyBatchTexts([...texts(rs).slice(0, 3), 'not json'], batch, keys.publicKey);
    expect(!garbled.ok && garbled.mismatched).toEqual([{ index: 3 }]);
    const dropped = verifyBatchTexts(texts(rs).slice(0, 3), batch, keys.publicKey);
    expect(!dropped.ok && dropped.problems[0]).toMatchObject({ code: 'BATCH_COUNT_MISMATCH', params: { expected: 4, actual: 3 } });
    const forged = verifyBatchTexts(texts(rs), { ...batch, count: 5 }, keys.publicKey);
    expect(!forged.ok && forged.problems.map((p) => p.code)).toEqual(['BATCH_SIGNATURE_INVALID']);
  });

  it('texts and lines agree with verifyBatch on the parsed records for any batch and any single change (property)', () => {
    const record = fc.record({ id: fc.uuid(), value: fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }) });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 30 }), fc.nat(), fc.jsonValue({ maxDepth: 1 }), (rs, pick, replacement) => {
        const batch = signBatch(rs, signer, now);
        const received = texts(rs);
        const agree = () => {
          const byRecords = verifyBatch(received.map((t) => JSON.parse(t)), batch, keys.publicKey);
          expect(verifyBatchTexts(received, batch, keys.publicKey)).toEqual(byRecords);
          expect(verifyBatchLines(jsonLines(received), batch, keys.publicKey)).toEqual(byRecords);
        };
        agree();
        const i = pick % rs.length;
        received[i] = canonicalJson({ ...rs[i]!, value: replacement });
        agree();
      }),
      { numRuns: 200 },
    );
  });
});
