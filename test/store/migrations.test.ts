// The migration runner on both backends: file-name order, once each, all-or-nothing per file, safe when repeated.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.ts';
import { loadMigrations, migrate, MIGRATIONS_DIR } from '../../src/store/migrations.ts';
import { openPgliteDatabase } from '../../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../../src/store/postgres-client.ts';
import type { SqlDatabase } from '../../src/store/sql-client.ts';
import { backends, testDatabaseUrl, backendRuns } from './support/backends.ts';

const tempDirs: string[] = [];

/** A directory of migration files, as a URL ending in a slash like the store's own. */
async function migrationsDir(files: Record<string, string>): Promise<URL> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-migrations-'));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return pathToFileURL(`${dir}${path.sep}`);
}

afterAll(async () => {
  for (const d of tempDirs) await rm(d, { recursive: true, force: true });
});

describe('the store’s own migrations', () => {
  it('are named and numbered for the runner, starting with the records tables', async () => {
    const migrations = await loadMigrations(MIGRATIONS_DIR);
    expect(migrations[0]?.name).toBe('0001-records.sql');
    expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort((a, b) => a - b));
  });
});

describe.each(backends())('migrations on $name', (backend) => {
  if (!backendRuns(backend)) return;

  const schemas: string[] = [];
  const opened: SqlDatabase[] = [];
  let pglite: SqlDatabase | undefined;

  /** A database whose search path starts at an empty schema of its own. */
  async function emptyDatabase(schema = `mig_${randomBytes(4).toString('hex')}`): Promise<SqlDatabase> {
    schemas.push(schema);
    if (backend.name === 'pglite') {
      // One PGlite per file (they are slow to start); a schema per test keeps the tests apart on its one session.
      pglite ??= await openPgliteDatabase('memory://');
      await pglite.exec(`create schema ${schema}; set search_path to ${schema}`);
      return pglite;
    }
    const db = await openPostgresDatabase({ backend: 'postgres', url: testDatabaseUrl!, schema, maxConnections: 2 });
    opened.push(db);
    return db;
  }

  afterAll(async () => {
    for (const db of opened) await db.close();
    await pglite?.close();
    if (backend.name === 'postgres' && schemas.length > 0) {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      for (const s of schemas) await client.query(`drop schema if exists ${s} cascade`);
      await client.end();
    }
  });

  const tableNames = async (db: SqlDatabase) =>
    (await db.query<{ name: string }>('select table_name as name from information_schema.tables where table_schema = current_schema() order by 1')).rows.map(
      (r) => r.name,
    );

  it('applies files in file-name order, records each, and does nothing the second time', async () => {
    const db = await emptyDatabase();
    const dir = await migrationsDir({
      '0010-later.sql': 'alter table first_table add column later text;',
      '0002-first.sql': 'create table first_table (id text primary key);',
      'README.txt': 'not a migration',
    });
    expect(await migrate(db, dir)).toEqual({ applied: ['0002-first.sql', '0010-later.sql'], schemaVersion: 10 });
    expect(await migrate(db, dir)).toEqual({ applied: [], schemaVersion: 10 });
    expect(await tableNames(db)).toEqual(['first_table', 'schema_migrations']);
  });

  it('applies only the files added since the last run', async () => {
    const db = await emptyDatabase();
    const files = { '0001-a.sql': 'create table a (x int);' };
    await migrate(db, await migrationsDir(files));
    const later = await migrate(db, await migrationsDir({ ...files, '0002-b.sql': 'create table b (y int);' }));
    expect(later).toEqual({ applied: ['0002-b.sql'], schemaVersion: 2 });
  });

  it('rolls back a failing file entirely, keeps the ones before it, and says which file failed', async () => {
    const db = await emptyDatabase();
    const dir = await migrationsDir({
      '0001-good.sql': 'create table good (x int);',
      '0002-bad.sql': 'create table half_done (x int);\nselect 1 / 0;',
      '0003-never.sql': 'create table never (x int);',
    });
    const error = await migrate(db, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'STORE_MIGRATION_FAILED', params: { file: '0002-bad.sql' } });
    expect(await tableNames(db)).toEqual(['good', 'schema_migrations']);

    const fixed = await migrationsDir({
      '0001-good.sql': 'create table good (x int);',
      '0002-bad.sql': 'create table half_done (x int);',
      '0003-never.sql': 'create table never (x int);',
    });
    expect((await migrate(db, fixed)).applied).toEqual(['0002-bad.sql', '0003-never.sql']);
  });

  it('refuses a misnamed migration file or a number used twice', async () => {
    const db = await emptyDatabase();
    await expect(migrate(db, await migrationsDir({ 'records.sql': 'select 1;' }))).rejects.toMatchObject({ code: 'STORE_MIGRATION_INVALID' });
    await expect(migrate(db, await migrationsDir({ '0001-a.sql': 'select 1;', '001-b.sql': 'select 1;' }))).rejects.toMatchObject({
      code: 'STORE_MIGRATION_INVALID',
    });
  });

  if (backend.name === 'postgres') {
    it('applies each file once when two processes migrate the same database at the same time', async () => {
      const schema = `mig_${randomBytes(4).toString('hex')}`;
      const a = await emptyDatabase(schema);
      const b = await openPostgresDatabase({ backend: 'postgres', url: testDatabaseUrl!, schema, maxConnections: 2 });
      opened.push(b);
      const dir = await migrationsDir({
        '0001-a.sql': 'create table a (x int);',
        '0002-b.sql': 'create table b (x int);',
        '0003-c.sql': 'create table c (x int);',
      });
      const [ra, rb] = await Promise.all([migrate(a, dir), migrate(b, dir)]);
      expect([...ra.applied, ...rb.applied].sort()).toEqual(['0001-a.sql', '0002-b.sql', '0003-c.sql']);
      expect([ra.schemaVersion, rb.schemaVersion]).toEqual([3, 3]);
    });
  }
});
