// Properties of verification over random logs: an untampered log always verifies; any single change an attacker
// without the node's key can make always fails it, and the findings point at the changed entry.
//
// Where a finding can point ("the nearest sensible seq"), for a change at entry N:
// - a changed entry text or stored hash, a deleted entry, swapped entries: exactly N (the lower of two swapped);
// - an entry changed and re-hashed, or a forged entry inserted with later seqs renumbered: N or N+1 — such an entry
//   is self-consistent, so the break shows at the next link, or at N when a checkpoint signed N;
// - in an exported file, where an entry's seq is read from the entry itself, a change to the seq digits can make it
//   pose as another seq; a finding at N is still among the findings.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditExportLine,
  readAuditJsonLines,
  sealEntries,
  verifyAuditChain,
  type AuditCheckpoint,
  type AuditEntryDraft,
  type AuditLogItem,
  type AuditVerification,
} from '../../src/audit/index.ts';
import { asFileItems, buildLog, NODE, publicKeys, type MemoryLog } from './support/fixtures.ts';

type EntryItem = Extract<AuditLogItem, { type: 'entry' }>;

const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,12}[a-z0-9]$/);
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const draftArb: fc.Arbitrary<AuditEntryDraft> = fc.record({
  kind: fc.constantFrom('access-decision', 'copy-deleted', 'delegation-used', 'admin'),
  requester: id,
  purpose: fc.constantFrom('life-saving', 'evacuation-support', 'statistics', 'marketing'),
  action: fc.constantFrom('query', 'read', 'transfer'),
  dataset: id,
  fields: fc.array(fc.constantFrom('id', 'name', 'location', 'careNeeds', 'contact.phone'), { maxLength: 4 }),
  recordCount: fc.nat({ max: 100_000 }),
  decision: fc.constantFrom('allow' as const, 'deny' as const),
  reasons: fc.array(
    fc.record({
      code: fc.constantFrom('POLICY_PERMITTED', 'POLICY_PURPOSE_NOT_PERMITTED'),
      params: fc.dictionary(fc.constantFrom('seq', 'purpose', 'area', 'n'), fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 3 }),
    }),
    { maxLength: 2 },
  ),
  requestId: id,
});

/** A log of 1–30 entries with checkpoints at random places and always after the last entry. */
const logArb = fc
  .array(fc.tuple(draftArb, fc.boolean()), { minLength: 1, maxLength: 30 })
  .map((rows) => buildLog(rows.map(([d]) => d), (seq, last) => last || rows[seq - 1]![1]));

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const errorsOf = (r: AuditVerification) => r.findings.filter((f) => f.severity === 'error');
const firstErrorSeq = (r: AuditVerification) => errorsOf(r)[0]?.seq;
const verify = (items: AuditLogItem[]) => verifyAuditChain(items, { publicKeys, node: NODE });

function flipChar(s: string, at: number): string {
  const i = at % s.length;
  const c = s[i] === 'a' ? 'b' : 'a';
  return s.slice(0, i) + c + s.slice(i + 1);
}

function entries(items: AuditLogItem[]): EntryItem[] {
  return items.filter((i): i is EntryItem => i.type === 'entry');
}

type Mutation =
  | { kind: 'change-body'; entry: number; at: number }
  | { kind: 'change-hash'; entry: number; at: number }
  | { kind: 'delete'; entry: number }
  | { kind: 'swap'; entry: number; other: number }
  | { kind: 'insert'; entry: number; forged: AuditEntryDraft }
  | { kind: 'rehash'; entry: number; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('change-body' as const), entry: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('change-hash' as const), entry: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), entry: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), entry: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), entry: fc.nat(), forged: draftArb }),
  fc.record({ kind: fc.constant('rehash' as const), entry: fc.nat(), at: fc.nat() }),
);

/**
 * Apply a mutation; `stored` keeps database semantics (rows keep their seq column: a swap exchanges contents, an
 * insertion renumbers the rows after it), otherwise file semantics (lines move, seq comes from the entry).
 * Returns the tampered items and the seqs a finding may point at (the first in database mode).
 */
function mutate(log: MemoryLog, m: Mutation, stored: boolean): { items: AuditLogItem[]; expected: number[] } | undefined {
  const items = stored ? log.items.map((i) => ({ ...i })) : asFileItems(log.items);
  const list = entries(items);
  const n = list.length;
  const k = m.entry % n;
  const target = list[k]!;
  const seq = k + 1;
  switch (m.kind) {
    case 'change-body':
      target.body = flipChar(target.body, m.at);
      return { items, expected: [seq] };
    case 'change-hash':
      target.hash = flipChar(target.hash, m.at);
      return { items, expected: [seq] };
    case 'delete':
      items.splice(items.indexOf(target), 1);
      return { items, expected: [seq] };
    case 'swap': {
      if (n < 2) return undefined;
      const j = (k + 1 + (m.other % (n - 1))) % n;
      const other = list[j]!;
      if (stored) {
        [target.hash, other.hash, target.body, other.body] = [other.hash, target.hash, other.body, target.body];
      } else {
        const a = items.indexOf(target);
        const b = items.indexOf(other);
        [items[a], items[b]] = [other, target];
      }
      return { items, expected: [Math.min(k, j) + 1] };
    }
    case 'insert': {
      const prevHash = k === 0 ? '0'.repeat(64) : log.sealed[k - 1]!.entry.hash;
      const forged = sealEntries({ seq: seq - 1, hash: prevHash }, NODE, [m.forged], '2025-01-01T09:00:00.000Z').sealed[0]!;
      if (stored) for (const e of list.slice(k)) e.seq = e.seq! + 1;
      const row: EntryItem = stored ? { type: 'entry', seq, hash: forged.entry.hash, body: forged.body } : { type: 'entry', hash: forged.entry.hash, body: forged.body };
      items.splice(items.indexOf(target), 0, row);
      return { items, expected: [seq, seq + 1] };
    }
    case 'rehash':
      target.body = flipChar(target.body, m.at);
      target.hash = sha(target.body);
      return { items, expected: [seq, seq + 1] };
  }
}

describe('verifyAuditChain, property-based', () => {
  it('accepts every untampered log, read from a database or from a file', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, async (log) => {
        for (const items of [log.items, asFileItems(log.items)]) {
          const r = await verifyAuditChain(items, { publicKeys, node: NODE, expectedHead: log.head, thorough: true });
          expect(r.findings).toEqual([]);
          expect(r).toMatchObject({ ok: true, entries: log.sealed.length, unsignedTail: 0, head: log.head });
        }
      }),
    );
  });

  it('rejects any single change to stored rows, and its first finding points at the changed entry', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, mutationArb, async (log, m) => {
        const t = mutate(log, m, true);
        fc.pre(t !== undefined);
        const r = await verify(t!.items);
        expect(r.ok).toBe(false);
        expect(t!.expected).toContain(firstErrorSeq(r));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects any single change to an exported file, with a finding at the changed entry', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, mutationArb, async (log, m) => {
        const t = mutate(log, m, false);
        fc.pre(t !== undefined);
        const r = await verify(t!.items);
        expect(r.ok).toBe(false);
        const seqs = errorsOf(r).map((f) => f.seq);
        expect(seqs.some((s) => t!.expected.includes(s))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects any change to a checkpoint field, at the seq the checkpoint claims', async () => {
    const fields = ['seq', 'hash', 'time', 'node', 'kid', 'signature'] as const;
    await fc.assert(
      fc.asyncProperty(logArb, fc.nat(), fc.constantFrom(...fields), fc.nat(), async (log, which, field, at) => {
        const cps = log.items.filter((i) => i.type === 'checkpoint');
        const target = cps[which % cps.length]! as Extract<AuditLogItem, { type: 'checkpoint' }>;
        const cp = { ...(target.checkpoint as AuditCheckpoint) };
        if (field === 'seq') cp.seq += 1;
        else cp[field] = flipChar(cp[field], at);
        const items = log.items.map((i) => (i === target ? { type: 'checkpoint' as const, checkpoint: cp } : i));
        const r = await verify(items);
        expect(r.ok).toBe(false);
        expect(errorsOf(r)).toContainEqual(expect.objectContaining({ seq: cp.seq, kind: expect.stringMatching(/^checkpoint-/) }));
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips every log through the JSON Lines export, and rejects any one changed character after the header', async () => {
    const header = (log: MemoryLog) => ({
      type: 'header' as const,
      format: 'tsunagu-audit-log' as const,
      version: 1 as const,
      node: NODE,
      head: log.head,
      exportedAt: '2025-01-02T00:00:00.000Z',
    });
    await fc.assert(
      fc.asyncProperty(logArb, fc.nat(), fc.nat(), async (log, line, at) => {
        const lines = [auditExportLine(header(log)), ...log.items.map(auditExportLine)];
        const intact = await verifyAuditChain(readAuditJsonLines(lines), { publicKeys });
        expect(intact).toMatchObject({ ok: true, entries: log.sealed.length, unsignedTail: 0 });
        const k = 1 + (line % (lines.length - 1));
        const changed = lines.map((l, i) => (i === k ? flipChar(l, at) : l));
        expect((await verifyAuditChain(readAuditJsonLines(changed), { publicKeys })).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a log cut short whenever a kept checkpoint covered the removed tail', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.nat(), async (log, cut) => {
        const n = log.sealed.length;
        const keep = cut % n; // entries 1..keep stay
        const items = log.items.filter((i) => i.type !== 'entry' || i.seq! <= keep);
        const r = await verify(items);
        expect(r.ok).toBe(false);
        expect(errorsOf(r)).toContainEqual(expect.objectContaining({ kind: 'log-truncated', seq: n }));
      }),
    );
  });
});
