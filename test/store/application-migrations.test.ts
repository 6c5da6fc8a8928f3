// Applications' own migrations on both backends: recorded under the application's name (an application's 0001 never
// collides with the core's), applied once, and — the lifeline's case — a database made before the lifeline became an
// application (its tables then came from the core's 0006-lifeline.sql) opens with its match decisions and safety
// reports intact.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lifelineApplication } from '../../src/apps/lifeline/application.ts';
import { lifelineStorage, type StoredSafetyReport } from '../../src/apps/lifeline/storage.ts';
import type { StoreConfig } from '../../src/store/config.ts';
import { StoreError } from '../../src/store/errors.ts';
import { MIGRATIONS_DIR } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { backendRuns, backends, pgliteBackend, postgresBackend, type BackendUnderTest } from './support/backends.ts';

const tempDirs: string[] = [];
afterAll(async () => {
  for (const d of tempDirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * The core migrations as main had them on 2026-11-22: today's files plus 0006-lifeline.sql exactly as it was then
 * (kept as a fixture: the file is gone from the core).
 */
async function coreMigrationsOfThen(): Promise<URL> {
  const dir = await tempDir('tsunagu-core-then-');
  const today = fileURLToPath(MIGRATIONS_DIR);
  for (const name of await readdir(today)) if (name.endsWith('.sql')) await copyFile(path.join(today, name), path.join(dir, name));
  const fixture = fileURLToPath(new URL('./fixtures/core-migrations-2026-11-22/0006-lifeline.sql', import.meta.url));
  await copyFile(fixture, path.join(dir, '0006-lifeline.sql'));
  return pathToFileURL(`${dir}${path.sep}`);
}

const storageOf = (store: Store) => {
  const app = lifelineApplication();
  return lifelineStorage({ database: store.applications.database(app.id), outboxStates: (seqs) => store.outbox.states(seqs) });
};

describe.each(backends())('applications’ migrations on $name', (backend) => {
  if (!backendRuns(backend)) return;

  /** A config whose database outlives a close: PGlite on disk, PostgreSQL in this file's schema. */
  async function durableConfig(): Promise<StoreConfig> {
    if (backend.name === 'pglite') return { backend: 'pglite', dataDir: path.join(await tempDir('tsunagu-app-migrations-'), 'db') };
    return backend.config();
  }

  const others: BackendUnderTest[] = [];
  /** A store on a database of its own (a new PostgreSQL schema), empty of any application. */
  function freshStore(): Promise<Store> {
    const other = backend.name === 'pglite' ? pgliteBackend() : postgresBackend();
    others.push(other);
    return openStore(other.config());
  }

  afterAll(async () => {
    await backend.cleanup();
    for (const o of others) await o.cleanup();
  });

  it('opens a database made before the lifeline was an application with its decisions and reports intact', async () => {
    const config = await durableConfig();
    const report: StoredSafetyReport = {
      id: randomUUID(),
      personId: 'person:jp-172022-nanao-city/p-1',
      status: 'needs-rescue',
      shelter: 'shelter-1',
      note: '自宅の2階',
      by: '受付 花子',
      node: 'jp-172022-nanao-city',
      at: '2024-01-02T01:00:00.000Z',
    };
    const decision = { a: 'jp-172022-nanao-city/p-1', b: 'jp-172022-nanao-dialysis-clinic/c-1', decision: 'confirm' as const, by: '受付 花子', at: '2024-01-02T00:30:00.000Z' };

    // Then: the core made the lifeline's tables, and the lifeline wrote to them.
    const before = await openStore(config, { migrationsDir: await coreMigrationsOfThen() });
    try {
      expect(before.info.schemaVersion).toBeGreaterThanOrEqual(9);
      const then = storageOf(before);
      await then.saveDecision(decision);
      const recorded = await then.recordSafetyReport({ report, deliveries: [] });
      expect(recorded.kind).toBe('recorded');
    } finally {
      await before.close();
    }

    // Now: the core has no lifeline migration; the application brings its own.
    const after = await openStore(config);
    try {
      const app = lifelineApplication();
      const migrated = await after.applications.migrate(app.id, app.migrations!);
      expect(migrated).toEqual({ applied: ['0001-lifeline.sql'], schemaVersion: 1 });
      const now = storageOf(after);
      expect(await now.decisions()).toEqual([decision]);
      expect(await now.safetyReports(report.personId)).toEqual([report]);
      // And it keeps working: a new report is recorded beside the old one.
      const next = { ...report, id: randomUUID(), status: 'safe' as const, at: '2024-01-03T00:00:00.000Z', basedOnAt: report.at };
      expect((await now.recordSafetyReport({ report: next, deliveries: [] })).kind).toBe('recorded');
      expect((await now.safetyReports(report.personId)).map((r) => r.status)).toEqual(['safe', 'needs-rescue']);
      // Opening again applies nothing twice.
      expect(await after.applications.migrate(app.id, app.migrations!)).toEqual({ applied: [], schemaVersion: 1 });
    } finally {
      await after.close();
    }
  });

  it('creates the lifeline’s tables on a new database from the application’s own migration', async () => {
    const store = await freshStore();
    try {
      const app = lifelineApplication();
      // Before the application is installed, its tables do not exist: the core no longer makes them.
      await expect(storageOf(store).decisions()).rejects.toThrow();
      expect((await store.applications.migrate(app.id, app.migrations!)).applied).toEqual(['0001-lifeline.sql']);
      expect(await storageOf(store).decisions()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses an application id that could not name its tables or ledger', async () => {
    const store = await freshStore();
    try {
      await expect(store.applications.migrate('Life Line', lifelineApplication().migrations!)).rejects.toBeInstanceOf(StoreError);
    } finally {
      await store.close();
    }
  });
});
