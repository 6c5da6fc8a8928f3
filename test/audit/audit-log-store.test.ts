// The SQL audit log on both backends: durable group-committed appends, checkpoint timing, tamper detection in the
// database itself, queries and summaries, export and verification elsewhere.
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatAuditVerification,
  matchesAuditFilter,
  normalizeAuditFilter,
  readAuditJsonLines,
  sealEntries,
  summarizeAuditEntries,
  verifyAuditChain,
  verifyAuditExport,
  type AuditEntry,
  type AuditLog,
} from '../../src/audit/index.ts';
import {
  exportAuditLog,
  openAuditLog,
  queryAudit,
  readAuditHead,
  summarizeAudit,
  verifyAuditLogInStore,
  type OpenAuditLogOptions,
} from '../../src/store/audit-log-store.ts';
import type { SqlClient } from '../../src/store/sql-client.ts';
import { createSigner, generateKeyPair } from '../../src/trust/keys.ts';
import { draft, drafts, NODE, publicKeys, signer } from './support/fixtures.ts';
import { openTestDatabase, pgRequiredButMissing, pgSkipReason, type BackendName, type TestDatabase } from './support/sql-clients.ts';

it('runs the PostgreSQL cases in CI (TSUNAGU_TEST_DATABASE_URL must be set when CI is)', () => {
  expect(pgRequiredButMissing, 'CI is set but TSUNAGU_TEST_DATABASE_URL is not').toBe(false);
});

/** A manual clock: tests move time instead of waiting for it. */
function manualClock(start = Date.parse('2025-01-01T09:00:00.000Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

async function open(sql: SqlClient, options: Partial<OpenAuditLogOptions> = {}): Promise<AuditLog> {
  const r = await openAuditLog(sql, { signer, ...options });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.log;
}

async function appendOk(log: AuditLog, ...args: Parameters<AuditLog['append']>) {
  const r = await log.append(...args);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r;
}

const backends: { name: BackendName; skip?: string }[] = [
  { name: 'pglite' },
  { name: 'postgres', ...(pgSkipReason ? { skip: pgSkipReason } : {}) },
];

for (const backend of backends) {
  describe.skipIf(backend.skip !== undefined)(`audit log on ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`, () => {
    let db: TestDatabase;
    const logs: AuditLog[] = [];
    const fresh = async () => {
      db = await openTestDatabase(backend.name);
      return db;
    };
    const openLog = async (options: Partial<OpenAuditLogOptions> = {}, sql?: SqlClient) => {
      const log = await open(sql ?? db.sql, options);
      logs.push(log);
      return log;
    };
    afterEach(async () => {
      for (const l of logs.splice(0)) await l.close();
      await db?.close();
    });

    it('commits appended entries before answering, chained from seq 1 with the genesis prevHash', async () => {
      await fresh();
      const log = await openLog();
      const r = await appendOk(log, drafts(3));
      expect(r.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(r.entries[0]!.prevHash).toBe('0'.repeat(64));
      expect(r.entries[1]!.prevHash).toBe(r.entries[0]!.hash);
      expect(r.entries.every((e) => e.node === NODE)).toBe(true);
      // Read through a separate query path: the rows are there and hash to what append returned.
      const page = await queryAudit(db.sql, { order: 'oldest-first' });
      expect(page.ok && page.page.entries).toEqual(r.entries);
      expect(await readAuditHead(db.sql)).toMatchObject({ seq: 3, hash: r.entries[2]!.hash, node: NODE });
    });

    it('signs the first batch after a quiet spell in the same transaction', async () => {
      await fresh();
      const clock = manualClock();
      const log = await openLog({ now: clock.now });
      const r = await appendOk(log, drafts(2));
      expect(r.checkpoint).toMatchObject({ seq: 2, hash: r.entries[1]!.hash, node: NODE, kid: signer.kid });
      const v = await verifyAuditLogInStore(db.sql, publicKeys);
      expect(v).toMatchObject({ ok: true, entries: 2, checkpoints: 1, unsignedTail: 0 });
    });

    it('leaves batches within the checkpoint interval unsigned until the deferred checkpoint, then signs them all at once', async () => {
      await fresh();
      const clock = manualClock();
      const log = await openLog({ now: clock.now, checkpointPolicy: { minIntervalMs: 60_000 } });
      await appendOk(log, [draft(0)]);
      clock.advance(1000);
      const second = await appendOk(log, [draft(1)]);
      expect(second.checkpoint).toBeUndefined();
      const before = await verifyAuditLogInStore(db.sql, publicKeys);
      expect(before).toMatchObject({ ok: true, unsignedTail: 1 });
      expect(before.findings).toEqual([expect.objectContaining({ kind: 'unsigned-tail', severity: 'warning', seq: 2 })]);
      const cp = await log.checkpoint();
      expect(cp).toMatchObject({ seq: 2 });
      expect(await log.checkpoint()).toBeUndefined();
      expect(await verifyAuditLogInStore(db.sql, publicKeys)).toMatchObject({ ok: true, checkpoints: 2, unsignedTail: 0 });
    });

    it('signs on request in the same transaction, whatever the interval', async () => {
      await fresh();
      const clock = manualClock();
      const log = await openLog({ now: clock.now, checkpointPolicy: { minIntervalMs: 60_000 } });
      await appendOk(log, [draft(0)]);
      const r = await appendOk(log, [draft(1)], { checkpoint: true });
      expect(r.checkpoint).toMatchObject({ seq: 2 });
    });

    it('puts checkpoints inside a batch larger than the unsigned-entry limit', async () => {
      await fresh();
      const log = await openLog({ checkpointPolicy: { minIntervalMs: 60_000, maxUnsignedEntries: 4 } });
      await appendOk(log, drafts(10));
      const v = await verifyAuditLogInStore(db.sql, publicKeys);
      expect(v).toMatchObject({ ok: true, entries: 10, signedThrough: 10 });
      expect(v.checkpoints).toBe(3); // after 4, 8, and 10 (the first batch after a quiet spell is signed)
    });

    it('signs a tail left unsigned by a previous run when the log is opened again, and on close', async () => {
      await fresh();
      const clock = manualClock();
      const first = await open(db.sql, { now: clock.now, checkpointPolicy: { minIntervalMs: 60_000 } });
      await appendOk(first, [draft(0)]);
      await appendOk(first, [draft(1)]);
      // Simulate a crash: the process goes away without close(); the deferred checkpoint never ran.
      expect((await readAuditHead(db.sql)).checkpointSeq).toBe(1);
      const second = await openLog({ now: clock.now });
      expect((await readAuditHead(db.sql)).checkpointSeq).toBe(2);
      clock.advance(10);
      await appendOk(second, [draft(2)]);
      await second.close();
      expect(await verifyAuditLogInStore(db.sql, publicKeys)).toMatchObject({ ok: true, unsignedTail: 0 });
      expect(await first.checkpoint()).toBeUndefined();
    });

    it('writes the timer’s deferred checkpoint without anyone asking', async () => {
      await fresh();
      const log = await openLog({ checkpointPolicy: { minIntervalMs: 50 } });
      await appendOk(log, [draft(0)]);
      await appendOk(log, [draft(1)]);
      await expect.poll(async () => (await readAuditHead(db.sql)).checkpointSeq, { timeout: 5000, interval: 20 }).toBe(2);
    });

    it('keeps the chain gap-free under 50 concurrent appends, grouping them into few transactions', async () => {
      await fresh();
      const log = await openLog({ checkpointPolicy: { minIntervalMs: 0 } });
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => appendOk(log, [draft(i), draft(i + 100)])));
      const seqs = results.flatMap((r) => r.entries.map((e) => e.seq)).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      // Each call's entries are consecutive and in the order given.
      for (const r of results) expect(r.entries[1]!.seq).toBe(r.entries[0]!.seq + 1);
      const v = await verifyAuditLogInStore(db.sql, publicKeys);
      expect(v).toMatchObject({ ok: true, entries: 100, unsignedTail: 0 });
      // Every batch is signed (interval 0), so fewer checkpoints than calls shows that calls were grouped.
      expect(v.checkpoints).toBeLessThan(50);
    });

    // Only PostgreSQL has a second process to race with; PGlite lives inside one.
    if (backend.name === 'postgres') it('does not fork the chain when two processes append to one database at once', async () => {
      await fresh();
      const a = await openLog({ checkpointPolicy: { minIntervalMs: 0 } });
      const b = await openLog({ checkpointPolicy: { minIntervalMs: 0 } }, db.secondClient!());
      await Promise.all(Array.from({ length: 40 }, (_, i) => appendOk(i % 2 ? a : b, [draft(i)])));
      expect(await verifyAuditLogInStore(db.sql, publicKeys)).toMatchObject({ ok: true, entries: 40, unsignedTail: 0 });
    });

    it('refuses invalid drafts as a problem value and writes nothing', async () => {
      await fresh();
      const log = await openLog();
      const r = await log.append([draft(0), { ...draft(1), requestId: '' }]);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.problems[0]).toMatchObject({ code: 'AUDIT_DRAFT_INVALID', params: { path: '/1/requestId' } });
      expect((await readAuditHead(db.sql)).seq).toBe(0);
    });

    it('keeps Japanese, emoji and line-separator text byte-exact, so hashes still match after the round trip', async () => {
      await fresh();
      const log = await openLog();
      const note = '七尾市 ｶﾀｶﾅ 🙂\u2028"\\ end';
      const r = await appendOk(log, [draft(0, { reasons: [{ code: 'POLICY_PERMITTED', params: { note } }] })]);
      const q = await queryAudit(db.sql, {});
      expect(q.ok && q.page.entries).toEqual(r.entries);
      expect(await verifyAuditLogInStore(db.sql, publicKeys, { thorough: true })).toMatchObject({ ok: true, entries: 1 });
    });

    it('refuses a draft that the database could not store without failing the appends batched with it', async () => {
      await fresh();
      const log = await openLog();
      const [good, bad] = await Promise.all([
        log.append([draft(0)]),
        log.append([draft(1, { reasons: [{ code: 'X', params: { s: 'nul\u0000' } }] })]),
      ]);
      expect(good.ok).toBe(true);
      expect(bad).toMatchObject({ ok: false, problems: [{ code: 'AUDIT_DRAFT_INVALID' }] });
    });

    it('refuses to open a log kept by another node', async () => {
      await fresh();
      const log = await openLog();
      await appendOk(log, [draft(0)]);
      const other = createSigner('jp-172049-wajima-city', generateKeyPair('wajima-1'));
      const r = await openAuditLog(db.sql, { signer: other });
      expect(r).toMatchObject({ ok: false, problems: [{ code: 'AUDIT_NODE_MISMATCH', params: { node: NODE } }] });
    });

    it('refuses UPDATE and DELETE of entries and checkpoints (append-only)', async () => {
      await fresh();
      const log = await openLog();
      await appendOk(log, drafts(2));
      await expect(db.raw("UPDATE audit_entries SET hash = repeat('f', 64) WHERE seq = 1")).rejects.toThrow(/append-only/);
      await expect(db.raw('DELETE FROM audit_entries WHERE seq = 2')).rejects.toThrow(/append-only/);
      await expect(db.raw('DELETE FROM audit_checkpoints')).rejects.toThrow(/append-only/);
      await expect(db.raw('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
    });

    describe('detects tampering done directly in the database (triggers disabled, as the owner could)', () => {
      const tamper = async (sql: string, params: readonly unknown[] = []) => {
        await db.raw('ALTER TABLE audit_entries DISABLE TRIGGER USER');
        await db.raw('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
        await db.raw(sql, params);
      };
      const signedLog = async () => {
        await fresh();
        const log = await openLog({ checkpointPolicy: { minIntervalMs: 0 } });
        await appendOk(log, drafts(4));
        await appendOk(log, drafts(4).map((d, i) => ({ ...d, requestId: `b-${i}` })));
        return log; // entries 1–8, checkpoints at 4 and 8
      };
      const firstError = async () => {
        const v = await verifyAuditLogInStore(db.sql, publicKeys);
        expect(v.ok).toBe(false);
        return v.findings.find((f) => f.severity === 'error');
      };

      it('a changed entry, at its seq', async () => {
        await signedLog();
        await tamper(`UPDATE audit_entries SET body = replace(body, '"recordCount":', '"recordCount":9') WHERE seq = 3`);
        expect(await firstError()).toMatchObject({ kind: 'entry-changed', seq: 3 });
      });

      it('a deleted entry, at its seq', async () => {
        await signedLog();
        await tamper('DELETE FROM audit_entries WHERE seq = 5');
        expect(await firstError()).toMatchObject({ kind: 'entry-missing', seq: 5 });
      });

      it('an inserted entry (later rows renumbered), at the entry after it', async () => {
        await signedLog();
        await tamper('UPDATE audit_entries SET seq = seq + 100 WHERE seq >= 3');
        await tamper('UPDATE audit_entries SET seq = seq - 99 WHERE seq >= 103');
        await tamper(`INSERT INTO audit_entries (seq, hash, body) SELECT 3, hash, body FROM audit_entries WHERE seq = 2`);
        expect(await firstError()).toMatchObject({ seq: 3 });
      });

      it('reordered entries, at the first of them', async () => {
        await signedLog();
        await tamper('UPDATE audit_entries SET seq = -seq WHERE seq IN (6, 7)');
        await tamper('UPDATE audit_entries SET seq = CASE seq WHEN -6 THEN 7 ELSE 6 END WHERE seq IN (-6, -7)');
        expect(await firstError()).toMatchObject({ kind: 'entry-misplaced', seq: 6 });
      });

      it('a changed checkpoint, by its signature', async () => {
        await signedLog();
        await tamper(`UPDATE audit_checkpoints SET time = '2030-01-01T00:00:00.000Z' WHERE seq = 4`);
        expect(await firstError()).toMatchObject({ kind: 'checkpoint-signature-invalid', seq: 4 });
      });

      it('a forged checkpoint signature', async () => {
        await signedLog();
        await tamper(`UPDATE audit_checkpoints SET signature = $1 WHERE seq = 8`, ['A'.repeat(86)]);
        expect(await firstError()).toMatchObject({ kind: 'checkpoint-signature-invalid', seq: 8 });
      });

      it('a truncated tail, where a checkpoint points past the end', async () => {
        await signedLog();
        await tamper('DELETE FROM audit_entries WHERE seq > 6');
        expect(await firstError()).toMatchObject({ kind: 'log-truncated', seq: 8, params: { seq: 8, lastSeq: 6 } });
      });

      it('a tail cut with its checkpoints, through the head row', async () => {
        await signedLog();
        await tamper('DELETE FROM audit_entries WHERE seq > 6');
        await tamper('DELETE FROM audit_checkpoints WHERE seq > 6');
        expect(await firstError()).toMatchObject({ kind: 'head-beyond-end', seq: 8 });
      });

      it('an entry appended behind the writer’s back, beyond the head row', async () => {
        await signedLog();
        const head = await readAuditHead(db.sql);
        const forged = sealEntries(head, NODE, [draft(77)], '2025-01-01T09:00:00.000Z').sealed[0]!;
        await db.raw('INSERT INTO audit_entries (seq, hash, body) VALUES ($1, $2, $3)', [forged.entry.seq, forged.entry.hash, forged.body]);
        expect(await firstError()).toMatchObject({ kind: 'entries-beyond-head', seq: 9 });
      });

      it('a rewritten entry cannot hide from queries: the query columns derive from the hashed text', async () => {
        await signedLog();
        await tamper(`UPDATE audit_entries SET body = replace(body, '"requester":"jp-170001-ishikawa-pref"', '"requester":"jp-somebody-else"') WHERE seq = 1`);
        const q = await queryAudit(db.sql, { requester: 'jp-somebody-else' });
        expect(q.ok && q.page.entries.map((e) => e.seq)).toEqual([1]);
        expect(await firstError()).toMatchObject({ kind: 'entry-changed', seq: 1 });
      });
    });

    describe('queries for the data owner', () => {
      const seed = async () => {
        await fresh();
        const clock = manualClock();
        const log = await openLog({ now: clock.now });
        const all: AuditEntry[] = [];
        for (let i = 0; i < 30; i++) {
          const extra = i % 5 === 0 ? { onBehalfOf: 'jp-172049-wajima-city', recordIds: [`person-${i}`, 'person-shared'] } : {};
          all.push(...(await appendOk(log, [draft(i, extra)])).entries);
          clock.advance(60_000);
        }
        return all;
      };

      it('answers every filter exactly as the reference filter does, newest first by default', async () => {
        const all = await seed();
        const filters = [
          {},
          { dataset: 'shelters' },
          { requester: 'jp-172049-wajima-city', decision: 'allow' as const },
          { purpose: 'statistics' },
          { onBehalfOf: 'jp-172049-wajima-city' },
          { requestId: 'req-7' },
          { recordId: 'person-shared' },
          { from: '2025-01-01T18:05:00+09:00', to: '2025-01-01T09:20:00Z' },
          { kind: 'admin' },
        ];
        for (const filter of filters) {
          const n = normalizeAuditFilter(filter);
          if (!n.ok) throw new Error('bad filter');
          const expected = all.filter((e) => matchesAuditFilter(e, n.filter)).reverse();
          const r = await queryAudit(db.sql, { ...filter, limit: 1000 });
          expect(r.ok && r.page.entries, JSON.stringify(filter)).toEqual(expected);
        }
      });

      it('pages through results with a cursor in both orders without losing or repeating entries', async () => {
        const all = await seed();
        for (const order of ['newest-first', 'oldest-first'] as const) {
          const seen: number[] = [];
          let cursor: string | undefined;
          do {
            const r = await queryAudit(db.sql, { order, limit: 7, ...(cursor ? { cursor } : {}) });
            if (!r.ok) throw new Error('query failed');
            seen.push(...r.page.entries.map((e) => e.seq));
            cursor = r.page.nextCursor;
          } while (cursor);
          const seqs = all.map((e) => e.seq);
          expect(seen).toEqual(order === 'newest-first' ? seqs.reverse() : seqs);
        }
      });

      it('summarises who used the data for what, matching the reference summary', async () => {
        const all = await seed();
        const r = await summarizeAudit(db.sql, { dataset: 'persons-requiring-assistance' });
        expect(r.ok && r.summary).toEqual(summarizeAuditEntries(all.filter((e) => e.dataset === 'persons-requiring-assistance')));
        expect(r.ok && r.summary.rows.length).toBeGreaterThan(1);
      });

      it('returns filter problems as values', async () => {
        await fresh();
        const r = await queryAudit(db.sql, { limit: 0 });
        expect(r).toMatchObject({ ok: false, problems: [{ code: 'AUDIT_FILTER_INVALID', params: { path: '/limit' } }] });
      });
    });

    it('verifies a live log while appends go on, without mistaking them for tampering', async () => {
      await fresh();
      const log = await openLog({ checkpointPolicy: { minIntervalMs: 0 } });
      await appendOk(log, drafts(300));
      const appending = Promise.all(Array.from({ length: 30 }, (_, i) => appendOk(log, drafts(5).map((d) => ({ ...d, requestId: `live-${i}` })))));
      const v = await verifyAuditLogInStore(db.sql, publicKeys, { pageSize: 50 });
      await appending;
      expect(v.findings).toEqual([]);
      expect(v.entries).toBeGreaterThanOrEqual(300);
      expect(await verifyAuditLogInStore(db.sql, publicKeys)).toMatchObject({ ok: true, entries: 450 });
    });

    it('exports a log that verifies elsewhere, and whose tampering is found there too', async () => {
      await fresh();
      const log = await openLog({ checkpointPolicy: { minIntervalMs: 0 } });
      await appendOk(log, drafts(5));
      await appendOk(log, drafts(3));
      let text = '';
      for await (const chunk of exportAuditLog(db.sql, { pageSize: 3 })) text += chunk;
      const lines = text.trimEnd().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'header', format: 'tsunagu-audit-log', node: NODE, head: { seq: 8 } });
      expect(lines).toHaveLength(1 + 8 + 2);
      const ok = await verifyAuditChain(readAuditJsonLines(lines), { publicKeys });
      expect(ok).toMatchObject({ ok: true, entries: 8, checkpoints: 2, unsignedTail: 0 });
      expect(formatAuditVerification(ok, 'en')[0]).toContain('8 entries');

      const fromBytes = await verifyAuditExport([new TextEncoder().encode(text)], { publicKeys, node: NODE });
      expect(fromBytes).toMatchObject({ ok: true, entries: 8 });

      const without = lines.filter((l) => !l.includes('"seq":4,'));
      const bad = await verifyAuditChain(readAuditJsonLines(without), { publicKeys });
      expect(bad.findings[0]).toMatchObject({ kind: 'entry-missing', seq: 4 });
    });
  });
}
