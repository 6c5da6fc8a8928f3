// Audit verification where the bytes are: the database hashes every entry (its built-in sha256), reads each entry's
// link fields and compares them with the row before it, and sends back only the entries the chain verifier must see.
import { GENESIS_PREV_HASH, type AuditCheckpoint, type AuditVerifyItem } from '../audit/index.ts';
import { CHECKPOINT_COLUMNS, checkpointFromRow, type CheckpointRow } from './audit-checkpoint-rows.ts';
import type { SqlClient } from './sql-client.ts';

/** Rows per statement. An entry that fails a check comes back with its text, so this bounds memory when many do. */
export const DEFAULT_IN_DB_PAGE = 50_000;

interface CheckedRow {
  seq: unknown;
  prev_seq: unknown;
  /** SHA-256 of this entry's UTF-8 text, as the database computed it. */
  h: string;
  prev_h: string | null;
  hash: string;
  body: string;
}

/**
 * One slice of the log (seqs $1 ≤ seq < $2, and ≤ $3), checked in SQL. `x` hashes each row once (the OFFSET 0
 * laterals keep the planner from repeating `convert_to`, which would decompress the text again for every use) and
 * reads its link fields with the same rules as `readChainFields`: the first `"prevHash":"` followed by 64 characters
 * and a quote, and the last `,"seq":` followed by the digits of its seq and a comma (looked for in the last 80 bytes;
 * an entry whose seq is not there is simply sent back). A row is *plain* — left out of the answer — only when the
 * per-entry checks in `verifyAuditChain` could find nothing wrong with it: its text hashes to its stored hash, names
 * its own seq, and links to the computed hash of the row right before it in the slice, whose seq is one less and at
 * least 1. Every other row comes back whole, and so do the slice's first and last rows (slices are checked apart, so
 * the verifier joins them) and every row whose hash something will be compared with (checkpoints, the head, anchors:
 * $4), so the verifier handles them exactly as it handles a streamed row. `prev_seq`/`prev_h` of a returned row say
 * where the plain run before it ended. Functions are named with their schema, so that nobody who can create objects
 * in the store's schema can put a function of their own in the place of `sha256` (docs/audit.md, trust model).
 */
const CHECK_SLICE_SQL = `
SELECT y.seq, y.prev_seq, y.h, y.prev_h, b.hash, b.body
  FROM (
    SELECT x.seq, x.h, x.plain_self, x.lpt, lag(x.seq) OVER w AS prev_seq, lag(x.h) OVER w AS prev_h
      FROM (
        SELECT e.seq, m.h,
               m.h = e.hash AND m.q > 0 AND position('\\x2c22736571223a'::bytea IN substring(m.t FROM m.q + 1)) = 0
                 AND e.seq < 1000000000000000 AS plain_self,
               CASE WHEN m.p > 0 THEN pg_catalog.encode(substring(l.b FROM m.p + 12 FOR 65), 'escape') END AS lpt
          FROM audit_entries e
          CROSS JOIN LATERAL (SELECT pg_catalog.convert_to(e.body, 'UTF8') AS b OFFSET 0) l
          CROSS JOIN LATERAL (
            SELECT s.h, s.p, s.t, position(pg_catalog.convert_to(',"seq":' || e.seq || ',', 'UTF8') IN s.t) AS q
              FROM (SELECT pg_catalog.encode(pg_catalog.sha256(l.b), 'hex') AS h, position('\\x227072657648617368223a22'::bytea IN l.b) AS p,
                           substring(l.b FROM greatest(pg_catalog.length(l.b) - 79, 1)) AS t OFFSET 0) s
            OFFSET 0) m
         WHERE e.seq >= $1::bigint AND e.seq < $2::bigint AND e.seq <= $3::bigint
         ORDER BY e.seq
         OFFSET 0
      ) x
    WINDOW w AS (ORDER BY x.seq)
  ) y
  CROSS JOIN LATERAL (SELECT e2.hash, e2.body FROM audit_entries e2 WHERE e2.seq = y.seq OFFSET 0) b
 WHERE NOT coalesce(y.plain_self AND y.prev_seq >= 1 AND y.seq = y.prev_seq + 1 AND y.lpt = y.prev_h || '"', false)
    OR y.seq = (SELECT max(e3.seq) FROM audit_entries e3 WHERE e3.seq >= $1::bigint AND e3.seq < $2::bigint AND e3.seq <= $3::bigint)
    OR y.seq IN (SELECT c.seq FROM audit_checkpoints c WHERE c.seq <= $3::bigint)
    OR y.seq = ANY($4::bigint[])
 ORDER BY y.seq`;

const CHECKPOINT_SQL = `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`;

/** Checkpoints in seq order, a page at a time, for merging between entries as `readAuditLogItems` does. */
function checkpointCursor(sql: SqlClient, throughSeq: number, pageSize: number) {
  let buffer: AuditCheckpoint[] = [];
  let i = 0;
  let after = Number.MIN_SAFE_INTEGER;
  let done = false;
  const peek = async (): Promise<AuditCheckpoint | undefined> => {
    if (i >= buffer.length && !done) {
      const { rows } = await sql.query<CheckpointRow>(CHECKPOINT_SQL, [after, throughSeq, pageSize]);
      if (rows.length < pageSize) done = true;
      if (rows.length > 0) after = Number(rows[rows.length - 1]!.seq);
      buffer = rows.map(checkpointFromRow);
      i = 0;
    }
    return buffer[i];
  };
  return {
    /** Move every checkpoint with seq below (or, with `inclusive`, at) `seq` into `out`. */
    async drain(out: AuditVerifyItem[], seq: number, inclusive: boolean): Promise<void> {
      for (let cp = await peek(); cp && (cp.seq < seq || (inclusive && cp.seq === seq)); cp = await peek()) {
        out.push({ type: 'checkpoint', checkpoint: cp });
        i++;
      }
    },
  };
}

export interface InDatabaseReadOptions {
  /** Read entries and checkpoints up to this seq (the snapshot bound). */
  throughSeq: number;
  /** Seqs whose entries must come back one by one: the expected head's and the anchors'. */
  keepSeqs?: readonly number[];
  /** Seqs per slice (each slice holds at most this many entries, so this bounds what one answer can carry). */
  pageSize?: number;
  /**
   * Slices checked at once, each by its own statement (on PostgreSQL its own connection and server process: the
   * hashing is CPU-bound). 1 for PGlite, whose statements run one at a time anyway.
   */
  concurrency?: number;
}

/** The first seq at or after `from` (and ≤ through): slices start at rows, so far-apart seqs make no empty slices. */
async function nextSeqFrom(sql: SqlClient, from: number, through: number): Promise<number | undefined> {
  const { rows } = await sql.query<{ seq: unknown }>(
    'SELECT seq FROM audit_entries WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT 1',
    [from, through],
  );
  return rows[0] === undefined ? undefined : Number(rows[0].seq);
}

/**
 * The log as `verifyAuditChain` reads it, with the per-entry work done by the database: entries it found nothing
 * wrong with come as `verified-run` items, every other entry with its text (and is checked again, in full, by the
 * verifier), checkpoints between them in chain order. Same outcome as verifying `readAuditLogItems`; only the
 * `thorough` checks, which parse every entry, need the streaming read.
 */
export async function* readAuditLogCheckedInDatabase(sql: SqlClient, options: InDatabaseReadOptions): AsyncGenerator<AuditVerifyItem[]> {
  const width = Math.max(1, options.pageSize ?? DEFAULT_IN_DB_PAGE);
  const through = options.throughSeq;
  const keep = [...new Set(options.keepSeqs ?? [])];
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const checkpoints = checkpointCursor(sql, through, width);

  // Slices [start, start + width) in flight, in chain order; each begins at a stored row.
  const inFlight: Promise<CheckedRow[]>[] = [];
  let nextFrom: number | undefined = await nextSeqFrom(sql, Number.MIN_SAFE_INTEGER, through);
  const launch = async () => {
    while (inFlight.length < concurrency && nextFrom !== undefined) {
      const start = nextFrom;
      const end = Math.min(start + width, Number.MAX_SAFE_INTEGER);
      const slice = sql.query<CheckedRow>(CHECK_SLICE_SQL, [start, end, through, keep]).then((r) => r.rows);
      // Awaited in order below; this only keeps an early stop from leaving an unhandled rejection behind.
      slice.catch(() => undefined);
      inFlight.push(slice);
      nextFrom = end > through || end >= Number.MAX_SAFE_INTEGER ? undefined : await nextSeqFrom(sql, end, through);
    }
  };

  // The last row handed on: the genesis entry at first (seq 0; a stored row at seq 0 is never plain).
  let prevSeq = 0;
  let prevHash = GENESIS_PREV_HASH;
  await launch();
  while (inFlight.length > 0) {
    const rows = await inFlight.shift()!;
    await launch();
    const page: AuditVerifyItem[] = [];
    for (const r of rows) {
      const seq = Number(r.seq);
      if (r.prev_seq !== null && Number(r.prev_seq) !== prevSeq) {
        // Plain rows lie between the last row handed on and this one: prevSeq + 1 … prev_seq, all present.
        const runEnd = Number(r.prev_seq);
        await checkpoints.drain(page, prevSeq + 1, false);
        page.push({ type: 'verified-run', fromSeq: prevSeq + 1, toSeq: runEnd, prevHash, hash: r.prev_h! });
      }
      await checkpoints.drain(page, seq, false);
      page.push({ type: 'entry', seq, hash: r.hash, body: r.body });
      await checkpoints.drain(page, seq, true);
      prevSeq = seq;
      prevHash = r.h;
    }
    if (page.length > 0) yield page;
  }
  const rest: AuditVerifyItem[] = [];
  await checkpoints.drain(rest, Number.POSITIVE_INFINITY, false);
  if (rest.length > 0) yield rest;
}
