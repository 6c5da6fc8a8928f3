// Schema migrations: the .sql files in ./migrations/, applied once each in file-name order, each in a transaction.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { StoreError } from './errors.ts';
import type { SqlClient } from './sql-client.ts';

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  /** File name, e.g. `0001-records.sql`; the identity recorded in schema_migrations. */
  name: string;
  /** The number the file name starts with. */
  version: number;
  sql: string;
}

export interface MigrationReport {
  /** Names applied by this run, in order; empty when the schema was already current. */
  applied: string[];
  /** Highest version applied to this database so far (0 when none). */
  schemaVersion: number;
}

const MIGRATION_FILE = /^(\d+)-[A-Za-z0-9_-]+\.sql$/;
// One lock for every database user of Tsunagu, so two processes opening the same database migrate one at a time.
const MIGRATION_LOCK = 1953723758;

const CREATE_MIGRATIONS_TABLE = `
create table if not exists schema_migrations (
  name text primary key,
  version integer not null unique,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;

function detailOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The migrations in a directory, in file-name order (names are zero-padded, so that is version order). */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const seen = new Set<number>();
  const migrations: Migration[] = [];
  for (const name of names) {
    const m = MIGRATION_FILE.exec(name);
    const version = m ? Number(m[1]) : NaN;
    if (!m || seen.has(version)) throw new StoreError({ code: 'STORE_MIGRATION_INVALID', params: { file: name } });
    seen.add(version);
    migrations.push({ name, version, sql: await readFile(new URL(name, dir), 'utf8') });
  }
  return migrations;
}

async function lock(tx: SqlClient): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
}

async function appliedNames(db: SqlClient): Promise<Set<string>> {
  const r = await db.query<{ name: string }>('select name from schema_migrations');
  return new Set(r.rows.map((row) => row.name));
}

/** Bring the database's schema up to date. Safe to call on every start and from several processes at once. */
export async function migrate(db: SqlClient, dir: URL = MIGRATIONS_DIR): Promise<MigrationReport> {
  const migrations = await loadMigrations(dir);
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(CREATE_MIGRATIONS_TABLE);
  });
  const already = await appliedNames(db);
  const applied: string[] = [];
  for (const m of migrations) {
    if (already.has(m.name)) continue;
    const didApply = await db.transaction(async (tx) => {
      await lock(tx);
      // Another process may have applied it while this one waited for the lock.
      if ((await appliedNames(tx)).has(m.name)) return false;
      try {
        await tx.exec(m.sql);
      } catch (cause) {
        throw new StoreError({ code: 'STORE_MIGRATION_FAILED', params: { file: m.name, detail: detailOf(cause) } }, { cause });
      }
      const checksum = createHash('sha256').update(m.sql).digest('hex');
      await tx.query('insert into schema_migrations (name, version, checksum) values ($1, $2, $3)', [m.name, m.version, checksum]);
      return true;
    });
    if (didApply) applied.push(m.name);
  }
  const r = await db.query<{ version: number | string | null }>('select max(version) as version from schema_migrations');
  return { applied, schemaVersion: Number(r.rows[0]?.version ?? 0) };
}
