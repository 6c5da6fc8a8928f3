// Signed, audited record writes by the owner against plain INSERTs of the same rows. Tsunagu's path is the real
// one: POST /api/v1/datasets/persons/records on a node on loopback, each request signed by Nanao's key and verified,
// every draft validated against the model, one audit entry appended durably per request, then the versioned upsert.
// The in-process part of that path (audit append + upsert, no HTTP) is measured too, to show where time goes.
// Baseline: multi-row INSERT … unnest of (id, data jsonb) into a bare table, in the same batches and transactions.
import type { AuditEntryDraft } from '../src/audit/index.ts';
import { benchClient, startBenchNode, trust } from './bench-nodes.ts';
import { draftOf } from './spread-persons.ts';
import { dropBenchSchema } from './bench-schemas.ts';
import { rate, sized, timed, type BenchContext, type BenchResult, type Benchmark } from './harness.ts';
import { syntheticPersonRecord } from './person-records.ts';
import type { RecordDraft } from '../src/model/index.ts';
import type { StoreConfig } from '../src/store/config.ts';
import { openPgliteDatabase } from '../src/store/pglite-client.ts';
import { openPostgresDatabase } from '../src/store/postgres-client.ts';
import type { SqlDatabase } from '../src/store/sql-client.ts';

const GOAL = '≥ 10,000 signed, audited writes/s on PostgreSQL';
/** Records per request (the route takes up to 1,000) and requests in flight at once. */
const BATCH = 500;
const IN_FLIGHT = 4;

function drafts(from: number, count: number): RecordDraft<'person'>[] {
  return Array.from({ length: count }, (_, k) => draftOf(syntheticPersonRecord(from + k)));
}

/** The entry the record-writes route appends for one request. */
function writeEntry(records: readonly RecordDraft<'person'>[], requestId: string): AuditEntryDraft {
  return {
    kind: 'access-decision',
    requester: trust.participants.nanao.id,
    purpose: 'record-maintenance',
    action: 'write',
    dataset: 'persons',
    fields: ['*'],
    recordCount: records.length,
    recordIds: records.map((r) => r.id),
    decision: 'allow',
    reasons: [{ code: 'NODE_RECORDS_WRITTEN', params: { count: records.length } }],
    requestId,
  };
}

function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Run `jobs` with at most `workers` in flight. */
async function inFlight<T>(jobs: readonly T[], workers: number, run: (job: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < jobs.length) await run(jobs[next++]!);
  }));
}

async function rawDatabase(config: StoreConfig): Promise<SqlDatabase> {
  return config.backend === 'pglite' ? openPgliteDatabase(config.dataDir) : openPostgresDatabase(config);
}

async function backendResults(ctx: BenchContext, backend: BenchContext['backends'][number], count: number): Promise<BenchResult[]> {
  const config = backend.config();
  const node = await startBenchNode(config);
  const client = benchClient('nanao');
  try {
    // ——— signed HTTP writes ———
    const http = drafts(0, count);
    // One warm-up request (JIT, connection pool, prepared plans) that is not counted.
    const warm = await client.request(node.target, 'POST', '/api/v1/datasets/persons/records', { records: drafts(10_000_000, 50) });
    if (!warm.ok || warm.status !== 200) throw new Error(`warm-up write failed: ${JSON.stringify(warm).slice(0, 400)}`);
    const viaHttp = await timed(() =>
      inFlight(batchesOf(http, BATCH), IN_FLIGHT, async (records) => {
        const r = await client.request(node.target, 'POST', '/api/v1/datasets/persons/records', { records });
        if (!r.ok || r.status !== 200) throw new Error(`write failed: ${JSON.stringify(r).slice(0, 400)}`);
      }),
    );

    // ——— the same path in process: one audit entry per batch, then the upsert ———
    const local = drafts(count, count);
    const inProcess = await timed(() =>
      inFlight(batchesOf(local, BATCH), IN_FLIGHT, async (records) => {
        const a = await node.log.append([writeEntry(records, `in-process-${records[0]!.id}`)]);
        if (!a.ok) throw new Error(JSON.stringify(a.problems));
        await node.store.upsert(records);
      }),
    );
    const upsertOnly = drafts(2 * count, count);
    const upsertAlone = await timed(() => inFlight(batchesOf(upsertOnly, BATCH), IN_FLIGHT, async (records) => void (await node.store.upsert(records))));

    // ——— baseline: plain multi-row INSERTs of the same rows (PGlite is one connection: a second in-memory database) ———
    const plainConfig = backend.config();
    const plain = await rawDatabase(plainConfig);
    let baselineMs: number;
    try {
      await plain.exec('create table plain_persons (id text primary key, data jsonb not null)');
      const rows = drafts(3 * count, count);
      baselineMs = (
        await timed(() =>
          inFlight(batchesOf(rows, BATCH), IN_FLIGHT, async (b) => {
            await plain.transaction((tx) =>
              tx.query('insert into plain_persons (id, data) select * from unnest($1::text[], $2::jsonb[])', [b.map((d) => d.id), b.map((d) => JSON.stringify(d))]),
            );
          }),
        )
      ).ms;
      await plain.exec('drop table plain_persons');
    } finally {
      await plain.close();
      await dropBenchSchema(plainConfig).catch(() => undefined);
    }
    ctx.log(`${backend.name}: ${count.toLocaleString('en-US')} records in requests of ${BATCH}, ${IN_FLIGHT} in flight`);
    return [
      {
        benchmark: 'writes',
        backend: backend.name,
        size: count,
        tsunagu: { label: 'signed HTTP write + validate + audit + versioned upsert', value: rate(count, viaHttp.ms), unit: 'records/s' },
        baseline: { what: `plain INSERT … unnest (id, jsonb), ${BATCH} rows per transaction`, label: 'insert', value: rate(count, baselineMs), unit: 'rows/s' },
        ratio: viaHttp.ms / baselineMs,
        goal: GOAL,
        extra: [
          { label: 'in process: audit append + upsert', value: rate(count, inProcess.ms), unit: 'records/s' },
          { label: 'in process: upsert alone', value: rate(count, upsertAlone.ms), unit: 'records/s' },
          { label: 'signed requests', value: rate(count / BATCH, viaHttp.ms), unit: 'requests/s' },
        ],
      },
    ];
  } finally {
    await node.close();
    await dropBenchSchema(config).catch(() => undefined);
  }
}

export const writesBenchmark: Benchmark = {
  name: 'writes',
  description: 'signed, audited record writes by the owner vs plain INSERTs of the same rows',
  async run(ctx) {
    const count = sized(ctx.scale, { small: 5_000, medium: 50_000, large: 200_000 });
    const results: BenchResult[] = [];
    for (const backend of ctx.backends) results.push(...(await backendResults(ctx, backend, count)));
    return results;
  },
};
