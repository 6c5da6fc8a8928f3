// Tampering with a log, one kind at a time, and what verification says about it: which finding, at which seq.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_PREV_HASH,
  sealEntries,
  signCheckpoint,
  verifyAuditChain,
  type AuditCheckpoint,
  type AuditLogItem,
  type AuditVerification,
} from '../../src/audit/index.ts';
import { asFileItems, buildLog, draft, drafts, forger, NODE, publicKeys } from './support/fixtures.ts';

const verify = (items: AuditLogItem[], extra: Partial<Parameters<typeof verifyAuditChain>[1]> = {}) =>
  verifyAuditChain(items, { publicKeys, node: NODE, ...extra });

const errors = (r: AuditVerification) => r.findings.filter((f) => f.severity === 'error');
const firstError = (r: AuditVerification) => errors(r)[0];

/** A ten-entry log signed after entries 3, 6 and 10. */
const tenSigned = () => buildLog(drafts(10), (seq) => seq === 3 || seq === 6 || seq === 10);

function entryAt(items: AuditLogItem[], seq: number): Extract<AuditLogItem, { type: 'entry' }> {
  const it = items.find((i) => i.type === 'entry' && i.seq === seq);
  if (!it || it.type !== 'entry') throw new Error(`no entry ${seq}`);
  return it;
}

function replaceEntry(items: AuditLogItem[], seq: number, f: (e: Extract<AuditLogItem, { type: 'entry' }>) => AuditLogItem): AuditLogItem[] {
  return items.map((it) => (it.type === 'entry' && it.seq === seq ? f(it) : it));
}

describe('verifyAuditChain on an untampered log', () => {
  it('accepts the log, counts entries and checkpoints, and reports no unsigned tail when the last entry is signed', async () => {
    const r = await verify(tenSigned().items);
    expect(r).toMatchObject({ ok: true, entries: 10, checkpoints: 3, signedThrough: 10, unsignedTail: 0, errors: 0 });
    expect(r.findings).toEqual([]);
  });

  it('accepts an empty log', async () => {
    const r = await verify([]);
    expect(r).toMatchObject({ ok: true, entries: 0, head: { seq: 0, hash: GENESIS_PREV_HASH }, unsignedTail: 0 });
  });

  it('reports entries after the last checkpoint as an unsigned tail, a warning that does not fail the log', async () => {
    const log = buildLog(drafts(8), (seq) => seq === 5);
    const r = await verify(log.items);
    expect(r.ok).toBe(true);
    expect(r.unsignedTail).toBe(3);
    expect(r.findings).toEqual([
      expect.objectContaining({ kind: 'unsigned-tail', severity: 'warning', seq: 6, params: { count: 3, from: 6, to: 8 } }),
    ]);
  });

  it('accepts pages of items and single items alike', async () => {
    const { items } = tenSigned();
    const pages = [items.slice(0, 4), items.slice(4)];
    expect((await verifyAuditChain(pages, { publicKeys })).ok).toBe(true);
  });
});

describe('verifyAuditChain locates tampering', () => {
  it('finds a changed entry at its seq when the text no longer matches its stored hash', async () => {
    const { items } = tenSigned();
    const tampered = replaceEntry(items, 5, (e) => ({ ...e, body: e.body.replace('"recordCount":', '"recordCount":1') }));
    const r = await verify(tampered);
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'entry-changed', seq: 5, code: 'AUDIT_ENTRY_CHANGED' })]);
  });

  it('finds a changed entry whose hash was recomputed at the next link, or at the checkpoint that signed it', async () => {
    const { items } = tenSigned();
    const rehash = (seq: number) =>
      replaceEntry(items, seq, (e) => {
        const body = e.body.replace('"action":"query"', '"action":"read"');
        return { ...e, body, hash: sha(body) };
      });
    const inside = await verify(rehash(4));
    expect(firstError(inside)).toMatchObject({ kind: 'link-broken', seq: 5 });
    const signed = await verify(rehash(6));
    expect(errors(signed).map((f) => [f.kind, f.seq])).toEqual([
      ['checkpoint-hash-mismatch', 6],
      ['link-broken', 7],
    ]);
  });

  it('finds a changed stored hash at its entry, without blaming the next entry', async () => {
    const { items } = tenSigned();
    const r = await verify(replaceEntry(items, 8, (e) => ({ ...e, hash: 'f'.repeat(64) })));
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'entry-changed', seq: 8 })]);
  });

  it('finds a deleted entry as missing at its seq', async () => {
    const { items } = tenSigned();
    const r = await verify(items.filter((it) => !(it.type === 'entry' && it.seq === 5)));
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'entry-missing', seq: 5, params: { from: 5, to: 5 } })]);
  });

  it('finds a deleted signed entry as missing too, not as a truncated log', async () => {
    const { items } = tenSigned();
    const r = await verify(items.filter((it) => !(it.type === 'entry' && it.seq === 6)));
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'entry-missing', seq: 6 })]);
  });

  it('finds a deleted range as one finding naming the whole range', async () => {
    const { items } = tenSigned();
    const r = await verify(items.filter((it) => !(it.type === 'entry' && it.seq! >= 2 && it.seq! <= 4)));
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'entry-missing', seq: 2, params: { from: 2, to: 4 } })]);
  });

  it('finds an entry inserted into an exported file at the position it took', async () => {
    const { items, sealed } = tenSigned();
    // The best forgery there is: a well-formed entry 5 that links to entry 4.
    const forged = sealEntries({ seq: 4, hash: sealed[3]!.entry.hash }, NODE, [draft(99)], '2025-01-01T09:00:00.000Z').sealed[0]!;
    const file = asFileItems(items);
    const at = file.findIndex((it) => it.type === 'entry' && it.hash === sealed[4]!.entry.hash);
    file.splice(at, 0, { type: 'entry', hash: forged.entry.hash, body: forged.body });
    const r = await verify(file);
    expect(firstError(r)).toMatchObject({ kind: 'entry-unexpected', seq: 5 });
  });

  it('finds an entry inserted into a database (later seqs renumbered) at the entry after it', async () => {
    const { items, sealed } = tenSigned();
    const forged = sealEntries({ seq: 4, hash: sealed[3]!.entry.hash }, NODE, [draft(99)], '2025-01-01T09:00:00.000Z').sealed[0]!;
    const renumbered = items.map((it) => (it.type === 'entry' && it.seq! >= 5 ? { ...it, seq: it.seq! + 1 } : it));
    const at = renumbered.findIndex((it) => it.type === 'entry' && it.seq === 6);
    renumbered.splice(at, 0, { type: 'entry', seq: 5, hash: forged.entry.hash, body: forged.body });
    const r = await verify(renumbered);
    expect(firstError(r)).toMatchObject({ kind: 'entry-misplaced', seq: 6 });
  });

  it('finds two entries swapped in a file at the first of them', async () => {
    const file = asFileItems(tenSigned().items);
    const a = file.findIndex((it) => it.type === 'entry' && it.body.includes('"seq":4,'));
    const b = file.findIndex((it) => it.type === 'entry' && it.body.includes('"seq":5,'));
    [file[a], file[b]] = [file[b]!, file[a]!];
    const r = await verify(file);
    expect(firstError(r)).toMatchObject({ kind: 'entry-missing', seq: 4 });
    expect(errors(r).map((f) => f.kind)).toContain('entry-unexpected');
  });

  it('finds two database rows whose contents were swapped at the first of them', async () => {
    const { items } = tenSigned();
    const four = entryAt(items, 4);
    const five = entryAt(items, 5);
    const swapped = items.map((it) =>
      it === four ? { ...five, seq: 4 } : it === five ? { ...four, seq: 5 } : it,
    );
    const r = await verify(swapped);
    expect(firstError(r)).toMatchObject({ kind: 'entry-misplaced', seq: 4, params: { seq: 4, claimed: 5 } });
  });

  it('finds a changed checkpoint by its signature', async () => {
    const { items } = tenSigned();
    const tampered = items.map((it) =>
      it.type === 'checkpoint' && (it.checkpoint as AuditCheckpoint).seq === 6
        ? { type: 'checkpoint' as const, checkpoint: { ...(it.checkpoint as AuditCheckpoint), time: '2025-01-01T09:30:00.000Z' } }
        : it,
    );
    const r = await verify(tampered);
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'checkpoint-signature-invalid', seq: 6 })]);
  });

  it('finds a checkpoint forged with another key under the node’s kid by its signature', async () => {
    const { items, sealed } = tenSigned();
    const forgedCp = signCheckpoint(forger, { seq: 8, hash: sealed[7]!.entry.hash }, '2025-01-01T09:00:00.000Z');
    const at = items.findIndex((it) => it.type === 'entry' && it.seq === 8);
    const withForged = [...items.slice(0, at + 1), { type: 'checkpoint' as const, checkpoint: forgedCp }, ...items.slice(at + 1)];
    const r = await verify(withForged);
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'checkpoint-signature-invalid', seq: 8 })]);
  });

  it('finds a checkpoint signed by an unknown key, and one signed for another node', async () => {
    const { items } = buildLog(drafts(3));
    const unknown = await verifyAuditChain(items, { publicKeys: [] });
    expect(errors(unknown)).toEqual([expect.objectContaining({ kind: 'checkpoint-key-unknown', seq: 3 })]);
    const otherNode = await verifyAuditChain(items, { publicKeys, node: 'jp-172049-wajima-city' });
    expect(errors(otherNode)).toEqual([expect.objectContaining({ kind: 'checkpoint-node-mismatch', seq: 3 })]);
  });

  it('refuses a checkpoint signed outside its key’s validity period', async () => {
    const { items } = buildLog(drafts(2));
    const r = await verifyAuditChain(items, { publicKeys: [{ ...publicKeys[0]!, validUntil: '2024-12-31T00:00:00Z' }] });
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'checkpoint-key-not-valid', seq: 2 })]);
  });

  it('finds a truncated tail when a kept checkpoint points past the last entry', async () => {
    const { items } = tenSigned();
    const truncated = items.filter((it) => !(it.type === 'entry' && it.seq! >= 9));
    const r = await verify(truncated);
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'log-truncated', seq: 10, params: { seq: 10, lastSeq: 8 } })]);
  });

  it('finds a tail cut together with its checkpoints only through the expected head', async () => {
    const { items, head } = tenSigned();
    const cut = items.slice(0, items.findIndex((it) => it.type === 'entry' && it.seq === 7));
    const blind = await verify(cut);
    expect(blind.ok).toBe(true);
    const withHead = await verify(cut, { expectedHead: head });
    expect(errors(withHead)).toEqual([expect.objectContaining({ kind: 'head-beyond-end', seq: 10, params: { seq: 10, lastSeq: 6 } })]);
    const withAnchor = await verify(cut, { anchors: [tenSigned().checkpoints.at(-1)!] });
    expect(withAnchor.ok).toBe(false);
  });

  it('finds entries appended behind the writer’s back, beyond the recorded head', async () => {
    const { items, sealed } = tenSigned();
    const extra = sealEntries({ seq: 10, hash: sealed[9]!.entry.hash }, NODE, [draft(50)], '2025-01-01T09:00:00.000Z').sealed[0]!;
    const appended = [...items, { type: 'entry' as const, seq: 11, hash: extra.entry.hash, body: extra.body }];
    const r = await verify(appended, { expectedHead: { seq: 10, hash: sealed[9]!.entry.hash } });
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'entries-beyond-head', seq: 11 })]);
    expect(r.unsignedTail).toBe(1);
  });

  it('finds a head row that disagrees with the entry it names', async () => {
    const { items } = tenSigned();
    const r = await verify(items, { expectedHead: { seq: 10, hash: 'a'.repeat(64) } });
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'head-mismatch', seq: 10 })]);
  });

  it('reports an entry whose link fields cannot be read as malformed', async () => {
    const { items } = tenSigned();
    const r = await verify(replaceEntry(items, 3, (e) => ({ ...e, body: '{"broken":true}' })));
    expect(errors(r).map((f) => [f.kind, f.seq])).toEqual([
      ['entry-malformed', 3],
      ['entry-changed', 3],
    ]);
  });

  it('reports a malformed checkpoint where it claims to be', async () => {
    const { items } = tenSigned();
    const r = await verify([...items, { type: 'checkpoint', checkpoint: { seq: 10, hash: 'nope' } }]);
    expect(errors(r)).toEqual([expect.objectContaining({ kind: 'checkpoint-malformed', seq: 10 })]);
  });

  it('lists at most maxFindings findings and counts the rest', async () => {
    const { items } = tenSigned();
    const allChanged = items.map((it) => (it.type === 'entry' ? { ...it, hash: '0'.repeat(64) } : it));
    const r = await verify(allChanged, { maxFindings: 3 });
    expect(r.findings).toHaveLength(3);
    expect(r.findingsOmitted).toBeGreaterThan(0);
    expect(r.findings.length + r.findingsOmitted).toBe(r.errors + (r.unsignedTail > 0 ? 1 : 0));
  });
});

describe('verifyAuditChain in thorough mode', () => {
  it('also checks each entry against the schema, its canonical form and its node', async () => {
    const { items } = buildLog(drafts(3));
    expect((await verify(items, { thorough: true })).ok).toBe(true);
    const otherNode = await verifyAuditChain(items, { publicKeys: [], node: 'jp-172049-wajima-city', thorough: true });
    expect(otherNode.findings.map((f) => f.kind)).toContain('entry-node-mismatch');
  });

  it('flags an entry that hashes correctly but is not canonical JSON', async () => {
    const { items } = buildLog(drafts(1), () => false);
    const e = items[0] as Extract<AuditLogItem, { type: 'entry' }>;
    const pretty = JSON.stringify(JSON.parse(e.body), null, 1);
    const r = await verify([{ ...e, body: pretty, hash: sha(pretty) }], { thorough: true });
    expect(r.findings.map((f) => f.kind)).toContain('entry-not-canonical');
  });
});

function sha(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
