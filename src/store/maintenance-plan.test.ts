// Why the upkeep matters for the audit log: without statistics, PGlite's planner answers "the entry of this request"
// by reading the log backwards from its newest entry (the soak's 27,000-entry log: 190 ms a lookup); once the log has
// been vacuumed and analysed it goes through the request-id index.
import { afterEach, describe, expect, it } from 'vitest';
import { MEMORY_DATA_DIR } from './config.ts';
import { maintainTables } from './maintenance.ts';
import { migrate } from './migrations.ts';
import { openPgliteDatabase } from './pglite-client.ts';
import type { SqlDatabase } from './sql-client.ts';

const PLAN_OF_LOOKUP = `EXPLAIN SELECT seq, hash, body FROM audit_entries WHERE (doc->>'requestId') = $1 ORDER BY seq DESC LIMIT 2`;

async function planOf(db: SqlDatabase, requestId: string): Promise<string> {
  const r = await db.query<{ 'QUERY PLAN': string }>(PLAN_OF_LOOKUP, [requestId]);
  return r.rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('the audit log after the upkeep PGlite lacks', () => {
  let db: SqlDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('is analysed once it has grown, so a lookup by request id goes through its index', async () => {
    db = await openPgliteDatabase(MEMORY_DATA_DIR);
    await migrate(db);
    // Entries of about 1 KB, as the node writes them (reasons, record ids): 3,000 fill well over the 128 pages the
    // upkeep waits for.
    const filler = 'x'.repeat(900);
    await db.query(
      `INSERT INTO audit_entries (seq, hash, body)
       SELECT g, md5(g::text), json_build_object('seq', g, 'requestId', 'req-' || g, 'requester', 'jp-test', 'note', $1::text)::text
         FROM generate_series(1, 3000) AS g`,
      [filler],
    );
    const outcome = await maintainTables(db, 'pglite');
    expect(outcome.vacuumed).toContain('audit_entries');
    expect(await planOf(db, 'req-1500')).toMatch(/audit_entries_request_id/);
    const found = await db.query<{ seq: string }>(`SELECT seq FROM audit_entries WHERE (doc->>'requestId') = $1 ORDER BY seq DESC LIMIT 2`, ['req-1500']);
    expect(found.rows.map((r) => Number(r.seq))).toEqual([1500]);
  });
});
