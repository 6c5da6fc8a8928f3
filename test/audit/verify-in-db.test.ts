// Verification where the rows lie (the database hashes and links every entry) against the streaming verifier, on
// both backends: the same AuditVerification for intact logs and for every kind of tampering an owner of the
// database could do, alone or together, at random places, with any page size.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sealEntries, signCheckpoint, verifyAuditChain, type AuditCheckpoint, type AuditEntryDraft, type AuditVerification } from '../../src/audit/index.ts';
import { readAuditLogCheckedInDatabase } from '../../src/store/audit-verify-in-db.ts';
import { defaultAuditVerifyMethod, verifyAuditLogInStore, type VerifyAuditInStoreOptions } from '../../src/store/audit-log-store.ts';
import { buildLog, draft, forger, NODE, publicKeys, type MemoryLog } from './support/fixtures.ts';
import type { SqlClient } from '../../src/store/sql-client.ts';
import { openTestDatabase, pgSkipReason, type BackendName, type TestDatabase } from './support/sql-clients.ts';

const TIME = '2025-01-01T09:00:00.000Z';
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Text that crosses the byte/character line, and text that looks like the link fields from inside a string. */
const note = fc.constantFrom('', '七尾市 ｶﾀｶﾅ', '🙂🙂', '\u2028"\\', ',"seq":5,', '"prevHash":"' + 'a'.repeat(64) + '"', 'x'.repeat(90));
const draftArb: fc.Arbitrary<AuditEntryDraft> = fc
  .tuple(fc.nat({ max: 1000 }), note)
  .map(([i, n]) => draft(i, { reasons: [{ code: 'POLICY_PERMITTED', params: { note: n, i } }] }));

/** 1–30 entries, checkpoints at random places (and maybe none after the last: an unsigned tail). */
const logArb = fc
  .array(fc.tuple(draftArb, fc.boolean()), { minLength: 1, maxLength: 30 })
  .chain((rows) => fc.boolean().map((signLast) => buildLog(rows.map(([d]) => d), (seq, last) => (last ? signLast : rows[seq - 1]![1]), TIME)));

type Tamper =
  | { kind: 'change-body' | 'change-hash' | 'rehash' | 'rehash-seq'; entry: number; at: number }
  | { kind: 'delete' | 'to-seq-zero' | 'to-negative' | 'far-seq' | 'truncate' | 'truncate-with-checkpoints' | 'upper-prev-hash' | 'drop-prev-hash'; entry: number }
  | { kind: 'swap'; entry: number; other: number }
  | { kind: 'insert'; entry: number; forged: AuditEntryDraft }
  | { kind: 'checkpoint-signature' | 'checkpoint-time' | 'checkpoint-forged' | 'checkpoint-delete' | 'checkpoint-seq'; which: number }
  | { kind: 'head-hash' | 'head-back' | 'append-beyond-head' };

const entryKinds = ['delete', 'to-seq-zero', 'to-negative', 'far-seq', 'truncate', 'truncate-with-checkpoints', 'upper-prev-hash', 'drop-prev-hash'] as const;
const checkpointKinds = ['checkpoint-signature', 'checkpoint-time', 'checkpoint-forged', 'checkpoint-delete', 'checkpoint-seq'] as const;
const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({ kind: fc.constantFrom('change-body' as const, 'change-hash' as const, 'rehash' as const, 'rehash-seq' as const), entry: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constantFrom(...entryKinds), entry: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), entry: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), entry: fc.nat(), forged: draftArb }),
  fc.record({ kind: fc.constantFrom(...checkpointKinds), which: fc.nat() }),
  fc.record({ kind: fc.constantFrom('head-hash' as const, 'head-back' as const, 'append-beyond-head' as const) }),
);

function flipChar(s: string, at: number): string {
  const i = at % s.length;
  return s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
}

async function storeLog(db: TestDatabase, log: MemoryLog): Promise<void> {
  await db.raw('INSERT INTO audit_entries (seq, hash, body) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', [
    log.sealed.map((s) => s.entry.seq),
    log.sealed.map((s) => s.entry.hash),
    log.sealed.map((s) => s.body),
  ]);
  for (const cp of log.checkpoints) {
    await db.raw('INSERT INTO audit_checkpoints (seq, hash, time, node, kid, signature) VALUES ($1, $2, $3, $4, $5, $6)', [cp.seq, cp.hash, cp.time, cp.node, cp.kid, cp.signature]);
  }
  const signed = log.checkpoints.at(-1)?.seq ?? 0;
  await db.raw('UPDATE audit_head SET node = $1, seq = $2, hash = $3, checkpoint_seq = $4, checkpoint_time = $5', [NODE, log.head.seq, log.head.hash, signed, TIME]);
  await db.raw('ALTER TABLE audit_entries DISABLE TRIGGER USER');
  await db.raw('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
}

/**
 * Tamper as the database's owner could; rows are addressed by their current seq. A text that is no longer JSON
 * cannot be stored (the generated `doc` column parses it), so such a change is left out.
 */
async function tamper(db: TestDatabase, log: MemoryLog, t: Tamper): Promise<boolean> {
  try {
    await tamperRows(db, log, t);
    return true;
  } catch (e) {
    if ((e as { code?: unknown }).code !== '22P02') throw e;
    return false;
  }
}

async function tamperRows(db: TestDatabase, log: MemoryLog, t: Tamper): Promise<void> {
  const n = log.sealed.length;
  const seq = 'entry' in t ? (t.entry % n) + 1 : 0;
  const row = log.sealed[seq - 1];
  const setBody = (body: string, hash?: string) =>
    db.raw(`UPDATE audit_entries SET body = $2${hash !== undefined ? ', hash = $3' : ''} WHERE seq = $1`, hash !== undefined ? [seq, body, hash] : [seq, body]);
  switch (t.kind) {
    case 'change-body':
      return setBody(flipChar(row!.body, t.at));
    case 'change-hash':
      return db.raw('UPDATE audit_entries SET hash = $2 WHERE seq = $1', [seq, flipChar(row!.entry.hash, t.at)]);
    case 'rehash': {
      const body = flipChar(row!.body, t.at);
      return setBody(body, sha(body));
    }
    case 'rehash-seq': {
      // The entry claims another seq, and its stored hash agrees with its new text.
      const body = row!.body.replace(`,"seq":${seq},`, `,"seq":${seq + 1 + (t.at % 3)},`);
      return setBody(body, sha(body));
    }
    case 'upper-prev-hash': {
      const body = row!.body.replace(`"prevHash":"${row!.entry.prevHash}"`, `"prevHash":"${row!.entry.prevHash.toUpperCase()}"`);
      return setBody(body, sha(body));
    }
    case 'drop-prev-hash': {
      const body = row!.body.replace('"prevHash":"', '"prevHash_":"');
      return setBody(body, sha(body));
    }
    case 'delete':
      return db.raw('DELETE FROM audit_entries WHERE seq = $1', [seq]);
    case 'to-seq-zero':
      return db.raw('UPDATE audit_entries SET seq = 0 WHERE seq = $1 AND NOT EXISTS (SELECT 1 FROM audit_entries WHERE seq = 0)', [seq]);
    case 'to-negative':
      return db.raw('UPDATE audit_entries SET seq = -seq WHERE seq = $1', [seq]);
    case 'far-seq':
      return db.raw('UPDATE audit_entries SET seq = seq + 1000000000000 WHERE seq = $1', [seq]);
    case 'truncate':
      return db.raw('DELETE FROM audit_entries WHERE seq > $1', [seq]);
    case 'truncate-with-checkpoints':
      await db.raw('DELETE FROM audit_entries WHERE seq > $1', [seq]);
      return db.raw('DELETE FROM audit_checkpoints WHERE seq > $1', [seq]);
    case 'swap': {
      const other = ((t.entry + 1 + (t.other % Math.max(1, n - 1))) % n) + 1;
      if (other === seq) return;
      await db.raw('UPDATE audit_entries SET seq = -1000 - seq WHERE seq IN ($1, $2)', [seq, other]);
      return db.raw('UPDATE audit_entries SET seq = CASE seq WHEN -1000 - $1::bigint THEN $2::bigint ELSE $1::bigint END WHERE seq IN (-1000 - $1::bigint, -1000 - $2::bigint)', [seq, other]);
    }
    case 'insert': {
      const prevHash = seq === 1 ? '0'.repeat(64) : log.sealed[seq - 2]!.entry.hash;
      const forged = sealEntries({ seq: seq - 1, hash: prevHash }, NODE, [t.forged], TIME).sealed[0]!;
      await db.raw('UPDATE audit_entries SET seq = seq + 100000 WHERE seq >= $1', [seq]);
      await db.raw('UPDATE audit_entries SET seq = seq - 99999 WHERE seq >= 100000', []);
      return db.raw('INSERT INTO audit_entries (seq, hash, body) VALUES ($1, $2, $3)', [seq, forged.entry.hash, forged.body]);
    }
    case 'checkpoint-signature':
    case 'checkpoint-time':
    case 'checkpoint-forged':
    case 'checkpoint-delete':
    case 'checkpoint-seq': {
      const cp = log.checkpoints[t.which % Math.max(1, log.checkpoints.length)];
      if (!cp) return;
      if (t.kind === 'checkpoint-delete') return db.raw('DELETE FROM audit_checkpoints WHERE seq = $1', [cp.seq]);
      if (t.kind === 'checkpoint-seq') return db.raw('UPDATE audit_checkpoints SET seq = seq + 1 WHERE seq = $1 AND NOT EXISTS (SELECT 1 FROM audit_checkpoints WHERE seq = $1 + 1)', [cp.seq]);
      if (t.kind === 'checkpoint-time') return db.raw('UPDATE audit_checkpoints SET time = $2 WHERE seq = $1', [cp.seq, '2030-01-01T00:00:00.000Z']);
      const forged = t.kind === 'checkpoint-forged' ? signCheckpoint(forger, cp, TIME) : { ...cp, signature: flipChar(cp.signature, 3) };
      return db.raw('UPDATE audit_checkpoints SET signature = $2 WHERE seq = $1', [cp.seq, forged.signature]);
    }
    case 'head-hash':
      return db.raw('UPDATE audit_head SET hash = $1', ['f'.repeat(64)]);
    case 'head-back':
      return db.raw('UPDATE audit_head SET seq = greatest(seq - 1, 0)', []);
    case 'append-beyond-head': {
      const forged = sealEntries(log.head, NODE, [draft(999)], TIME).sealed[0]!;
      return db.raw('INSERT INTO audit_entries (seq, hash, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [forged.entry.seq, forged.entry.hash, forged.body]);
    }
  }
}

const both = async (db: TestDatabase, options: VerifyAuditInStoreOptions) => ({
  inDatabase: await verifyAuditLogInStore(db.sql, publicKeys, { ...options, method: 'in-database' }),
  streaming: await verifyAuditLogInStore(db.sql, publicKeys, { ...options, method: 'streaming' }),
});

const errorKinds = (v: AuditVerification) => v.findings.filter((f) => f.severity === 'error').map((f) => f.kind);

const backends: { name: BackendName; skip?: string }[] = [{ name: 'pglite' }, { name: 'postgres', ...(pgSkipReason ? { skip: pgSkipReason } : {}) }];

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`audit verification in the database on ${backend.name}`, () => {
    const open: TestDatabase[] = [];
    const fresh = async (log: MemoryLog) => {
      const db = await openTestDatabase(backend.name);
      open.push(db);
      await storeLog(db, log);
      return db;
    };
    const done = async (db: TestDatabase) => {
      open.splice(open.indexOf(db), 1);
      await db.close();
    };
    afterAll(async () => {
      for (const db of open.splice(0)) await db.close();
    });

    it('sends back only the entries a checkpoint or the head names, and each slice’s first and last, for an intact log', async () => {
      const log = buildLog(Array.from({ length: 40 }, (_, i) => draft(i)), (seq, last) => last || seq % 10 === 0, TIME);
      const db = await fresh(log);
      const items = [];
      for await (const page of readAuditLogCheckedInDatabase(db.sql, { throughSeq: log.head.seq, keepSeqs: [25], pageSize: 16 })) items.push(...page);
      const shape = items.map((i) =>
        i.type === 'entry' ? `e${i.seq}` : i.type === 'checkpoint' ? `c${(i.checkpoint as AuditCheckpoint).seq}` : i.type === 'verified-run' ? `r${i.fromSeq}-${i.toSeq}` : i.type,
      );
      // Slices of 16 seqs (1–16, 17–32, 33–40), checkpoints at 10, 20, 30, 40, kept seq 25.
      expect(shape).toEqual([
        'e1', 'r2-9', 'e10', 'c10', 'r11-15', 'e16',
        'e17', 'r18-19', 'e20', 'c20', 'r21-24', 'e25', 'r26-29', 'e30', 'c30', 'r31-31', 'e32',
        'e33', 'r34-39', 'e40', 'c40',
      ]);
      const { inDatabase, streaming } = await both(db, {});
      expect(inDatabase).toEqual(streaming);
      expect(inDatabase).toMatchObject({ ok: true, entries: 40, checkpoints: 4, unsignedTail: 0, head: log.head });
      await done(db);
    });

    it('finds a rewritten entry whose hash was recomputed, at the next entry’s link, as streaming does', async () => {
      const log = buildLog(Array.from({ length: 12 }, (_, i) => draft(i)), (_s, last) => last, TIME);
      const db = await fresh(log);
      await tamper(db, log, { kind: 'rehash', entry: 4, at: 40 });
      const { inDatabase, streaming } = await both(db, { pageSize: 5 });
      expect(inDatabase).toEqual(streaming);
      expect(inDatabase.findings[0]).toMatchObject({ kind: 'link-broken', seq: 6 });
      await done(db);
    });

    it('gives the same verification as the streaming verifier for intact and tampered logs, any page size', async () => {
      await fc.assert(
        fc.asyncProperty(
          logArb,
          fc.array(tamperArb, { maxLength: 3 }),
          fc.integer({ min: 1, max: 12 }),
          fc.subarray([0, 1, 2]),
          async (log, tampers, pageSize, anchorPicks) => {
            const db = await fresh(log);
            try {
              const applied: boolean[] = [];
              for (const t of tampers) applied.push(await tamper(db, log, t));
              const anchors = anchorPicks.map((k) => log.checkpoints[k]).filter((cp): cp is AuditCheckpoint => cp !== undefined);
              const { inDatabase, streaming } = await both(db, { pageSize, anchors, maxFindings: 50 });
              expect(inDatabase).toEqual(streaming);
              if (tampers.length === 0) expect(inDatabase).toMatchObject({ ok: true, entries: log.sealed.length });
              // A single change to a stored row makes the log fail (both ways, being equal).
              const only = tampers.length === 1 && applied[0] ? tampers[0]!.kind : undefined;
              if (only === 'change-body' || only === 'change-hash' || only === 'delete') {
                expect(errorKinds(inDatabase).length).toBeGreaterThan(0);
              }
            } finally {
              await done(db);
            }
          },
        ),
        { numRuns: backend.name === 'pglite' ? 60 : 40 },
      );
    }, 120_000);
  });
}


describe('the default way to verify a store’s log', () => {
  const unused = () => Promise.reject(new Error('not used by the choice'));
  const client = (backend?: 'pglite' | 'postgres'): SqlClient => ({ ...(backend ? { backend } : {}), query: unused, exec: unused, transaction: unused });

  it('hashes in the database on PostgreSQL and on clients that do not say their backend, and streams on PGlite', () => {
    expect(defaultAuditVerifyMethod(client('postgres'))).toBe('in-database');
    expect(defaultAuditVerifyMethod(client())).toBe('in-database');
    expect(defaultAuditVerifyMethod(client('pglite'))).toBe('streaming');
  });
});

describe('verifyAuditChain over runs of entries checked elsewhere', () => {
  const log = buildLog(Array.from({ length: 12 }, (_, i) => draft(i)), (seq, last) => last || seq === 6, TIME);
  const hashOf = (seq: number) => log.sealed[seq - 1]!.entry.hash;
  /** The log's items with entries from…to (none of them 6 or 12, where checkpoints wait) replaced by one run. */
  const withRun = (from: number, to: number) => {
    const run = { type: 'verified-run' as const, fromSeq: from, toSeq: to, prevHash: from === 1 ? '0'.repeat(64) : hashOf(from - 1), hash: hashOf(to) };
    const items = log.items.filter((i) => i.type !== 'entry' || i.seq! < from || i.seq! > to);
    const at = items.findIndex((i) => i.type === 'entry' && i.seq! > to);
    return [...items.slice(0, at), run, ...items.slice(at)];
  };
  const options = { publicKeys, node: NODE, expectedHead: log.head };

  it('gives the outcome of the entries one by one', async () => {
    const whole = await verifyAuditChain(log.items, options);
    expect(await verifyAuditChain(withRun(1, 5), options)).toEqual(whole);
    expect(await verifyAuditChain(withRun(7, 11), options)).toEqual(whole);
    expect(whole).toMatchObject({ ok: true, entries: 12, signedThrough: 12 });
  });

  it('reports a run that does not link to the entry before it, at its first seq', async () => {
    const items = withRun(7, 11).map((i) => (i.type === 'verified-run' ? { ...i, prevHash: 'f'.repeat(64) } : i));
    const r = await verifyAuditChain(items, options);
    expect(r.findings[0]).toMatchObject({ kind: 'link-broken', seq: 7 });
  });

  it('refuses a run that hides an entry a checkpoint waits for, or skips ahead: a producer’s mistake, not a finding', async () => {
    await expect(verifyAuditChain(withRun(5, 7), options)).rejects.toThrow(/verified run/);
    const skipping = withRun(7, 11).map((i) => (i.type === 'verified-run' ? { ...i, fromSeq: 8 } : i));
    await expect(verifyAuditChain(skipping, options)).rejects.toThrow(/verified run/);
    await expect(verifyAuditChain(withRun(1, 5), { ...options, thorough: true })).rejects.toThrow(/verified run/);
  });
});
