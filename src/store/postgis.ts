// PostGIS, when the server has it: a geometry column beside the built-in point, with its own GiST index.
// This DDL cannot live in the shared migrations because PGlite and plain PostgreSQL have no geometry type.
import type { SqlClient } from './sql-client.ts';

const POSTGIS_LOCK = 1953723759;

/** Try to enable PostGIS and add its column; returns whether spatial queries can use it. Never throws for a missing extension. */
export async function enablePostgis(db: SqlClient): Promise<boolean> {
  // In `public`, so that every Tsunagu schema in the database (one per node or test file) shares one PostGIS
  // and dropping a node's schema never drops the extension; a server without `public` gets the default schema.
  for (const statement of ['create extension if not exists postgis with schema public', 'create extension if not exists postgis']) {
    try {
      await db.exec(statement);
      break;
    } catch {
      // Not installed on the server, not permitted for this role, or created concurrently by another process:
      // what counts is whether the geometry type is usable now, checked below.
    }
  }
  const available = await db.query<{ available: boolean }>("select to_regtype('geometry') is not null as available");
  if (available.rows[0]?.available !== true) return false;

  const hasColumn = async (tx: SqlClient) =>
    (
      await tx.query(
        "select 1 from pg_attribute where attrelid = to_regclass('records') and attname = 'geom' and not attisdropped",
      )
    ).rows.length > 0;
  if (await hasColumn(db)) return true;
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [POSTGIS_LOCK]);
    if (await hasColumn(tx)) return;
    await tx.exec(`
      alter table records add column geom geometry(Point, 4326)
        generated always as (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) stored;
      create index records_geom on records using gist (geom);
    `);
  });
  return true;
}
