// Signatures: single signed documents (sign, verify) and batch signatures over the person records a provider shares
// in an emergency (~900 bytes of canonical JSON each, see person-records.ts): sign a result with one Merkle-root
// signature, verify it three ways — from parsed records (re-canonicalised), from the canonical texts, from the JSON
// Lines bytes as received — and name one tampered record. Baselines: raw Ed25519 over the same canonical bytes
// (single documents); plain SHA-256 of the same canonical bytes, one hash per record (the floor of any per-record
// check); and per-record Ed25519 signatures (what a batch signature replaces).
import { hash, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { signBatch, verifyBatch, verifyBatchLines, verifyBatchTexts, type SignedBatch } from '../src/trust/batch-signature.ts';
import { canonicalBytes, canonicalJson } from '../src/trust/canonical-json.ts';
import { createSigner, keyPairFromSeed, publicKeyObject } from '../src/trust/keys.ts';
import { signDocument, verifyDocumentSignature, type Signed } from '../src/trust/signed-document.ts';
import { medianMs, rate, sized, timed, type BenchResult, type Benchmark, type Figure } from './harness.ts';
import { sharedPersonRecords } from './person-records.ts';

const keys = keyPairFromSeed('bench-1', Buffer.alloc(32, 7).toString('base64url'));
const signer = createSigner('jp-172022-nanao-city', keys);
const now = new Date('2024-01-10T09:00:00+09:00');
const GOAL = 'verify 100,000 records < 200 ms';

function ms(label: string, value: number): Figure {
  return { label, value, unit: 'ms' };
}

/** The plain-SHA-256 floor: one hash per record over bytes already in hand, digest as a binary string (cheapest). */
function sha256Each(bytes: readonly Uint8Array[]): void {
  for (const b of bytes) hash('sha256', b, 'binary');
}

/** The signer's public key as a key object, for the raw Ed25519 baseline (`signer.sign` is the raw signing one). */
const rawPublicKey = publicKeyObject(keys.publicKey);

export const signaturesBenchmark: Benchmark = {
  name: 'signatures',
  description: 'signed documents/s; batch signatures over person records (sign, verify, tamper) vs SHA-256 and per-record Ed25519',
  async run(ctx) {
    const single = sized(ctx.scale, { small: 5_000, medium: 20_000, large: 100_000 });
    const n = sized(ctx.scale, { small: 100_000, medium: 100_000, large: 1_000_000 });
    const runs = sized(ctx.scale, { small: 3, medium: 7, large: 3 });
    const results: BenchResult[] = [];

    const records = sharedPersonRecords(n);
    const texts = records.map((r) => canonicalJson(r));
    const body = Buffer.from(`${texts.join('\n')}\n`);
    const bytes = texts.map((t) => Buffer.from(t));
    const received = texts.map((t) => JSON.parse(t) as unknown);
    ctx.log(`${n.toLocaleString('en-US')} person records, ${Math.round(body.length / n)} bytes of canonical JSON each on average`);

    // ——— (a) single signed documents: one person record each ———
    const docs = records.slice(0, single);
    const signedDocs: Signed<unknown>[] = [];
    const signMs = await medianMs(runs, () => {
      signedDocs.length = 0;
      for (const d of docs) signedDocs.push(signDocument(d, signer, now));
    });
    const docBytes = signedDocs.map((d) => {
      const { signature: _s, ...unsigned } = d.proof;
      return canonicalBytes({ payload: d.payload, proof: unsigned });
    });
    const rawSignMs = await medianMs(runs, () => {
      for (const b of docBytes) signer.sign(b);
    });
    let verified = 0;
    const verifyMs = await medianMs(runs, () => {
      verified = 0;
      for (const d of signedDocs) if (verifyDocumentSignature(d, keys.publicKey)) verified++;
    });
    if (verified !== single) throw new Error('a signed document did not verify');
    const rawSignatures = docBytes.map((b) => signer.sign(b));
    const rawVerifyMs = await medianMs(runs, () => {
      for (let i = 0; i < docBytes.length; i++) verify(null, docBytes[i]!, rawPublicKey, rawSignatures[i]!);
    });
    results.push(
      {
        benchmark: 'signatures/document-sign',
        size: single,
        tsunagu: { label: 'signDocument (canonical JSON + Ed25519)', value: rate(single, signMs), unit: 'docs/s' },
        baseline: { what: 'raw Ed25519 sign of the same canonical bytes', label: 'sign', value: rate(single, rawSignMs), unit: 'docs/s' },
        ratio: signMs / rawSignMs,
      },
      {
        benchmark: 'signatures/document-verify',
        size: single,
        tsunagu: { label: 'verifyDocumentSignature (canonical JSON + Ed25519)', value: rate(single, verifyMs), unit: 'docs/s' },
        baseline: { what: 'raw Ed25519 verify of the same canonical bytes', label: 'verify', value: rate(single, rawVerifyMs), unit: 'docs/s' },
        ratio: verifyMs / rawVerifyMs,
      },
    );

    // Per-record Ed25519, what batching replaces: the single-document figures scaled to n records.
    const perRecordSignMs = (signMs / single) * n;
    const perRecordVerifyMs = (verifyMs / single) * n;
    const sampleNote = single < n ? ` (measured on ${single.toLocaleString('en-US')}, scaled)` : '';

    // ——— (b) batch signatures ———
    const shaMs = await medianMs(runs, () => sha256Each(bytes));
    let batch: SignedBatch = signBatch(records, signer, now);
    const batchSignMs = await medianMs(runs, () => {
      batch = signBatch(records, signer, now);
    });
    results.push({
      benchmark: 'signatures/batch-sign',
      size: n,
      tsunagu: ms('signBatch: canonicalise, hash, Merkle tree, one Ed25519 signature', batchSignMs),
      baseline: { ...ms('sha256', shaMs), what: 'SHA-256 of each record\'s canonical bytes (already made)' },
      ratio: batchSignMs / shaMs,
      extra: [
        { label: 'batch sign rate', value: rate(n, batchSignMs), unit: 'records/s' },
        ms(`per-record Ed25519 signDocument for all ${n.toLocaleString('en-US')}${sampleNote}`, perRecordSignMs),
      ],
    });

    const check = (v: ReturnType<typeof verifyBatch>) => {
      if (!v.ok) throw new Error(`batch did not verify: ${JSON.stringify(v.problems.slice(0, 3))}`);
    };
    const fromRecords = await medianMs(runs, () => check(verifyBatch(received, batch, keys.publicKey)));
    const parseThenRecords = await medianMs(runs, () => check(verifyBatch(texts.map((t) => JSON.parse(t) as unknown), batch, keys.publicKey)));
    const fromTexts = await medianMs(runs, () => check(verifyBatchTexts(texts, batch, keys.publicKey)));
    const textsThenParse = await medianMs(runs, () => {
      check(verifyBatchTexts(texts, batch, keys.publicKey));
      for (const t of texts) JSON.parse(t);
    });
    const fromLines = await medianMs(runs, () => check(verifyBatchLines(body, batch, keys.publicKey)));
    const linesThenParse = await medianMs(runs, () => {
      check(verifyBatchLines(body, batch, keys.publicKey));
      const lines = body.toString('utf8').split('\n');
      lines.pop();
      for (const l of lines) JSON.parse(l);
    });
    // What re-canonicalising costs, with this project's canonicaliser and with the `canonicalize` package it replaced.
    const canonicalMs = await medianMs(runs, () => {
      for (const r of received) canonicalJson(r);
    });
    const packageMs = (
      await timed(() => {
        for (const r of received) canonicalize(r);
      })
    ).ms;
    const perRecord = ms(`per-record Ed25519 verifyDocumentSignature for all ${n.toLocaleString('en-US')}${sampleNote}`, perRecordVerifyMs);
    const sha = { ...ms('sha256', shaMs), what: 'SHA-256 of each record\'s canonical bytes (already made)' };
    results.push(
      {
        benchmark: 'signatures/batch-verify-records',
        size: n,
        tsunagu: ms('verifyBatch on parsed records (re-canonicalised)', fromRecords),
        baseline: sha,
        ratio: fromRecords / shaMs,
        goal: GOAL,
        extra: [
          ms('JSON.parse each text, then verifyBatch', parseThenRecords),
          ms('of which canonicalJson of every record', canonicalMs),
          ms('the same with the canonicalize package (one run)', packageMs),
          perRecord,
        ],
      },
      {
        benchmark: 'signatures/batch-verify-texts',
        size: n,
        tsunagu: ms('verifyBatchTexts on the canonical texts received', fromTexts),
        baseline: sha,
        ratio: fromTexts / shaMs,
        goal: GOAL,
        extra: [ms('verifyBatchTexts, then JSON.parse each text', textsThenParse), perRecord],
      },
      {
        benchmark: 'signatures/batch-verify-lines',
        size: n,
        tsunagu: ms('verifyBatchLines on the JSON Lines bytes received', fromLines),
        baseline: sha,
        ratio: fromLines / shaMs,
        goal: GOAL,
        extra: [ms('verifyBatchLines, then decode, split and JSON.parse each line', linesThenParse), perRecord],
      },
    );

    // ——— (c) one tampered record among n, found and named ———
    const victim = Math.floor(n * 0.7301);
    const tamperedRecords = received.slice();
    const original = received[victim] as { id: string; data: { safety: { status: string } } };
    tamperedRecords[victim] = { ...original, data: { ...original.data, safety: { ...original.data.safety, status: 'deceased' } } };
    const tamperedTexts = texts.slice();
    tamperedTexts[victim] = canonicalJson(tamperedRecords[victim]);
    const tamperedBody = Buffer.from(`${tamperedTexts.join('\n')}\n`);
    const named = (v: ReturnType<typeof verifyBatch>) => {
      if (v.ok || v.mismatched.length !== 1 || v.mismatched[0]!.index !== victim || v.mismatched[0]!.id !== original.id) {
        throw new Error(`the tampered record was not named: ${JSON.stringify(v).slice(0, 300)}`);
      }
    };
    const tamperRecords = await medianMs(runs, () => named(verifyBatch(tamperedRecords, batch, keys.publicKey)));
    const tamperTexts = await medianMs(runs, () => named(verifyBatchTexts(tamperedTexts, batch, keys.publicKey)));
    const tamperLines = await medianMs(runs, () => named(verifyBatchLines(tamperedBody, batch, keys.publicKey)));
    results.push({
      benchmark: 'signatures/batch-tamper',
      size: n,
      tsunagu: ms(`find and name record ${victim.toLocaleString('en-US')} (changed safety status) from parsed records`, tamperRecords),
      baseline: sha,
      ratio: tamperRecords / shaMs,
      extra: [ms('the same from the canonical texts', tamperTexts), ms('the same from the JSON Lines bytes', tamperLines)],
    });
    return results;
  },
};
