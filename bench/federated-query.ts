// A federated query over N real nodes on loopback against the raw SQL query of the same rows in ONE database.
// Each node (its own store and audit log, all in this process) holds persons of Nanao City (10% of them in the
// queried area) under Nanao's real persons policy, with Ishikawa Prefecture's emergency declaration in force.
// Ishikawa asks every node at once (`federatedQuery`: signed requests, policy decision, durable audit entry, masked
// and signed answers, verified before use) for the persons in 172022 for life-saving, and follows each node's pages
// (1,000 records each, the API's maximum) until complete. Baseline: every person in one table, `select id, data
// … where area_code = '172022'` on the same backend. Load times are printed separately.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { federatedQuery, type FederatedTarget } from '../src/federation/federated-query.ts';
import { areaCode } from '../src/model/index.ts';
import { MEMORY_DATA_DIR, type StoreConfig } from '../src/store/config.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import type { SqlDatabase } from '../src/store/sql-client.ts';
import { dropBenchSchema } from './bench-schemas.ts';
import { benchClient, startBenchNode, trust, type BenchNode } from './bench-nodes.ts';
import { percentile, rate, sized, timed, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { spreadPerson } from './spread-persons.ts';

const GOAL = '≤ 1.5× the raw SQL query, p95 < 1 s (20 nodes, 1,000,000 persons, 10% in the area)';
const AREA = '172022';
const IN_AREA = areaCode(AREA);
const ELSEWHERE = areaCode('172049');
const PAGE = 1000;
const LOAD_BATCH = 5_000;

/** Person `k` of node `n`: every tenth person of each node lives in the queried area. */
function personOf(node: number, k: number, perNode: number) {
  const i = node * perNode + k;
  return spreadPerson(i, { id: `jp-172022-person-${String(i).padStart(8, '0')}`, sourceNode: trust.participants.nanao.id, areaCode: k % 10 === 0 ? IN_AREA : ELSEWHERE });
}

async function loadNode(node: BenchNode, n: number, perNode: number): Promise<void> {
  for (let start = 0; start < perNode; start += LOAD_BATCH) {
    const batch = Array.from({ length: Math.min(LOAD_BATCH, perNode - start) }, (_, k) => personOf(n, start + k, perNode));
    await node.store.upsert(batch);
  }
}

/** Ishikawa's query over every node, each node's pages followed until it has none left; the records received. */
async function queryAll(targets: readonly FederatedTarget[], deadlineMs: number): Promise<{ rows: number; requests: number }> {
  const client = ishikawa;
  const params = { purpose: 'life-saving', area: [AREA], limit: PAGE };
  const first = await federatedQuery({ client, targets, dataset: 'persons', params, deadlineMs });
  if (!first.complete) throw new Error(`nodes missing: ${JSON.stringify(first.missing.slice(0, 3))}`);
  let rows = 0;
  let requests = targets.length;
  await Promise.all(
    first.results.map(async (r) => {
      rows += r.value.items.length;
      let next = r.value.next;
      while (next !== undefined) {
        const page = await federatedQuery({ client, targets: [r.target], dataset: 'persons', params: { ...params, after: next }, deadlineMs });
        const answer = page.results[0];
        if (!page.complete || answer === undefined) throw new Error(`a page went missing: ${JSON.stringify(page.missing)}`);
        requests++;
        rows += answer.value.items.length;
        next = answer.value.next;
      }
    }),
  );
  return { rows, requests };
}

const ishikawa = benchClient('ishikawa');

/** The baseline: all persons in one plain table with an area index, loaded with the same payloads. */
async function baselineDatabase(config: StoreConfig, nodes: number, perNode: number): Promise<{ db: SqlDatabase; loadMs: number }> {
  const db = config.backend === 'pglite' ? await openPgliteDatabase(config.dataDir) : await openPostgresDatabase(config);
  await db.exec('create table plain_persons (id text primary key, area_code text not null, data jsonb not null); create index plain_persons_area on plain_persons (area_code)');
  const { ms } = await timed(async () => {
    for (let n = 0; n < nodes; n++) {
      for (let start = 0; start < perNode; start += LOAD_BATCH) {
        const batch = Array.from({ length: Math.min(LOAD_BATCH, perNode - start) }, (_, k) => personOf(n, start + k, perNode));
        const rows = JSON.stringify(batch.map((d) => ({ id: d.id, area_code: d.data.areaCode, data: d.data })));
        await db.query('insert into plain_persons (id, area_code, data) select * from jsonb_to_recordset($1::jsonb) as r(id text, area_code text, data jsonb)', [rows]);
      }
    }
  });
  await db.exec('analyze plain_persons');
  return { db, loadMs: ms };
}

async function series(runs: number, fn: () => Promise<number>): Promise<{ p50: number; p95: number; rows: number }> {
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

async function backendResults(
  ctx: BenchContext,
  backend: BenchContext['backends'][number],
  sizes: { nodes: number; total: number; runs: number },
): Promise<BenchResult> {
  const perNode = Math.floor(sizes.total / sizes.nodes);
  const total = perNode * sizes.nodes;
  const dirs: string[] = [];
  const configs: StoreConfig[] = [];
  // PGlite on disk at large scale: twenty in-memory databases of 50,000 persons each would hold gigabytes of
  // WebAssembly heap. Smaller runs stay in memory, which starts much faster.
  const onDisk = total > 200_000;
  const configOf = (): StoreConfig => {
    // A few connections per node: twenty nodes with the default pool of ten would exceed max_connections (100).
    if (backend.name !== 'pglite') {
      const config: StoreConfig = { ...(backend.config() as Extract<StoreConfig, { backend: 'postgres' }>), maxConnections: 4 };
      configs.push(config);
      return config;
    }
    if (!onDisk) return { backend: 'pglite', dataDir: MEMORY_DATA_DIR };
    const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-fedq-bench-'));
    dirs.push(dir);
    return { backend: 'pglite', dataDir: dir };
  };
  const nodes: BenchNode[] = [];
  let baseline: SqlDatabase | undefined;
  try {
    const started = await timed(async () => {
      for (let n = 0; n < sizes.nodes; n++) nodes.push(await startBenchNode(configOf()));
    });
    const loaded = await timed(async () => {
      // PostgreSQL loads two nodes at a time (one per core); PGlite runs in this thread, so one at a time.
      const parallel = backend.name === 'pglite' ? 1 : 2;
      let next = 0;
      await Promise.all(Array.from({ length: parallel }, async () => {
        while (next < nodes.length) {
          const n = next++;
          await loadNode(nodes[n]!, n, perNode);
        }
      }));
    });
    ctx.log(`${backend.name}: ${sizes.nodes} nodes started in ${(started.ms / 1000).toFixed(1)} s; ${total.toLocaleString('en-US')} persons loaded through store.upsert in ${(loaded.ms / 1000).toFixed(1)} s (${Math.round(rate(total, loaded.ms)).toLocaleString('en-US')}/s)`);
    const base = await baselineDatabase(configOf(), sizes.nodes, perNode);
    baseline = base.db;
    ctx.log(`${backend.name}: baseline table of ${total.toLocaleString('en-US')} persons loaded in ${(base.loadMs / 1000).toFixed(1)} s`);

    const targets: FederatedTarget[] = nodes.map((n) => ({ participantId: n.target.participantId, nodeUrl: n.target.url }));
    let requests = 0;
    const ours = await series(sizes.runs, async () => {
      const r = await queryAll(targets, 60_000);
      requests = r.requests;
      return r.rows;
    });
    const db = baseline;
    const raw = await series(sizes.runs, async () => (await db.query('select id, data from plain_persons where area_code = $1', [AREA])).rows.length);
    if (raw.rows !== ours.rows) throw new Error(`rows differ: federated ${ours.rows}, raw SQL ${raw.rows}`);
    return {
      benchmark: 'federated-query',
      backend: backend.name === 'pglite' ? `pglite (${onDisk ? 'disk' : 'memory'}, one database per node)` : `${backend.name} (one schema per node)`,
      size: total,
      tsunagu: { label: `${sizes.nodes} nodes, ${ours.rows.toLocaleString('en-US')} records in ${requests} signed pages, p50`, value: ours.p50, unit: 'ms' },
      baseline: { what: 'raw SQL in one database (select id, data where area_code = …), p50', label: 'raw', value: raw.p50, unit: 'ms' },
      ratio: ours.p50 / raw.p50,
      goal: GOAL,
      extra: [
        { label: 'tsunagu p95', value: ours.p95, unit: 'ms' },
        { label: 'raw SQL p95', value: raw.p95, unit: 'ms' },
        { label: 'ratio at p95', value: ours.p95 / raw.p95, unit: '×' },
        { label: 'records received', value: ours.rows / (ours.p50 / 1000), unit: 'records/s' },
        { label: 'load through store.upsert (all nodes)', value: rate(total, loaded.ms), unit: 'persons/s' },
        { label: 'baseline load (plain INSERT … jsonb_to_recordset)', value: rate(total, base.loadMs), unit: 'rows/s' },
      ],
    };
  } finally {
    for (const n of nodes) await n.close().catch(() => undefined);
    await baseline?.close().catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    for (const c of configs) await dropBenchSchema(c).catch(() => undefined);
  }
}

export const federatedQueryBenchmark: Benchmark = {
  name: 'federated-query',
  description: 'fan-out query over N real nodes (signed, decided, audited, paged) vs raw SQL on the same rows in one database',
  async run(ctx) {
    const sizes = {
      nodes: sized(ctx.scale, { small: 4, medium: 10, large: 20 }),
      total: sized(ctx.scale, { small: 100_000, medium: 200_000, large: 1_000_000 }),
      runs: sized(ctx.scale, { small: 5, medium: 5, large: 5 }),
    };
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) results.push(await backendResults(ctx, backend, sizes));
    return results;
  },
};
