// Table upkeep that PostgreSQL's autovacuum does on a server but nothing does inside PGlite: after a large load the
// visibility map is empty, so index-only answers (store.ids, store.count over an area) fall back to reading every row,
// and the planner works from stale statistics. The check is stateless so a restarted node still catches up.
import type { SqlClient } from './sql-client.ts';
import type { BackendKind } from './types.ts';

/** The tables whose index-only answers and plans matter at scale. */
const MAINTAINED_TABLES = ['records', 'record_versions', 'audit_entries'] as const;

/** Tables smaller than this (8 KiB pages) are left alone: a sequential scan of them costs less than the vacuum. */
const MIN_PAGES = 128;

/** Vacuum when fewer than this share of a table's pages are marked all-visible. */
const ALL_VISIBLE_SHARE = 0.8;

export interface MaintenanceOutcome {
  /** Tables vacuumed and analysed, in order. */
  vacuumed: string[];
}

interface TablePages {
  name: string;
  pages: number;
  allVisible: number;
}

async function tablePages(db: SqlClient): Promise<TablePages[]> {
  const r = await db.query<{ name: string; pages: number | string; all_visible: number | string }>(
    `select c.relname as name,
            pg_relation_size(c.oid) / current_setting('block_size')::int as pages,
            c.relallvisible as all_visible
       from pg_class c
      where c.relname = any($1::text[]) and c.relkind = 'r' and c.relnamespace = to_regnamespace(current_schema())`,
    [[...MAINTAINED_TABLES]],
  );
  return r.rows.map((row) => ({ name: row.name, pages: Number(row.pages), allVisible: Number(row.all_visible) }));
}

/** Whether a table needs a vacuum: big enough to matter and mostly not marked all-visible. Pure, for tests. */
export function needsVacuum(t: Omit<TablePages, 'name'>): boolean {
  return t.pages >= MIN_PAGES && t.allVisible < t.pages * ALL_VISIBLE_SHARE;
}

/**
 * On PGlite, `VACUUM (ANALYZE)` each maintained table that needs it; on PostgreSQL nothing (autovacuum runs there).
 * PGlite has one connection, so requests wait while a vacuum runs: callers run this after loads and now and then in
 * the background, not per request.
 */
export async function maintainTables(db: SqlClient, backend: BackendKind): Promise<MaintenanceOutcome> {
  if (backend !== 'pglite') return { vacuumed: [] };
  const vacuumed: string[] = [];
  for (const t of await tablePages(db)) {
    if (!needsVacuum(t)) continue;
    // The name comes from the fixed list above, never from input.
    await db.exec(`vacuum (analyze) ${t.name}`);
    vacuumed.push(t.name);
  }
  return { vacuumed };
}
