// The audit log on the store helper's own clients and migration runner (src/store/open-store.ts): the migration
// applies with the others, and the log works on the SqlDatabase a node opens.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openAuditLog, verifyAuditLogInStore } from '../../src/store/audit-log-store.ts';
import { MEMORY_DATA_DIR } from '../../src/store/config.ts';
import { migrate } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/open-store.ts';
import { openPgliteDatabase } from '../../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../../src/store/postgres-client.ts';
import type { SqlDatabase } from '../../src/store/sql-client.ts';
import { drafts, publicKeys, signer } from './support/fixtures.ts';
import { pgSkipReason, pgUrl } from './support/sql-clients.ts';

async function appendAndVerify(db: SqlDatabase) {
  const opened = await openAuditLog(db, { signer });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const r = await opened.log.append(drafts(5));
  expect(r.ok).toBe(true);
  await opened.log.close();
  return verifyAuditLogInStore(db, publicKeys);
}

describe('audit log with openStore’s migrations and clients', () => {
  it('is created by openStore’s migration run alongside the record tables', async () => {
    const store = await openStore({ backend: 'pglite', dataDir: MEMORY_DATA_DIR });
    try {
      expect(store.info.schemaVersion).toBeGreaterThanOrEqual(2);
    } finally {
      await store.close();
    }
  });

  it('appends and verifies on the PGlite database a node opens', async () => {
    const db = await openPgliteDatabase(MEMORY_DATA_DIR);
    try {
      const report = await migrate(db);
      expect(report.applied).toContain('0002-audit-log.sql');
      expect(await appendAndVerify(db)).toMatchObject({ ok: true, entries: 5, unsignedTail: 0 });
    } finally {
      await db.close();
    }
  });

  it.skipIf(pgSkipReason !== undefined)(
    `appends and verifies on the PostgreSQL database a node opens${pgSkipReason ? ` (skipped: ${pgSkipReason})` : ''}`,
    async () => {
      const schema = `audit_store_${randomBytes(4).toString('hex')}`;
      const db = await openPostgresDatabase({ backend: 'postgres', url: pgUrl!, schema, maxConnections: 4 });
      try {
        await migrate(db);
        expect(await appendAndVerify(db)).toMatchObject({ ok: true, entries: 5, unsignedTail: 0 });
      } finally {
        await db.close();
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      }
    },
  );
});
