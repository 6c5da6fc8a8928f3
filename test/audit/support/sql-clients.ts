// SqlClients for the audit tests over PGlite and PostgreSQL, built directly on the drivers so these tests do not
// depend on how openStore wires them. Each log lives in a schema of its own, dropped afterwards.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import type { SqlClient } from '../../../src/store/sql-client.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const auditMigration = readFileSync(path.join(repoRoot, 'src', 'store', 'migrations', '0002-audit-log.sql'), 'utf8');

export const pgUrl = process.env.TSUNAGU_TEST_DATABASE_URL;
/** Why the PostgreSQL cases do not run, or undefined when they do. In CI a missing server is a failure, not a skip. */
export const pgSkipReason = pgUrl ? undefined : 'TSUNAGU_TEST_DATABASE_URL is not set, so the PostgreSQL cases are skipped';
export const pgRequiredButMissing = !pgUrl && !!process.env.CI;

function fromPglite(db: PGlite | Transaction): SqlClient {
  const client: SqlClient = {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const r = await db.query<R>(sql, [...params]);
      return r.affectedRows !== undefined ? { rows: r.rows, affectedRows: r.affectedRows } : { rows: r.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      // Inside a transaction a nested one simply joins it, as the store's own clients do.
      return db instanceof PGlite ? db.transaction((tx) => fn(fromPglite(tx))) : fn(client);
    },
  };
  return client;
}

function fromPgClient(c: pg.PoolClient): SqlClient {
  const client: SqlClient = {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const r = await c.query(sql, [...params]);
      return { rows: r.rows as R[], affectedRows: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
    transaction: (fn) => fn(client),
  };
  return client;
}

export function fromPgPool(pool: pg.Pool): SqlClient {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const r = await pool.query(sql, [...params]);
      return { rows: r.rows as R[], affectedRows: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const r = await fn(fromPgClient(c));
        await c.query('COMMIT');
        return r;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
  };
}

export interface TestDatabase {
  sql: SqlClient;
  /** Another independent client on the same database and schema, as a second process would have (PostgreSQL only). */
  secondClient?: () => SqlClient;
  /** Run raw SQL as the database owner, bypassing the store (for tampering). */
  raw(sql: string, params?: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}

export type BackendName = 'pglite' | 'postgres';

let sharedPglite: PGlite | undefined;
let schemaCounter = 0;

/** A fresh, migrated audit log schema on the backend. PGlite instances are shared per test file (they are heavy). */
export async function openTestDatabase(backend: BackendName): Promise<TestDatabase> {
  const schema = `audit_test_${process.pid}_${randomBytes(4).toString('hex')}_${schemaCounter++}`;
  if (backend === 'pglite') {
    sharedPglite ??= new PGlite();
    const db = sharedPglite;
    await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
    await db.exec(auditMigration);
    const sql = fromPglite(db);
    return {
      sql,
      raw: async (text, params = []) => {
        await db.query(text, [...params]);
      },
      close: async () => {
        await db.exec(`SET search_path TO public; DROP SCHEMA ${schema} CASCADE;`);
      },
    };
  }
  if (!pgUrl) throw new Error(pgSkipReason);
  const admin = new pg.Pool({ connectionString: pgUrl, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pools: pg.Pool[] = [];
  const poolFor = () => {
    const p = new pg.Pool({ connectionString: pgUrl, options: `-c search_path=${schema}`, max: 4 });
    pools.push(p);
    return p;
  };
  const main = poolFor();
  await main.query(auditMigration);
  return {
    sql: fromPgPool(main),
    secondClient: () => fromPgPool(poolFor()),
    raw: async (text, params = []) => {
      await main.query(text, [...params]);
    },
    close: async () => {
      for (const p of pools) await p.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
