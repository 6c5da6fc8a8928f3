// Persons inside a hazard polygon among many. "Who is inside" — `store.ids({ type: 'person', within })`, the ids in id
// order, answered index-only from the covering point index (migrations/0008) — against the raw SQL `select id` of the
// same rows in the same table (same predicate, no ordering); then `store.count`, the first page of 1,000 whole records
// (`store.query` with a limit), and all the whole records (`store.query`, as a node reads them before its access
// gate) against the raw `select id, data`. On PostGIS where the server has it, on PostgreSQL's built-in geometric
// types otherwise (PGlite). The polygon covers 10% of where persons live. After loading, the benchmark runs
// `VACUUM (ANALYZE) records`, as autovacuum would on PostgreSQL after a bulk load (PGlite has no autovacuum): an
// index-only scan reads no row only on pages the visibility map marks all-visible.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { areaCode, type AreaGeometry } from '../src/model/index.ts';
import type { StoreConfig } from '../src/store/config.ts';
import { migrate } from '../src/store/migrations.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { enablePostgis } from '../src/store/postgis.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import { recordStore } from '../src/store/record-store.ts';
import type { SqlDatabase } from '../src/store/sql-client.ts';
import type { Store } from '../src/store/types.ts';
import { dropBenchSchema } from './bench-schemas.ts';
import { percentile, rate, sized, timed, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { spreadPerson } from './spread-persons.ts';

const GOAL = '100,000 hits inside a polygon over 1,000,000 persons < 200 ms';
const NANAO = 'jp-172022-nanao-city';
const LOAD_BATCH = 5_000;

/** An irregular octagon over the coast (10.0% of the spread box's area). */
export const HAZARD: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [136.85304, 37.03248], [137.03096, 37.0218], [137.13776, 37.11258], [137.0808, 37.21932],
      [136.95976, 37.2567], [136.87432, 37.19262], [136.90992, 37.1286], [136.81744, 37.1019], [136.85304, 37.03248],
    ],
  ],
};

/** A store over a database we can also query directly, as openStore builds it. */
export async function openBenchStore(config: StoreConfig): Promise<{ db: SqlDatabase; store: Store }> {
  const db = config.backend === 'pglite' ? await openPgliteDatabase(config.dataDir) : await openPostgresDatabase(config);
  const { schemaVersion } = await migrate(db);
  const postgis = config.backend === 'postgres' && config.spatial !== 'builtin' ? await enablePostgis(db) : false;
  return { db, store: recordStore(db, { backend: config.backend, postgis, schemaVersion }) };
}

/** Load `count` spread persons through the store's bulk path (versioned upsert, LOAD_BATCH per transaction). */
export async function loadPersons(store: Store, count: number, draft: (i: number) => ReturnType<typeof spreadPerson>): Promise<number> {
  const { ms } = await timed(async () => {
    for (let start = 0; start < count; start += LOAD_BATCH) {
      const batch = Array.from({ length: Math.min(LOAD_BATCH, count - start) }, (_, k) => draft(start + k));
      await store.upsert(batch);
    }
  });
  return ms;
}

function microdegreePolygon(area: AreaGeometry): string {
  const ring = area.type === 'Polygon' ? area.coordinates[0]! : area.coordinates[0]![0]!;
  return `(${ring.slice(0, -1).map(([x, y]) => `(${x * 1e6},${y * 1e6})`).join(',')})`;
}

function microdegreeBox(area: AreaGeometry): string {
  const ring = area.type === 'Polygon' ? area.coordinates[0]! : area.coordinates[0]![0]!;
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return `(${Math.max(...xs) * 1e6},${Math.max(...ys) * 1e6}),(${Math.min(...xs) * 1e6},${Math.min(...ys) * 1e6})`;
}

async function timings(runs: number, fn: () => Promise<number>): Promise<{ p50: number; p95: number; rows: number }> {
  let rows = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timed(fn);
    times.push(r.ms);
    rows = r.value;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), rows };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

async function backendResults(ctx: BenchContext, backend: BenchContext['backends'][number], count: number, runs: number): Promise<BenchResult[]> {
  // PGlite on disk at large sizes: a million persons with their history exceed what its in-memory (WebAssembly) heap holds.
  const dir = backend.name === 'pglite' && count > 200_000 ? mkdtempSync(path.join(tmpdir(), 'tsunagu-polygon-bench-')) : undefined;
  const config: StoreConfig = dir ? { backend: 'pglite', dataDir: dir } : backend.config();
  // TSUNAGU_BENCH_SPATIAL=builtin: PostgreSQL with its built-in geometric types, as a server without PostGIS runs.
  const spatial = process.env.TSUNAGU_BENCH_SPATIAL ?? 'auto';
  if (spatial !== 'auto' && spatial !== 'builtin') throw new Error(`TSUNAGU_BENCH_SPATIAL must be auto or builtin (got ${spatial})`);
  if (config.backend === 'postgres') config.spatial = spatial;
  const where = backend.name === 'pglite' ? (dir ? ' (disk)' : ' (memory)') : '';
  const { db, store } = await openBenchStore(config);
  try {
    const loadMs = await loadPersons(store, count, (i) => spreadPerson(i, { id: `jp-172022-person-${String(i).padStart(8, '0')}`, sourceNode: NANAO, areaCode: areaCode('172022') }));
    ctx.log(`${backend.name}: loaded ${count.toLocaleString('en-US')} persons through store.upsert in ${(loadMs / 1000).toFixed(1)} s (${Math.round(rate(count, loadMs)).toLocaleString('en-US')}/s)`);
    const vacuum = await timed(() => db.exec('vacuum (analyze) records'));
    ctx.log(`${backend.name}: VACUUM (ANALYZE) records after the load in ${(vacuum.ms / 1000).toFixed(1)} s (sets the visibility map index-only scans rely on)`);

    const q = { type: 'person' as const, within: HAZARD };
    const engine = store.info.postgis ? 'PostGIS ST_Intersects' : 'built-in point <@ box and <@ polygon';
    // The raw predicates, written by hand on the same table: on PostGIS the index-only form store.ids uses and the
    // textbook ST_Intersects(geom, …) one; on the built-in types the one form.
    const gj = JSON.stringify(HAZARD);
    const indexOnly = store.info.postgis
      ? { sql: "type = 'person' and point <@ $1::box and ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), ST_SetSRID(ST_MakePoint(lon, lat), 4326))", params: [microdegreeBox(HAZARD), gj] }
      : { sql: "type = 'person' and point <@ $1::box and point <@ $2::polygon", params: [microdegreeBox(HAZARD), microdegreePolygon(HAZARD)] };
    const textbook = store.info.postgis ? { sql: "type = 'person' and ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))", params: [gj] } : indexOnly;

    const ids = await timings(runs, async () => (await store.ids(q)).length);
    const rawIds = await timings(runs, async () => (await db.query(`select id from records where ${indexOnly.sql}`, indexOnly.params)).rows.length);
    const counted = await timings(runs, () => store.count(q));
    const firstPage = await timings(runs, async () => (await store.query({ ...q, limit: 1000 })).length);
    ctx.log(`${backend.name}: who is inside measured at load average ${load()}`);
    const records = await timings(runs, async () => (await store.query(q)).length);
    const rawRecords = await timings(runs, async () => (await db.query(`select id, data from records where ${textbook.sql}`, textbook.params)).rows.length);
    const rawTextbookIds = store.info.postgis
      ? await timings(runs, async () => (await db.query(`select id from records where ${textbook.sql}`, textbook.params)).rows.length)
      : undefined;
    ctx.log(`${backend.name}: whole records measured at load average ${load()}`);
    const hits = [ids.rows, rawIds.rows, counted.rows, records.rows, rawRecords.rows, rawTextbookIds?.rows ?? ids.rows];
    if (hits.some((n) => n !== ids.rows)) throw new Error(`hits differ: ${hits.join(', ')}`);
    if (firstPage.rows !== Math.min(1000, ids.rows)) throw new Error(`first page has ${firstPage.rows} records`);

    const label = `${backend.name}${where}, ${store.info.postgis ? 'PostGIS' : 'built-in geometry'}`;
    const n = ids.rows.toLocaleString('en-US');
    return [
      {
        benchmark: 'polygon',
        backend: label,
        size: count,
        tsunagu: { label: `store.ids within polygon → ${n} ids in id order, p50`, value: ids.p50, unit: 'ms' },
        baseline: { what: `raw SQL select id (${engine}, index-only form, no order), p50`, label: 'raw', value: rawIds.p50, unit: 'ms' },
        ratio: ids.p50 / rawIds.p50,
        goal: GOAL,
        extra: [
          { label: 'store.ids p95', value: ids.p95, unit: 'ms' },
          { label: 'raw SQL select id p95', value: rawIds.p95, unit: 'ms' },
          ...(rawTextbookIds ? [{ label: 'raw SQL select id with ST_Intersects(geom, …), p50', value: rawTextbookIds.p50, unit: 'ms' }] : []),
          { label: 'store.count within polygon, p50', value: counted.p50, unit: 'ms' },
          { label: 'store.query first page of 1,000 whole records, p50', value: firstPage.p50, unit: 'ms' },
        ],
      },
      {
        benchmark: 'polygon',
        backend: label,
        size: count,
        tsunagu: { label: `store.query within polygon → ${n} whole records, p50`, value: records.p50, unit: 'ms' },
        baseline: { what: `raw SQL select id, data (${store.info.postgis ? 'PostGIS ST_Intersects(geom, …)' : engine}), p50`, label: 'raw', value: rawRecords.p50, unit: 'ms' },
        ratio: records.p50 / rawRecords.p50,
        extra: [
          { label: 'tsunagu p95', value: records.p95, unit: 'ms' },
          { label: 'raw SQL p95', value: rawRecords.p95, unit: 'ms' },
          { label: 'load through store.upsert', value: rate(count, loadMs), unit: 'persons/s' },
        ],
      },
    ];
  } finally {
    await db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await dropBenchSchema(config).catch(() => undefined);
  }
}

export const polygonBenchmark: Benchmark = {
  name: 'polygon',
  description: 'who is inside a hazard polygon (10%): ids, count, first page, whole records vs raw SQL on the same table',
  async run(ctx) {
    const count = sized(ctx.scale, { small: 50_000, medium: 200_000, large: 1_000_000 });
    const runs = sized(ctx.scale, { small: 7, medium: 7, large: 5 });
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) results.push(...(await backendResults(ctx, backend, count, runs)));
    return results;
  },
};
