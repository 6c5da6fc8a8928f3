// SqlClient over PGlite (embedded Postgres in WASM) on the calling thread: one connection, on disk in a data directory or
// in memory. The pieces the threaded client (pglite-thread-client.ts) shares are exported from here.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { message } from '../i18n/index.ts';
import { MEMORY_DATA_DIR } from './config.ts';
import { claimDataDir, restrictToOwner, type DataDirClaim } from './data-dir.ts';
import { StoreError, type StoreProblem } from './errors.ts';
import type { SqlClient, SqlDatabase, SqlResult } from './sql-client.ts';

/** Where statements run: PGlite itself, one of its transactions, or the same through PGlite's own thread. */
export interface PgliteStatements {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * PGlite's errors carry the statement's parameters, i.e. record payloads that may be personal data; drop them
 * so that no log or error report downstream can leak them. The code, message and statement text stay.
 */
function withoutParameters(e: unknown): unknown {
  // A StoreError's `params` are its message's, not a statement's.
  if (typeof e === 'object' && e !== null && !(e instanceof StoreError) && 'params' in e) delete (e as { params?: unknown }).params;
  return e;
}

/** Statements inside an open transaction; nested transactions become savepoints. */
export function transactionClient(tx: PgliteStatements, depth: number): SqlClient {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
      const r = await tx.query<R>(sql, [...params]).catch((e: unknown) => {
        throw withoutParameters(e);
      });
      return { rows: r.rows, ...(r.affectedRows !== undefined ? { affectedRows: r.affectedRows } : {}) };
    },
    async exec(sql: string): Promise<void> {
      await tx.exec(sql);
    },
    async transaction<T>(fn: (inner: SqlClient) => Promise<T>): Promise<T> {
      const savepoint = `tsunagu_sp_${depth}`;
      await tx.exec(`savepoint ${savepoint}`);
      try {
        const result = await fn(transactionClient(tx, depth + 1));
        await tx.exec(`release savepoint ${savepoint}`);
        return result;
      } catch (e) {
        await tx.exec(`rollback to savepoint ${savepoint}`);
        throw e;
      }
    },
  };
}

export interface PgliteOpenOptions {
  /**
   * Told what the operator should know while the database is open: a stale lock of the data directory taken over, the
   * database thread ended (pglite-thread-client.ts); a process warning (stderr) by default.
   */
  onNotice?: (notice: StoreProblem) => void;
  /**
   * PostgreSQL's shared_buffers inside PGlite, in MB (PostgreSQL's default, 128 MB, when absent). The buffers are
   * touched as the database is used, so each embedded database ends up holding them: a process that runs many small
   * databases side by side (the demo federation) asks for less.
   */
  sharedBuffersMb?: number;
  /**
   * PostgreSQL's max_connections inside PGlite (PostgreSQL's default, 100, when absent). PGlite serves one connection,
   * but PostgreSQL sizes part of its shared memory by this number (a process slot per connection, and the lock table:
   * max_locks_per_transaction × max_connections entries), all of it touched at start: 100 cost about 4 MB more than 10.
   * Not below 10: the lock table is shared by the one connection's transactions (640 entries at 10).
   */
  maxConnections?: number;
}

const warn = (notice: StoreProblem) => process.emitWarning(message(notice.code, notice.params, 'en'), { code: notice.code });

/** Tell the operator through `onNotice`, or as a process warning. */
export function tellOperator(options: PgliteOpenOptions, notice: StoreProblem): void {
  (options.onNotice ?? warn)(notice);
}

/** The options PGlite is created with; shared_buffers and max_connections as asked. */
export function pgliteCreateOptions(options: PgliteOpenOptions): Pick<PGliteOptions, 'startParams'> {
  const settings = [
    ...(options.sharedBuffersMb === undefined ? [] : [`shared_buffers=${Math.max(1, Math.round(options.sharedBuffersMb))}MB`]),
    ...(options.maxConnections === undefined ? [] : [`max_connections=${Math.max(10, Math.round(options.maxConnections))}`]),
  ];
  return settings.length === 0 ? {} : { startParams: [...PGlite.defaultStartParams, ...settings.flatMap((x) => ['-c', x])] };
}

/**
 * Claim an on-disk `dataDir` for this process (nothing for memory), saying so when a stale lock was taken over. Throws
 * StoreError STORE_DATA_DIR_EXPOSED, STORE_DATA_DIR_LOCKED or STORE_DATA_DIR_INVALID.
 */
export function claimPgliteDir(dataDir: string, options: PgliteOpenOptions): DataDirClaim | undefined {
  let claim: DataDirClaim | undefined;
  try {
    claim = dataDir === MEMORY_DATA_DIR ? undefined : claimDataDir(dataDir);
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    // The file system's own refusal (no permission to create it, a read-only disk): say which directory.
    throw new StoreError({ code: 'STORE_DATA_DIR_INVALID', params: { dataDir, detail: cause instanceof Error ? cause.message : String(cause) } }, { cause });
  }
  if (claim?.notice) tellOperator(options, claim.notice);
  return claim;
}

/**
 * Whether `dataDir` already holds a PGlite database (PostgreSQL writes PG_VERSION when it creates one). Creating one
 * runs initdb and grows PGlite's WebAssembly memory, which never shrinks: a caller may create it in a process that ends.
 */
export async function pgliteDatabaseExists(dataDir: string): Promise<boolean> {
  return access(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/** PGlite failed to start: STORE_CONNECT_FAILED with its reason. */
export function pgliteConnectFailed(cause: unknown): StoreError {
  return new StoreError({ code: 'STORE_CONNECT_FAILED', params: { backend: 'pglite', detail: cause instanceof Error ? cause.message : String(cause) } }, { cause });
}

/**
 * Open PGlite in `dataDir` (created 0700; refused when others may read it or another process holds it: StoreError
 * STORE_DATA_DIR_EXPOSED / STORE_DATA_DIR_LOCKED) or in memory, on the calling thread.
 */
export async function openPgliteDatabase(dataDir: string, options: PgliteOpenOptions = {}): Promise<SqlDatabase> {
  const claim = claimPgliteDir(dataDir, options);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, pgliteCreateOptions(options));
    if (claim) restrictToOwner(claim.dir);
  } catch (cause) {
    claim?.release();
    throw pgliteConnectFailed(cause);
  }
  const outside = transactionClient(db, 0);
  return {
    backend: 'pglite',
    query: outside.query,
    exec: outside.exec,
    // PGlite queues every other statement behind an open transaction, so it is isolated by construction.
    transaction: <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> => db.transaction((tx) => fn(transactionClient(tx, 1))),
    close: async () => {
      try {
        await db.close();
      } finally {
        claim?.release();
      }
    },
  };
}
