// The audit log: durable appends per second on each backend — one at a time, and many callers at once (group
// commit) — against plain INSERTs of the same canonical entry texts into a bare table in the same transaction
// pattern; and verification of a whole log (every hash, link and checkpoint signature) from memory, from an exported
// JSON Lines file and from each database — hashed where the rows lie, and streamed to the node — against plain
// SHA-256 over the same canonical texts.
// Entries are what a node writes for decided requests (bench/audit-drafts.ts, ~1.1 KB of canonical JSON each).
import { hash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import {
  auditJsonLines,
  EMPTY_CHAIN,
  sealEntries,
  signCheckpoint,
  verifyAuditChain,
  verifyAuditExport,
  type AuditLog,
  type AuditLogItem,
  type ChainHead,
} from '../src/audit/index.ts';
import { openAuditLog, readAuditLogItems, verifyAuditLogInStore, type AuditVerifyMethod } from '../src/store/audit-log-store.ts';
import type { StoreConfig } from '../src/store/config.ts';
import { migrate } from '../src/store/migrations.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import type { SqlClient, SqlDatabase } from '../src/store/sql-client.ts';
import { createSigner, keyPairFromSeed } from '../src/trust/keys.ts';
import { auditDraft } from './audit-drafts.ts';
import { medianMs, rate, sized, timed, type BenchContext, type BenchResult, type Benchmark, type Figure } from './harness.ts';

const NODE = 'jp-172022-nanao-city';
const signer = createSigner(NODE, keyPairFromSeed('nanao-audit-bench', Buffer.alloc(32, 11).toString('base64url')));
const publicKeys = [{ kid: signer.kid, publicKey: signer.publicKey }];
/** As the store signs a bulk of appends: one checkpoint per 10,000 entries (its maxUnsignedEntries). */
const CHECKPOINT_EVERY = 10_000;
const IN_FLIGHT = 64;
const GOAL_VERIFY = 'verify a 1,000,000-entry log < 3 s';

function ms(label: string, value: number): Figure {
  return { label, value, unit: 'ms' };
}

/** The cheapest honest floor: one SHA-256 per entry over its canonical text (digest as a binary string). */
function sha256All(bodies: readonly string[]): void {
  for (const b of bodies) hash('sha256', b, 'binary');
}

interface MemoryLog {
  pages: AuditLogItem[][];
  bodies: string[];
  hashes: string[];
  head: ChainHead;
}

/** A log of `n` entries sealed in memory, a checkpoint every CHECKPOINT_EVERY entries and at the end. */
function memoryLog(n: number): MemoryLog {
  const pages: AuditLogItem[][] = [];
  const bodies: string[] = [];
  const hashes: string[] = [];
  let head = EMPTY_CHAIN;
  const time = '2024-01-10T00:00:00.000Z';
  for (let start = 0; start < n; start += CHECKPOINT_EVERY) {
    const drafts = Array.from({ length: Math.min(CHECKPOINT_EVERY, n - start) }, (_, k) => auditDraft(start + k));
    const r = sealEntries(head, NODE, drafts, time);
    head = r.head;
    const page: AuditLogItem[] = r.sealed.map((s) => ({ type: 'entry', seq: s.entry.seq, hash: s.entry.hash, body: s.body }));
    page.push({ type: 'checkpoint', checkpoint: signCheckpoint(signer, head, time) });
    for (const s of r.sealed) {
      bodies.push(s.body);
      hashes.push(s.entry.hash);
    }
    pages.push(page);
  }
  return { pages, bodies, hashes, head };
}

async function rawDatabase(config: StoreConfig): Promise<SqlDatabase> {
  return config.backend === 'pglite' ? openPgliteDatabase(config.dataDir) : openPostgresDatabase(config);
}

/** Median of `runs` timings, without a warm-up run (the caller warms up once for several measurements). */
async function medianOf(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The database under the log, counting the transactions the log commits. */
function counting(db: SqlDatabase): { sql: SqlClient; transactions: () => number } {
  let n = 0;
  return {
    sql: {
      query: (q, p) => db.query(q, p),
      exec: (q) => db.exec(q),
      transaction: (fn) => {
        n++;
        return db.transaction(fn);
      },
    },
    transactions: () => n,
  };
}

async function openLog(sql: SqlClient): Promise<AuditLog> {
  const r = await openAuditLog(sql, { signer });
  if (!r.ok) throw new Error(`could not open the audit log: ${JSON.stringify(r.problems)}`);
  return r.log;
}

async function appendOk(log: AuditLog, drafts: Parameters<AuditLog['append']>[0]): Promise<void> {
  const r = await log.append(drafts);
  if (!r.ok) throw new Error(`append refused: ${JSON.stringify(r.problems).slice(0, 300)}`);
}

/** `workers` callers appending one entry each until `count` are written, as concurrent requests would. */
async function concurrently(count: number, workers: number, appendOne: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count) await appendOne(next++);
    }),
  );
}

const PLAIN_TABLE = 'audit_bench_plain';

async function backendResults(
  ctx: BenchContext,
  backend: BenchContext['backends'][number],
  sizes: { singles: number; concurrent: number; logSize: number; runs: number; dbRuns: number },
  texts: { bodies: readonly string[]; hashes: readonly string[] },
  shaMs: number,
): Promise<BenchResult[]> {
  // PGlite on disk, not in memory: a million entries with their indexes take several GB, more than WebAssembly's
  // 4 GB memory holds, and an audit log is only worth anything durable.
  const pgliteDir = backend.name === 'pglite' ? mkdtempSync(path.join(tmpdir(), 'tsunagu-audit-bench-pglite-')) : undefined;
  const config: StoreConfig = pgliteDir ? { backend: 'pglite', dataDir: pgliteDir } : backend.config();
  const label = pgliteDir ? 'pglite (disk)' : backend.name;
  const db = await rawDatabase(config);
  try {
    await migrate(db);
    const counted = counting(db);
    const log = await openLog(counted.sql);
    const { bodies, hashes } = texts;

    // ——— single appends, awaited one by one ———
    const single = await timed(async () => {
      for (let i = 0; i < sizes.singles; i++) await appendOk(log, [auditDraft(i)]);
    });
    await db.exec(`CREATE TABLE ${PLAIN_TABLE} (seq bigint PRIMARY KEY, hash text NOT NULL, body text NOT NULL)`);
    let plainSeq = 0;
    const insertOne = (sql: SqlClient, i: number) =>
      sql.query(`INSERT INTO ${PLAIN_TABLE} (seq, hash, body) VALUES ($1, $2, $3)`, [++plainSeq, hashes[i % hashes.length], bodies[i % bodies.length]]);
    const plainSingle = await timed(async () => {
      for (let i = 0; i < sizes.singles; i++) await db.transaction((tx) => insertOne(tx, i));
    });

    // ——— concurrent appends: group commit ———
    const txBefore = counted.transactions();
    const grouped = await timed(() => concurrently(sizes.concurrent, IN_FLIGHT, (i) => appendOk(log, [auditDraft(sizes.singles + i)])));
    const transactions = counted.transactions() - txBefore;
    // The same pattern with plain INSERTs: the same number of transactions, each inserting its share of rows at once.
    const perTx = Math.ceil(sizes.concurrent / transactions);
    const plainGrouped = await timed(async () => {
      for (let start = 0; start < sizes.concurrent; start += perTx) {
        const n = Math.min(perTx, sizes.concurrent - start);
        const seqs = Array.from({ length: n }, () => ++plainSeq);
        const rows = seqs.map((_, k) => (start + k) % bodies.length);
        await db.transaction((tx) =>
          tx.query(`INSERT INTO ${PLAIN_TABLE} (seq, hash, body) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`, [seqs, rows.map((r) => hashes[r]), rows.map((r) => bodies[r])]),
        );
      }
    });
    // Without group commit: every caller its own single-row transaction.
    const plainEach = await timed(() => concurrently(sizes.concurrent, IN_FLIGHT, (i) => db.transaction((tx) => insertOne(tx, i)).then(() => undefined)));

    // ——— a large log, built through the same API in appends of 10,000, then verified from the database ———
    const already = sizes.singles + sizes.concurrent;
    const bulk = await timed(async () => {
      for (let start = already; start < sizes.logSize; start += CHECKPOINT_EVERY) {
        const n = Math.min(CHECKPOINT_EVERY, sizes.logSize - start);
        await appendOk(log, Array.from({ length: n }, (_, k) => auditDraft(start + k)));
      }
    });
    await log.close();
    // One unmeasured read first, so that every backend is timed with its caches warm rather than just after the build.
    for await (const page of readAuditLogItems(db)) void page;
    // Both ways of verifying the same log: the database hashing and linking every entry where it lies (the default),
    // and every entry's text streamed to the node and checked there. The node's own CPU time shows where the work ran.
    const verifyWith = async (method: AuditVerifyMethod) => {
      let entries = 0;
      let nodeCpuMs = 0;
      const wallMs = await medianOf(sizes.dbRuns, async () => {
        const c0 = process.cpuUsage();
        const v = await verifyAuditLogInStore(db, publicKeys, { method });
        const c = process.cpuUsage(c0);
        nodeCpuMs = (c.user + c.system) / 1000;
        if (!v.ok) throw new Error(`the ${label} log did not verify (${method}): ${JSON.stringify(v.findings.slice(0, 3))}`);
        entries = v.entries;
      });
      if (entries !== Math.max(sizes.logSize, already)) throw new Error(`verified ${entries} entries (${method}), expected ${sizes.logSize}`);
      ctx.log(`${label}: verify ${method}: ${Math.round(wallMs)} ms, node CPU ${Math.round(nodeCpuMs)} ms (last run), load average ${loadavg()[0]!.toFixed(1)}`);
      return { wallMs, nodeCpuMs, entries };
    };
    ctx.log(`${label}: load average before verifying ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const inDb = await verifyWith('in-database');
    const streamed = await verifyWith('streaming');
    const verified = inDb.entries;
    const readMs = await medianOf(sizes.dbRuns, async () => {
      for await (const page of readAuditLogItems(db)) void page;
    });
    ctx.log(`${label}: ${transactions} transactions for ${sizes.concurrent.toLocaleString('en-US')} concurrent appends (${(sizes.concurrent / transactions).toFixed(1)} entries each)`);

    const sha = { ...ms('sha256', shaMs), what: 'SHA-256 of each entry\'s canonical text, in memory' };
    return [
      {
        benchmark: 'audit/append-single',
        backend: label,
        size: sizes.singles,
        tsunagu: { label: 'append, awaited one by one (validate, chain, commit)', value: rate(sizes.singles, single.ms), unit: 'entries/s' },
        baseline: { what: `plain INSERT of the canonical text into a bare table, one transaction each`, label: 'insert', value: rate(sizes.singles, plainSingle.ms), unit: 'entries/s' },
        ratio: single.ms / plainSingle.ms,
      },
      {
        benchmark: 'audit/append-concurrent',
        backend: label,
        size: sizes.concurrent,
        tsunagu: { label: `append, ${IN_FLIGHT} callers at once (group commit)`, value: rate(sizes.concurrent, grouped.ms), unit: 'entries/s' },
        baseline: { what: `plain multi-row INSERTs in the same ${transactions} transactions`, label: 'insert', value: rate(sizes.concurrent, plainGrouped.ms), unit: 'entries/s' },
        ratio: grouped.ms / plainGrouped.ms,
        extra: [{ label: `plain single-row INSERT transactions, ${IN_FLIGHT} callers at once (no group commit)`, value: rate(sizes.concurrent, plainEach.ms), unit: 'entries/s' }],
      },
      {
        benchmark: 'audit/verify-database',
        backend: label,
        size: verified,
        tsunagu: ms('verifyAuditLogInStore, in the database: it hashes and links every entry; the node checks the rest', inDb.wallMs),
        baseline: sha,
        ratio: inDb.wallMs / shaMs,
        goal: GOAL_VERIFY,
        extra: [ms('node CPU time of it', inDb.nodeCpuMs), ms('the same log streamed (method: streaming)', streamed.wallMs), ms('node CPU time of that', streamed.nodeCpuMs)],
      },
      {
        benchmark: 'audit/verify-database-streaming',
        backend: label,
        size: verified,
        tsunagu: ms('verifyAuditLogInStore, streaming: read every entry and checkpoint, recompute and check in the node', streamed.wallMs),
        baseline: sha,
        ratio: streamed.wallMs / shaMs,
        goal: GOAL_VERIFY,
        extra: [
          ms('of which reading the log alone (readAuditLogItems)', readMs),
          { label: 'building it: appends of 10,000', value: rate(sizes.logSize - already, bulk.ms), unit: 'entries/s' },
        ],
      },
    ];
  } finally {
    if (config.backend === 'postgres' && config.schema) await db.exec(`DROP SCHEMA IF EXISTS ${config.schema} CASCADE`).catch(() => undefined);
    await db.close();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  }
}

export const auditBenchmark: Benchmark = {
  name: 'audit',
  description: 'durable audit appends/s (single, group commit) vs plain INSERTs; verifying a whole log vs SHA-256',
  async run(ctx) {
    const logSize = sized(ctx.scale, { small: 100_000, medium: 1_000_000, large: 1_000_000 });
    const sizes = {
      logSize,
      singles: sized(ctx.scale, { small: 300, medium: 2_000, large: 5_000 }),
      concurrent: sized(ctx.scale, { small: 5_000, medium: 50_000, large: 200_000 }),
      runs: sized(ctx.scale, { small: 3, medium: 3, large: 5 }),
      dbRuns: sized(ctx.scale, { small: 1, medium: 1, large: 3 }),
    };
    if (logSize < 1_000_000) ctx.log(`scale ${ctx.scale}: verifying a ${logSize.toLocaleString('en-US')}-entry log (medium and large verify 1,000,000)`);
    const results: BenchResult[] = [];

    // ——— the pure chain work: a log in memory, and the same log as an exported file ———
    const memory = memoryLog(logSize);
    const bytes = memory.bodies.reduce((s, b) => s + Buffer.byteLength(b), 0);
    ctx.log(`${logSize.toLocaleString('en-US')} entries, ${Math.round(bytes / logSize)} bytes of canonical JSON each on average`);
    const shaMs = await medianMs(sizes.runs, () => sha256All(memory.bodies));
    const fromMemory = await medianMs(sizes.runs, async () => {
      const v = await verifyAuditChain(memory.pages, { publicKeys, node: NODE, expectedHead: memory.head });
      if (!v.ok || v.entries !== logSize) throw new Error('the in-memory log did not verify');
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-audit-bench-'));
    try {
      const file = path.join(dir, 'audit.jsonl');
      const exported = await timed(async () => {
        const out = createWriteStream(file);
        const header = { type: 'header' as const, format: 'tsunagu-audit-log' as const, version: 1 as const, node: NODE, head: memory.head, exportedAt: '2024-01-10T00:00:00.000Z' };
        for await (const chunk of auditJsonLines(header, memory.pages)) if (!out.write(chunk)) await once(out, 'drain');
        out.end();
        await once(out, 'finish');
      });
      const fromFile = await medianMs(sizes.runs, async () => {
        const v = await verifyAuditExport(createReadStream(file), { publicKeys });
        if (!v.ok || v.entries !== logSize) throw new Error('the exported log did not verify');
      });
      const sha = { ...ms('sha256', shaMs), what: 'SHA-256 of each entry\'s canonical text, in memory' };
      results.push(
        {
          benchmark: 'audit/verify-memory',
          size: logSize,
          tsunagu: ms('verifyAuditChain over pages in memory', fromMemory),
          baseline: sha,
          ratio: fromMemory / shaMs,
          goal: GOAL_VERIFY,
        },
        {
          benchmark: 'audit/verify-file',
          size: logSize,
          tsunagu: ms('verifyAuditExport: read, split and verify the JSON Lines file', fromFile),
          baseline: sha,
          ratio: fromFile / shaMs,
          goal: GOAL_VERIFY,
          extra: [ms(`exporting it (${Math.round(statSync(file).size / 2 ** 20)} MiB)`, exported.ms)],
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Keep only the texts the plain-INSERT baselines need; the database logs are built from drafts.
    const keep = sizes.singles + sizes.concurrent;
    const texts = { bodies: memory.bodies.slice(0, keep), hashes: memory.hashes.slice(0, keep) };
    memory.pages.length = 0;
    memory.bodies.length = 0;
    for (const backend of ctx.backends) results.push(...(await backendResults(ctx, backend, sizes, texts, shaMs)));
    return results;
  },
};
