// A node busy with the heaviest polygons it accepts still answers its own /health: PGlite runs on a thread of its own,
// so /health (which reads no database) is answered while the polygon statements are still in the database. An
// ordering, not a time: with PGlite on the node's thread (TSUNAGU_PGLITE_THREAD=off) the same /health can only be
// answered once the last statement has returned, and this test fails. Times are measured in bench/pglite-thread.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyImport } from '../../src/adapters/apply-import.ts';
import { gsiSheltersImporter } from '../../src/adapters/gsi-shelters.ts';
import { nanaoOpenSheltersImporter } from '../../src/adapters/nanao-open-shelters.ts';
import { MAX_AREA_VERTICES } from '../../src/model/index.ts';
import { MEMORY_DATA_DIR, pgliteThreadFromEnv } from '../../src/store/config.ts';
import { migrate } from '../../src/store/migrations.ts';
import { openPgliteDatabase } from '../../src/store/pglite-client.ts';
import { openPgliteThreadDatabase } from '../../src/store/pglite-thread-client.ts';
import { recordStore } from '../../src/store/record-store.ts';
import type { SqlDatabase } from '../../src/store/sql-client.ts';
import type { Store } from '../../src/store/types.ts';
import { sharedDataPath } from '../support/shared-data.ts';
import { NODE_ID, openTestNode, type TestNode } from './support/test-node.ts';

/** What happened, in the order the test's (and the node's) event loop saw it. */
const events: string[] = [];
/** Called as each polygon statement is sent to the database, with how many have been sent. */
let onPolygonStatement: ((sent: number) => void) | undefined;
let polygonStatements = 0;

/** The database under the node, telling when a polygon statement (built-in `point <@ polygon`) starts and returns. */
function observed(db: SqlDatabase): SqlDatabase {
  const isPolygon = (sql: string) => sql.includes('::polygon');
  return {
    ...db,
    async query(sql, params) {
      if (!isPolygon(sql)) return db.query(sql, params);
      events.push('polygon statement started');
      onPolygonStatement?.(++polygonStatements);
      try {
        return await db.query(sql, params);
      } finally {
        events.push('polygon statement returned');
      }
    },
  };
}

let store: Store;
let node: TestNode;
let url: string;

beforeAll(async () => {
  const env = pgliteThreadFromEnv();
  const thread = !env.ok || env.thread;
  const db = observed(thread ? await openPgliteThreadDatabase(MEMORY_DATA_DIR) : await openPgliteDatabase(MEMORY_DATA_DIR));
  const { schemaVersion } = await migrate(db);
  store = recordStore(db, { backend: 'pglite', postgis: false, schemaVersion });
  const files = ['open_shelter_Nanao-shi_2024-01-11-1800.csv', 'open_shelter_Nanao-shi_2024-01-13-0600.csv'].map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(sharedDataPath('noto-2024-nanao', name))),
  }));
  await applyImport(store, nanaoOpenSheltersImporter, files, { sourceNode: NODE_ID, now: new Date().toISOString() });
  // The prefecture's GSI shelters as well, so that each polygon statement has thousands of points to test.
  const gsi = ['evacuation', 'emergency'].flatMap((layout) =>
    readdirSync(sharedDataPath('gsi-shelters', 'ishikawa', layout)).map((name) => ({
      name: `${layout}-${name}`,
      bytes: new Uint8Array(readFileSync(sharedDataPath('gsi-shelters', 'ishikawa', layout, name))),
    })),
  );
  await applyImport(store, gsiSheltersImporter, gsi, { sourceNode: NODE_ID, now: new Date().toISOString() });
  node = await openTestNode({ store });
  url = await node.app.listen({ host: '127.0.0.1', port: 0 });
}, 120_000);

afterAll(async () => {
  await node?.close();
  await store?.close();
});

/** A closed ring of `n` positions around Nanao (a circle, first position repeated last). */
function circle(n: number): number[][] {
  const ring = Array.from({ length: n - 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / (n - 1);
    return [Number((136.95 + 0.2 * Math.cos(a)).toFixed(6)), Number((37.05 + 0.15 * Math.sin(a)).toFixed(6))];
  });
  return [...ring, ring[0]!];
}

describe("a node's own /health while it answers its heaviest polygons", () => {
  it('is answered before the last of six 10,000-position polygon statements returns from the database', async () => {
    const body = JSON.stringify({ purpose: 'evacuation-support', within: { type: 'Polygon', coordinates: [circle(MAX_AREA_VERTICES)] } });
    let health: Promise<number> | undefined;
    // Asked once the sixth statement has been sent: every request has passed its checks on the node's thread by then,
    // and the database still has that statement (and any before it) to run.
    onPolygonStatement = (sent) => {
      if (sent < 6) return;
      onPolygonStatement = undefined;
      events.push('health asked');
      health = fetch(`${url}/health`).then((r) => {
        events.push('health answered');
        return r.status;
      });
    };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${url}/api/v1/datasets/shelters/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const first = (await answers[0]!.json()) as { items: { type: string }[] };
    expect(first.items.length).toBeGreaterThan(0);
    expect(await health).toBe(200);

    const returned = events.flatMap((e, i) => (e === 'polygon statement returned' ? [i] : []));
    expect(returned, events.join(' → ')).toHaveLength(6);
    expect(events.indexOf('health answered'), events.join(' → ')).toBeLessThan(returned[5]!);
  });
});
