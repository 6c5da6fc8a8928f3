// PGlite's shared buffers and connection slots: PostgreSQL's defaults unless the opener asks for less, as the demo
// federation does for its eight small databases.
import { describe, expect, it } from 'vitest';
import { openPgliteDatabase, type PgliteOpenOptions } from '../../src/store/pglite-client.ts';

async function sharedBuffers(options: { sharedBuffersMb?: number }): Promise<string> {
  const db = await openPgliteDatabase('memory://', options);
  try {
    const r = await db.query<{ shared_buffers: string }>('show shared_buffers');
    return r.rows[0]!.shared_buffers;
  } finally {
    await db.close();
  }
}

describe('PGlite shared buffers', () => {
  it('are PostgreSQL’s 128 MB by default and what the opener asks for otherwise, in whole megabytes', async () => {
    expect(await sharedBuffers({})).toBe('128MB');
    expect(await sharedBuffers({ sharedBuffersMb: 16 })).toBe('16MB');
    expect(await sharedBuffers({ sharedBuffersMb: 7.6 })).toBe('8MB');
  }, 120_000); // opens PGlite on disk several times: over 30 s on a loaded machine
});

describe('PGlite connection slots', () => {
  it('are PostgreSQL’s 100 by default, and what the opener asks for otherwise, never below 10', async () => {
    const setting = async (options: PgliteOpenOptions) => {
      const db = await openPgliteDatabase('memory://', options);
      try {
        return (await db.query<{ max_connections: string }>('show max_connections')).rows[0]!.max_connections;
      } finally {
        await db.close();
      }
    };
    expect(await setting({})).toBe('100');
    expect(await setting({ maxConnections: 10 })).toBe('10');
    expect(await setting({ maxConnections: 1 })).toBe('10');
  }, 120_000);

  it('leave a transaction locks enough for 300 tables at 10 connections', async () => {
    const db = await openPgliteDatabase('memory://', { maxConnections: 10 });
    try {
      await db.transaction(async (tx) => {
        for (let i = 0; i < 300; i++) await tx.exec(`create table t${i} (id int primary key, v text)`);
        await tx.exec('select count(*) from t0, t299');
      });
      expect((await db.query<{ n: number }>("select count(*)::int as n from pg_tables where tablename like 't%' and schemaname = 'public'")).rows[0]!.n).toBe(300);
    } finally {
      await db.close();
    }
  }, 120_000);
});
