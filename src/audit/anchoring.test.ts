import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSigner, generateKeyPair } from '../trust/keys.ts';
import { EMPTY_CHAIN, sealEntries } from './chain.ts';
import { signCheckpoint, type AuditCheckpoint } from './checkpoint.ts';
import type { AuditEntryDraft } from './entry.ts';
import {
  EXPECTED_HEAD_HOLDER,
  judgeOfferedCheckpoint,
  latestPerKeeper,
  parseExpectedHead,
  type AnchoredHead,
} from './anchoring.ts';
import { verifyAuditChain, type AuditLogItem } from './verify.ts';
import { formatAuditVerification } from './format.ts';

const NODE = 'jp-172022-nanao-city';
const signer = createSigner(NODE, generateKeyPair('anchoring-k1'));
const publicKeys = [{ kid: signer.kid, publicKey: signer.publicKey }];
const TIME = '2025-01-01T00:00:00.000Z';

const draft = (i: number): AuditEntryDraft => ({
  kind: 'access-decision',
  requester: 'jp-170003-ishikawa-pref',
  purpose: 'evacuation-support',
  action: 'query',
  dataset: 'persons',
  fields: ['id'],
  recordCount: 1,
  decision: 'allow',
  reasons: [],
  requestId: `req-${i}`,
});

/** A log of `n` entries with a checkpoint after each; `salt` makes another log (a fork) from the same seqs. */
function logOf(n: number, salt = '') {
  const { sealed } = sealEntries(EMPTY_CHAIN, NODE, Array.from({ length: n }, (_, i) => ({ ...draft(i), requestId: `req-${salt}${i}` })), TIME);
  const checkpoints = sealed.map((s) => signCheckpoint(signer, { seq: s.entry.seq, hash: s.entry.hash }, TIME));
  const items = (through: number): AuditLogItem[] =>
    sealed.slice(0, through).flatMap((s, i) => [
      { type: 'entry' as const, hash: s.entry.hash, body: s.body },
      { type: 'checkpoint' as const, checkpoint: checkpoints[i] },
    ]);
  return { sealed, checkpoints, items };
}

const held = (cp: AuditCheckpoint, heldBy = 'jp-170003-ishikawa-pref'): AnchoredHead => ({ seq: cp.seq, hash: cp.hash, heldBy, checkpoint: cp });

describe('a keeper judging an offered checkpoint', () => {
  const cp = (seq: number, hash: string) => ({ seq, hash }) as AuditCheckpoint;

  it('takes what is new, knows a repeat, and refuses a fork or a step back', () => {
    const a = cp(5, 'a'.repeat(64));
    expect(judgeOfferedCheckpoint(a, {})).toEqual({ kind: 'new' });
    expect(judgeOfferedCheckpoint(a, { atSeq: a, latest: a })).toEqual({ kind: 'duplicate', held: a });
    expect(judgeOfferedCheckpoint(cp(5, 'b'.repeat(64)), { atSeq: a, latest: a })).toEqual({ kind: 'fork', held: a });
    expect(judgeOfferedCheckpoint(cp(4, 'b'.repeat(64)), { latest: a })).toEqual({ kind: 'backwards', latest: a });
    expect(judgeOfferedCheckpoint(cp(6, 'b'.repeat(64)), { latest: a })).toEqual({ kind: 'new' });
  });

  it('accepts every checkpoint of an honest growing log, in order and repeated, and never anything else', () => {
    // An honest log: hashes are a function of the seq. Offers arrive in order, each possibly repeated (retries).
    const honest = (seq: number) => seq.toString(16).padStart(64, '0');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.boolean()), { maxLength: 40 }), (steps) => {
        const kept = new Map<number, string>();
        let latest = 0;
        for (const [grow, repeat] of steps) {
          const seq = latest + grow;
          for (const _ of repeat ? [0, 1] : [0]) {
            const atSeq = kept.has(seq) ? cp(seq, kept.get(seq)!) : undefined;
            const j = judgeOfferedCheckpoint(cp(seq, honest(seq)), { ...(atSeq ? { atSeq } : {}), ...(latest > 0 ? { latest: cp(latest, honest(latest)) } : {}) });
            if (j.kind !== 'new' && j.kind !== 'duplicate') return false;
            if (j.kind === 'new') kept.set(seq, honest(seq));
          }
          latest = seq;
        }
        return true;
      }),
    );
  });

  it('calls every other hash at a held seq a fork, and every unheld seq below the newest a step back', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 1000 }),
        // The same spelling as the held hashes, so an offer often repeats a held checkpoint exactly.
        fc.integer({ min: 1, max: 1000 }).map((n) => n.toString(16).padStart(64, 'f')),
        (seqs, offeredSeq, offeredHash) => {
          const hashOf = (s: number) => s.toString(16).padStart(64, 'f');
          const latest = Math.max(...seqs);
          const atSeq = seqs.includes(offeredSeq) ? cp(offeredSeq, hashOf(offeredSeq)) : undefined;
          const j = judgeOfferedCheckpoint(cp(offeredSeq, offeredHash), { ...(atSeq ? { atSeq } : {}), latest: cp(latest, hashOf(latest)) });
          if (atSeq) return j.kind === (offeredHash === hashOf(offeredSeq) ? 'duplicate' : 'fork');
          return j.kind === (offeredSeq < latest ? 'backwards' : 'new');
        },
      ),
    );
  });
});

describe('heads kept elsewhere', () => {
  it('reads SEQ:HASH and refuses anything else', () => {
    const hash = 'ab'.repeat(32);
    expect(parseExpectedHead(`42:${hash}`)).toEqual({ seq: 42, hash, heldBy: EXPECTED_HEAD_HOLDER });
    expect(parseExpectedHead(`42:${hash.toUpperCase()}`)?.hash).toBe(hash);
    for (const bad of ['42', `0:${hash}`, `-1:${hash}`, `42:${hash.slice(1)}`, `42:${hash}0`, `x:${hash}`, `99999999999999999:${hash}`]) {
      expect(parseExpectedHead(bad)).toBeUndefined();
    }
  });

  it('keeps only the newest head of each keeper', () => {
    const h = (seq: number, heldBy: string): AnchoredHead => ({ seq, hash: 'a'.repeat(64), heldBy });
    expect(latestPerKeeper([h(3, 'a'), h(9, 'b'), h(7, 'a'), h(2, 'b')]).map((x) => [x.heldBy, x.seq])).toEqual([
      ['a', 7],
      ['b', 9],
    ]);
  });
});

describe('verifying against anchored heads', () => {
  it('finds nothing when the log still holds every anchored head', async () => {
    const log = logOf(10);
    const r = await verifyAuditChain(log.items(10), { publicKeys, node: NODE, anchored: [held(log.checkpoints[7]!)] });
    expect(r.ok).toBe(true);
    expect(r.anchoredThrough).toBe(8);
  });

  it('names the keeper, its checkpoint and the missing entries when the tail was cut back past it', async () => {
    const log = logOf(10);
    // The cut log with its checkpoints and head rewound is, on its own, perfectly intact.
    const alone = await verifyAuditChain(log.items(4), { publicKeys, node: NODE, expectedHead: { seq: 4, hash: log.sealed[3]!.entry.hash } });
    expect(alone.ok).toBe(true);
    const r = await verifyAuditChain(log.items(4), {
      publicKeys,
      node: NODE,
      expectedHead: { seq: 4, hash: log.sealed[3]!.entry.hash },
      anchored: [held(log.checkpoints[8]!)],
    });
    expect(r.ok).toBe(false);
    expect(r.findings).toEqual([
      expect.objectContaining({ kind: 'anchor-truncated', code: 'AUDIT_ANCHOR_TRUNCATED', params: expect.objectContaining({ seq: 9, keeper: 'jp-170003-ishikawa-pref', lastSeq: 4, from: 5, time: TIME }) }),
    ]);
    const text = formatAuditVerification(r, 'en', 1).join('\n');
    expect(text).toContain('jp-170003-ishikawa-pref holds a checkpoint for entry 9');
    expect(text).toContain('entries 5 to 9 are missing');
    expect(formatAuditVerification(r, 'ja', 1).join('\n')).toContain('記録 5〜9 番が失われています');
  });

  it('sees a log rewritten after the anchored head (a fork) at the anchored entry', async () => {
    const anchoredLog = logOf(6);
    const forked = logOf(8, 'forked-');
    const r = await verifyAuditChain(forked.items(8), { publicKeys, node: NODE, anchored: [held(anchoredLog.checkpoints[5]!)] });
    expect(r.findings.map((f) => [f.kind, f.seq])).toEqual([['anchor-mismatch', 6]]);
  });

  it('takes a head given by a person, unsigned, and names it as given', async () => {
    const log = logOf(6);
    const given = parseExpectedHead(`6:${log.sealed[5]!.entry.hash}`)!;
    expect((await verifyAuditChain(log.items(6), { publicKeys, anchored: [given] })).ok).toBe(true);
    const cut = await verifyAuditChain(log.items(3), { publicKeys, anchored: [given] });
    expect(cut.findings.map((f) => f.kind)).toEqual(['expected-head-truncated']);
    // An unsigned head vouches for nothing: the entries after the last signed checkpoint stay unsigned.
    const wrong = await verifyAuditChain(log.items(6), { publicKeys, anchored: [{ ...given, hash: 'f'.repeat(64) }] });
    expect(wrong.findings.map((f) => f.kind)).toEqual(['expected-head-mismatch']);
  });

  it('does not use a kept checkpoint whose signature the node\'s keys do not verify, and says so', async () => {
    const log = logOf(6);
    const cp = log.checkpoints[5]!;
    const tampered = { ...cp, signature: `${cp.signature[0] === 'A' ? 'B' : 'A'}${cp.signature.slice(1)}` };
    const r = await verifyAuditChain(log.items(3), { publicKeys, node: NODE, anchored: [held(tampered)] });
    expect(r.ok).toBe(true);
    expect(r.findings.map((f) => [f.kind, f.severity])).toEqual([['anchor-unverified', 'warning']]);
    const relabelled = await verifyAuditChain(log.items(3), { publicKeys, node: NODE, anchored: [{ ...held(cp), seq: 2 }] });
    expect(relabelled.findings.map((f) => f.kind)).toEqual(['anchor-unverified']);
  });

  it('detects any cut back past the newest anchored checkpoint, and none at or after it', async () => {
    const log = logOf(12);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 12 }), async (anchoredSeq, keptSeq) => {
        const r = await verifyAuditChain(log.items(keptSeq), {
          publicKeys,
          node: NODE,
          ...(keptSeq > 0 ? { expectedHead: { seq: keptSeq, hash: log.sealed[keptSeq - 1]!.entry.hash } } : {}),
          anchored: [held(log.checkpoints[anchoredSeq - 1]!)],
        });
        const named = r.findings.filter((f) => f.kind === 'anchor-truncated');
        if (keptSeq >= anchoredSeq) return r.ok && named.length === 0;
        return !r.ok && named.length === 1 && named[0]!.params.from === keptSeq + 1 && named[0]!.params.seq === anchoredSeq;
      }),
      { numRuns: 60 },
    );
  });
});
