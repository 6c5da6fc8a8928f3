// Benchmarks on PostgreSQL run in throw-away schemas (one per node or store); this drops one when a run ends so the
// shared test database does not keep millions of benchmark rows.
import type { StoreConfig } from '../src/store/config.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';

export async function dropBenchSchema(config: StoreConfig): Promise<void> {
  if (config.backend !== 'postgres' || config.schema === undefined) return;
  const { schema: _, ...server } = config;
  const db = await openPostgresDatabase({ ...server, maxConnections: 1 });
  try {
    await db.exec(`drop schema if exists ${config.schema} cascade`);
  } finally {
    await db.close();
  }
}
