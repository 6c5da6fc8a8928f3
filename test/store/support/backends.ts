// The two backends the store's behaviour suite runs against. PostgreSQL runs in a schema of its own per test
// file (files run in parallel), dropped afterwards; without TSUNAGU_TEST_DATABASE_URL it is skipped, except in CI.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MEMORY_DATA_DIR, type StoreConfig } from '../../../src/store/config.ts';
import { openStore, type OpenStoreOptions } from '../../../src/store/open-store.ts';
import type { Store } from '../../../src/store/types.ts';

export const testDatabaseUrl = process.env.TSUNAGU_TEST_DATABASE_URL?.trim() || undefined;

export interface BackendUnderTest {
  name: 'pglite' | 'postgres';
  /** Why this backend's cases do not run here; undefined when they do. */
  skipReason?: string;
  /** In CI a backend that cannot run is a failure, not a skip. */
  requiredButMissing: boolean;
  /** A config for this test file's own database: memory for PGlite, a fresh schema for PostgreSQL. */
  config(spatial?: 'auto' | 'builtin'): StoreConfig;
  /** Drop what config() created (the PostgreSQL schema). Call once, after every store is closed. */
  cleanup(): Promise<void>;
}

export function pgliteBackend(): BackendUnderTest {
  return {
    name: 'pglite',
    requiredButMissing: false,
    config: () => ({ backend: 'pglite', dataDir: MEMORY_DATA_DIR }),
    cleanup: async () => {},
  };
}

export function postgresBackend(): BackendUnderTest {
  const schema = `tsunagu_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = testDatabaseUrl;
  if (url === undefined) {
    if (!process.env.CI) console.warn('store tests: the PostgreSQL cases are skipped because TSUNAGU_TEST_DATABASE_URL is not set');
    return {
      name: 'postgres',
      skipReason: 'TSUNAGU_TEST_DATABASE_URL is not set (see .ci/setup-postgres.sh)',
      requiredButMissing: Boolean(process.env.CI),
      config: () => {
        throw new Error('TSUNAGU_TEST_DATABASE_URL is not set');
      },
      cleanup: async () => {},
    };
  }
  return {
    name: 'postgres',
    requiredButMissing: false,
    config: (spatial = 'auto') => ({ backend: 'postgres', url, schema, spatial, maxConnections: 4 }),
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

export const backends = (): BackendUnderTest[] => [pgliteBackend(), postgresBackend()];

export async function openTestStore(backend: BackendUnderTest, spatial?: 'auto' | 'builtin', options?: OpenStoreOptions): Promise<Store> {
  return openStore(backend.config(spatial), options);
}

/**
 * Inside a describe for `backend`: when it cannot run, register what that means — a failing case in CI, a skipped
 * one elsewhere — and answer false, so the suite registers nothing else.
 */
export function backendRuns(backend: BackendUnderTest): boolean {
  if (backend.requiredButMissing) {
    it('runs in CI, where TSUNAGU_TEST_DATABASE_URL must be set', () => {
      expect.fail(`${backend.name}: ${backend.skipReason}`);
    });
    return false;
  }
  if (backend.skipReason !== undefined) {
    it.skip(`is skipped: ${backend.skipReason}`, () => {});
    return false;
  }
  return true;
}

/**
 * Inside a describe for `backend`: open this suite's store before its cases and close it (and drop what the backend
 * made) after them. `receive` is given the store once it is open.
 */
export function useTestStore(backend: BackendUnderTest, receive: (store: Store) => void, spatial?: 'auto' | 'builtin'): void {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openTestStore(backend, spatial);
    receive(store);
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });
}
