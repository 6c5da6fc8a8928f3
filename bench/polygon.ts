// Persons inside a hazard polygon among many: `store.query({ type: 'person', within })` — the whole records, as a
// node reads them before its access gate — against the raw SQL spatial query of the same rows in the same table
// (`select id, data … where <spatial predicate>`, no ordering, no envelope), on PostGIS where the server has it and
// on PostgreSQL's built-in geometric types otherwise (PGlite). The polygon covers 10% of where persons live.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  const postgis = config.backend === 'postgres' ? await enablePostgis(db) : false;
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

async function backendResults(ctx: BenchContext, backend: BenchContext['backends'][number], count: number, runs: number): Promise<BenchResult> {
  // PGlite on disk at large sizes: a million persons with their history exceed what its in-memory (WebAssembly) heap holds.
  const dir = backend.name === 'pglite' && count > 200_000 ? mkdtempSync(path.join(tmpdir(), 'tsunagu-polygon-bench-')) : undefined;
  const config: StoreConfig = dir ? { backend: 'pglite', dataDir: dir } : backend.config();
  const where = backend.name === 'pglite' ? (dir ? ' (disk)' : ' (memory)') : '';
  const { db, store } = await openBenchStore(config);
  try {
    const loadMs = await loadPersons(store, count, (i) => spreadPerson(i, { id: `jp-172022-person-${String(i).padStart(8, '0')}`, sourceNode: NANAO, areaCode: areaCode('172022') }));
    ctx.log(`${backend.name}: loaded ${count.toLocaleString('en-US')} persons through store.upsert in ${(loadMs / 1000).toFixed(1)} s (${Math.round(rate(count, loadMs)).toLocaleString('en-US')}/s)`);
    await db.exec('analyze records');

    const ours = await timings(runs, async () => (await store.query({ type: 'person', within: HAZARD })).length);
    const engine = store.info.postgis ? 'PostGIS ST_Intersects' : 'built-in point <@ box and <@ polygon';
    const raw = store.info.postgis
      ? { sql: "select id, data from records where type = 'person' and ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))", params: [JSON.stringify(HAZARD)] }
      : { sql: "select id, data from records where type = 'person' and point <@ $1::box and point <@ $2::polygon", params: [microdegreeBox(HAZARD), microdegreePolygon(HAZARD)] };
    const baseline = await timings(runs, async () => (await db.query(raw.sql, raw.params)).rows.length);
    const counted = await timings(runs, () => store.count({ type: 'person', within: HAZARD }));
    if (baseline.rows !== ours.rows || counted.rows !== ours.rows) throw new Error(`hits differ: store ${ours.rows}, raw ${baseline.rows}, count ${counted.rows}`);
    return {
      benchmark: 'polygon',
      backend: `${backend.name}${where}, ${store.info.postgis ? 'PostGIS' : 'built-in geometry'}`,
      size: count,
      tsunagu: { label: `store.query within polygon → ${ours.rows.toLocaleString('en-US')} records, p50`, value: ours.p50, unit: 'ms' },
      baseline: { what: `raw SQL select id, data (${engine}), p50`, label: 'raw', value: baseline.p50, unit: 'ms' },
      ratio: ours.p50 / baseline.p50,
      goal: GOAL,
      extra: [
        { label: 'tsunagu p95', value: ours.p95, unit: 'ms' },
        { label: 'raw SQL p95', value: baseline.p95, unit: 'ms' },
        { label: 'store.count within polygon, p50', value: counted.p50, unit: 'ms' },
        { label: 'load through store.upsert', value: rate(count, loadMs), unit: 'persons/s' },
      ],
    };
  } finally {
    await db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await dropBenchSchema(config).catch(() => undefined);
  }
}

export const polygonBenchmark: Benchmark = {
  name: 'polygon',
  description: 'persons inside a hazard polygon (10%) vs the raw SQL spatial query on the same table',
  async run(ctx) {
    const count = sized(ctx.scale, { small: 50_000, medium: 200_000, large: 1_000_000 });
    const runs = sized(ctx.scale, { small: 7, medium: 7, large: 5 });
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) results.push(await backendResults(ctx, backend, count, runs));
    return results;
  },
};
