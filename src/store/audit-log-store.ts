// The audit log in SQL (tables from migrations/0002-audit-log.sql): group-committed appends under a lock on the head
// row, signed checkpoints, streaming reads for verification and export, and the owner's queries.
import {
  auditDraftProblems,
  auditJsonLines,
  AUDIT_EXPORT_FORMAT,
  defaultCheckpointPolicy,
  createGroupCommit,
  normalizeAuditFilter,
  sealEntries,
  signCheckpoint,
  verifyAuditChain,
  type AppendOptions,
  type AppendOutcome,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditEntryDraft,
  type AuditFilter,
  type AuditHeadState,
  type AuditLog,
  type AuditLogItem,
  type AuditPageOutcome,
  type AuditProblem,
  type AuditPublicKey,
  type AuditSummaryOutcome,
  type AuditVerification,
  type ChainHead,
  type CheckpointPolicy,
  type NormalizedAuditFilter,
  type SealedEntry,
  type VerifyAuditOptions,
} from '../audit/index.ts';
import type { NodeSigner } from '../trust/keys.ts';
import { CHECKPOINT_COLUMNS, checkpointFromRow, type CheckpointRow } from './audit-checkpoint-rows.ts';
import { readAuditLogCheckedInDatabase } from './audit-verify-in-db.ts';
import type { SqlClient, SqlDatabase, SqlResult } from './sql-client.ts';

/** Rows per INSERT statement: 3 parameters each, far below PostgreSQL's 65,535-parameter limit. */
const INSERT_CHUNK = 1000;
/** Rows per read while verifying or exporting: large pages cost fewer round trips; two are in memory at once. */
const DEFAULT_READ_PAGE = 25_000;

interface HeadRow extends AuditHeadState {
  checkpointTime: string | null;
}

async function readHead(sql: SqlClient, lock: boolean): Promise<HeadRow> {
  const { rows } = await sql.query<{ node: string | null; seq: unknown; hash: string; checkpoint_seq: unknown; checkpoint_time: string | null }>(
    `SELECT node, seq, hash, checkpoint_seq, checkpoint_time FROM audit_head WHERE id = 1${lock ? ' FOR UPDATE' : ''}`,
  );
  const r = rows[0];
  if (!r) throw new Error('audit_head has no row: the audit log migration (0002-audit-log.sql) has not run');
  return {
    ...(r.node !== null ? { node: r.node } : {}),
    seq: Number(r.seq),
    hash: r.hash,
    checkpointSeq: Number(r.checkpoint_seq),
    checkpointTime: r.checkpoint_time,
  };
}

/** The log's head as the store records it (unsigned). */
export async function readAuditHead(sql: SqlClient): Promise<AuditHeadState> {
  const { checkpointTime: _, ...head } = await readHead(sql, false);
  return head;
}

async function insertEntries(sql: SqlClient, sealed: readonly SealedEntry[]): Promise<void> {
  for (let i = 0; i < sealed.length; i += INSERT_CHUNK) {
    const chunk = sealed.slice(i, i + INSERT_CHUNK);
    const params: unknown[] = [];
    const values = chunk.map((s, k) => {
      params.push(s.entry.seq, s.entry.hash, s.body);
      return `($${3 * k + 1}, $${3 * k + 2}, $${3 * k + 3})`;
    });
    await sql.query(`INSERT INTO audit_entries (seq, hash, body) VALUES ${values.join(', ')}`, params);
  }
}

async function insertCheckpoint(sql: SqlClient, cp: AuditCheckpoint): Promise<void> {
  await sql.query('INSERT INTO audit_checkpoints (seq, hash, time, node, kid, signature) VALUES ($1, $2, $3, $4, $5, $6)', [
    cp.seq,
    cp.hash,
    cp.time,
    cp.node,
    cp.kid,
    cp.signature,
  ]);
}

export interface OpenAuditLogOptions {
  /** The node's key: names the node (its participant id) and signs checkpoints. */
  signer: NodeSigner;
  checkpointPolicy?: Partial<CheckpointPolicy>;
  /** The clock (tests). */
  now?: () => Date;
}

export type OpenAuditLogOutcome = { ok: true; log: AuditLog } | { ok: false; problems: AuditProblem[] };

interface AppendJob {
  drafts: readonly AuditEntryDraft[];
  forceCheckpoint: boolean;
}

interface AppendResult {
  entries: AuditEntry[];
  checkpoint?: AuditCheckpoint;
}

class AuditNodeMismatch extends Error {
  constructor(readonly logNode: string) {
    super(`the audit log belongs to node ${logNode}`);
  }
}

/**
 * Open the log for writing and reading. Signs any tail a previous run left unsigned (a crash between an append and
 * its deferred checkpoint). Fails when the log belongs to another participant than the signer's.
 */
export async function openAuditLog(sql: SqlClient, options: OpenAuditLogOptions): Promise<OpenAuditLogOutcome> {
  const signer = options.signer;
  const node = signer.participantId;
  const policy: CheckpointPolicy = { ...defaultCheckpointPolicy, ...options.checkpointPolicy };
  const now = options.now ?? (() => new Date());
  const mismatch = (logNode: string) => ({
    ok: false as const,
    problems: [{ code: 'AUDIT_NODE_MISMATCH' as const, params: { node: logNode, signer: node } }],
  });

  const initial = await readHead(sql, false);
  if (initial.node !== undefined && initial.node !== node) return mismatch(initial.node);

  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  async function commit(jobs: AppendJob[]): Promise<AppendResult[]> {
    const outcome = await sql.transaction(async (tx) => {
      const head = await readHead(tx, true);
      if (head.node !== undefined && head.node !== node) throw new AuditNodeMismatch(head.node);
      const at = now();
      const time = at.toISOString();
      // Judged before this batch: checkpoints inside a large batch do not make the log any less quiet before it.
      const quietLongEnough = head.checkpointTime === null || at.getTime() - Date.parse(head.checkpointTime) >= policy.minIntervalMs;
      let chain: ChainHead = { seq: head.seq, hash: head.hash };
      let signedSeq = head.checkpointSeq;
      let signedTime = head.checkpointTime;
      const sealed: SealedEntry[] = [];
      const checkpoints: AuditCheckpoint[] = [];
      const sign = () => {
        checkpoints.push(signCheckpoint(signer, chain, time));
        signedSeq = chain.seq;
        signedTime = time;
      };
      const lastSeqOfJob: number[] = [];
      for (const job of jobs) {
        let rest = job.drafts;
        while (rest.length > 0) {
          const room = Math.max(1, policy.maxUnsignedEntries - (chain.seq - signedSeq));
          const r = sealEntries(chain, node, rest.slice(0, room), time);
          sealed.push(...r.sealed);
          chain = r.head;
          rest = rest.slice(room);
          if (chain.seq - signedSeq >= policy.maxUnsignedEntries) sign();
        }
        lastSeqOfJob.push(chain.seq);
      }
      if (chain.seq > signedSeq && (jobs.some((j) => j.forceCheckpoint) || quietLongEnough)) sign();

      await insertEntries(tx, sealed);
      for (const cp of checkpoints) await insertCheckpoint(tx, cp);
      await tx.query('UPDATE audit_head SET node = $1, seq = $2, hash = $3, checkpoint_seq = $4, checkpoint_time = $5 WHERE id = 1', [
        node,
        chain.seq,
        chain.hash,
        signedSeq,
        signedTime,
      ]);

      let k = 0;
      const results = jobs.map((job, j): AppendResult => {
        const entries = sealed.slice(k, k + job.drafts.length).map((s) => s.entry);
        k += job.drafts.length;
        const checkpoint = checkpoints.find((cp) => cp.seq >= lastSeqOfJob[j]!);
        return checkpoint ? { entries, checkpoint } : { entries };
      });
      return { results, unsigned: chain.seq > signedSeq, signedTime };
    });
    if (outcome.unsigned) scheduleCheckpoint(outcome.signedTime);
    return outcome.results;
  }

  const queue = createGroupCommit<AppendJob, AppendResult>(commit, {
    maxBatchWeight: policy.maxUnsignedEntries,
    weight: (job) => Math.max(1, job.drafts.length),
  });

  function scheduleCheckpoint(signedTime: string | null): void {
    if (timer || closed) return;
    const due = signedTime === null ? 0 : Date.parse(signedTime) + policy.minIntervalMs - now().getTime();
    timer = setTimeout(() => {
      timer = undefined;
      // A failure here (database gone) leaves the tail unsigned; the next append or open signs it.
      queue.submit({ drafts: [], forceCheckpoint: true }).catch(() => undefined);
    }, Math.max(0, due));
    timer.unref();
  }

  async function checkpoint(): Promise<AuditCheckpoint | undefined> {
    return (await queue.submit({ drafts: [], forceCheckpoint: true })).checkpoint;
  }

  if (initial.seq > initial.checkpointSeq) await queue.submit({ drafts: [], forceCheckpoint: true });

  const log: AuditLog = {
    node,
    async append(drafts: readonly AuditEntryDraft[], opts: AppendOptions = {}): Promise<AppendOutcome> {
      if (closed) throw new Error('the audit log is closed');
      const problems = auditDraftProblems(drafts);
      if (problems.length > 0) {
        return { ok: false, problems: problems.map((p) => ({ code: 'AUDIT_DRAFT_INVALID', params: { path: p.path, detail: p.message } })) };
      }
      try {
        const r = await queue.submit({ drafts, forceCheckpoint: opts.checkpoint === true });
        return r.checkpoint && drafts.length > 0 ? { ok: true, entries: r.entries, checkpoint: r.checkpoint } : { ok: true, entries: r.entries };
      } catch (e) {
        // Another process opened the log for a different node after this one did.
        if (e instanceof AuditNodeMismatch) return mismatch(e.logNode);
        throw e;
      }
    },
    checkpoint,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await queue.idle();
      const head = await readHead(sql, false);
      if (head.seq > head.checkpointSeq) await queue.submit({ drafts: [], forceCheckpoint: true });
    },
    head: () => readAuditHead(sql),
    items: (opts) => readAuditLogItems(sql, opts),
    query: (filter) => queryAudit(sql, filter),
    summarize: (filter) => summarizeAudit(sql, filter),
    verify: (opts) => verifyAuditLogInStore(sql, opts.publicKeys, opts),
  };
  return { ok: true, log };
}

interface EntryRow {
  seq: unknown;
  hash: string;
  body: string;
}

/** Where reading stops so a live log reads consistently; see `readSnapshotBound`. */
interface ReadBound {
  head: HeadRow;
  /** Read entries and checkpoints up to this seq. */
  throughSeq: number;
}

/**
 * The head, and whether any entry lies beyond it, in one statement (one snapshot). The writer moves the head in
 * the transaction that adds entries, so nothing legitimate is ever beyond it: when nothing is, reading stops at
 * the head and entries appended meanwhile are left for the next run; when something is, everything is read so
 * verification reports it.
 */
async function readSnapshotBound(sql: SqlClient): Promise<ReadBound> {
  const { rows } = await sql.query<{ node: string | null; seq: unknown; hash: string; checkpoint_seq: unknown; checkpoint_time: string | null; beyond: unknown }>(
    `SELECT node, seq, hash, checkpoint_seq, checkpoint_time,
            (SELECT min(e.seq) FROM audit_entries e WHERE e.seq > h.seq) AS beyond
       FROM audit_head h WHERE id = 1`,
  );
  const r = rows[0];
  if (!r) throw new Error('audit_head has no row: the audit log migration (0002-audit-log.sql) has not run');
  const head: HeadRow = {
    ...(r.node !== null ? { node: r.node } : {}),
    seq: Number(r.seq),
    hash: r.hash,
    checkpointSeq: Number(r.checkpoint_seq),
    checkpointTime: r.checkpoint_time,
  };
  return { head, throughSeq: r.beyond === null ? head.seq : Number.MAX_SAFE_INTEGER };
}

/**
 * Every entry and checkpoint in chain order, a page at a time: each checkpoint right after the entry it covers.
 * Reads only what verification needs (seq, hash, canonical text) in large pages by primary key, and asks for the
 * next page before handing out the current one, so the database works while the caller hashes.
 */
export async function* readAuditLogItems(
  sql: SqlClient,
  options: { pageSize?: number; throughSeq?: number } = {},
): AsyncGenerator<AuditLogItem[]> {
  const pageSize = options.pageSize ?? DEFAULT_READ_PAGE;
  const through = options.throughSeq ?? Number.MAX_SAFE_INTEGER;

  let cps: AuditCheckpoint[] = [];
  let ci = 0;
  let cpAfter = Number.MIN_SAFE_INTEGER;
  let cpsDone = false;
  const peekCheckpoint = async (): Promise<AuditCheckpoint | undefined> => {
    if (ci >= cps.length && !cpsDone) {
      const { rows } = await sql.query<CheckpointRow>(
        `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [cpAfter, pageSize],
      );
      if (rows.length < pageSize) cpsDone = true;
      if (rows.length > 0) cpAfter = Number(rows[rows.length - 1]!.seq);
      cps = rows.map(checkpointFromRow).filter((cp) => cp.seq <= through);
      if (cps.length < rows.length) cpsDone = true;
      ci = 0;
    }
    return cps[ci];
  };

  // The bound is applied here rather than in SQL: a range condition can lead the planner (with stale statistics
  // after bulk appends) to sort the whole remaining range for every page instead of walking the primary key.
  const fetchEntries = (after: number): Promise<SqlResult<EntryRow>> => {
    const p = sql.query<EntryRow>('SELECT seq, hash, body FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize]);
    // Awaited below; this only keeps a reader that stops early from leaving an unhandled rejection behind.
    p.catch(() => undefined);
    return p;
  };

  // Checkpoints are few: most rows find the buffer filled (or known to be done) and need no await at all, which at
  // a million rows saves millions of promise round trips.
  const checkpointNow = (): AuditCheckpoint | undefined | Promise<AuditCheckpoint | undefined> =>
    ci < cps.length || cpsDone ? cps[ci] : peekCheckpoint();

  let next: Promise<SqlResult<EntryRow>> | undefined = fetchEntries(Number.MIN_SAFE_INTEGER);
  while (next) {
    const rows: EntryRow[] = (await next).rows;
    const lastSeq = rows.length > 0 ? Number(rows[rows.length - 1]!.seq) : through;
    next = rows.length === pageSize && lastSeq < through ? fetchEntries(lastSeq) : undefined;
    const page: AuditLogItem[] = [];
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq > through) break;
      let cp = checkpointNow();
      if (cp instanceof Promise) cp = await cp;
      while (cp && cp.seq < seq) {
        page.push({ type: 'checkpoint', checkpoint: cp });
        ci++;
        cp = checkpointNow();
        if (cp instanceof Promise) cp = await cp;
      }
      page.push({ type: 'entry', seq, hash: r.hash, body: r.body });
      while (cp && cp.seq === seq) {
        page.push({ type: 'checkpoint', checkpoint: cp });
        ci++;
        cp = checkpointNow();
        if (cp instanceof Promise) cp = await cp;
      }
    }
    if (page.length > 0) yield page;
  }
  const rest: AuditLogItem[] = [];
  for (let cp = await peekCheckpoint(); cp; cp = await peekCheckpoint()) {
    rest.push({ type: 'checkpoint', checkpoint: cp });
    ci++;
  }
  if (rest.length > 0) yield rest;
}

/** How `verifyAuditLogInStore` reads the log; see docs/audit.md, "Where verification runs". */
export type AuditVerifyMethod =
  /** The database hashes every entry and checks every link; only entries with a problem, and those a checkpoint or
   * the head names, are sent to the node, which checks them again and every checkpoint signature itself. */
  | 'in-database'
  /** Every entry's text is read by the node and checked there, as for an exported file. */
  | 'streaming';

/** The backend behind a client, when it says (a store's database does; a bare client may not). */
function backendOf(sql: SqlClient): 'pglite' | 'postgres' | undefined {
  const b = (sql as Partial<Pick<SqlDatabase, 'backend'>>).backend;
  return b === 'pglite' || b === 'postgres' ? b : undefined;
}

/**
 * Chosen from measurements (bench/audit.bench.ts, 2026-11-22, 2 cores). PostgreSQL: in the database — for
 * 1,000,000 entries 3.1–3.8 s against 6.7 s streamed, with the node's CPU time ≈ 50 ms against 6.8 s. PGlite: streaming —
 * its WebAssembly SHA-256 (≈ 70 MB/s) made the in-database path no faster (100,000 entries: 2.42 s against 2.44 s),
 * and one long statement there would hold up every other query of the node, which shares the one PGlite instance.
 * A client that does not say its backend (a transaction, a test's client) gets the in-database path.
 */
export function defaultAuditVerifyMethod(sql: SqlClient): AuditVerifyMethod {
  return backendOf(sql) === 'pglite' ? 'streaming' : 'in-database';
}

export type VerifyAuditInStoreOptions = Omit<VerifyAuditOptions, 'publicKeys' | 'expectedHead'> & {
  pageSize?: number;
  /** Default: `defaultAuditVerifyMethod`. `thorough` always streams (it parses every entry). */
  method?: AuditVerifyMethod;
  /**
   * In the database: slices of the log checked at once, each by its own statement — on PostgreSQL its own
   * connection and server process. Default 2 on PostgreSQL, 1 on PGlite (one statement at a time anyway).
   */
  concurrency?: number;
};

/**
 * Verify the log in this database: every hash, link and checkpoint signature, with the head row as the expected
 * end. `publicKeys` are the node's keys from the trust list. Safe on a live log: appends made while it runs are
 * not read (and not reported). Both methods give the same outcome.
 */
export async function verifyAuditLogInStore(
  sql: SqlClient,
  publicKeys: readonly AuditPublicKey[],
  options: VerifyAuditInStoreOptions = {},
): Promise<AuditVerification> {
  const { head, throughSeq } = await readSnapshotBound(sql);
  const node = options.node ?? head.node;
  const { pageSize, method: asked, concurrency, ...verifyOptions } = options;
  const method = verifyOptions.thorough ? 'streaming' : (asked ?? defaultAuditVerifyMethod(sql));
  const paging = pageSize !== undefined ? { pageSize } : {};
  const items =
    method === 'in-database'
      ? readAuditLogCheckedInDatabase(sql, {
          throughSeq,
          keepSeqs: [head.seq, ...(verifyOptions.anchors ?? []).map((a) => a.seq), ...(verifyOptions.anchored ?? []).map((a) => a.seq)].filter(Number.isSafeInteger),
          concurrency: concurrency ?? (backendOf(sql) === 'pglite' ? 1 : 2),
          ...paging,
        })
      : readAuditLogItems(sql, { throughSeq, ...paging });
  return verifyAuditChain(items, {
    ...verifyOptions,
    publicKeys,
    ...(node !== undefined ? { node } : {}),
    expectedHead: { seq: head.seq, hash: head.hash },
  });
}

/**
 * The log as JSON Lines text chunks (header, entries, checkpoints), for `tsunagu audit export` and verification
 * elsewhere. Like verification, it reads up to the head as it was when the export began.
 */
export async function* exportAuditLog(sql: SqlClient, options: { pageSize?: number; now?: () => Date } = {}): AsyncGenerator<string> {
  const { head, throughSeq } = await readSnapshotBound(sql);
  yield* auditJsonLines(
    {
      type: 'header',
      format: AUDIT_EXPORT_FORMAT,
      version: 1,
      ...(head.node !== undefined ? { node: head.node } : {}),
      head: { seq: head.seq, hash: head.hash },
      exportedAt: (options.now?.() ?? new Date()).toISOString(),
    },
    readAuditLogItems(sql, { throughSeq, ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}) }),
  );
}

/** SQL conditions for a filter; every value is a parameter. */
function filterConditions(f: NormalizedAuditFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const eq = (field: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`(doc->>'${field}') = $${params.length}`);
  };
  if (f.from !== undefined) {
    params.push(f.from);
    where.push(`(doc->>'time') >= $${params.length}`);
  }
  if (f.to !== undefined) {
    params.push(f.to);
    where.push(`(doc->>'time') < $${params.length}`);
  }
  eq('requester', f.requester);
  eq('onBehalfOf', f.onBehalfOf);
  eq('purpose', f.purpose);
  eq('dataset', f.dataset);
  eq('decision', f.decision);
  eq('requestId', f.requestId);
  eq('kind', f.kind);
  if (f.recordId !== undefined) {
    params.push(f.recordId);
    where.push(`(doc->'recordIds') @> jsonb_build_array($${params.length}::text)`);
  }
  return where;
}

function entryFromRow(r: Pick<EntryRow, 'hash' | 'body'>): AuditEntry {
  return { ...(JSON.parse(r.body) as Omit<AuditEntry, 'hash'>), hash: r.hash };
}

/** A page of entries matching the filter, newest first unless asked otherwise. */
export async function queryAudit(sql: SqlClient, filter: AuditFilter): Promise<AuditPageOutcome> {
  const n = normalizeAuditFilter(filter);
  if (!n.ok) return n;
  const f = n.filter;
  const params: unknown[] = [];
  const where = filterConditions(f, params);
  const newestFirst = f.order === 'newest-first';
  if (f.cursor !== undefined) {
    params.push(f.cursor);
    where.push(`seq ${newestFirst ? '<' : '>'} $${params.length}`);
  }
  params.push(f.limit + 1);
  const { rows } = await sql.query<EntryRow>(
    `SELECT seq, hash, body FROM audit_entries${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
     ORDER BY seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return {
    ok: true,
    page: {
      entries: page.map(entryFromRow),
      ...(more ? { nextCursor: String(Number(page[page.length - 1]!.seq)) } : {}),
    },
  };
}

/** Who used the data, for what, with what answer: entries and records per requester × purpose × decision. */
export async function summarizeAudit(sql: SqlClient, filter: AuditFilter = {}): Promise<AuditSummaryOutcome> {
  const n = normalizeAuditFilter(filter);
  if (!n.ok) return n;
  const params: unknown[] = [];
  const where = filterConditions(n.filter, params);
  const { rows } = await sql.query<{ requester: string; purpose: string; decision: 'allow' | 'deny'; entries: unknown; records: unknown; first: string; last: string }>(
    `SELECT doc->>'requester' AS requester, doc->>'purpose' AS purpose, doc->>'decision' AS decision,
            count(*)::float8 AS entries, coalesce(sum((doc->>'recordCount')::bigint), 0)::float8 AS records,
            min((doc->>'time') COLLATE "C") AS first, max((doc->>'time') COLLATE "C") AS last
       FROM audit_entries${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      GROUP BY doc->>'requester', doc->>'purpose', doc->>'decision'
      ORDER BY (doc->>'requester') COLLATE "C", (doc->>'purpose') COLLATE "C", (doc->>'decision') COLLATE "C"`,
    params,
  );
  const summaryRows = rows.map((r) => ({
    requester: r.requester,
    purpose: r.purpose,
    decision: r.decision,
    entries: Number(r.entries),
    records: Number(r.records),
    first: r.first,
    last: r.last,
  }));
  return {
    ok: true,
    summary: {
      rows: summaryRows,
      entries: summaryRows.reduce((s, r) => s + r.entries, 0),
      records: summaryRows.reduce((s, r) => s + r.records, 0),
    },
  };
}
