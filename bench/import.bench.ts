// Import throughput: GSI shelter GeoJSON through Tsunagu's importer (decode, parse, validate every row against the
// model, versioned upsert with change detection, one transaction) vs the same features JSON.parse'd and inserted
// with plain multi-row INSERTs into a bare (id, data jsonb) table on the same backend.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyImport, type InputFile } from '../src/adapters/apply-import.ts';
import { gsiSheltersImporter } from '../src/adapters/gsi-shelters.ts';
import { openStore } from '../src/store/open-store.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import type { SqlDatabase } from '../src/store/sql-client.ts';
import type { StoreConfig } from '../src/store/config.ts';
import { rate, sized, timed, type Benchmark, type BenchResult } from './harness.ts';

const ishikawa = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'gsi-shelters', 'ishikawa', 'evacuation');

interface GsiFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, string | number>;
}

/**
 * `count` features in GSI's evacuation-shelter layout, made from the real Ishikawa features with new common IDs
 * (same municipality prefix, fresh serial) and coordinates nudged by up to ~100 m, split into files of 1,000.
 */
export function syntheticGsiFiles(count: number): InputFile[] {
  const templates: GsiFeature[] = readdirSync(ishikawa)
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(path.join(ishikawa, f), 'utf8')) as { features: GsiFeature[] }).features);
  const files: InputFile[] = [];
  for (let start = 0; start < count; start += 1000) {
    const features: GsiFeature[] = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const t = templates[i % templates.length]!;
      const prefix = String(t.properties['共通ID']).slice(0, 6);
      const [lon, lat] = t.geometry.coordinates;
      features.push({
        ...t,
        geometry: { type: 'Point', coordinates: [lon + ((i * 7919) % 200) / 100_000, lat + ((i * 104729) % 200) / 100_000] },
        properties: { ...t.properties, NO: i + 1, 共通ID: `${prefix}${String(i).padStart(7, '0')}1` },
      });
    }
    files.push({ name: `synthetic-${start}.json`, bytes: new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features })) });
  }
  return files;
}

async function rawDatabase(config: StoreConfig): Promise<SqlDatabase> {
  if (config.backend === 'pglite') return openPgliteDatabase(config.dataDir);
  const db = await openPostgresDatabase(config);
  return db;
}

/** The baseline: parse the same files and insert each feature as one jsonb row, 1,000 rows per statement. */
async function plainInsert(db: SqlDatabase, files: InputFile[]): Promise<number> {
  await db.exec('create table if not exists baseline_shelters (id text primary key, data jsonb not null)');
  let n = 0;
  await db.transaction(async (tx) => {
    for (const f of files) {
      const fc = JSON.parse(new TextDecoder().decode(f.bytes)) as { features: GsiFeature[] };
      const ids = fc.features.map((x) => String(x.properties['共通ID']));
      const data = fc.features.map((x) => JSON.stringify(x));
      await tx.query('insert into baseline_shelters (id, data) select * from unnest($1::text[], $2::jsonb[])', [ids, data]);
      n += ids.length;
    }
  });
  return n;
}

export const importBenchmark: Benchmark = {
  name: 'import',
  description: 'GSI shelter import rows/s (validated, versioned, one transaction) vs plain jsonb INSERTs',
  async run(ctx) {
    const size = sized(ctx.scale, { small: 10_000, medium: 100_000, large: 1_000_000 });
    const files = syntheticGsiFiles(size);
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) {
      const storeConfigUsed = backend.config();
      const store = await openStore(storeConfigUsed);
      const importCtx = { sourceNode: 'bench-node', now: new Date().toISOString() };
      const first = await timed(() => applyImport(store, gsiSheltersImporter, files, importCtx, { chunkSize: 5000 }));
      if (first.value.created !== size) throw new Error(`expected ${size} created, got ${JSON.stringify(first.value)}`);
      const again = await timed(() => applyImport(store, gsiSheltersImporter, files, importCtx, { chunkSize: 5000 }));
      if (again.value.unchanged !== size) throw new Error('re-import was not all unchanged');
      await store.close();

      const config = backend.config();
      const raw = await rawDatabase(config);
      const baseline = await timed(() => plainInsert(raw, files));
      await raw.exec('drop table baseline_shelters');
      // The store made a schema of its own on PostgreSQL; leave the database as the benchmark found it.
      const storeSchema = (storeConfig: StoreConfig) => (storeConfig.backend === 'postgres' ? storeConfig.schema : undefined);
      for (const schema of [storeSchema(storeConfigUsed), storeSchema(config)]) {
        if (schema) await raw.exec(`drop schema if exists ${schema} cascade`).catch(() => undefined);
      }
      await raw.close();

      results.push({
        benchmark: 'import',
        backend: backend.name,
        size,
        tsunagu: { label: 'first import', value: rate(size, first.ms), unit: 'rows/s' },
        baseline: { what: 'JSON.parse + plain INSERT … unnest (no validation, no versions)', label: 'insert', value: rate(size, baseline.ms), unit: 'rows/s' },
        ratio: first.ms / baseline.ms,
        extra: [{ label: 're-import (all unchanged)', value: rate(size, again.ms), unit: 'rows/s' }],
      });
    }
    return results;
  },
};
