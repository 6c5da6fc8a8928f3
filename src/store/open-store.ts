// Open the store a configuration names: connect, migrate, detect PostGIS, and hand back the Store.
import { checkStoreConfig, pgliteThreadFromEnv, type StoreConfig } from './config.ts';
import { StoreError } from './errors.ts';
import { migrate, MIGRATIONS_DIR } from './migrations.ts';
import { openPgliteDatabase, type PgliteOpenOptions } from './pglite-client.ts';
import { openPgliteThreadDatabase } from './pglite-thread-client.ts';
import { enablePostgis } from './postgis.ts';
import { openPostgresDatabase } from './postgres-client.ts';
import { recordStore } from './record-store.ts';
import type { SqlDatabase } from './sql-client.ts';
import type { Store } from './types.ts';

export interface OpenStoreOptions extends PgliteOpenOptions {
  /** Directory of migration files; the store's own by default (tests point elsewhere). */
  migrationsDir?: URL;
  /** PGlite on a worker thread of its own (true) or on the calling thread; TSUNAGU_PGLITE_THREAD (default on) when absent. */
  pgliteThread?: boolean;
}

/** The PGlite database as asked: on its own thread unless told otherwise (docs/architecture.md, "PGlite's own thread"). */
async function openPglite(dataDir: string, options: OpenStoreOptions): Promise<SqlDatabase> {
  const pglite = {
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    ...(options.sharedBuffersMb !== undefined ? { sharedBuffersMb: options.sharedBuffersMb } : {}),
    ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
  };
  let thread = options.pgliteThread;
  if (thread === undefined) {
    const fromEnv = pgliteThreadFromEnv();
    if (!fromEnv.ok) throw new StoreError(fromEnv.problem);
    thread = fromEnv.thread;
  }
  return thread ? openPgliteThreadDatabase(dataDir, pglite) : openPgliteDatabase(dataDir, pglite);
}

/**
 * Throws StoreError (STORE_CONNECT_FAILED, STORE_DATA_DIR_EXPOSED, STORE_DATA_DIR_LOCKED, STORE_MIGRATION_*, or a
 * config code) when the store cannot be opened.
 */
export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const checked = checkStoreConfig(config);
  if (!checked.ok) throw new StoreError(checked.problem);
  const c = checked.config;

  const db: SqlDatabase = c.backend === 'pglite' ? await openPglite(c.dataDir, options) : await openPostgresDatabase(c);
  try {
    const { schemaVersion } = await migrate(db, options.migrationsDir ?? MIGRATIONS_DIR);
    const postgis = c.backend === 'postgres' && c.spatial !== 'builtin' ? await enablePostgis(db) : false;
    return recordStore(db, { backend: c.backend, postgis, schemaVersion });
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}
