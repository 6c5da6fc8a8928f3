// Every statement on PostgreSQL is bounded by the store's statement timeout: a statement running longer is cancelled by
// the server and the connection serves the next one. (PGlite cannot interrupt a statement once it runs: docs/api.md
// says what bounds it instead.)
import { afterAll, describe, expect, it } from 'vitest';
import { checkStoreConfig, storeConfigFromEnv, DEFAULT_STATEMENT_TIMEOUT_MS } from '../../src/store/config.ts';
import { openPostgresDatabase } from '../../src/store/postgres-client.ts';
import { backendRuns, postgresBackend } from './support/backends.ts';

describe('the statement timeout setting', () => {
  it('is read from TSUNAGU_STATEMENT_TIMEOUT_MS and refused when it is not a positive whole number', () => {
    const url = 'postgres://u@localhost/db';
    expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: url, TSUNAGU_STATEMENT_TIMEOUT_MS: '5000' })).toMatchObject({ ok: true, config: { statementTimeoutMs: 5000 } });
    for (const bad of ['0', '-1', '1.5', 'soon']) {
      expect(storeConfigFromEnv({ TSUNAGU_DATABASE_URL: url, TSUNAGU_STATEMENT_TIMEOUT_MS: bad })).toMatchObject({ ok: false, problem: { code: 'STORE_CONFIG_INVALID', params: { field: 'TSUNAGU_STATEMENT_TIMEOUT_MS' } } });
    }
    expect(checkStoreConfig({ backend: 'postgres', url })).toMatchObject({ ok: true });
    expect(DEFAULT_STATEMENT_TIMEOUT_MS).toBe(30_000);
  });
});

describe('postgres: a statement past the timeout', () => {
  const backend = postgresBackend();
  afterAll(() => backend.cleanup());
  if (!backendRuns(backend)) return;

  it('is cancelled by the server, and the pool goes on serving', async () => {
    const config = backend.config();
    if (config.backend !== 'postgres') throw new Error('expected postgres');
    const db = await openPostgresDatabase({ ...config, statementTimeoutMs: 300 });
    try {
      const started = Date.now();
      const e = await db.query('select pg_sleep(5)').then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toMatchObject({ code: '57014' });
      expect(Date.now() - started).toBeLessThan(3000);
      expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
      const inTx = await db.transaction((tx) => tx.query('select pg_sleep(5)')).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(inTx).toMatchObject({ code: '57014' });
    } finally {
      await db.close();
    }
  });

  it('is set on every connection by default', async () => {
    const db = await openPostgresDatabase(backend.config() as Parameters<typeof openPostgresDatabase>[0]);
    try {
      expect((await db.query<{ statement_timeout: string }>('show statement_timeout')).rows[0]!.statement_timeout).toBe('30s');
    } finally {
      await db.close();
    }
  });
});
