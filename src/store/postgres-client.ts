// SqlClient over node-postgres: a connection pool; a transaction runs on one pooled connection.
// node-postgres is loaded when a PostgreSQL database is opened: a node on PGlite (the demo's nine processes) never
// needs it (about 6 MB a process).
import type pg from 'pg';
import { DEFAULT_STATEMENT_TIMEOUT_MS, redactDatabaseUrl, type PostgresStoreConfig } from './config.ts';
import { StoreError } from './errors.ts';
import type { SqlClient, SqlDatabase, SqlResult } from './sql-client.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

async function run<R>(on: Queryable, sql: string, params: readonly unknown[]): Promise<SqlResult<R>> {
  const r = await on.query(sql, [...params]);
  return { rows: r.rows as R[], ...(r.rowCount !== null ? { affectedRows: r.rowCount } : {}) };
}

/** Statements inside an open transaction on `conn`; nested transactions become savepoints. */
function transactionClient(conn: pg.PoolClient, depth: number): SqlClient {
  return {
    query: <R>(sql: string, params: readonly unknown[] = []) => run<R>(conn, sql, params),
    async exec(sql: string): Promise<void> {
      await conn.query(sql);
    },
    async transaction<T>(fn: (inner: SqlClient) => Promise<T>): Promise<T> {
      const savepoint = `tsunagu_sp_${depth}`;
      await conn.query(`savepoint ${savepoint}`);
      try {
        const result = await fn(transactionClient(conn, depth + 1));
        await conn.query(`release savepoint ${savepoint}`);
        return result;
      } catch (e) {
        await conn.query(`rollback to savepoint ${savepoint}`);
        throw e;
      }
    },
  };
}

/** `create schema if not exists` can still collide with a concurrent creator; the schema then exists, as wanted. */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`create schema if not exists ${schema}`);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw e;
  }
}

export async function openPostgresDatabase(config: PostgresStoreConfig): Promise<SqlDatabase> {
  const { default: postgres } = await import('pg');
  const pool = new postgres.Pool({
    connectionString: config.url,
    max: config.maxConnections ?? 10,
    // Set on every connection as it opens, so every statement of every request is bounded, migrations included.
    statement_timeout: config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    // The schema name is checked in config.ts (lower-case identifier), so it needs no quoting here.
    ...(config.schema !== undefined ? { options: `-c search_path=${config.schema},public` } : {}),
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    if (config.schema !== undefined) await createSchema(pool, config.schema);
    else await pool.query('select 1');
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new StoreError(
      { code: 'STORE_CONNECT_FAILED', params: { backend: `postgres ${redactDatabaseUrl(config.url)}`, detail: describe(cause) } },
      { cause },
    );
  }

  return {
    backend: 'postgres',
    query: <R>(sql: string, params: readonly unknown[] = []) => run<R>(pool, sql, params),
    async exec(sql: string): Promise<void> {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const conn = await pool.connect();
      let broken: Error | undefined;
      try {
        await conn.query('begin');
        const result = await fn(transactionClient(conn, 1));
        await conn.query('commit');
        return result;
      } catch (e) {
        await conn.query('rollback').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw e;
      } finally {
        // A connection whose rollback failed is in an unknown state: destroy it rather than reuse it.
        conn.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
