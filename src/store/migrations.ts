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

/**
 * Where applied migrations are recorded: the core's in schema_migrations (one version each), each application's in
 * application_migrations under its own name, so an application's 0001 never collides with the core's.
 */
interface MigrationLedger {
  create: string;
  applied(db: SqlClient): Promise<Set<string>>;
  record(tx: SqlClient, m: Migration, checksum: string): Promise<void>;
  version(db: SqlClient): Promise<number>;
}

const coreLedger: MigrationLedger = {
  create: CREATE_MIGRATIONS_TABLE,
  async applied(db) {
    const r = await db.query<{ name: string }>('select name from schema_migrations');
    return new Set(r.rows.map((row) => row.name));
  },
  async record(tx, m, checksum) {
    await tx.query('insert into schema_migrations (name, version, checksum) values ($1, $2, $3)', [m.name, m.version, checksum]);
  },
  async version(db) {
    const r = await db.query<{ version: number | string | null }>('select max(version) as version from schema_migrations');
    return Number(r.rows[0]?.version ?? 0);
  },
};

const CREATE_APPLICATION_MIGRATIONS_TABLE = `
create table if not exists application_migrations (
  application text not null,
  name text not null,
  version integer not null,
  checksum text not null,
  applied_at timestamptz not null default now(),
  primary key (application, name),
  unique (application, version)
)`;

function applicationLedger(application: string): MigrationLedger {
  return {
    create: CREATE_APPLICATION_MIGRATIONS_TABLE,
    async applied(db) {
      const r = await db.query<{ name: string }>('select name from application_migrations where application = $1', [application]);
      return new Set(r.rows.map((row) => row.name));
    },
    async record(tx, m, checksum) {
      await tx.query('insert into application_migrations (application, name, version, checksum) values ($1, $2, $3, $4)', [
        application,
        m.name,
        m.version,
        checksum,
      ]);
    },
    async version(db) {
      const r = await db.query<{ version: number | string | null }>('select max(version) as version from application_migrations where application = $1', [
        application,
      ]);
      return Number(r.rows[0]?.version ?? 0);
    },
  };
}

async function runMigrations(db: SqlClient, dir: URL, ledger: MigrationLedger, label: (m: Migration) => string): Promise<MigrationReport> {
  const migrations = await loadMigrations(dir);
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(ledger.create);
  });
  const already = await ledger.applied(db);
  const applied: string[] = [];
  for (const m of migrations) {
    if (already.has(m.name)) continue;
    const didApply = await db.transaction(async (tx) => {
      await lock(tx);
      // Another process may have applied it while this one waited for the lock.
      if ((await ledger.applied(tx)).has(m.name)) return false;
      try {
        await tx.exec(m.sql);
      } catch (cause) {
        throw new StoreError({ code: 'STORE_MIGRATION_FAILED', params: { file: label(m), detail: detailOf(cause) } }, { cause });
      }
      await ledger.record(tx, m, createHash('sha256').update(m.sql).digest('hex'));
      return true;
    });
    if (didApply) applied.push(m.name);
  }
  return { applied, schemaVersion: await ledger.version(db) };
}

/** Bring the database's schema up to date. Safe to call on every start and from several processes at once. */
export function migrate(db: SqlClient, dir: URL = MIGRATIONS_DIR): Promise<MigrationReport> {
  return runMigrations(db, dir, coreLedger, (m) => m.name);
}

/** An application's names follow its own id: lower-case, digits and hyphens, as in `lifeline`. */
export const APPLICATION_ID = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Bring one application's own tables up to date with the migrations in its directory, by the same rules as the
 * core's (file-name order, each once, in a transaction, under the same lock), recorded under the application's id.
 */
export async function migrateApplication(db: SqlClient, application: string, dir: URL): Promise<MigrationReport> {
  if (!APPLICATION_ID.test(application)) throw new StoreError({ code: 'STORE_MIGRATION_INVALID', params: { file: `${application}/` } });
  return runMigrations(db, dir, applicationLedger(application), (m) => `${application}/${m.name}`);
}
